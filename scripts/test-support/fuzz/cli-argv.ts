import { hostileString } from './hostile';
import type { Random } from './random';

/**
 * Command lines for the CLI fuzz: real commands, providers and flags mixed with hostile words,
 * unknown options that carry text (`-<value>`, `--x=<value>`), and values where flags belong.
 */

/** What the argv generator needs to know about the test's fixtures. */
export interface ArgvFixtures {
  /** A JSON file for the file provider. */
  readonly file: string;
  /** The counting proxy in front of moto. */
  readonly endpoint: string;
  /** A config file for `run` and `export`. */
  readonly config: string;
  /** Existing paths, by provider. */
  readonly paths: Readonly<Record<string, readonly string[]>>;
  /** A folder for SQLite caches. */
  readonly cacheFolder: string;
}

const COMMANDS = ['get', 'get', 'get-by-path', 'exists', 'update', 'update', 'export', 'run', 'help'];
const PROVIDERS = ['file', 'file', 'env', 'aws.ps', 'aws.sm', 'memory', 'vault'];

function flag(r: Random, f: ArgvFixtures, words = true): string[] {
  switch (r.int(0, words ? 17 : 16)) {
    case 0:
      return ['--json'];
    case 1:
      return ['--debug'];
    case 2:
      return ['--stats'];
    case 3:
      return ['--no-decrypt'];
    case 4:
      return ['--ttl', r.pick(['30s', '1m', '-1', 'NaN', hostileString(r).value])];
    case 5:
      return ['--cache', r.pick(['memory', 'none', `sqlite://${f.cacheFolder}/c.db`, 'sqlite', 'bogus://x', hostileString(r).value])];
    case 6:
      return ['--region', r.pick(['us-east-1', hostileString(r).value])];
    case 7:
      return ['--format', r.pick(['json', 'env', 'table', 'dotenv', 'shell', hostileString(r).value])];
    case 8:
      return ['--create'];
    case 9:
      return ['--type', r.pick(['String', 'SecureString', 'StringList', hostileString(r).value])];
    case 10:
      return ['--no-recursive'];
    case 11:
      return [`-${hostileString(r).value}`];
    case 12:
      return [`--${r.pick(['password', 'x', 'value'])}=${hostileString(r).value}`];
    case 13:
      // Never a reachable host other than the proxy: a refused port, or no URL at all.
      return ['--endpoint', r.pick([f.endpoint, 'http://127.0.0.1:1', 'not a url', 'ftp://x', ''])];
    case 14:
      // Only files in the test's folder: an accepted `update` must never rewrite a file elsewhere.
      return [
        '--file',
        r.pick([f.file, `${f.cacheFolder}/missing.json`, `${f.cacheFolder}/x.yml`, `${f.cacheFolder}/.env`, f.cacheFolder]),
      ];
    case 15:
      return ['--role-arn', r.pick(['arn:aws:iam::123456789012:role/x', hostileString(r).value])];
    case 16:
      return [r.pick(words ? ['--help', '-V', '--version', '--', '-'] : ['--help', '-V', '--version'])];
    default:
      return [hostileString(r).value];
  }
}

/** One command line (without `node coffer`), with the provider it names, if any. */
export function cliArgv(r: Random, f: ArgvFixtures): { argv: string[]; provider: string | undefined } {
  const command = r.chance(0.9) ? r.pick(COMMANDS) : hostileString(r).value;
  const provider = r.chance(0.9) ? r.pick(PROVIDERS) : hostileString(r).value;
  const known = f.paths[provider];
  const path = known && r.chance(0.5) ? r.pick(known) : hostileString(r).value;
  const argv: string[] = [command];
  if (command === 'run' || command === 'export') {
    // Flags only: a bare word here would become the command `run` starts.
    for (let i = r.int(0, 2); i > 0; i--) argv.push(...flag(r, f, false));
    argv.push('--config', r.chance(0.8) ? f.config : hostileString(r).value);
    // `run` only ever starts `true`: the fuzz must not run hostile words as commands.
    if (command === 'run') argv.push('--', 'true');
    return { argv, provider: undefined };
  }
  argv.push(provider, path);
  if (command === 'update' && r.chance(0.8)) argv.push(r.chance(0.2) ? '-' : hostileString(r).value);
  for (let i = r.int(0, 3); i > 0; i--) {
    if (r.chance(0.7)) argv.push(...flag(r, f));
    else argv.splice(r.int(1, argv.length), 0, ...flag(r, f));
  }
  // Point the AWS providers at the proxy most of the time, so requests are counted, not sent to AWS.
  if (provider.startsWith('aws.') && !argv.includes('--endpoint')) argv.push('--endpoint', f.endpoint, '--region', 'us-east-1');
  return { argv, provider };
}
