// One process of a test fleet: it runs the built `coffer` package (as an application would) and
// answers commands, one JSON line each way, on stdin and stdout. See fleet.ts.
const { createInterface } = require('node:readline');
const coffer = require('../../dist/index.js');

let client;
let cache;
const warnings = [];
process.on('warning', (warning) => {
  if (warning.name === 'CofferWarning') warnings.push(warning.message);
});

const wire = (value) => (value instanceof Uint8Array ? { bytes: Buffer.from(value).toString('base64') } : value);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function makeCache(spec) {
  if (spec.kind === 'memory') return coffer.memoryCache();
  // A Redis URL gives memory in front of Redis, as COFFER_CACHE does.
  if (spec.kind === 'redis') return coffer.cacheFromSpec(spec.url, { namespace: spec.namespace, ttl: spec.ttl, encryptionKey: spec.key });
  const shared = coffer.keyvCache({ path: spec.path, namespace: spec.namespace, ttl: spec.ttl });
  return spec.memory === false ? shared : coffer.tieredCache(coffer.memoryCache({ ttl: spec.ttl }), shared);
}

async function readAll(names, options) {
  const outcomes = await Promise.allSettled(names.map((name) => client.get(name, options)));
  const values = {};
  outcomes.forEach((outcome, i) => {
    values[names[i]] = outcome.status === 'fulfilled' ? wire(outcome.value) : { error: outcome.reason?.code ?? 'UNKNOWN' };
  });
  return values;
}

const commands = {
  async setup({ provider, options, cache: spec }) {
    // `env`: no cache option, so COFFER_CACHE decides, as for an application configured by its environment.
    cache = spec.kind === 'env' ? undefined : makeCache(spec);
    const Class = provider === 'aws.sm' ? coffer.SecretsManager : coffer.ParameterStore;
    client = new Class(cache ? { ...options, cache } : options);
    return {};
  },
  async read({ names, options }) {
    return { values: await readAll(names, options) };
  },
  async rounds({ names, rounds, pauseMs }) {
    const counts = {};
    for (let round = 0; round < rounds; round++) {
      for (const value of Object.values(await readAll(names))) {
        const label = value && typeof value === 'object' && 'error' in value ? value.error : 'value';
        counts[label] = (counts[label] ?? 0) + 1;
      }
      await sleep(pauseMs);
    }
    return { counts };
  },
  async update({ name, value }) {
    await client.update(name, value);
    return {};
  },
  async refresh({ name }) {
    await client.refresh(name);
    return {};
  },
  async clear() {
    await client.clear();
    return {};
  },
  async waitFor({ name, value, limitMs }) {
    const deadline = Date.now() + limitMs;
    for (;;) {
      const seen = await client.get(name).catch((error) => ({ error: error.code }));
      if (seen === value || Date.now() > deadline) return { seen };
      await sleep(20);
    }
  },
  async stats() {
    return { stats: client.stats(), warnings };
  },
  async exit() {
    await (cache ? cache.close?.() : client?.close());
    setImmediate(() => process.exit(0));
    return {};
  },
};

createInterface({ input: process.stdin }).on('line', (line) => {
  const { id, cmd, ...args } = JSON.parse(line);
  commands[cmd](args).then(
    (result) => process.stdout.write(`${JSON.stringify({ id, ok: true, ...result })}\n`),
    (error) => process.stdout.write(`${JSON.stringify({ id, ok: false, error: String(error?.code ?? error?.name) })}\n`),
  );
});
process.stdout.write(`${JSON.stringify({ id: 0, ok: true, ready: true })}\n`);
