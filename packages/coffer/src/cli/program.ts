import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { ClientPool, type GlobalFlags } from './clients.js';
import { EXIT, exitCodeOf, formatError, UsageError } from './errors.js';
import { type ExportFormat, formatExport, formatListing, formatValue, type ListingFormat } from './format.js';
import { readStdin, write } from './io.js';
import { addMaskCommands } from './masking/github-actions.js';
import { maskTexts } from './masking/mask-texts.js';
import { type ChildOutcome, runChild, startChild } from './run-command.js';
import { addCopyCommands } from './copy-command.js';
import { addInjectCommand } from './inject-command.js';
import { runWatching, type WatchFlags, watchFlags } from './run-watch.js';
import { addServeCommand } from './serve-command.js';
import { type UpdateFlags, updateOptions, type VersionFlags, versionOptions } from './read-flags.js';
import { loadVariables, type VariableSources } from './variables.js';

/** The streams a CLI run uses. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
}

const version = (): string =>
  (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;

/** `a` → 'a', `0` → 0: digits walk into arrays (and still find the key '0' of an object). */
const keypathOf = (keys: readonly string[]) => keys.map((key) => (/^\d+$/.test(key) ? Number(key) : key));

/**
 * Commander's messages may repeat an argument: an unknown option is the text given (which may be
 * a value: `coffer update file /x -hunter2`), an invalid choice quotes it. Neither is repeated;
 * a suggestion is kept only when it names an option or command coffer has.
 */
function scrub(message: string, known: ReadonlySet<string>): string {
  const first = message.replace(/^error: /, '').replace(/\s*\n[\s\S]*$/, '');
  const suggested = /\(Did you mean ([A-Za-z0-9-]+)\?\)/.exec(message)?.[1];
  const hint = suggested && known.has(suggested) ? ` (did you mean ${suggested}?)` : '';
  if (first.startsWith('unknown option'))
    return `unknown option${hint}; to give a value that starts with '-', pass '-' and send it on stdin, or put '--' before it, after the options; see --help`;
  if (first.startsWith('unknown command')) return `unknown command${hint}; see coffer --help`;
  return first
    .replace(/'(--?[A-Za-z0-9-]+)=[^']*'/g, "'$1'")
    .replace(/(option '[^']*' argument) '[^']*' is invalid/, '$1 is invalid')
    .replace(/value '[^']*' is invalid/, 'value is invalid');
}

/** Every option and command name of the program, the ones a suggestion may name. */
function namesOf(command: Command, into = new Set<string>()): Set<string> {
  into.add(command.name());
  for (const option of command.options) for (const flag of [option.long, option.short]) if (flag) into.add(flag);
  for (const sub of command.commands) namesOf(sub, into);
  return into;
}

/**
 * Runs the `coffer` CLI on `argv` (as `process.argv`) and reports how it ended: an exit code,
 * or (for `run`) the signal that killed the child.
 *
 * @example
 * ```ts
 * const outcome = await runCli(['node', 'coffer', 'get', 'file', '/db/host', '--file', 'secrets.yml']);
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo = process): Promise<ChildOutcome> {
  const childEnv = { ...process.env };
  // The AWS SDK's multi-line notice about future Node versions would break the one-line stderr promise.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  let outcome: ChildOutcome = { code: EXIT.ok };
  let pool: ClientPool | undefined;
  let flags: GlobalFlags = {};

  const program = new Command('coffer')
    .description('Read, list and write secrets through any coffer provider (aws.ps, aws.sm, aws.dynamodb, gcp.sm, vault, file, env).')
    .version(version(), '-V, --version')
    .option('--region <region>', 'AWS region (aws.ps, aws.sm)')
    .option('--endpoint <url>', 'API endpoint URL, for a local emulator (aws.ps, aws.sm, gcp.sm)')
    .option('--role-arn <arn>', 'assume this role first (aws.ps, aws.sm)')
    .option('--failover-regions <regions>', 'comma-separated regions to read from when --region fails (aws.ps, aws.sm)')
    .option('--file <path>', 'the JSON, YAML or .env file of the file provider (else COFFER_FILE)')
    .option('--address <url>', 'the Vault server (vault; else VAULT_ADDR)')
    .option('--namespace <namespace>', 'the Vault namespace (vault; else VAULT_NAMESPACE)')
    .option('--mount <path>', "the Vault KV mount (vault; default 'secret')")
    .option('--cache <spec>', 'memory, none, sqlite, sqlite:///abs/path.db or redis://host:port (as COFFER_CACHE)')
    .option('--ttl <duration>', "how long values stay cached: '30s', '15m', '1h'")
    .option('--no-decrypt', 'read SecureString parameters without decrypting them (aws.ps)')
    .option('--json', 'print values (and errors) as JSON')
    .option('--stats', 'print cache hits, misses and API calls on stderr')
    .option('--debug', 'print stack traces with errors')
    .addHelpText(
      'after',
      `
Examples:
  coffer get aws.sm prod/db password          one key of a JSON secret
  coffer get-by-path aws.ps /prod/app --format env
  echo "$TOKEN" | coffer update aws.ps /prod/app/token - --create
  coffer run -- node server.js                with the variables of ./coffer.yml
  coffer run --refs app.env -- node server.js  with NAME=ref+vault://secret/app/db#/password lines
  coffer inject -i config.tpl -o config.yml   each {{ ref+... }} replaced, written with mode 0600
  coffer copy vault:app aws.sm:prod/app --dry-run   compare by name; --yes writes
  coffer get file /db/host --file secrets.yml
  AWS_TOKEN=file:///run/token coffer serve    the Lambda extension's API on 127.0.0.1:2773

Exit codes: 0 ok, 1 not found (or exists: no), 2 usage, input or configuration error (no region,
no credentials), 3 provider or network error.
Docs: https://github.com/coffer-dev/coffer/blob/main/docs/cli.md`,
    )
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, writeErr) => writeErr(`coffer: ${scrub(text, namesOf(program))}\n`),
    });

  const start = (command: Command, strict: boolean): GlobalFlags => {
    flags = command.optsWithGlobals<GlobalFlags>();
    if (flags.cache !== undefined) process.env.COFFER_CACHE = flags.cache;
    pool = new ClientPool(flags, strict);
    return flags;
  };

  program
    .command('get')
    .description('print a secret (objects as JSON); keys walk into a JSON value')
    .argument('<provider>', 'aws.ps, aws.sm, aws.dynamodb, gcp.sm, vault, file, env')
    .argument('<path>', 'the secret')
    .argument('[key...]', 'keys into the JSON value')
    .option('--version-stage <stage>', 'the version stage to read, such as AWSPREVIOUS (aws.sm)')
    .option('--version-id <id>', 'the version to read, by its id (aws.sm)')
    .action(async (provider: string, path: string, keys: string[], options: VersionFlags, command: Command) => {
      const { json } = start(command, true);
      const { client, provider: backend, readOptions } = pool!.get(provider);
      const version = versionOptions(options, provider, backend);
      const value = await client.get(path, { ...readOptions, ...version, ...(keys.length ? { keypath: keypathOf(keys) } : {}) });
      await write(io.stdout, formatValue(value, json === true));
    });

  program
    .command('get-by-path')
    .description('print every secret under a path')
    .argument('<provider>', 'aws.ps, aws.sm, aws.dynamodb, gcp.sm, vault, file, env')
    .argument('<path>', 'the path (a prefix for aws.sm and env)')
    .option('--no-recursive', 'only the secrets directly under the path')
    .addOption(new Option('--format <format>', 'output format').choices(['json', 'env', 'table']).default('json'))
    .action(async (provider: string, path: string, options: { recursive: boolean; format: ListingFormat }, command: Command) => {
      const { json } = start(command, true);
      const { client, readOptions } = pool!.get(provider);
      const listing = await client.getByPath(path, { ...readOptions, recursive: options.recursive });
      await write(io.stdout, formatListing(listing, path, json ? 'json' : options.format));
    });

  program
    .command('exists')
    .description('exit 0 if the secret (or the key in it) exists, 1 if not')
    .argument('<provider>', 'aws.ps, aws.sm, aws.dynamodb, gcp.sm, vault, file, env')
    .argument('<path>', 'the secret or path')
    .argument('[key...]', 'keys into the JSON value')
    .action(async (provider: string, path: string, keys: string[], _options, command: Command) => {
      const { json } = start(command, true);
      const found = await pool!.get(provider).client.pathExists(path, keys.length ? { keypath: keypathOf(keys) } : undefined);
      if (json) await write(io.stdout, `${found}\n`);
      outcome = { code: found ? EXIT.ok : EXIT.notFound };
    });

  program
    .command('update')
    .description("write a secret; the value from the argument, or from stdin with '-' (or no value)")
    .argument('<provider>', 'aws.ps, aws.sm, aws.dynamodb, gcp.sm, vault, file')
    .argument('<path>', 'the secret')
    .argument('[value]', "the value, or '-' to read it from stdin (keeps it out of the process list)")
    .option('--create', 'create the secret if it does not exist')
    .option('--type <type>', 'aws.ps parameter type: String, SecureString or StringList')
    .option('--cas <version>', 'write only if the current version is this one; 0: only if new (vault)')
    .action(async (provider: string, path: string, given: string | undefined, options: UpdateFlags, command) => {
      start(command, true);
      if (given === undefined && io.stdin.isTTY) throw new UsageError("update needs a value: give it, or pipe it in with '-'");
      const { client, provider: backend } = pool!.get(provider);
      const writeOptions = updateOptions(options, provider, backend);
      const value = given === undefined || given === '-' ? await readStdin(io.stdin) : given;
      await client.update(path, value, writeOptions);
    });

  program
    .command('run')
    .description('run a command with the environment variables of the config file (or of a reference file)')
    .option('--config <file>', 'the config file (default: coffer.yml, coffer.yaml or coffer.json)')
    .option('--refs <file>', 'a .env-style file of references: NAME=ref+vault://secret/app/db#/password')
    .option('--no-mask', "show the values in the command's output (they are replaced by ***** by default)")
    .option('--watch', 'restart the command when a value changes (read again every --watch-interval)')
    .option('--watch-interval <duration>', 'with --watch, how often the values are read again (default 10s)')
    .option('--watch-signal <signal>', 'with --watch, send this signal instead of restarting (HUP for programs that reload)')
    .argument('<command...>', 'the command and its arguments, after --')
    .action(async (command: string[], options: VariableSources & WatchFlags & { mask: boolean }, self: Command) => {
      start(self, false);
      const watching = watchFlags(options);
      // --watch reads fresh values each interval: no cache unless --cache names one.
      if (watching && flags.cache === undefined) process.env.COFFER_CACHE = 'none';
      const { variables, secrets } = await loadVariables(options, pool!, flags);
      // Every value injected so far stays masked, the values of earlier runs too.
      const masked = new Set(secrets);
      const output = () => ({ stdout: io.stdout, stderr: io.stderr, ...(options.mask ? { mask: maskTexts(masked) } : {}) });
      if (options.mask) await write(io.stdout, addMaskCommands(secrets, childEnv));
      if (watching) {
        const load = async () => {
          const loaded = await loadVariables(options, pool!, flags);
          for (const secret of loaded.secrets) masked.add(secret);
          return loaded.variables;
        };
        const warn = (line: string) => void io.stderr.write(`${line}\n`);
        const begin = (env: NodeJS.ProcessEnv) => startChild(command, env, output());
        outcome = await runWatching(command, childEnv, variables, { ...watching, load, warn, start: begin });
        return await pool!.close(io.stderr);
      }
      await pool!.close(io.stderr);
      outcome = await runChild(command, { ...childEnv, ...variables }, output());
    });

  program
    .command('export')
    .description('print the environment variables of the config file or reference file (values included: you asked for them)')
    .option('--config <file>', 'the config file (default: coffer.yml, coffer.yaml or coffer.json)')
    .option('--refs <file>', 'a .env-style file of references: NAME=ref+vault://secret/app/db#/password')
    .addOption(new Option('--format <format>', 'output format').choices(['dotenv', 'json', 'shell']).default('dotenv'))
    .action(async (options: VariableSources & { format: ExportFormat }, self: Command) => {
      start(self, false);
      await write(io.stdout, formatExport((await loadVariables(options, pool!, flags)).variables, options.format));
    });

  addServeCommand(program, (command) => start(command, false), io);
  addInjectCommand(
    program,
    (command) => {
      start(command, false);
      return pool!;
    },
    io,
  );
  addCopyCommands(
    program,
    (command) => {
      start(command, false);
      return pool!;
    },
    io,
  );

  try {
    await program.parseAsync(argv as string[]);
  } catch (error) {
    if (error instanceof CommanderError) {
      const shown = error.code === 'commander.helpDisplayed' || error.code === 'commander.version';
      outcome = { code: shown ? EXIT.ok : EXIT.usage };
    } else {
      outcome = { code: exitCodeOf(error) };
      await write(io.stderr, formatError(error, flags));
    }
  } finally {
    await pool?.close(io.stderr);
  }
  return outcome;
}
