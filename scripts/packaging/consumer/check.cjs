// Run with node in a clean project where the packed tarballs were installed with npm.
const assert = require('node:assert/strict');
const { mkdtempSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const coffer = require('coffer');
const core = require('@coffer/core');
const { providerSuite, cacheSuite } = require('@coffer/conformance');

async function main() {
  assert.match(require.resolve('coffer'), /[/\\]dist[/\\]index\.js$/);
  for (const name of ['aws.ps', 'aws.sm', 'env', 'file']) assert.ok(coffer.providerNames().includes(name), name);
  assert.equal(typeof providerSuite, 'function');
  assert.equal(typeof cacheSuite, 'function');

  const folder = mkdtempSync(join(tmpdir(), 'coffer-cjs-'));
  const file = join(folder, 'secrets.yml');
  writeFileSync(file, 'app:\n  db: \'{"user":"app","password":"pw"}\'\n  host: db.internal\n');
  coffer.configure('file', { file });
  assert.equal(await coffer.get('file', '/app/host'), 'db.internal');
  assert.equal(await coffer.get('file', '/app/db', { keypath: ['user'] }), 'app');

  const error = await coffer.get('file', '/app/missing').catch((e) => e);
  assert.ok(error instanceof core.SecretNotFoundError, 'SecretNotFoundError from @coffer/core');
  assert.ok(error instanceof coffer.CofferError);
  assert.equal(error.code, 'SECRET_NOT_FOUND');

  const client = core.createClient({ provider: core.memoryProvider({ seed: { '/a': 'b' } }) });
  assert.equal(await client.get('/a'), 'b');

  // @keyv/sqlite is an optional peer, not installed here: making an SQLite cache says how.
  const missing = /the SQLite cache needs @keyv\/sqlite: npm install @keyv\/sqlite/;
  assert.throws(
    () => coffer.keyvCache({ path: join(folder, 'c.db') }),
    (error) => error instanceof core.ValidationError && missing.test(error.message),
  );
  const env = { COFFER_CACHE: 'sqlite' };
  assert.throws(() => core.cacheFromEnvironment('ns', env), missing);
  console.log('cjs ok');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
