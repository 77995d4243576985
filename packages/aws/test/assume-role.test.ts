import { assumeRoleCredentials } from '@coffer/aws';
import { awsProxy } from '../../../scripts/harness/aws-proxy';
import { motoEndpoint } from '../../../scripts/harness/moto';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const base = { region: 'us-east-1', credentials: { accessKeyId: 'AKIDBASE', secretAccessKey: 'base-secret' } };
const role = { roleArn: 'arn:aws:iam::123456789012:role/coffer', durationSeconds: 900 };

describe('assumeRoleCredentials', () => {
  afterEach(() => jest.restoreAllMocks());

  it('makes one AssumeRole call for many concurrent callers and caches the credentials', async () => {
    const counter = await awsProxy(motoEndpoint());
    const credentials = assumeRoleCredentials(role, { ...base, endpoint: counter.endpoint });

    const all = await Promise.all(Array.from({ length: 25 }, () => credentials()));
    const later = await credentials();

    expect(new Set(all.map((c) => c.accessKeyId)).size).toBe(1);
    expect(later.accessKeyId).toBe(all[0]?.accessKeyId);
    expect(later.accessKeyId).not.toBe('AKIDBASE');
    expect(later.sessionToken).toBeTruthy();
    expect(counter.count('AssumeRole')).toBe(1);
    expect(counter.requests[0]?.accessKeyId).toBe('AKIDBASE');
    await counter.close();
  });

  it('assumes the role again when the credentials are within five minutes of expiry', async () => {
    const counter = await awsProxy(motoEndpoint());
    const credentials = assumeRoleCredentials(role, { ...base, endpoint: counter.endpoint });
    const first = await credentials();
    const now = Date.now();
    jest.spyOn(Date, 'now').mockReturnValue(now + 11 * 60_000);

    const second = await credentials();

    expect(second.accessKeyId).not.toBe(first.accessKeyId);
    expect(counter.count('AssumeRole')).toBe(2);
    await counter.close();
  });

  it('refreshes once for many requests that failed with the same expired key', async () => {
    const counter = await awsProxy(motoEndpoint());
    const credentials = assumeRoleCredentials(role, { ...base, endpoint: counter.endpoint });
    const stale = (await credentials()).accessKeyId;

    const refreshed = await Promise.all(Array.from({ length: 10 }, () => credentials.refresh(stale)));
    const afterwards = await credentials.refresh(stale);

    expect(new Set(refreshed.map((c) => c.accessKeyId)).size).toBe(1);
    expect(afterwards.accessKeyId).toBe(refreshed[0]?.accessKeyId);
    expect(counter.count('AssumeRole')).toBe(2);
    await counter.close();
  });

  it('passes session name, duration and external id to STS, and fails with the STS error when it is denied', async () => {
    const counter = await awsProxy(motoEndpoint());
    counter.fault(() => ({ status: 403, type: 'AccessDenied' }));
    const credentials = assumeRoleCredentials(
      { ...role, sessionName: 'svc', externalId: 'ext' },
      { ...base, endpoint: counter.endpoint, maxAttempts: 1 },
    );

    await expect(credentials()).rejects.toBeTruthy();
    expect(counter.count()).toBe(1);
    await counter.close();
  });
});
