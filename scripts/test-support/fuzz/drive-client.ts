import { fingerprintPrototypes, type PrototypeFingerprint, prototypeChanges, quickSignature } from './prototypes';
import { HOSTILE_STRINGS, hostileOptions, hostileValue, isPathLike, type Sample } from './hostile';
import { clearlyInvalidOptions, type OptionMakers, optionMakers } from './options';
import type { Random } from './random';
import { readbackOf, readsBack, shown, writableValue } from './roundtrip';
import type { Tally } from './tally';

/** The client methods the fuzz drives (any coffer client has them; `getMany` once it exists). */
export interface FuzzedClient {
  get(path: string, options?: object): Promise<unknown>;
  getByPath(path: string, options?: object): Promise<unknown>;
  pathExists(path: string, options?: object): Promise<boolean>;
  update(path: string, value: never, options?: object): Promise<void>;
  refresh(path?: string): Promise<void>;
  clear(): Promise<void>;
  getMany?: (paths: readonly string[], options?: object) => Promise<unknown>;
}

/** How to fuzz one client. */
export interface DriveOptions {
  /** The name in the counts, such as `memory client`. */
  readonly entry: string;
  readonly client: FuzzedClient;
  /** Paths that exist: half the reads use them, so the cached fast path is fuzzed too. */
  readonly existing: readonly string[];
  /** Where accepted writes go: a path for the i-th write that the provider accepts. */
  readonly writablePath: (i: number, r: Random) => string;
  /** The provider's own options, by operation. */
  readonly providerOptions?: Partial<Record<'get' | 'list' | 'exists' | 'update', OptionMakers>>;
  /** Backend requests sent so far (the counting proxy's count), when there is a backend to count. */
  readonly requests?: () => number;
  /** A fresh, uncached reader of what the provider holds, for read-back; absent when the client cannot write. */
  readonly reader?: () => FuzzedClient;
  /** How many inputs. */
  readonly count: number;
  /**
   * Paths whose validity depends on what the backend holds, where a refusal after a request is
   * right (aws.sm: a secret named by ARN can be updated, but not created when it is missing).
   */
  readonly dependsOnBackend?: (path: unknown) => boolean;
  /** Writes go to new paths only (never over the existing ones, whose type a backend may keep). */
  readonly freshWrites?: boolean;
  /** The methods to call, weighted by repetition (default: all, reads most). */
  readonly methods?: readonly Method[];
}

export type Method = 'get' | 'getByPath' | 'pathExists' | 'update' | 'refresh' | 'getMany' | 'clear';
const METHODS: readonly Method[] = ['get', 'get', 'get', 'get', 'getByPath', 'pathExists', 'update', 'update', 'refresh', 'getMany'];
const OPERATION = { get: 'get', getByPath: 'list', pathExists: 'exists', update: 'update', getMany: 'get' } as const;

const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'polluted', 'toString', 'hasOwnProperty', 'valueOf'];

/** A path: an existing one, a writable one, or anything hostile. */
function pathSample(r: Random, drive: DriveOptions, i: number, writing = false): Sample {
  const kind = writing && drive.freshWrites ? 0.45 + r.next() * 0.35 : r.next();
  if (kind < 0.45 && drive.existing.length) {
    const value = r.pick(drive.existing);
    return { label: JSON.stringify(value), value };
  }
  if (kind < 0.6) {
    const value = drive.writablePath(i, r);
    return { label: JSON.stringify(value.slice(0, 80)), value };
  }
  if (kind < 0.68) {
    const value = Array.from({ length: r.int(1, 2) }, () => r.pick(PROTOTYPE_KEYS)).join(r.pick(['/', '/', '.']));
    return { label: JSON.stringify(`/${value}`), value: `/${value}` };
  }
  return hostileValue(r);
}

/**
 * Fuzzes every method of one client with `count` seeded inputs and records findings: throws that
 * are not CofferErrors, invalid input that was accepted or sent, accepted writes that do not read
 * back as written, and changed built-in prototypes.
 */
export async function driveClient(r: Random, tally: Tally, drive: DriveOptions, baseline: PrototypeFingerprint): Promise<void> {
  const { client, entry } = drive;
  const signature = quickSignature();
  for (const path of drive.existing) await client.get(path).catch(() => undefined);
  await driveCorpus(tally, drive, baseline);
  for (let i = 0; i < drive.count; i++) {
    let method = r.pick(drive.methods ?? METHODS);
    if (method === 'getMany' && typeof client.getMany !== 'function') method = 'get';
    if (!drive.methods && r.chance(0.002)) method = 'clear';
    const path = pathSample(r, drive, i, method === 'update');
    const op = method === 'refresh' || method === 'clear' ? undefined : OPERATION[method];
    const makers = op ? optionMakers(r, op, drive.providerOptions?.[op]) : {};
    const options = r.chance(0.3)
      ? { label: 'no options', value: undefined, unknownKey: false, notObject: false }
      : hostileOptions(r, makers);
    const value = method === 'update' ? writableValue(r) : undefined;
    const paths = method === 'getMany' ? manyPaths(r, drive, i) : undefined;
    const readback = value ? readbackOf(value.value) : undefined;
    const invalid =
      (method === 'getMany'
        ? !paths!.valid
        : method !== 'clear' && !(method === 'refresh' && path.value === undefined) && !isPathLike(path.value)) ||
      (op !== undefined && clearlyInvalidOptions(options.value, makers)) ||
      readback?.kind === 'refuse';
    const input = `${method}(${method === 'getMany' ? paths!.label : path.label}${value ? `, ${value.label}` : ''}, ${options.label})`;
    const sent = drive.requests?.() ?? 0;
    const c = client as unknown as Record<string, (...args: unknown[]) => unknown>;
    const outcome = await tally.call(`${entry}.${method}`, input, () => {
      switch (method) {
        case 'update':
          return c.update!(path.value, value!.value, options.value);
        case 'refresh':
          return c.refresh!(path.value);
        case 'clear':
          return c.clear!();
        case 'getMany':
          return c.getMany!(paths!.value, options.value);
        default:
          return c[method]!(path.value, options.value);
      }
    });
    const requests = (drive.requests?.() ?? 0) - sent;
    const code = (outcome.error as { code?: string } | undefined)?.code;
    if (code === 'INVALID_INPUT' && requests > 0 && !drive.dependsOnBackend?.(path.value))
      tally.find('request sent for invalid input', `${entry}.${method}`, input, `${requests} requests`);
    if (invalid && outcome.ending === 'resolved')
      tally.find('invalid input accepted', `${entry}.${method}`, input, `resolved to ${shown(outcome.value)}`);
    if (invalid && requests > 0 && code !== 'INVALID_INPUT')
      tally.find('request sent for invalid input', `${entry}.${method}`, input, `${requests} requests, then ${code ?? outcome.ending}`);
    if (method === 'update' && outcome.ending === 'resolved' && !drive.reader)
      tally.find('write accepted by a read-only client', `${entry}.update`, input, 'resolved');
    if (method === 'update' && outcome.ending === 'resolved' && drive.reader) {
      await checkReadback(tally, `${entry}.update`, input, drive.reader(), path.value as string, readback!);
    }
    // Every input: a key added or removed; every 50 inputs, a changed value too.
    const changed = quickSignature() !== signature || i % 50 === 49 ? prototypeChanges(baseline, fingerprintPrototypes()) : [];
    if (changed.length) {
      tally.find('built-in prototype changed', `${entry}.${method}`, input, changed.join(', '));
      undoPollution(baseline);
    }
  }
}

/**
 * Before the random inputs, every known-hostile path once: written (with `create`), then read,
 * on each client. A random draw may miss `/__proto__/polluted`; this never does.
 */
async function driveCorpus(tally: Tally, drive: DriveOptions, baseline: PrototypeFingerprint): Promise<void> {
  const paths = [...PROTOTYPE_KEYS.flatMap((key) => [`/${key}`, `/${key}/polluted`, `/a/${key}`, key]), ...HOSTILE_STRINGS];
  for (const path of paths) {
    const input = `corpus ${JSON.stringify(path)}`;
    const counted = async (method: 'update' | 'get', run: () => Promise<unknown>) => {
      const sent = drive.requests?.() ?? 0;
      const outcome = await tally.call(`${drive.entry}.${method}`, input, run);
      const requests = (drive.requests?.() ?? 0) - sent;
      if ((outcome.error as { code?: string } | undefined)?.code === 'INVALID_INPUT' && requests > 0 && !drive.dependsOnBackend?.(path))
        tally.find('request sent for invalid input', `${drive.entry}.${method}`, input, `${requests} requests`);
      return outcome;
    };
    const written = await counted('update', () => drive.client.update(path, 'yes' as never, { create: true }));
    await counted('get', () => drive.client.get(path, { decode: 'raw' }));
    if (written.ending === 'resolved' && !drive.reader)
      tally.find('write accepted by a read-only client', `${drive.entry}.update`, input, 'resolved');
    if (written.ending === 'resolved' && drive.reader)
      await checkReadback(tally, `${drive.entry}.update`, input, drive.reader(), path, readbackOf('yes'));
    const changed = prototypeChanges(baseline, fingerprintPrototypes());
    if (changed.length) {
      tally.find('built-in prototype changed', `${drive.entry}.update`, input, changed.join(', '));
      undoPollution(baseline);
    }
  }
}

function manyPaths(r: Random, drive: DriveOptions, i: number): Sample & { valid: boolean } {
  if (r.chance(0.15)) {
    // A hostile value can still be a fine argument: a list of distinct path-like strings, or an
    // empty object of path: options.
    const other = hostileValue(r);
    return { ...other, valid: isPathList(other.value) };
  }
  const items = Array.from({ length: r.int(0, 5) }, () => pathSample(r, drive, i));
  return {
    label: `[${items.map((item) => item.label).join(',')}]`,
    value: items.map((item) => item.value),
    valid: items.every((item) => isPathLike(item.value)),
  };
}

function isPathList(value: unknown): boolean {
  try {
    if (Array.isArray(value)) return value.every(isPathLike) && new Set(value).size === value.length;
    if (value === null || typeof value !== 'object') return false;
    const proto = Object.getPrototypeOf(value);
    return (proto === Object.prototype || proto === null) && Reflect.ownKeys(value).length === 0;
  } catch {
    return false; // a proxy that throws
  }
}

async function checkReadback(
  tally: Tally,
  entry: string,
  input: string,
  reader: FuzzedClient,
  path: string,
  expected: ReturnType<typeof readbackOf>,
): Promise<void> {
  if (expected.kind === 'refuse') {
    tally.find('accepted write does not read back', entry, input, 'a value with no JSON object form was accepted');
    return;
  }
  try {
    const read = await reader.get(path, { decode: expected.kind === 'text' ? 'raw' : 'auto' });
    if (readsBack(expected, read)) tally.counts.readBack++;
    else tally.find('accepted write does not read back', entry, input, `read ${shown(read)}`);
  } catch (error) {
    tally.find(
      'accepted write does not read back',
      entry,
      input,
      `read threw ${(error as Error).name}: ${(error as Error).message?.slice(0, 100)}`,
    );
  }
}

/** Puts the prototypes back as they were, so one pollution is reported once, not on every later input. */
export function undoPollution(baseline: PrototypeFingerprint): void {
  const targets: Record<string, object> = {
    'Object.prototype': Object.prototype,
    'Array.prototype': Array.prototype,
    'Function.prototype': Function.prototype,
    'outer Object.prototype': Object.getPrototypeOf(structuredClone({})),
    'outer Array.prototype': Object.getPrototypeOf(structuredClone([])),
  };
  for (const [name, target] of Object.entries(targets)) {
    const was = baseline.get(name);
    if (!was) continue;
    for (const key of Reflect.ownKeys(target)) if (!was.has(key)) delete (target as Record<PropertyKey, unknown>)[key];
  }
}
