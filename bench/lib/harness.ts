import { readFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname, join } from 'node:path';
import { transformSync } from 'esbuild';
import type * as AwsProxyModule from '../../scripts/harness/aws-proxy';
import type * as MotoModule from '../../scripts/harness/moto';
import type * as AgentModule from '../../scripts/harness/secrets-manager-agent';
import type * as RedisModule from '../../scripts/harness/redis';

const HARNESS = join(__dirname, '..', '..', 'scripts', 'harness');

interface LoadableModule {
  filename: string;
  paths: string[];
  exports: unknown;
  _compile(code: string, filename: string): void;
}
type ModuleInternals = { new (id: string, parent?: unknown): LoadableModule; _nodeModulePaths(from: string): string[] };

/**
 * Loads one of the test harness's TypeScript modules from where it lives (so that its own
 * `__dirname` still points into scripts/), compiled on the fly: the bench reuses the emulator
 * and the counting proxy of the tests instead of keeping copies.
 */
function requireHarness<T>(name: string): T {
  // A harness module may import another (`./moto`): TypeScript is compiled the same way there.
  const extensions = (Module as unknown as { _extensions: Record<string, (m: LoadableModule, file: string) => void> })._extensions;
  extensions['.ts'] ??= (loading, path) => loading._compile(compile(path), path);
  const file = join(HARNESS, `${name}.ts`);
  const code = compile(file);
  const Internals = Module as unknown as ModuleInternals;
  const loaded = new Internals(file, module);
  loaded.filename = file;
  loaded.paths = Internals._nodeModulePaths(dirname(file));
  loaded._compile(code, file);
  return loaded.exports as T;
}

function compile(file: string): string {
  return transformSync(readFileSync(file, 'utf8'), { loader: 'ts', format: 'cjs', target: 'node20', sourcefile: file }).code;
}

export type Moto = MotoModule.Moto;
export type AwsProxy = AwsProxyModule.AwsProxy;

/**
 * Starts a private moto server (scripts/harness/moto.ts installs moto into ~/.cache/coffer/venv
 * when absent).
 */
export function startMoto(): Promise<Moto> {
  return requireHarness<typeof MotoModule>('moto').startMoto();
}

/** Starts the counting proxy of scripts/harness/aws-proxy.ts in front of `endpoint`. */
export function awsProxy(endpoint: string): Promise<AwsProxy> {
  return requireHarness<typeof AwsProxyModule>('aws-proxy').awsProxy(endpoint);
}

/** The AWS Secrets Manager Agent of scripts/harness/secrets-manager-agent.ts: its binary, or why there is none. */
export function secretsManagerAgent(): typeof AgentModule {
  // It imports its neighbour './moto': let `require` compile the harness's TypeScript too.
  const extensions = (Module as unknown as { _extensions: Record<string, unknown> })._extensions;
  extensions['.ts'] ??= (loaded: LoadableModule, file: string) => {
    const { code } = transformSync(readFileSync(file, 'utf8'), { loader: 'ts', format: 'cjs', target: 'node20', sourcefile: file });
    loaded._compile(code, file);
  };
  return requireHarness<typeof AgentModule>('secrets-manager-agent');
}

/**
 * Starts a private redis-server on 127.0.0.1 (scripts/harness/redis.ts installs it when absent);
 * a string says why there is none.
 */
export function startRedis(): Promise<{ url: string; stop(): Promise<void> } | string> {
  return requireHarness<typeof RedisModule>('redis').startRedis();
}
