import { GcpSecretManager } from '@coffer/gcp-sm';
import { addVersion, describeGcp, endpoint, project, unique } from './support';

/** Runs `body` with the project variables unset, as on a machine that sets none. */
async function withoutProjectVariables(body: () => Promise<void>): Promise<void> {
  const saved = { GOOGLE_CLOUD_PROJECT: process.env.GOOGLE_CLOUD_PROJECT, GCLOUD_PROJECT: process.env.GCLOUD_PROJECT };
  delete process.env.GOOGLE_CLOUD_PROJECT;
  delete process.env.GCLOUD_PROJECT;
  try {
    await body();
  } finally {
    for (const [name, value] of Object.entries(saved)) if (value !== undefined) process.env[name] = value;
  }
}

describeGcp('gcp.sm credentials on drongo', () => {
  it('takes any token source, and the project from it when none is given', () =>
    withoutProjectVariables(async () => {
      const id = unique('a');
      await addVersion(id, 'from a token source');
      let tokens = 0;
      const source = {
        async getAccessToken() {
          tokens++;
          return { token: 'minted-elsewhere' };
        },
        getProjectId: async () => project,
      };
      const secrets = new GcpSecretManager({ endpoint: endpoint(), credentials: source });
      expect(await secrets.get(id)).toBe('from a token source');
      expect(tokens).toBe(1);
      await secrets.close();
    }));

  it('reads a fixed token from GOOGLE_OAUTH_ACCESS_TOKEN when no credentials are given', async () => {
    const id = unique('o');
    await addVersion(id, 'via the variable');
    process.env.GOOGLE_OAUTH_ACCESS_TOKEN = 'from-the-environment';
    try {
      const secrets = new GcpSecretManager({ endpoint: endpoint(), project });
      expect(await secrets.get(id)).toBe('via the variable');
      await secrets.close();
    } finally {
      delete process.env.GOOGLE_OAUTH_ACCESS_TOKEN;
    }
  });
});

describe('gcp.sm token sources that fail', () => {
  it('calls a refused token a credentials error and an unreachable token endpoint transient', async () => {
    const refused = Object.assign(new Error('invalid_grant'), { response: { status: 400 } });
    const bad = new GcpSecretManager({
      endpoint: 'http://127.0.0.1:1',
      project,
      credentials: { getAccessToken: () => Promise.reject(refused) },
    });
    const down = new GcpSecretManager({
      endpoint: 'http://127.0.0.1:1',
      project,
      credentials: { getAccessToken: () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })) },
    });
    await expect(bad.get('db')).rejects.toMatchObject({ code: 'PROVIDER_ERROR', failure: 'credentials', transient: false });
    await expect(down.get('db')).rejects.toMatchObject({ code: 'PROVIDER_ERROR', transient: true });
    expect(bad.stats().apiCalls + down.stats().apiCalls).toBe(0);
    await Promise.all([bad.close(), down.close()]);
  });

  it('refuses a bare id before any call when the token source cannot name a project', () =>
    withoutProjectVariables(async () => {
      const secrets = new GcpSecretManager({
        endpoint: 'http://127.0.0.1:1',
        credentials: { getAccessToken: async () => 't' },
        maxAttempts: 1,
      });
      await expect(secrets.get('db')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      // A full name needs no default project: it goes out (and finds nothing listening).
      await expect(secrets.get('projects/p/secrets/db')).rejects.toMatchObject({ code: 'PROVIDER_ERROR', transient: true });
      await secrets.close();
    }));
});
