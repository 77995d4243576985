import { isCofferError, UnsupportedError } from './errors.js';
import { checkPath, type OptionOperation, type ParsedOptions, parseOptions } from './options.js';
import type { NormalizedRequest, Operation, Provider, SecretInput } from './provider.js';
import type { ProviderCaller, ReadPipeline } from './read/index.js';
import { checkUpdateValue } from './update-value.js';

/**
 * What a client does besides reading: existence checks, writes, and the invalidations that
 * follow them (every path and option checked before any call).
 */
export class ClientWrites {
  constructor(
    private readonly provider: Provider,
    private readonly caller: ProviderCaller,
    private readonly reads: ReadPipeline,
  ) {}

  /** See `CofferClient.pathExists`. */
  async exists(path: string, options: unknown): Promise<boolean> {
    const parsed = this.parse('exists', path, options);
    if (parsed.keypath !== undefined || typeof this.provider.exists !== 'function') {
      try {
        await this.reads.get(path, { ...parsed.provider, keypath: parsed.keypath ?? [] });
        return true;
      } catch (error) {
        if (isCofferError(error, 'SECRET_NOT_FOUND') || (parsed.keypath?.length && isCofferError(error, 'DECODE_ERROR'))) return false;
        throw error;
      }
    }
    return this.caller.exists(this.#normalize('exists', path, parsed.provider));
  }

  /** See `CofferClient.update`. */
  async update(path: string, value: SecretInput, options: unknown): Promise<void> {
    const parsed = this.parse('update', path, options);
    const where = { provider: this.provider.name, path };
    checkUpdateValue(value, where);
    if (typeof this.provider.update !== 'function') throw new UnsupportedError('update is not supported', where);
    const request = this.#normalize('update', path, parsed.provider);
    try {
      await this.caller.update({ ...request, value, create: parsed.create });
    } finally {
      await this.reads.invalidate(request.subject ?? request.path, 'delete');
    }
  }

  /** See `CofferClient.refresh`. */
  async refresh(path: string | undefined): Promise<void> {
    if (path === undefined) return this.reads.invalidateAll('expire');
    checkPath(path, this.provider.name);
    const request = this.#normalize('get', path, {});
    await this.reads.invalidate(request.subject ?? request.path, 'expire');
  }

  /** Checks a path and the options of `operation` (a `ValidationError` before any call). */
  parse(operation: OptionOperation, path: unknown, options: unknown): ParsedOptions {
    checkPath(path, this.provider.name);
    return parseOptions(operation, options, this.provider.options?.[operation], { provider: this.provider.name, path });
  }

  #normalize(operation: Operation, path: string, options: Readonly<Record<string, unknown>>): NormalizedRequest {
    return this.provider.normalize ? this.provider.normalize(operation, path, options) : { path, options };
  }
}
