import { loadReferenceFile } from '../references/index.js';
import { resolveWithSecrets } from '../references/resolve-references.js';
import type { ClientPool, GlobalFlags } from './clients.js';
import { findConfig, loadConfig } from './config.js';
import { UsageError } from './errors.js';
import { resolveEnv } from './resolve-env.js';

/** Where `run` and `export` take their variables from. */
export interface VariableSources {
  /** The config file (`--config`); without it and without `--refs`, ./coffer.yml and the like. */
  config?: string;
  /** A `.env`-style file of `vals` references (`--refs`). */
  refs?: string;
}

/** The variables of `run` and `export`, and the secret texts in them (what `run` masks). */
export interface LoadedVariables {
  readonly variables: Record<string, string>;
  /** Every value read from a provider; literal text of a reference file is not one. */
  readonly secrets: readonly string[];
}

/**
 * Reads the variables of `run` and `export`: the config file's, and those of the reference
 * file, each resolved in one pass. A name in both is a usage error. A config file's `cache` and
 * `ttl` apply unless the flags give them.
 */
export async function loadVariables(sources: VariableSources, pool: ClientPool, flags: GlobalFlags): Promise<LoadedVariables> {
  const references = sources.refs === undefined ? undefined : loadReferenceFile(sources.refs);
  const config = references && sources.config === undefined ? undefined : loadConfig(findConfig(sources.config));
  if (config) {
    if (flags.cache === undefined && config.cache !== undefined) process.env.COFFER_CACHE = config.cache;
    if (flags.ttl === undefined && config.ttl !== undefined) flags.ttl = config.ttl;
  }
  const twice = references && config && Object.keys(references.references).find((name) => Object.hasOwn(config.env, name));
  if (twice) throw new UsageError(`${twice} is set by both the config file and the reference file`);
  const [fromConfig, fromReferences] = await Promise.all([
    config ? resolveEnv(config, pool) : ({} as Record<string, string>),
    references
      ? resolveWithSecrets(references.references, {
          baseDir: references.baseDir,
          client: (provider, options) => pool.get(provider, { ...options }).client,
        })
      : { values: {}, secrets: [] },
  ]);
  return {
    variables: { ...fromConfig, ...fromReferences.values },
    secrets: [...Object.values(fromConfig), ...fromReferences.secrets],
  };
}
