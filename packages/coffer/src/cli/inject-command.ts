import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { writeFileAtomic } from '@coffer/local';
import type { Command } from 'commander';
import { renderWithSecrets } from '../references/render-template.js';
import type { ClientPool } from './clients.js';
import { UsageError } from './errors.js';
import { write } from './io.js';

/** The options of `coffer inject`. */
interface InjectFlags {
  inFile: string;
  outFile?: string;
}

function readTemplate(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the template ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/**
 * Adds `coffer inject -i TEMPLATE [-o FILE]`: renders a template's `{{ ref+... }}` references in
 * one batched pass (as `--refs` resolves them) and writes the result atomically with mode 0600,
 * or prints it. Any reference that fails fails the whole render, and nothing is written.
 *
 * @example
 * ```ts
 * addInjectCommand(program, (command) => pool, io);
 * ```
 */
export function addInjectCommand(program: Command, start: (command: Command) => ClientPool, io: { stdout: NodeJS.WritableStream }): void {
  program
    .command('inject')
    .description('render a template: each {{ ref+... }} replaced by its secret, written with mode 0600 (or printed)')
    .requiredOption('-i, --in-file <template>', 'the template, with references written {{ ref+vault://secret/app/db#/password }}')
    .option('-o, --out-file <file>', 'where to write the result, atomically with mode 0600 (default: stdout)')
    .action(async (options: InjectFlags, command: Command) => {
      const pool = start(command);
      const template = resolve(options.inFile);
      const { text } = await renderWithSecrets(readTemplate(template), {
        file: template,
        baseDir: dirname(template),
        client: (provider, providerOptions) => pool.get(provider, { ...providerOptions }).client,
      });
      if (options.outFile === undefined) await write(io.stdout, text);
      else {
        const out = resolve(options.outFile);
        await writeFileAtomic(out, text).catch((error: NodeJS.ErrnoException) => {
          throw new UsageError(`cannot write ${out} (${error.code ?? 'error'})`);
        });
      }
    });
}
