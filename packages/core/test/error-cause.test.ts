import { inspect } from 'node:util';
import {
  CacheError,
  CauseSummary,
  type CofferError,
  createClient,
  DecodeError,
  type Provider,
  ProviderError,
  SecretNotFoundError,
  UnknownProviderError,
  UnsupportedError,
  ValidationError,
} from '@coffer/core';

const MARKER = 'MARKER-8f3a-hunter2';

/** Everything a user or a log could print of an error. */
function printed(error: unknown): string {
  const e = error as Error;
  return [e.message, e.stack, inspect(e, { depth: Infinity, showHidden: true }), JSON.stringify(e), String(e)].join('\n');
}

/** Foreign causes that quote the value, in every way a backend or a library might. */
function quotingCauses(): unknown[] {
  const node = Object.assign(new Error(`connect failed for ${MARKER}`), { code: 'ECONNRESET' });
  const aws = Object.assign(new Error(`Parameter value ${MARKER} is invalid`), {
    name: 'ValidationException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400, attempts: 2, totalRetryDelay: 120, requestId: MARKER },
    $response: { body: MARKER },
  });
  const nested = new Error('outer', { cause: new TypeError(`inner ${MARKER}`) });
  return [node, aws, nested, MARKER, { message: MARKER, name: 'Odd' }, new AggregateError([new Error(MARKER)], MARKER)];
}

const classes: [string, (cause: unknown) => CofferError][] = [
  ['SecretNotFoundError', (cause) => new SecretNotFoundError('Secret not found', { provider: 'p', path: '/a', cause })],
  ['ValidationError', (cause) => new ValidationError('bad input', { cause })],
  ['DecodeError', (cause) => new DecodeError('not JSON', { cause })],
  ['ProviderError', (cause) => new ProviderError('backend failed', { cause, transient: true })],
  ['UnknownProviderError', (cause) => new UnknownProviderError('unknown', { cause })],
  ['UnsupportedError', (cause) => new UnsupportedError('unsupported', { cause })],
  ['CacheError', (cause) => new CacheError('cache failed', { cause })],
];

describe('the cause of a coffer error', () => {
  it.each(classes)('never lets a value reach what a %s prints', (_, make) => {
    for (const cause of quotingCauses()) expect(printed(make(cause))).not.toContain(MARKER);
  });

  it('keeps the class, name, code, HTTP status and retry counts for debugging', () => {
    const [node, aws] = quotingCauses();
    const fromNode = new ProviderError('failed', { cause: node }).cause as CauseSummary;
    const fromAws = new ProviderError('failed', { cause: aws }).cause as CauseSummary;
    expect(fromNode).toBeInstanceOf(CauseSummary);
    expect(fromNode).toMatchObject({ name: 'Error', code: 'ECONNRESET' });
    expect(fromAws).toMatchObject({ name: 'ValidationException', status: 400, $metadata: { httpStatusCode: 400, attempts: 2 } });
    expect(fromAws.stack).toBe('ValidationException: Error, HTTP 400');
  });

  it('keeps the causes of a cause, summarised too', () => {
    const error = new ProviderError('failed', { cause: new Error('outer', { cause: new TypeError(`inner ${MARKER}`) }) });
    expect(((error.cause as Error).cause as CauseSummary).name).toBe('TypeError');
  });

  it("keeps coffer's own errors as they are", () => {
    const inner = new SecretNotFoundError('Secret not found', { provider: 'p', path: '/a' });
    expect(new ProviderError('failed', { cause: inner }).cause).toBe(inner);
  });

  it('never prints a value a provider quoted in what it threw', async () => {
    const provider: Provider = {
      name: 'quoting',
      async get() {
        throw Object.assign(new Error(`backend rejected ${MARKER}`), { code: 'EBADTHING' });
      },
    };
    const error = await createClient({ provider })
      .get('/a')
      .catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ProviderError);
    expect(printed(error)).not.toContain(MARKER);
    expect((error as ProviderError).cause).toMatchObject({ code: 'EBADTHING' });
  });
});
