import { type DecodeMode, decodeValue } from '../decode.js';
import { CofferError, ProviderError, SecretNotFoundError } from '../errors.js';
import type { Gathering } from './gathering.js';
import { type BatchFiller, MicroBatcher } from './micro-batch.js';
import { observedCall } from './observed-call.js';
import { optionsKey } from '../options.js';
import type { CallContext, ListRequest, Provider, RawSecret, ReadRequest, SecretMetadata, UpdateRequest } from '../provider.js';

/** A decoded value and how long the backend lets it be kept (`undefined`: no limit). */
export interface Fetched {
  readonly value: unknown;
  readonly ttlMs: number | undefined;
  /** What the backend said about the value, kept with it in the cache. */
  readonly metadata?: SecretMetadata;
}

/** A provider's `ttlMs`, when it is a usable number of milliseconds. */
function leaseOf(raw: RawSecret): number | undefined {
  const { ttlMs } = raw;
  return typeof ttlMs === 'number' && Number.isFinite(ttlMs) && ttlMs >= 0 ? ttlMs : undefined;
}

/**
 * Calls a provider for the client: single reads through the micro-batcher when the provider
 * batches, every foreign error turned into a coffer error, values decoded.
 */
export class ProviderCaller {
  readonly #batcher: MicroBatcher | undefined;

  /**
   * `onRead` hears the end of every read call to the backend (a batch, a read, a listing): with
   * `undefined` when it answered, else its error as a coffer error (the breaker judges them).
   * Batches wait for the reads of `gathering` still looking in the cache.
   */
  constructor(
    private readonly provider: Provider,
    private readonly context: CallContext,
    private readonly onRead: (error: unknown) => void = () => undefined,
    gathering?: Gathering,
  ) {
    if (typeof provider.getMany === 'function' && (provider.maxBatchSize ?? 1) > 1) {
      this.#batcher = new MicroBatcher(
        {
          getMany: (requests, context) =>
            this.#heard(
              requests[0]?.path ?? '',
              observedCall({ provider: provider.name, operation: 'getMany', count: requests.length }, context, (observed) =>
                provider.getMany!(requests, observed),
              ),
            ),
          maxBatchSize: provider.maxBatchSize ?? 1,
        },
        context,
        (error, request) => wrapProviderError(error, provider.name, request.path),
        gathering,
      );
    }
  }

  /** Reads and decodes one secret, with the backend's lease if it gave one; `SecretNotFoundError` when it does not exist. */
  async get(request: ReadRequest, decode: DecodeMode): Promise<Fetched> {
    const raw = this.#batcher
      ? await this.#batcher.load(request, optionsKey(request.options))
      : await this.#guard(request.path, () => this.#heard(request.path, this.#single(request)));
    return this.decode(raw, request, decode);
  }

  /** Decodes what the provider answered for `request`; `SecretNotFoundError` for nothing. */
  decode(raw: RawSecret | undefined, request: ReadRequest, decode: DecodeMode): Fetched {
    const where = { provider: this.provider.name, path: request.path };
    if (raw === undefined) throw new SecretNotFoundError('Secret not found', where);
    const value = decodeValue(raw, decode, where);
    return raw.metadata === undefined ? { value, ttlMs: leaseOf(raw) } : { value, ttlMs: leaseOf(raw), metadata: raw.metadata };
  }

  /** Whether reads go out in batches (so that a batch with room can carry more). */
  get batches(): boolean {
    return this.#batcher !== undefined;
  }

  /** The micro-batcher's group of a read: reads of one group may share a call. */
  groupOf(request: ReadRequest): string {
    return optionsKey(request.options);
  }

  /** Lets `filler` fill the room of the batches (see `MicroBatcher.fillWith`). */
  fillWith(filler: BatchFiller): void {
    this.#batcher?.fillWith(filler);
  }

  /** Lists and decodes the secrets under a path; the listing's lease is the shortest of its entries'. */
  async list(request: ListRequest, decode: DecodeMode): Promise<Fetched> {
    const listing = await this.#guard(request.path, () =>
      this.#heard(
        request.path,
        observedCall<Record<string, RawSecret>>(
          { provider: this.provider.name, operation: 'list', count: (found) => Object.keys(found).length },
          this.context,
          (context) => this.provider.list!(request, context),
        ),
      ),
    );
    const out: Record<string, unknown> = {};
    let ttlMs: number | undefined;
    for (const [name, raw] of Object.entries(listing)) {
      out[name] = decodeValue(raw, decode, { provider: this.provider.name, path: name });
      const lease = leaseOf(raw);
      if (lease !== undefined) ttlMs = Math.min(lease, ttlMs ?? lease);
    }
    return { value: out, ttlMs };
  }

  /** Whether a secret exists, by the provider's own check. */
  exists(request: ReadRequest): Promise<boolean> {
    return this.#guard(request.path, () =>
      observedCall({ provider: this.provider.name, operation: 'exists', count: 1 }, this.context, (context) =>
        this.provider.exists!(request, context),
      ),
    );
  }

  /** Writes a secret. */
  update(request: UpdateRequest): Promise<void> {
    return this.#guard(request.path, () =>
      observedCall({ provider: this.provider.name, operation: 'update', count: 1 }, this.context, (context) =>
        this.provider.update!(request, context),
      ),
    );
  }

  async #single(request: ReadRequest): Promise<RawSecret | undefined> {
    const { name } = this.provider;
    if (typeof this.provider.get === 'function') {
      return observedCall({ provider: name, operation: 'get', count: 1 }, this.context, (context) => this.provider.get!(request, context));
    }
    const [result] = await observedCall({ provider: name, operation: 'getMany', count: 1 }, this.context, (context) =>
      this.provider.getMany!([request], context),
    );
    if (result instanceof Error) throw result;
    return result;
  }

  /**
   * Tells `onRead` how a read call ended; the call's own outcome is unchanged. A batch that
   * answered every name with a transient error (the call failed, the provider said so per name)
   * is a failed call.
   */
  #heard<T>(path: string, call: Promise<T>): Promise<T> {
    return call.then(
      (result) => {
        const failed = Array.isArray(result) && result.length > 0 && result.every((item) => item instanceof Error);
        this.onRead(failed ? wrapProviderError(result[0], this.provider.name, path) : undefined);
        return result;
      },
      (error: unknown) => {
        this.onRead(wrapProviderError(error, this.provider.name, path));
        throw error;
      },
    );
  }

  async #guard<T>(path: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw wrapProviderError(error, this.provider.name, path);
    }
  }
}

/**
 * Turns anything a provider threw into a coffer error. A foreign error's message is not
 * repeated (it could quote a value): only its name, the original is the `cause`.
 */
export function wrapProviderError(error: unknown, provider: string, path: string): CofferError {
  if (error instanceof CofferError) return error;
  const name = error instanceof Error ? error.name : typeof error;
  return new ProviderError(`backend request failed (${name})`, { provider, path, cause: error, transient: true });
}
