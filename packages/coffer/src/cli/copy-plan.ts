import type { CliClient } from './clients.js';
import { UsageError } from './errors.js';

/** One side of `copy` and `diff`: a provider and a path, written `provider:path`. */
export interface Location {
  readonly provider: string;
  readonly path: string;
}

/** A secret as copied: its exact text or bytes, and its aws.ps type when it has one. */
export interface CopiedValue {
  readonly value: string | Uint8Array;
  readonly type?: 'String' | 'SecureString' | 'StringList';
}

/** What happens to one secret of the source. */
export type Change = 'added' | 'changed' | 'unchanged';

/** One line of the plan: the source name, its name at the destination, and the change. */
export interface PlannedCopy {
  readonly from: string;
  readonly to: string;
  readonly change: Change;
  readonly secret: CopiedValue;
}

/** Reads `provider:path` (the provider names have no ':'; a path may). */
export function parseLocation(text: string, which: string): Location {
  const colon = text.indexOf(':');
  if (colon <= 0 || colon === text.length - 1) throw new UsageError(`${which} is provider:path, such as aws.sm:prod/app or vault:app`);
  return { provider: text.slice(0, colon), path: text.slice(colon + 1) };
}

const raw = { decode: 'raw', recursive: true } as const;
const PARAMETER_TYPES: readonly string[] = ['String', 'SecureString', 'StringList'] satisfies CopiedValue['type'][];

/**
 * Every secret under a path, as it is stored. For aws.ps, the type as well, from the `Type` the
 * provider returns with each parameter: one listing, read through the provider itself because
 * the client's `getByPath` hands on values only.
 */
export async function readSide({ client, provider, countApiCall }: CliClient, location: Location): Promise<Map<string, CopiedValue>> {
  const out = new Map<string, CopiedValue>();
  if (location.provider === 'aws.ps' && provider.list) {
    const options = { decrypt: true };
    const request = provider.normalize?.('list', location.path, options) ?? { path: location.path, options };
    const listed = await provider.list({ ...request, recursive: true }, { countApiCall });
    for (const [name, { value, metadata }] of Object.entries(listed)) {
      const type = metadata?.fields?.Type;
      const known = typeof type === 'string' && PARAMETER_TYPES.includes(type);
      out.set(name, { value, ...(known ? { type: type as CopiedValue['type'] } : {}) });
    }
    return out;
  }
  const values = (await client.getByPath(location.path, raw)) as Record<string, string | Uint8Array>;
  for (const [name, value] of Object.entries(values)) out.set(name, { value });
  return out;
}

/** The destination name of a source name: its part below the source path, under the destination path. */
export function destinationName(name: string, from: Location, to: Location): string {
  const base = from.path.replace(/\/+$/, '');
  const relative =
    name === base || name === from.path ? '' : name.startsWith(`${base}/`) ? name.slice(base.length + 1) : name.replace(/^\/+/, '');
  const folder = to.path.replace(/\/+$/, '');
  if (relative === '') return to.path;
  return folder === '' ? `/${relative}` : `${folder}/${relative}`;
}

/** JSON object text with its keys sorted, so that two writings of one object compare equal. */
function canonical(text: string): string | undefined {
  if (!text.trimStart().startsWith('{')) return undefined;
  try {
    return JSON.stringify(JSON.parse(text), (_key, value: unknown) =>
      value !== null && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        : value,
    );
  } catch {
    return undefined;
  }
}

/**
 * Whether two stored values are the same secret: the same bytes, the same text, or the same JSON
 * object (Vault keeps an object's fields, not the text it was written as).
 */
function same(a: string | Uint8Array, b: string | Uint8Array | undefined): boolean {
  if (typeof a !== 'string') return b instanceof Uint8Array && Buffer.from(a).equals(Buffer.from(b));
  if (typeof b !== 'string') return false;
  if (a === b) return true;
  const object = canonical(a);
  return object !== undefined && object === canonical(b);
}

/** Compares the source with the destination: each source secret added, changed or unchanged. */
export function plan(source: Map<string, CopiedValue>, destination: Map<string, CopiedValue>, from: Location, to: Location): PlannedCopy[] {
  return [...source.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, secret]) => {
      const target = destinationName(name, from, to);
      const existing = destination.get(target);
      const change: Change = existing === undefined ? 'added' : same(secret.value, existing.value) ? 'unchanged' : 'changed';
      return { from: name, to: target, change, secret };
    });
}

const SIGN: Record<Change, string> = { added: '+', changed: '~', unchanged: '=' };

/** The plan as text: one line per secret (names only, never a value), then the counts. */
export function formatPlan(planned: readonly PlannedCopy[], to: Location): string {
  const lines = planned.map(({ from, to: target, change }) => `${SIGN[change]} ${change.padEnd(9)} ${from} -> ${to.provider}:${target}\n`);
  const count = (change: Change) => planned.filter((item) => item.change === change).length;
  return `${lines.join('')}${count('added')} added, ${count('changed')} changed, ${count('unchanged')} unchanged\n`;
}
