import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Agent } from 'node:http';
import { resolve } from 'node:path';
import { numbered, seedSecrets } from '../lib/aws';
import type { BenchContext } from '../lib/context';
import { secretsManagerAgent } from '../lib/harness';
import { judged, type Row } from '../lib/results';
import { figure, median, ratio } from '../lib/stats';
import { httpClientLoad, rawSocketLoad, timedGet } from './serve-load';

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
  const targets = names.map((name) => `/secretsmanager/get?secretId=${encodeURIComponent(name)}`);
  const series = () => ({ coffer: [] as number[], floor: [] as number[] });
  const burst = series();
  const generators = { http: { rps: series(), p99: series(), cores: series() }, raw: { rps: series(), p99: series(), cores: series() } };
  for (let round = 0; round < Math.max(3, context.slowRounds); round++) {
    for (const who of ['floor', 'coffer'] as const) {
      const server =
        who === 'coffer'
          ? await cofferServe(context.proxy.endpoint, token)
          : await secretsManagerAgent().startAgent(binary.path, context.proxy.endpoint, token);
      try {
        const before = context.proxy.count();
        const agent = new Agent({ keepAlive: false });
        await Promise.all(names.map((name) => timedGet(agent, server.port, `/v1/${name}`, token)));
        burst[who].push(context.proxy.count() - before);
        for (const [kind, load] of [
          ['http', httpClientLoad],
          ['raw', rawSocketLoad],
        ] as const) {
          const measured = await load(server.port, targets, token, total, CONCURRENCY);
          generators[kind].rps[who].push(measured.rps);
          generators[kind].p99[who].push(measured.p99);
          generators[kind].cores[who].push(measured.generatorCores);
        }
      } finally {
        await server.stop();
      }
    }
  }
  const figures = (values: { coffer: number[]; floor: number[] }, unit: 'req' | 'ops/s' | 'ms') => ({
    coffer: figure(values.coffer, unit),
    floor: figure(values.floor, unit),
  });
  const calls = figures(burst, 'req');
  const note = 'floor: the AWS Secrets Manager Agent, same moto, same load generator';
  const cores = (kind: 'http' | 'raw') =>
    `the generator used ${median(generators[kind].cores.floor).toFixed(2)} cores with the agent, ` +
    `${median(generators[kind].cores.coffer).toFixed(2)} with coffer serve`;
  const speedRows = (kind: 'http' | 'raw', title: string): Row[] => {
    const speed = figures(generators[kind].rps, 'ops/s');
    const tail = figures(generators[kind].p99, 'ms');
    return [
      {
        scenario: 'serve',
        measure: `cached reads, ${CONCURRENCY} at a time, ${title}: requests a second`,
        figures: speed,
        ratios: [judged('coffer / agent', ratio(speed.coffer, speed.floor), { op: '>=', value: 1 })],
        note: `${note}; ${cores(kind)}`,
      },
      {
        scenario: 'serve',
        measure: `cached reads, ${CONCURRENCY} at a time, ${title}: p99 latency`,
        figures: tail,
        ratios: [judged('coffer / agent', ratio(tail.coffer, tail.floor), { op: '<=', value: 1 })],
        note,
      },
    ];
  };
  return [
    {
      scenario: 'serve',
      measure: 'cold burst: 100 distinct secrets over HTTP, backend calls',
      figures: calls,
      ratios: [judged('coffer serve calls', calls.coffer, { op: '<=', value: 7, unit: 'req' })],
      note,
    },
    ...speedRows('http', "Node's http client"),
    ...speedRows('raw', 'raw sockets'),
  ];
}
