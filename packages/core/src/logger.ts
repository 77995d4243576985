/**
 * Where coffer's warnings go (a broken cache, a cache it reads without). Pass your own to see
 * them in your logs; by default they are Node process warnings (`CofferWarning`). Messages name
 * caches and failure codes, never a key or a value.
 *
 * @example
 * ```ts
 * const ps = new ParameterStore({ logger: { warn: (message) => log.warn({ component: 'coffer' }, message) } });
 * ```
 */
export interface CofferLogger {
  warn(message: string): void;
}

/**
 * The default {@link CofferLogger}: `process.emitWarning(message, 'CofferWarning')`.
 *
 * @example
 * ```ts
 * keyvCache({ logger: processWarnings });
 * ```
 */
export const processWarnings: CofferLogger = {
  warn(message) {
    process.emitWarning(`coffer: ${message}`, 'CofferWarning');
  },
};
