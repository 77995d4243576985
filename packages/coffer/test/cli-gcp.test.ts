import { randomBytes } from 'node:crypto';
import { buildCli, type CliOptions, coffer, expectOneLineError, secret } from './cli-helpers';

beforeAll(buildCli, 180_000);
jest.setTimeout(60_000);

const endpoint = process.env.COFFER_TEST_GCP_ENDPOINT;
const project = 'coffer-test';
// The fixed token as Terraform's google provider takes one; drongo checks none.
const gcp = (): CliOptions['env'] => ({ GOOGLE_OAUTH_ACCESS_TOKEN: 'drongo-test-token', GOOGLE_CLOUD_PROJECT: project });
const at = () => ['--endpoint', endpoint as string];
const unique = () => `t${randomBytes(5).toString('hex')}`;

(endpoint ? describe : describe.skip)('coffer CLI on gcp.sm (drongo)', () => {
  it('creates a secret from stdin, reads it and a key back, lists it and answers exists', async () => {
    const id = unique();
    const value = secret();

    const created = await coffer(['update', 'gcp.sm', `${id}-db`, '-', '--create', ...at()], {
      input: JSON.stringify({ password: value }),
      env: gcp(),
    });
    const key = await coffer(['get', 'gcp.sm', `${id}-db`, 'password', ...at()], { env: gcp() });
    const full = await coffer(['get', 'gcp.sm', `projects/${project}/secrets/${id}-db:1`, 'password', ...at()], { env: gcp() });
    const listed = await coffer(['get-by-path', 'gcp.sm', `${id}-`, '--format', 'json', ...at()], { env: gcp() });
    const exists = await coffer(['exists', 'gcp.sm', `${id}-db`, ...at()], { env: gcp() });
    const missing = await coffer(['exists', 'gcp.sm', `${id}-nope`, ...at()], { env: gcp() });

    expect(created).toMatchObject({ code: 0, stderr: '' });
    expect(key.stdout).toBe(`${value}\n`);
    expect(full.stdout).toBe(`${value}\n`);
    expect(JSON.parse(listed.stdout)).toEqual({ [`${id}-db`]: { password: value } });
    expect(exists.code).toBe(0);
    expect(missing.code).toBe(1);
  });

  it('fails a missing secret with exit 1 and a bare id without a project with exit 2, never quoting a value', async () => {
    const notFound = await coffer(['get', 'gcp.sm', unique(), ...at()], { env: gcp() });
    const noProject = await coffer(['get', 'gcp.sm', unique(), ...at()], { env: { ...gcp(), GOOGLE_CLOUD_PROJECT: undefined } });

    expect(notFound.code).toBe(1);
    expectOneLineError(noProject, 2);
    expect(noProject.stderr).toMatch(/GOOGLE_CLOUD_PROJECT/);
  });
});
