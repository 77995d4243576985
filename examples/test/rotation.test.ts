import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, fileProvider } from 'coffer';
import { type Connector, reconnectingPool } from '../rotation/pool';
import { AccessDeniedError, createService, type Database } from '../rotation/service';

/** A database that accepts one password at a time and records every sign-in attempt. */
class FakeDatabase implements Database {
  readonly attempts: string[] = [];
  constructor(public password: string) {}
  async query(password: string, sql: string): Promise<unknown[]> {
    this.attempts.push(password);
    if (password !== this.password) throw new AccessDeniedError('access denied for user app');
    return [{ sql }];
  }
}

function setup() {
  const file = join(mkdtempSync(join(tmpdir(), 'coffer-rotation-')), 'secrets.yml');
  writeFileSync(file, 'db:\n  password: first\n');
  const secrets = createClient({ provider: fileProvider({ file }), ttl: '1h' });
  const database = new FakeDatabase('first');
  const rotations: number[] = [];
  const service = createService({ secrets, database, passwordPath: '/db/password', onRotation: () => rotations.push(Date.now()) });
  /** What a rotation job does: a new password in the store and in the database. */
  const rotate = (password: string) => {
    writeFileSync(file, `db:\n  password: ${password}\n`);
    database.password = password;
  };
  return { secrets, database, service, rotate, rotations };
}

describe('the rotation example (refreshOnError)', () => {
  it('serves the password from the cache until the database refuses it, then refreshes it once', async () => {
    const { secrets, database, service, rotate, rotations } = setup();
    await service.query('select 1');
    await service.query('select 2');
    expect(secrets.stats().apiCalls).toBe(1);

    rotate('second');
    const rows = await service.query('select 3');

    expect(rows).toEqual([{ sql: 'select 3' }]);
    expect(database.attempts).toEqual(['first', 'first', 'first', 'second']);
    expect(rotations).toHaveLength(1);
    expect(secrets.stats().apiCalls).toBe(2);
  });

  it('does not refresh for an error that is not about the password', async () => {
    const { secrets, database, service } = setup();
    database.query = async () => {
      throw new Error('syntax error');
    };

    await expect(service.query('selec')).rejects.toThrow('syntax error');
    expect(secrets.stats().apiCalls).toBe(1);
  });
});

describe('the rotation example (watch: a pool that reconnects on change)', () => {
  it('opens a connection with the new password once per rotation, never for an unchanged one', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'coffer-pool-')), 'secrets.yml');
    writeFileSync(file, 'db:\n  password: first\n');
    const secrets = createClient({ provider: fileProvider({ file }), ttl: '1h' });
    const opened: string[] = [];
    const closed: string[] = [];
    const connector: Connector = {
      async connect(password) {
        opened.push(password);
        return { close: async () => void closed.push(password) };
      },
    };
    let reconnected!: () => void;
    const done = new Promise<void>((resolve) => {
      reconnected = resolve;
    });
    const pool = await reconnectingPool({ secrets, path: '/db/password', connector, interval: 100, onReconnect: () => reconnected() });
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(opened).toEqual(['first']);

    writeFileSync(file, 'db:\n  password: second\n');
    await done;

    expect(opened).toEqual(['first', 'second']);
    expect(closed).toEqual(['first']);
    await pool.close();
    await secrets.close();
  });
});
