import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { exited } from '../test-support/server-process';

/**
 * The AWS Secrets Manager Agent for the tests, pointed at moto. `scripts/setup-agent.sh` builds
 * it once into ~/.cache/coffer/agent (`.ci/run` runs it before the tests); the tests never build
 * it themselves, so a run never waits ten minutes for cargo: when the binary is missing,
 * {@link agentBinary} says why and the agent's tests skip saying so.
 */

/** A running agent. */
export interface Agent {
  /** The port it chose on 127.0.0.1. */
  readonly port: number;
  stop(): Promise<void>;
}

const ROOT = process.env.COFFER_AGENT_ROOT ?? join(homedir(), '.cache', 'coffer', 'agent');

/** The agent's binary, or why there is none. */
export function agentBinary(): { path: string } | { missing: string } {
  const path = join(ROOT, 'bin', 'aws_secretsmanager_agent');
  if (existsSync(path)) return { path };
  return { missing: `the AWS Secrets Manager Agent is not built (${path}): run bash scripts/setup-agent.sh` };
}

/**
 * Starts the agent on a free 127.0.0.1 port, reading Secrets Manager at `endpoint` (moto) with
 * test credentials, requiring `token` in `X-Aws-Parameters-Secrets-Token`.
 *
 * @example
 * ```ts
 * const agent = await startAgent(binary, motoEndpoint(), 'token');
 * await agent.stop();
 * ```
 */
export async function startAgent(binary: string, endpoint: string, token: string): Promise<Agent> {
  const folder = mkdtempSync(join(tmpdir(), 'coffer-agent-'));
  const config = join(folder, 'config.toml');
  // Port 0: the agent picks a free one and prints it. No STS check: moto needs none.
  writeFileSync(config, 'http_port = "0"\nlog_to_file = false\nlog_level = "error"\nregion = "us-east-1"\nvalidate_credentials = false\n');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: folder,
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'AKIDCOFFERTEST',
    AWS_SECRET_ACCESS_KEY: 'not-a-real-secret',
    AWS_REGION: 'us-east-1',
    AWS_TOKEN: token,
  };
  const child = spawn(binary, ['--config', config], { cwd: folder, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited(child);
    rmSync(folder, { recursive: true, force: true });
  };
  const port = await new Promise<number>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`the agent did not start: ${output.slice(0, 500)}`)), 20_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(Number(found[1]));
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the agent exited (${code}): ${output.slice(0, 500)}`));
    });
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  child.stdout?.resume();
  child.stderr?.resume();
  return { port, stop };
}
