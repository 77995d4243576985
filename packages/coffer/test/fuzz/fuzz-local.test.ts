import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, envProvider, fileProvider, memoryCache } from 'coffer';
import { driveClient, type FuzzedClient } from '../../../../scripts/test-support/fuzz/drive-client';
import { fingerprintPrototypes, prototypeChanges } from '../../../../scripts/test-support/fuzz/prototypes';
import { fuzzSeed, random } from '../../../../scripts/test-support/fuzz/random';
import { Tally } from '../../../../scripts/test-support/fuzz/tally';

// The local providers: the file provider in each of its formats (every accepted write must read
// back through a fresh provider, which parses the file again) and the env provider.
jest.setTimeout(90_000);
const seed = fuzzSeed();
const baseline = fingerprintPrototypes();
const folder = mkdtempSync(join(tmpdir(), 'coffer-fuzz-'));

const FILES = {
  json: {
    name: 'secrets.json',
    text: '{"s":{"text":"plain","json":{"k":"v"},"deep":{"a":"1"}}}\n',
    existing: ['/s/text', '/s/json', '/s/deep/a'],
  },
  yaml: {
    name: 'secrets.yml',
    text: '# kept\ns:\n  text: plain\n  json: {k: v}\n  deep:\n    a: "1"\n',
    existing: ['/s/text', '/s/json', '/s/deep/a'],
  },
  dotenv: {
    name: '.env',
    text: '# kept\nS_TEXT=plain\nS_JSON={"k":"v"}\nexport S_QUOTED="a b"\n',
    existing: ['/S_TEXT', '/S_JSON', '/S_QUOTED'],
  },
} as const;

it.each(Object.keys(FILES) as Array<keyof typeof FILES>)(
  'the file provider (%s) refuses hostile input and reads back every accepted write',
  async (format) => {
    const r = random(seed, 10 + Object.keys(FILES).indexOf(format));
    const tally = new Tally();
    const { name, text, existing } = FILES[format];
    const file = join(mkdtempSync(join(folder, `${format}-`)), name);
    writeFileSync(file, text, { mode: 0o600 });
    await driveClient(
      r,
      tally,
      {
        entry: `file (${format})`,
        client: createClient({ provider: fileProvider({ file }), cache: memoryCache() }) as unknown as FuzzedClient,
        existing,
        writablePath: (i) => (format === 'dotenv' ? `/W_P${i}` : `/w/p${i}`),
        reader: () => createClient({ provider: fileProvider({ file }), cache: false }) as unknown as FuzzedClient,
        count: 800,
      },
      baseline,
    );
    console.log(tally.report(`fuzz: file provider (${format})`, seed));
    expect(tally.findings).toEqual([]);
  },
);

it('the env provider refuses hostile names with a CofferError', async () => {
  const r = random(seed, 13);
  const tally = new Tally();
  process.env.FUZZ_A = 'plain';
  process.env.FUZZ_JSON = '{"k":"v"}';
  for (const prefix of ['', 'FUZZ_']) {
    await driveClient(
      r,
      tally,
      {
        entry: `env (prefix '${prefix}')`,
        client: createClient({ provider: envProvider({ prefix }), cache: memoryCache() }) as unknown as FuzzedClient,
        existing: prefix ? ['A', 'JSON'] : ['FUZZ_A', 'FUZZ_JSON'],
        writablePath: (i) => `FUZZ_W${i}`,
        count: 600,
        methods: ['get', 'get', 'getByPath', 'pathExists', 'update', 'getMany'],
      },
      baseline,
    );
  }
  console.log(tally.report('fuzz: env provider', seed));
  expect(tally.findings).toEqual([]);
  expect(prototypeChanges(baseline, fingerprintPrototypes())).toEqual([]);
});
