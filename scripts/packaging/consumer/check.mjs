// Run with node in a clean project where the packed tarballs were installed with npm.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheSuite, providerSuite } from '@coffer/conformance';
import { createClient, memoryProvider, SecretNotFoundError } from '@coffer/core';
import { ParameterStore } from '@coffer/aws-ps';
import { SecretsManager } from '@coffer/aws-sm';
import { CofferError, configure, get, getByPath, keyvCache, providerNames, tieredCache } from 'coffer';
import 'coffer/yaml';

assert.match(import.meta.resolve('coffer'), /\/esm\/index\.js$/);
assert.match(import.meta.resolve('@coffer/core'), /\/esm\/index\.js$/);
assert.match(createRequire(import.meta.url).resolve('coffer'), /[/\\]dist[/\\]index\.js$/);
for (const name of ['aws.ps', 'aws.sm', 'env', 'file']) assert.ok(providerNames().includes(name), name);
for (const value of [cacheSuite, providerSuite, keyvCache, tieredCache, ParameterStore, SecretsManager]) {
  assert.equal(typeof value, 'function');
}

const folder = mkdtempSync(join(tmpdir(), 'coffer-esm-'));
const file = join(folder, 'secrets.yml');
writeFileSync(file, 'app:\n  host: db.internal\n  port: "5432"\n');
configure('file', { file });
assert.equal(await get('file', '/app/host'), 'db.internal');
assert.deepEqual(await getByPath('file', '/app'), { '/app/host': 'db.internal', '/app/port': '5432' });

const error = await get('file', '/app/missing').catch((e) => e);
assert.ok(error instanceof SecretNotFoundError);
assert.ok(error instanceof CofferError);

const client = createClient({ provider: memoryProvider({ seed: { '/a': '{"b":[1,2]}' } }) });
assert.deepEqual(await client.get('/a', { keypath: ['b', 1] }), 2);

// The ESM build finds optional peers from the application: @keyv/sqlite is not installed here.
assert.throws(() => keyvCache({ path: join(folder, 'c.db') }), /npm install @keyv\/sqlite/);

// A CommonJS copy loaded beside the ESM one (a CommonJS dependency of the app): one error family.
const cjs = createRequire(import.meta.url)('@coffer/core');
assert.ok(new cjs.SecretNotFoundError('x') instanceof SecretNotFoundError);
console.log('esm ok');
