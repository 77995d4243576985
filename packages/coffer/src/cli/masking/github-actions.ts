import { isMaskable } from './mask-texts.js';

/**
 * Under GitHub Actions (`GITHUB_ACTIONS=true`), the `::add-mask::` workflow commands for some
 * secret values, one per line of each (the runner masks line by line), so that the runner masks
 * them in this step's log and every step after. Empty outside GitHub Actions.
 *
 * @example
 * ```ts
 * process.stdout.write(addMaskCommands(['s3cr3t-value'], process.env));
 * ```
 */
export function addMaskCommands(values: Iterable<string>, env: NodeJS.ProcessEnv): string {
  if (env.GITHUB_ACTIONS !== 'true') return '';
  const lines = new Set<string>();
  for (const value of values) {
    if (!isMaskable(value)) continue;
    for (const line of value.split(/\r?\n/)) if (isMaskable(line)) lines.add(line);
  }
  return [...lines].map((line) => `::add-mask::${line}\n`).join('');
}
