/**
 * Whether an SDK error means the response arrived damaged: the status said success, yet the
 * body could not be read or parsed (truncated, not JSON, not XML). Such an error is transient:
 * the next attempt may get a whole body. An error answer of AWS always has a 4xx or 5xx status.
 *
 * @example
 * ```ts
 * isDamagedResponse(Object.assign(new SyntaxError('Unexpected end of JSON input'), { $metadata: { httpStatusCode: 200 } })); // true
 * ```
 */
export function isDamagedResponse(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const status = (error as { $metadata?: { httpStatusCode?: unknown } }).$metadata?.httpStatusCode;
  return typeof status === 'number' && status >= 200 && status < 300;
}
