import { execFile } from 'node:child_process';

/** Runs a compiled bench script in a fresh Node process and parses the JSON line it prints. Bounded in time. */
export function runChild<T>(script: string, args: readonly string[], env: Record<string, string>, timeoutMs = 30_000): Promise<T> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [script, ...args], { env: { ...process.env, ...env }, timeout: timeoutMs }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`${script} failed: ${stderr.trim() || error.message}`));
      try {
        resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '') as T);
      } catch {
        reject(new Error(`${script} printed no JSON: ${stdout.slice(0, 200)}`));
      }
    });
  });
}
