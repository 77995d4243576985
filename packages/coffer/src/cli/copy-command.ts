import { mapLimited } from '@coffer/core';
import type { Command } from 'commander';
import type { ClientPool } from './clients.js';
import { formatPlan, type Location, type PlannedCopy, parseLocation, plan, readSide } from './copy-plan.js';
import { UsageError } from './errors.js';
import { write } from './io.js';

/** The options of `coffer copy`. */
interface CopyFlags {
  dryRun?: boolean;
  yes?: boolean;
  overwrite?: boolean;
}

/** How many writes `copy` has in flight at once. */
const WRITES_AT_ONCE = 4;

async function compare(pool: ClientPool, source: string, destination: string) {
  const from = parseLocation(source, 'SRC');
  const to = parseLocation(destination, 'DST');
  const [read, target] = [pool.get(from.provider), pool.get(to.provider)];
  const [sourceValues, targetValues] = await Promise.all([readSide(read, from), readSide(target, to)]);
  if (sourceValues.size === 0) throw new UsageError(`nothing to copy: no secret under ${from.provider}:${from.path}`);
  return { from, to, planned: plan(sourceValues, targetValues, from, to) };
}

/** Writes the added secrets (created, keeping an aws.ps type) and, with `--overwrite`, the changed. */
async function apply(pool: ClientPool, to: Location, planned: readonly PlannedCopy[]): Promise<void> {
  const { client, provider } = pool.get(to.provider);
  const takesType = provider.options?.update !== undefined && Object.hasOwn(provider.options.update, 'type');
  const writes = planned.filter((item) => item.change !== 'unchanged');
  await mapLimited(writes, WRITES_AT_ONCE, async ({ to: name, change, secret }) => {
    const create = change === 'added';
    const type = create && takesType && secret.type ? { type: secret.type } : {};
    await client.update(name, secret.value, { create, ...type });
  });
}

/**
 * Adds `coffer diff SRC DST` and `coffer copy SRC DST [--dry-run] [--yes] [--overwrite]`, each
 * side `provider:path`: the secrets under SRC compared by name and value with those at DST, and
 * printed by name only (added, changed, unchanged). `copy` writes only with `--yes`, replaces a
 * different value only with `--overwrite`, and keeps an aws.ps type (SecureString stays
 * SecureString) where both sides are aws.ps.
 *
 * @example
 * ```ts
 * addCopyCommands(program, (command) => pool, io);
 * ```
 */
export function addCopyCommands(program: Command, start: (command: Command) => ClientPool, io: { stdout: NodeJS.WritableStream }): void {
  program
    .command('diff')
    .description('compare the secrets under SRC with DST (provider:path each): names only, never values')
    .argument('<src>', 'provider:path, such as vault:app')
    .argument('<dst>', 'provider:path, such as aws.sm:prod/app')
    .action(async (source: string, destination: string, _options, command: Command) => {
      const { to, planned } = await compare(start(command), source, destination);
      await write(io.stdout, formatPlan(planned, to));
    });

  program
    .command('copy')
    .description('copy the secrets under SRC to DST (provider:path each); writes only with --yes')
    .argument('<src>', 'provider:path, such as vault:app')
    .argument('<dst>', 'provider:path, such as aws.sm:prod/app')
    .option('--dry-run', 'print what would be copied, write nothing')
    .option('--yes', 'write: without it, copy only prints what it would do')
    .option('--overwrite', 'replace secrets that exist at DST with another value')
    .action(async (source: string, destination: string, options: CopyFlags, command: Command) => {
      const pool = start(command);
      const { to, planned } = await compare(pool, source, destination);
      await write(io.stdout, formatPlan(planned, to));
      if (options.dryRun) return;
      if (!options.yes) throw new UsageError('nothing written: run again with --yes to copy');
      const changed = planned.filter((item) => item.change === 'changed').length;
      if (changed > 0 && !options.overwrite) {
        throw new UsageError(`nothing written: ${changed} secret(s) at DST hold another value; add --overwrite to replace them`);
      }
      await apply(pool, to, planned);
    });
}
