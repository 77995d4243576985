import { type CofferLogger, processWarnings } from '@coffer/core';

const warned = new Set<unknown>();

/**
 * Emits one `CofferWarning` per cache (per database file, or per store) and process: a broken
 * cache should say so once, not on every read. Messages name the location and the failure's
 * code, never a key or a value.
 */
export function warnOnce(id: unknown, message: string, logger: CofferLogger = processWarnings): void {
  if (warned.has(id)) return;
  warned.add(id);
  logger.warn(message);
}

/** A short, value-free description of a failure: its code or its class name. */
export function describeFailure(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,40}$/.test(code)) return code;
  return error instanceof Error ? error.name : typeof error;
}
