import { type CofferClient, createClient, memoryProvider } from '@coffer/core';
import { renderTemplate, resolveReferences } from 'coffer';
import { folderWith } from './cli-helpers';

/** A file provider's secrets, read through one counting client per provider. */
function counting() {
  const folder = folderWith({ 's.yml': 'db:\n  password: pw-12345\n  host: db.internal\n' });
  const reads: string[] = [];
  const clients = new Map<string, CofferClient>();
  const client = (provider: string, options: Readonly<Record<string, unknown>>) => {
    const key = JSON.stringify([provider, options]);
    let made = clients.get(key);
    if (!made) {
      const seeded = memoryProvider({ seed: { '/db/password': 'pw-12345', '/db/host': 'db.internal' } });
      made = createClient({
        provider: {
          ...seeded,
          getMany: (requests, context) => {
            reads.push(...requests.map((request) => request.path));
            return seeded.getMany!(requests, context);
          },
        },
      });
      clients.set(key, made);
    }
    return made;
  };
  return { folder, reads, client };
}

describe('references inside text', () => {
  it('resolves {{ ref+... }} inside a value, reading each secret once, and keeps other text', async () => {
    const { folder, reads, client } = counting();
    const env = await resolveReferences(
      {
        URL: 'postgres://app:{{ ref+file://s.yml#/db/password }}@{{ref+file://s.yml#/db/host}}:5432',
        PASSWORD: 'ref+file://s.yml#/db/password',
        PLAIN: 'no {{ reference }} here',
      },
      { baseDir: folder, client },
    );
    expect(env).toEqual({ URL: 'postgres://app:pw-12345@db.internal:5432', PASSWORD: 'pw-12345', PLAIN: 'no {{ reference }} here' });
    expect(reads.sort()).toEqual(['/db/host', '/db/password']);
  });

  it('refuses a reference inside a value that is not written {{ ref+... }}', async () => {
    await expect(resolveReferences({ URL: 'x ref+vault://secret/app#/pw y' })).rejects.toThrow(
      'URL: a reference inside a value is written {{ ref+... }}',
    );
  });

  it('renders a template, naming the line of a reference that fails, never a value', async () => {
    const { folder, client } = counting();
    const template = 'a: {{ ref+file://s.yml#/db/host }}\n\nb: {{ ref+file://s.yml#/db/nope }}\n';
    await expect(renderTemplate('x: {{ ref+file://s.yml#/db/password }}\n', { baseDir: folder, client })).resolves.toBe('x: pw-12345\n');
    await expect(renderTemplate(template, { baseDir: folder, client, file: 'config.tpl' })).rejects.toMatchObject({
      code: 'SECRET_NOT_FOUND',
      message: expect.stringMatching(/^config\.tpl:3: /),
    });
  });
});
