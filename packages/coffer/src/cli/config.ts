import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { AWS_OPTION_NAMES } from '@coffer/aws';
import { closestName, type Keypath } from '@coffer/core';
import { parseDocument } from 'yaml';
import { factoryOf } from './clients.js';
import { UsageError } from './errors.js';

/** One variable of a config file: where its value comes from. */
export interface EnvEntry {
  readonly provider: string;
  readonly path: string;
  readonly keypath?: Keypath;
  /** Used when the secret (or key) does not exist. */
  readonly default?: string;
  /** Options for the provider (region, endpoint, file, ...), the `providers:` section merged in. */
  readonly options: Record<string, unknown>;
}

/** A checked config file. */
export interface CofferConfig {
  readonly file: string;
  /** A `COFFER_CACHE` spec for this run. */
  readonly cache?: string;
  /** The cache ttl for this run. */
  readonly ttl?: string;
  readonly env: Readonly<Record<string, EnvEntry>>;
}

const DEFAULT_NAMES = ['coffer.yml', 'coffer.yaml', 'coffer.json'];
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ENTRY_KEYS = new Set(['provider', 'path', 'keypath', 'default']);
/** Read options an entry may give (the rest of its keys are the provider's options). */
export const READ_OPTIONS: ReadonlySet<string> = new Set(['decrypt', 'version', 'label', 'versionId', 'versionStage', 'decode']);
const ENTRY_NAMES = [...ENTRY_KEYS, ...READ_OPTIONS];
/** Options of the built-in providers that happen to sit one typo from an entry's names. */
const PROVIDER_OPTIONS = new Set([...AWS_OPTION_NAMES, 'roleArn', 'kvVersion', 'mount', 'file', 'format', 'prefix']);

/**
 * A key one typo away from an entry's own names (`keypth`) is that name mistyped, not a provider
 * option: said here, as the library says it for an option of `get`, before any provider sees it.
 */
function checkTypo(key: string, where: string): void {
  if (ENTRY_KEYS.has(key) || READ_OPTIONS.has(key) || PROVIDER_OPTIONS.has(key)) return;
  const closest = closestName(key, ENTRY_NAMES);
  if (closest !== undefined) throw new UsageError(`${where}: unknown option '${key}' (did you mean '${closest}'?)`);
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Finds the config file: `--config`, else `coffer.yml`, `coffer.yaml` or `coffer.json` here. */
export function findConfig(given: string | undefined, cwd = process.cwd()): string {
  if (given !== undefined) {
    const file = resolve(cwd, given);
    if (!existsSync(file)) throw new UsageError(`config file not found: ${file}`);
    return file;
  }
  const found = DEFAULT_NAMES.map((name) => join(cwd, name)).find((file) => existsSync(file));
  if (!found) throw new UsageError(`no config file: create coffer.yml (or coffer.json) in ${cwd}, or pass --config FILE`);
  return found;
}

function parse(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read config file ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const lineOf = (position: number) => text.slice(0, position).split('\n').length;
  // Report positions only: the text could hold something secret.
  if (extname(file).toLowerCase() === '.json') {
    try {
      return JSON.parse(text);
    } catch (error) {
      const position = /position (\d+)/.exec((error as Error).message)?.[1];
      throw new UsageError(`${file}: not valid JSON${position === undefined ? '' : ` (line ${lineOf(Number(position))})`}`);
    }
  }
  const document = parseDocument(text, { uniqueKeys: true });
  const first = document.errors[0];
  if (first) throw new UsageError(`${file}: not valid YAML (line ${lineOf(first.pos[0])})`);
  return document.toJS();
}

function optionalString(value: unknown, where: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  throw new UsageError(`${where} must be a string`);
}

function checkKeypath(value: unknown, where: string): Keypath | undefined {
  if (value === undefined || value === null) return undefined;
  const keys = Array.isArray(value) ? value : [value];
  if (!keys.every((key) => typeof key === 'string' || (Number.isInteger(key) && key >= 0))) {
    throw new UsageError(`${where}.keypath must be a key or a list of keys (strings, or numbers for arrays)`);
  }
  return keys as Keypath;
}

/** Relative file paths in a config are relative to the config file, not to the current folder. */
function resolveFiles(options: Record<string, unknown>, folder: string): Record<string, unknown> {
  const file = options.file;
  return typeof file === 'string' && !isAbsolute(file) ? { ...options, file: join(folder, file) } : options;
}

/**
 * Reads and checks a config file:
 *
 * ```yaml
 * cache: sqlite                # optional, as COFFER_CACHE
 * providers:                   # optional defaults per provider
 *   aws.ps: { region: eu-west-1 }
 * env:
 *   DB_PASSWORD: { provider: aws.sm, path: prod/db, keypath: [password] }
 *   API_URL: { provider: file, path: /api/url, file: ./secrets.yml }
 * ```
 *
 * Every mistake is a one-line {@link UsageError} naming the file and the entry.
 */
export function loadConfig(file: string): CofferConfig {
  const data = parse(file);
  if (!isObject(data)) throw new UsageError(`${file}: the top level must be a mapping with an env section`);
  const folder = dirname(file);
  const unknown = Object.keys(data).find((key) => !['env', 'providers', 'cache', 'ttl'].includes(key));
  if (unknown !== undefined) throw new UsageError(`${file}: unknown section '${unknown}' (expected env, providers, cache, ttl)`);
  const providers = data.providers ?? {};
  if (!isObject(providers) || !Object.values(providers).every(isObject)) {
    throw new UsageError(`${file}: providers must map provider names to their options`);
  }
  if (!isObject(data.env) || Object.keys(data.env).length === 0) throw new UsageError(`${file}: env must map variable names to secrets`);
  const env: Record<string, EnvEntry> = {};
  for (const [name, entry] of Object.entries(data.env)) {
    const where = `${file}: env.${name}`;
    if (!ENV_NAME.test(name)) throw new UsageError(`${file}: '${name}' is not a valid environment variable name`);
    if (!isObject(entry)) throw new UsageError(`${where} must be a mapping with provider and path`);
    if (typeof entry.provider !== 'string' || entry.provider === '') throw new UsageError(`${where}: 'provider' is required`);
    if (typeof entry.path !== 'string' || entry.path === '') throw new UsageError(`${where}: 'path' is required`);
    try {
      factoryOf(entry.provider);
    } catch (error) {
      throw new UsageError(`${where}: ${(error as Error).message}`);
    }
    for (const key of Object.keys(entry)) checkTypo(key, where);
    const own = Object.fromEntries(Object.entries(entry).filter(([key]) => !ENTRY_KEYS.has(key)));
    const defaults = (providers[entry.provider] ?? {}) as Record<string, unknown>;
    env[name] = {
      provider: entry.provider,
      path: entry.path,
      keypath: checkKeypath(entry.keypath, where),
      default: optionalString(entry.default, `${where}.default`),
      options: resolveFiles({ ...resolveFiles(defaults, folder), ...resolveFiles(own, folder) }, folder),
    };
  }
  return { file, cache: optionalString(data.cache, `${file}: cache`), ttl: optionalString(data.ttl, `${file}: ttl`), env };
}
