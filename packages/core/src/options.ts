import { checkKeypath, type DecodeMode, isDecodeMode, type Keypath } from './decode.js';
import { type Duration, parseDuration } from './duration.js';
import { didYouMean } from './did-you-mean.js';
import { ValidationError } from './errors.js';
import type { OptionSchema, OptionType, ProviderOptions } from './provider.js';
import { readOptions } from './read-options.js';

/** The parsed, checked form of any operation's options. */
export interface ParsedOptions {
  keypath: Keypath | undefined;
  decode: DecodeMode;
  hasDefault: boolean;
  defaultValue: unknown;
  forceFetch: boolean;
  /** `get` with `metadata: true`: the value with what the backend said about it. */
  metadata: boolean;
  maxAgeMs: number | undefined;
  recursive: boolean;
  create: boolean;
  provider: Record<string, unknown>;
  /** The provider options as a stable string (sorted `name=value`), for keys. */
  providerKey: string;
}

const EMPTY: Readonly<Record<string, unknown>> = Object.freeze({});

/** The options each operation takes from the core, besides the provider's own. */
const CORE_OPTIONS = {
  get: new Set(['keypath', 'decode', 'default', 'forceFetch', 'maxAge', 'metadata']),
  list: new Set(['recursive', 'decode', 'forceFetch', 'maxAge']),
  exists: new Set(['keypath']),
  update: new Set(['create']),
} as const;

export type OptionOperation = keyof typeof CORE_OPTIONS;

function matches(type: OptionType, value: unknown): boolean {
  switch (type) {
    case 'boolean':
      return typeof value === 'boolean';
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return Number.isInteger(value);
    case 'string|number':
      return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
    case 'string[]':
      return Array.isArray(value) && value.every((item) => typeof item === 'string');
    case 'object':
      return value !== null && typeof value === 'object';
  }
}

/**
 * Checks and splits the options of one call into the core's and the provider's, before any
 * network call: unknown options and wrong types are a `ValidationError`.
 */
export function parseOptions(
  operation: OptionOperation,
  options: unknown,
  schema: OptionSchema | undefined,
  where: { provider: string; path: string },
): ParsedOptions {
  const parsed: ParsedOptions = {
    keypath: undefined,
    decode: 'auto',
    hasDefault: false,
    defaultValue: undefined,
    forceFetch: false,
    metadata: false,
    maxAgeMs: undefined,
    recursive: true,
    create: false,
    provider: EMPTY as Record<string, unknown>,
    providerKey: '',
  };
  if (options === undefined || options === null) return parsed;
  const given = readOptions(options, 'options', where);
  const core = CORE_OPTIONS[operation];
  let providerNames: string[] | undefined;
  for (const name of Object.keys(given)) {
    const value = given[name];
    if (value === undefined && name !== 'default') continue;
    if (core.has(name)) {
      applyCore(parsed, name, value, where);
      continue;
    }
    const type = schema && Object.hasOwn(schema, name) ? schema[name] : undefined;
    if (type === undefined) {
      const known = [...core, ...Object.keys(schema ?? {})];
      throw new ValidationError(`unknown option '${name}' for ${operation}${didYouMean(name, known)}`, where);
    }
    if (!matches(type, value)) throw new ValidationError(`option '${name}' must be of type ${type}`, where);
    if (parsed.provider === EMPTY) parsed.provider = {};
    parsed.provider[name] = value;
    if (!providerNames) providerNames = [];
    providerNames.push(name);
  }
  if (providerNames) parsed.providerKey = optionsKey(parsed.provider);
  return parsed;
}

function applyCore(parsed: ParsedOptions, name: string, value: unknown, where: { provider: string; path: string }): void {
  switch (name) {
    case 'keypath':
      try {
        checkKeypath(value);
      } catch (error) {
        throw new ValidationError((error as Error).message, where);
      }
      parsed.keypath = value;
      return;
    case 'decode':
      if (!isDecodeMode(value)) throw new ValidationError("decode must be 'auto', 'json' or 'raw'", where);
      parsed.decode = value;
      return;
    case 'default':
      parsed.hasDefault = true;
      parsed.defaultValue = value;
      return;
    case 'maxAge':
      try {
        parsed.maxAgeMs = parseDuration(value as Duration, 'maxAge');
      } catch (error) {
        throw new ValidationError((error as Error).message, where);
      }
      return;
    case 'forceFetch':
    case 'metadata':
    case 'recursive':
    case 'create':
      if (typeof value !== 'boolean') throw new ValidationError(`option '${name}' must be a boolean`, where);
      parsed[name] = value;
      return;
  }
}

/**
 * A stable string for a set of options: sorted `name=value` pairs, JSON-encoded values. Used in
 * cache keys, so two spellings of the same options share an entry.
 */
export function optionsKey(options: ProviderOptions): string {
  const names = Object.keys(options).filter((name) => options[name] !== undefined);
  if (names.length === 0) return '';
  names.sort();
  let key = '';
  for (const name of names) key += `${key ? '&' : ''}${name}=${JSON.stringify(options[name])}`;
  return key;
}

/** Checks a path: a non-empty string of at most 2048 characters (the path itself is not repeated). */
export function checkPath(path: unknown, provider: string): asserts path is string {
  if (typeof path !== 'string' || path.length === 0) throw new ValidationError('path must be a non-empty string', { provider });
  if (path.length > 2048) throw new ValidationError('path is longer than 2048 characters', { provider });
}

/** Whether a value is a well-formed keypath (checked on the hot path, where a throw costs too much). */
export function isKeypath(keypath: unknown): keypath is Keypath {
  if (!Array.isArray(keypath)) return false;
  for (const key of keypath) if (typeof key !== 'string' && !(Number.isInteger(key) && key >= 0)) return false;
  return true;
}
