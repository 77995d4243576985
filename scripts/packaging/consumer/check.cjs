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

  // @keyv/sqlite is an optional peer, not installed here: the cache says how, reads still work.
  const warnings = [];
  const emitWarning = process.emitWarning;
  process.emitWarning = (warning, ...rest) => {
    warnings.push(String(warning?.message ?? warning));
    return emitWarning.call(process, warning, ...rest);
  };
  const cached = core.createClient({
    provider: core.memoryProvider({ seed: { '/a': 'b' } }),
    cache: coffer.keyvCache({ path: join(folder, 'c.db') }),
  });
  assert.equal(await cached.get('/a'), 'b');
  // The store opens in the background: wait (at most 5 s) for its one warning.
  for (let waited = 0; waited < 5000 && warnings.length === 0; waited += 20) await new Promise((done) => setTimeout(done, 20));
  assert.ok(
    warnings.some((message) => message.includes('npm install @keyv/sqlite')),
    `warnings: ${warnings.join(' | ')}`,
  );
  console.log('cjs ok');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
