import type { Duration } from '@coffer/core';
import type { Command } from 'commander';
import { serve } from '../serve/serve.js';
import { type ServeBackend, serveBackend } from '../serve/serve-handler.js';
import { factoryOf, flagOptions, type GlobalFlags } from './clients.js';
import { UsageError } from './errors.js';
import { write } from './io.js';

/** The options of `coffer serve`. */
interface ServeFlags {
  port?: string;
  secrets: string;
  parameters: string;
  log?: boolean;
}

function backendOf(name: string, flags: GlobalFlags): ServeBackend | undefined {
  if (name === 'none') return undefined;
  const provider = factoryOf(name)(flagOptions(name, flags, false));
  return serveBackend(provider, flags.ttl === undefined ? {} : { ttl: flags.ttl as Duration });
}

/**
 * Adds `coffer serve`: the protocol of the AWS Parameters and Secrets Lambda Extension on
 * 127.0.0.1, over any provider (aws.sm and aws.ps by default) and cache, until SIGINT or SIGTERM.
 *
 * @example
 * ```ts
 * addServeCommand(program, (command) => command.optsWithGlobals(), io);
 * ```
 */
export function addServeCommand(
  program: Command,
  start: (command: Command) => GlobalFlags,
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
): void {
  program
    .command('serve')
    .description('serve the Lambda extension protocol on 127.0.0.1 (token from AWS_TOKEN or AWS_SESSION_TOKEN)')
    .option('--port <port>', 'the port; 0 picks a free one (default PARAMETERS_SECRETS_EXTENSION_HTTP_PORT, else 2773)')
    .option('--secrets <provider>', "what serves /secretsmanager/get and /v1/<id> ('none' to turn it off)", 'aws.sm')
    .option('--parameters <provider>', "what serves /systemsmanager/parameters/get ('none' to turn it off)", 'aws.ps')
    .option('--log', 'one line per request on stderr: method, route, status (never a value)')
    .action(async (options: ServeFlags, command: Command) => {
      const flags = start(command);
      if (options.port !== undefined && !/^\d{1,5}$/.test(options.port)) throw new UsageError('--port must be a port number');
      const secrets = backendOf(options.secrets, flags);
      const parameters = backendOf(options.parameters, flags);
      const server = await serve({
        backends: { ...(secrets ? { secrets } : {}), ...(parameters ? { parameters } : {}) },
        ...(options.port === undefined ? {} : { port: Number(options.port) }),
        ...(options.log ? { log: (line: string) => io.stderr.write(`coffer serve: ${line}\n`) } : {}),
      });
      await write(io.stdout, `coffer serve listening on http://127.0.0.1:${server.port}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await server.close();
    });
}
