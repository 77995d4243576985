import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { clusterSkip, clusterUrl } from './support/cluster';

const CHILD = join(__dirname, 'support', 'cluster-close-child.ts');
const REGISTER = join(__dirname, 'support', 'register.js');

(clusterUrl ? describe : describe.skip)(`closing a cache on a Redis Cluster${clusterUrl ? '' : ` — skipped: ${clusterSkip}`}`, () => {
  // In a process of its own, so that no other test's connections are counted.
  it('leaves no connection open, though its invalidation channel was still subscribing', async () => {
    const child = spawn(process.execPath, ['-r', REGISTER, CHILD, clusterUrl as string], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    // A connection left open reconnects for ever, and holds the process open: it must exit by itself.
    const exited = await new Promise<boolean>((resolve) => {
      const bound = setTimeout(() => resolve(false), 30_000);
      child.once('exit', () => {
        clearTimeout(bound);
        resolve(true);
      });
    });
    if (!exited) child.kill('SIGKILL');

    expect(JSON.parse(stdout.trim() || '{}')).toEqual({ left: 0 });
    expect(exited).toBe(true);
  }, 45_000);
});
