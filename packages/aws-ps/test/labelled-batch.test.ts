import { LabelParameterVersionCommand, PutParameterCommand } from '@aws-sdk/client-ssm';
import { ParameterStore } from '@coffer/aws-ps';
import { memoryCache, type ReadRequest } from '@coffer/core';
import { pairParameters, UNPAIRED } from '../src/read';
import { credentials, directSsm, proxy, region, uniquePrefix } from './support';

/** Writes versions `${name}-1`, `${name}-2`, ... of `name` and puts `labels` on version 1. */
async function versioned(name: string, versions: number, labels: Record<string, number> = {}): Promise<void> {
  const ssm = directSsm();
  for (let v = 1; v <= versions; v++)
    await ssm.send(new PutParameterCommand({ Name: name, Value: `${name}-${v}`, Type: 'String', Overwrite: v > 1 }));
  for (const [label, version] of Object.entries(labels))
    await ssm.send(new LabelParameterVersionCommand({ Name: name, ParameterVersion: version, Labels: [label] }));
}

async function client() {
  const counter = await proxy();
  const ps = new ParameterStore({ endpoint: counter.endpoint, region, credentials, cache: memoryCache() });
  return { counter, ps, done: async () => Promise.all([ps.close(), counter.close()]) };
}

jest.setTimeout(30_000);

describe('aws.ps batched reads of labels and versions', () => {
  it('gives each of two labelled reads in one batch its own value (the reported swap)', async () => {
    const b = `${uniquePrefix()}/b`;
    await versioned(`${b}/aa`, 2, { old: 1 });
    await versioned(`${b}/zz`, 2, { old: 1 });
    const { ps, counter, done } = await client();

    const values = await Promise.all([ps.get(`${b}/aa:old`), ps.get(`${b}/zz:old`)]);

    expect(values).toEqual([`${b}/aa-1`, `${b}/zz-1`]);
    expect(counter.count('GetParameters')).toBe(1);
    await done();
  });

  it('pairs labels, versions, bare names and missing selectors of many names in any order', async () => {
    const p = uniquePrefix();
    await versioned(`${p}/a`, 3, { old: 1, mid: 2 });
    await versioned(`${p}/m`, 2, { old: 2 });
    await versioned(`${p}/z`, 2, { old: 1 });
    const { ps, done } = await client();

    const reads = [
      [`${p}/z:old`, `${p}/z-1`],
      [`${p}/m:old`, `${p}/m-2`],
      [`${p}/a`, `${p}/a-3`],
      [`${p}/a:2`, `${p}/a-2`],
      [`${p}/z`, `${p}/z-2`],
      [`${p}/a:old`, `${p}/a-1`],
      [`${p}/m:1`, `${p}/m-1`],
    ] as const;
    const values = await Promise.all(reads.map(([path]) => ps.get(path)));
    const missing = await Promise.allSettled([ps.get(`${p}/a:nolabel`), ps.get(`${p}/gone:old`), ps.get(`${p}/a:9`)]);

    expect(values).toEqual(reads.map(([, value]) => value));
    expect(missing.map((result) => (result.status === 'rejected' ? result.reason.code : result.value))).toEqual([
      'SECRET_NOT_FOUND',
      'SECRET_NOT_FOUND',
      'SECRET_NOT_FOUND',
    ]);
    await done();
  });

  it('reads alone the labels of one name that a batch answer cannot tell apart', async () => {
    const a = `${uniquePrefix()}/a`;
    await versioned(a, 3, { old: 1, mid: 2 });
    const { ps, counter, done } = await client();

    const values = await Promise.all([ps.get(`${a}:old`), ps.get(`${a}:mid`), ps.get(a)]);

    expect(values).toEqual([`${a}-1`, `${a}-2`, `${a}-3`]);
    expect(counter.count('GetParameters')).toBe(1 + 2);
    await done();
  });
});

describe('pairParameters', () => {
  const request = (path: string): ReadRequest => ({ path, options: { decrypt: true } });

  it('pairs by Name and Selector when the answer carries them, whatever the order', () => {
    const requests = [request('/a:old'), request('/b:old'), request('/a')];
    const answers = [
      { Name: '/a', Version: 3, Value: 'a3' },
      { Name: '/b', Selector: ':old', Version: 1, Value: 'b1' },
      { Name: '/a', Selector: ':old', Version: 1, Value: 'a1' },
    ];

    expect(pairParameters(requests, answers, [])).toMatchObject([{ value: 'a1' }, { value: 'b1' }, { value: 'a3' }]);
  });

  it('leaves unpaired, never guesses, a name whose answer is missing or cannot be told apart', () => {
    const requests = [request('/a:old'), request('/a:mid'), request('/b'), request('/c')];
    const answers = [
      { Name: '/a', Version: 1, Value: 'a1' },
      { Name: '/a', Version: 2, Value: 'a2' },
      { Name: '/x', Version: 1, Value: 'x1' },
    ];

    expect(pairParameters(requests, answers, ['/c'])).toEqual([UNPAIRED, UNPAIRED, UNPAIRED, undefined]);
  });
});
