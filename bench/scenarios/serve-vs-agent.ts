import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { resolve } from 'node:path';
import { numbered, seedSecrets } from '../lib/aws';
import type { BenchContext } from '../lib/context';
import { secretsManagerAgent } from '../lib/harness';
import { judged, type Row } from '../lib/results';
import { figure, ratio } from '../lib/stats';

const NAMES = 100;
const CONCURRENCY = 32;
const CLI = resolve(__dirname, '..', '..', 'packages', 'coffer', 'dist', 'cli', 'main.js');

interface Server {
  readonly port: number;
  stop(): Promise<void>;
}

/** `coffer serve` as a user runs it: the built CLI, its own process, aws.sm on the counting proxy. */
function cofferServe(endpoint: string, token: string): Promise<Server> {
  const child: ChildProcess = spawn(
    process.execPath,
    [CLI, 'serve', '--port', '0', '--parameters', 'none', '--endpoint', endpoint, '--region', 'us-east-1'],
    { env: { ...process.env, AWS_TOKEN: token, COFFER_CACHE: 'memory' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((done, failed) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const found = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (found) {
        const stop = () =>
          new Promise<void>((stopped) => {
            child.once('exit', () => stopped());
            child.kill('SIGTERM');
          });
        done({ port: Number(found[1]), stop });
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => failed(new Error(`coffer serve exited (${code}): ${output.slice(0, 300)}`)));
  });
}

function get(agent: Agent, port: number, path: string, token: string): Promise<number> {
  const started = process.hrtime.bigint();
  return new Promise((done, failed) => {
    const req = request({ host: '127.0.0.1', port, path, agent, headers: { 'X-Aws-Parameters-Secrets-Token': token } }, (response) => {
      response.resume();
      response.on('end', () =>
        response.statusCode === 200
          ? done(Number(process.hrtime.bigint() - started) / 1e6)
          : failed(new Error(`status ${response.statusCode}`)),
      );
    });
    req.on('error', failed);
    req.end();
  });
}

/** The load generator, the same for both: `total` requests, `CONCURRENCY` at a time on kept-alive sockets. */
async function load(port: number, names: readonly string[], token: string, total: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const latencies: number[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) {
        const name = names[next++ % names.length] as string;
        latencies.push(await get(agent, port, `/secretsmanager/get?secretId=${encodeURIComponent(name)}`, token));
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { rps: total / seconds, p99: latencies[Math.floor(latencies.length * 0.99)] as number };
}

/**
 * `coffer serve` beside the AWS Secrets Manager Agent, both over the same moto behind the
 * counting proxy, both in their own process, driven by the same load generator: a cold burst
 * of 100 distinct secrets asked at once (backend calls), and cached reads (requests a second,
 * p99 latency). The agent is the baseline (the "floor" column).
 */
export async function serveVsAgent(context: BenchContext): Promise<Row[]> {
  const binary = secretsManagerAgent().agentBinary();
  if ('missing' in binary) {
    context.skip('serve', binary.missing);
    return [];
  }
  const names = numbered(`bench/serve/${randomBytes(3).toString('hex')}/s`, NAMES);
  await seedSecrets(context.emulator.endpoint, names, (name) => `value of ${name}`);
  const token = randomBytes(12).toString('hex');
  const total = context.quick ? 3_000 : 20_000;
  const burst = { coffer: [] as number[], floor: [] as number[] };
  const rps = { coffer: [] as number[], floor: [] as number[] };
  const p99 = { coffer: [] as number[], floor: [] as number[] };
  for (let round = 0; round < Math.max(3, context.slowRounds); round++) {
    for (const who of ['floor', 'coffer'] as const) {
      const server =
        who === 'coffer'
          ? await cofferServe(context.proxy.endpoint, token)
          : await secretsManagerAgent().startAgent(binary.path, context.proxy.endpoint, token);
      try {
        const before = context.proxy.count();
        const agent = new Agent({ keepAlive: false });
        await Promise.all(names.map((name) => get(agent, server.port, `/v1/${name}`, token)));
        burst[who].push(context.proxy.count() - before);
        const measured = await load(server.port, names, token, total);
        rps[who].push(measured.rps);
        p99[who].push(measured.p99);
      } finally {
        await server.stop();
      }
    }
  }
  const figures = (series: { coffer: number[]; floor: number[] }, unit: 'req' | 'ops/s' | 'ms') => ({
    coffer: figure(series.coffer, unit),
    floor: figure(series.floor, unit),
  });
  const calls = figures(burst, 'req');
  const speed = figures(rps, 'ops/s');
  const tail = figures(p99, 'ms');
  const note = 'floor: the AWS Secrets Manager Agent, same moto, same load generator';
  return [
    {
      scenario: 'serve',
      measure: 'cold burst: 100 distinct secrets over HTTP, backend calls',
      figures: calls,
      ratios: [judged('coffer serve calls', calls.coffer, { op: '<=', value: 7, unit: 'req' })],
      note,
    },
    {
      scenario: 'serve',
      measure: `cached reads, ${CONCURRENCY} at a time: requests a second`,
      figures: speed,
      ratios: [judged('coffer / agent', ratio(speed.coffer, speed.floor), { op: '>=', value: 1 })],
      note,
    },
    {
      scenario: 'serve',
      measure: `cached reads, ${CONCURRENCY} at a time: p99 latency`,
      figures: tail,
      ratios: [judged('coffer / agent', ratio(tail.coffer, tail.floor), { op: '<=', value: 1 })],
      note,
    },
  ];
}
