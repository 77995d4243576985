import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

/** The secrets a test seeds its provider with, all derived from the test's random prefix. */
export function secretsFor(prefix: string, count: number): Record<string, string | string[] | Uint8Array | Record<string, string>> {
  const out: Record<string, string | string[] | Uint8Array | Record<string, string>> = {};
  for (let i = 0; i < count; i++) {
    const name = `/${prefix}/service-${i}/secret-${i}`;
    const value = `${prefix}-value-${i}`;
    if (i % 4 === 0) out[name] = value;
    else if (i % 4 === 1) out[name] = { user: `${prefix}-user-${i}`, password: value };
    else if (i % 4 === 2) out[name] = [value, `${prefix}-second-${i}`];
    else out[name] = new Uint8Array(createHash('sha256').update(value).digest());
  }
  return out;
}

/** A value as JSON can carry it between processes: bytes become `{ bytes: base64 }`. */
export function toWire(value: unknown): unknown {
  if (value instanceof Uint8Array) return { bytes: Buffer.from(value).toString('base64') };
  if (Array.isArray(value)) return value.map(toWire);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toWire(v)]));
  return value;
}

/** What a child process reports on its last stdout line. */
export interface ChildReport {
  [field: string]: unknown;
  warnings: string[];
}

/** A running child: its report once it exits, and a way to tell it to start. */
export interface Child {
  report: Promise<ChildReport>;
  ready: Promise<void>;
  go(): void;
}

const CHILD = join(__dirname, 'cache-child.ts');
const REGISTER = join(__dirname, 'register.js');

/** Starts `node cache-child.ts <task>` as a separate process, with its own environment. */
export function startChild(task: Record<string, unknown>, env: NodeJS.ProcessEnv = {}): Child {
  const child = spawn(process.execPath, ['-r', REGISTER, CHILD, JSON.stringify(task)], {
    env: { ...process.env, COFFER_CACHE_KEY: '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
    timeout: 60_000,
  });
  let stdout = '';
  let stderr = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.includes('ready\n')) markReady();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const report = new Promise<ChildReport>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const last = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`child exited with ${code}: ${stderr.slice(-2000)}`));
      try {
        resolve(JSON.parse(last) as ChildReport);
      } catch {
        reject(new Error(`child printed no report: ${stdout.slice(-500)} ${stderr.slice(-2000)}`));
      }
    });
  });
  return { report, ready, go: () => child.stdin.end('go\n') };
}

/** Runs one child to the end. */
export function runChild(task: Record<string, unknown>, env?: NodeJS.ProcessEnv): Promise<ChildReport> {
  const child = startChild(task, env);
  child.go();
  return child.report;
}
