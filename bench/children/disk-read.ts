/**
 * Run in a fresh Node process: reads the given parameters concurrently, with coffer over the
 * SQLite cache file (`sqlite <file>`), with coffer's memory cache (`memory`), or with Powertools
 * (`powertools`), and prints the timings as one JSON line.
 */
const started = performance.now();
const [kind, file, prefix, count] = process.argv.slice(2) as [string, string, string, string];
const names = Array.from({ length: Number(count) }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`);

async function read(): Promise<{ values: unknown[]; close: () => Promise<unknown> | undefined }> {
  if (kind === 'powertools') {
    const { SSMProvider } = require('@aws-lambda-powertools/parameters/ssm');
    const provider = new SSMProvider();
    return { values: await Promise.all(names.map((name) => provider.get(name, { decrypt: true }))), close: () => undefined };
  }
  const { ParameterStore } = require('@coffer/aws-ps');
  const cache = kind === 'sqlite' ? require('@coffer/cache-keyv').keyvCache({ path: file }) : require('@coffer/core').memoryCache();
  const client = new ParameterStore({ cache, ttl: '1h' });
  const values = await Promise.all(names.map((name) => client.get(name)));
  return { values, close: async () => Promise.all([client.close(), cache.close?.()]) };
}

read().then(
  async ({ values, close }) => {
    const ms = performance.now() - started;
    await close();
    const wrong = values.filter((value, i) => value !== `value of ${names[i]}`).length;
    process.stdout.write(`${JSON.stringify({ ms, wrong })}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`disk read failed: ${(error as Error).name}: ${(error as Error).message}\n`);
    process.exit(1);
  },
);

export {};
