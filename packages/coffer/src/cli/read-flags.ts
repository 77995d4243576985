import type { Provider } from '@coffer/core';
import { UsageError } from './errors.js';

/** The version flags of `coffer get`. */
export interface VersionFlags {
  /** `--version-stage`: a Secrets Manager stage such as `AWSPREVIOUS`. */
  versionStage?: string;
  /** `--version-id`: a Secrets Manager version id. */
  versionId?: string;
}

/** The flags of `coffer update`. */
export interface UpdateFlags {
  create?: boolean;
  /** `--type`: the type of a new aws.ps parameter. */
  type?: string;
  /** `--cas`: check-and-set, the version the write expects (vault). */
  cas?: string;
}

const doesNotApply = (flag: string, provider: string) => new UsageError(`${flag} does not apply to the ${provider} provider`);

/**
 * The read options `--version-stage` and `--version-id` stand for; a flag the provider has no
 * option for is a usage error, before any call.
 */
export function versionOptions(flags: VersionFlags, name: string, provider: Provider): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  const schema = provider.options?.get ?? {};
  if (flags.versionStage !== undefined) {
    if (!Object.hasOwn(schema, 'versionStage')) throw doesNotApply('--version-stage', name);
    options.versionStage = flags.versionStage;
  }
  if (flags.versionId !== undefined) {
    if (!Object.hasOwn(schema, 'versionId')) throw doesNotApply('--version-id', name);
    options.versionId = flags.versionId;
  }
  return options;
}

/** The write options of `coffer update`: `--create`, `--type` (aws.ps) and `--cas` (vault). */
export function updateOptions(flags: UpdateFlags, name: string, provider: Provider): Record<string, unknown> {
  const schema = provider.options?.update ?? {};
  const options: Record<string, unknown> = { create: flags.create === true };
  if (flags.type !== undefined) {
    if (!Object.hasOwn(schema, 'type')) throw doesNotApply('--type', name);
    options.type = flags.type;
  }
  if (flags.cas !== undefined) {
    if (!Object.hasOwn(schema, 'cas')) throw doesNotApply('--cas', name);
    if (!/^\d{1,9}$/.test(flags.cas)) throw new UsageError('--cas must be a version number, or 0 to write only a new secret');
    options.cas = Number(flags.cas);
  }
  return options;
}
