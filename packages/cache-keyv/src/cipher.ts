import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'c1.';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Seals and opens cache values with AES-256-GCM and names stored keys with HMAC-SHA256, both
 * with keys derived (HKDF) from one 32-byte master key. The key material lives in closures,
 * never on an object someone could print.
 */
export interface Cipher {
  /** The stored key for a client key: a keyed hash, so the store shows no names. */
  storeKey(key: string): string;
  /** `c1.` + base64(iv | tag | ciphertext), bound to `storeKey` through the GCM AAD. */
  seal(plaintext: string, storeKey: string): string;
  /** The plaintext, or `undefined` when the text was not sealed under this key and `storeKey`. */
  open(sealed: string, storeKey: string): string | undefined;
  /** A fingerprint of the key that tells whether two processes use the same one, and nothing else. */
  readonly fingerprint: string;
}

/** Makes a {@link Cipher} from a 32-byte master key. */
export function createCipher(masterKey: Uint8Array, namespace: string): Cipher {
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), `coffer cache ${info}`, 32));
  const encryptionKey = derive('aes-256-gcm');
  const macKey = derive('hmac-sha256');
  const aad = (storeKey: string) => Buffer.from(`coffer-cache-v1\u0000${namespace}\u0000${storeKey}`);
  return {
    storeKey: (key) => createHmac('sha256', macKey).update(key).digest('base64url'),
    seal(plaintext, storeKey) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', encryptionKey, iv);
      cipher.setAAD(aad(storeKey));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return VERSION + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    },
    open(sealed, storeKey) {
      if (!sealed.startsWith(VERSION)) return undefined;
      const raw = Buffer.from(sealed.slice(VERSION.length), 'base64');
      if (raw.length < IV_BYTES + TAG_BYTES) return undefined;
      try {
        const decipher = createDecipheriv('aes-256-gcm', encryptionKey, raw.subarray(0, IV_BYTES));
        decipher.setAAD(aad(storeKey));
        decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        return undefined;
      }
    },
    fingerprint: createHmac('sha256', derive('key-check')).update('coffer cache key check').digest('base64url').slice(0, 22),
  };
}
