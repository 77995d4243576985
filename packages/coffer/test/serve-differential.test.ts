import { randomBytes } from 'node:crypto';
import { PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { memoryCache, SecretsManager } from 'coffer';
import { motoEndpoint } from '../../../scripts/harness/moto';
import {
  agentMissing,
  newToken,
  type ProtocolServer,
  startAgentServer,
  startCofferServe,
} from '../../../scripts/test-support/extension-servers';
import { type Sent, send } from './http-send';

// What coffer serve takes from the provider's metadata: compared whenever aws.sm returns it.
const METADATA = ['ARN', 'VersionId', 'CreatedDate'];
// Set once coffer serve is seen answering a VersionId: aws.sm returns metadata on this build.
let everyField = false;

/**
 * What must be equal: the status and every field of the body (an error's type, not its
 * message). Without metadata from aws.sm, the fields taken from it are left out.
 */
function comparable(sent: Sent, { versionId = false, byArn = false } = {}): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(sent.body);
  } catch {
    return { status: sent.status, text: sent.body };
  }
  if (!parsed || typeof parsed !== 'object') return { status: sent.status, text: sent.body };
  const fields = { ...(parsed as Record<string, unknown>) };
  if (!everyField) {
    for (const name of METADATA) delete fields[name];
    // Read by versionId, coffer serve cannot tell which stages the version has without metadata.
    if (versionId) delete fields.VersionStages;
    // Read by ARN, nor the name.
    if (byArn) delete fields.Name;
  }
  if ('__type' in fields) {
    // The agent passes on the status of the AWS answer. AWS answers ResourceNotFoundException
    // with 400, as coffer serve does; moto, behind the agent here, answers 404.
    const status = fields.__type === 'ResourceNotFoundException' && sent.status === 404 ? 400 : sent.status;
    return { status, type: fields.__type };
  }
  return { status: sent.status, fields };
}

const describeWithAgent = agentMissing ? describe.skip : describe;
if (agentMissing) it.skip(`the differential test against the Secrets Manager Agent is skipped: ${agentMissing}`, () => undefined);

describeWithAgent('coffer serve and the AWS Secrets Manager Agent, given the same requests', () => {
  const token = newToken();
  const auth = { 'X-Aws-Parameters-Secrets-Token': token };
  let agent: ProtocolServer;
  let served: ProtocolServer;
  const sm = new SecretsManager({
    endpoint: motoEndpoint(),
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDCOFFERTEST', secretAccessKey: 'not-a-real-secret' },
    assumeRole: false,
    cache: memoryCache(),
  });
  const direct = new SecretsManagerClient({
    endpoint: motoEndpoint(),
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDCOFFERTEST', secretAccessKey: 'not-a-real-secret' },
  });
  const prefix = `diff${randomBytes(5).toString('hex')}`;
  let versionId = '';
  let arn = '';

  beforeAll(async () => {
    await sm.update(`${prefix}/text`, '{"user":"app","password":"pw"}', { create: true });
    await sm.update(`${prefix}/binary`, new Uint8Array([0, 1, 2, 254, 255]), { create: true });
    await sm.update(`${prefix}/rotated`, 'old', { create: true });
    await sm.update(`${prefix}/rotated`, 'new');
    [agent, served] = await Promise.all([startAgentServer(token), startCofferServe(token)]);
    // The id of the current version, as the agent reports it.
    const current = await send(agent.port, `/secretsmanager/get?secretId=${prefix}/rotated`, auth);
    versionId = (JSON.parse(current.body) as { VersionId: string }).VersionId;
    arn = (JSON.parse((await send(agent.port, `/secretsmanager/get?secretId=${prefix}/text`, auth)).body) as { ARN: string }).ARN;
    const probe = await send(served.port, `/secretsmanager/get?secretId=${prefix}/binary`, auth);
    everyField = 'VersionId' in (JSON.parse(probe.body) as object);
    if (!everyField) {
      process.stderr.write('serve-differential: aws.sm returns no metadata on this build: ARN, VersionId, CreatedDate not compared\n');
    }
  }, 60_000);
  afterAll(async () => {
    await Promise.all([agent?.stop(), served?.stop(), sm.close()]);
    direct.destroy();
  });

  const cases: Array<
    [string, () => { target: string; headers?: Record<string, string>; method?: string; versionId?: boolean; byArn?: boolean }]
  > = [
    ['an existing secret', () => ({ target: `/secretsmanager/get?secretId=${prefix}/text` })],
    ['an existing secret by path', () => ({ target: `/v1/${prefix}/text` })],
    ['a missing secret', () => ({ target: `/secretsmanager/get?secretId=${prefix}/missing` })],
    ['a binary secret', () => ({ target: `/secretsmanager/get?secretId=${prefix}/binary` })],
    ['a versionStage', () => ({ target: `/secretsmanager/get?secretId=${prefix}/rotated&versionStage=AWSPREVIOUS` })],
    ['a missing versionStage', () => ({ target: `/secretsmanager/get?secretId=${prefix}/rotated&versionStage=NOPE` })],
    ['a versionId', () => ({ target: `/secretsmanager/get?secretId=${prefix}/rotated&versionId=${versionId}`, versionId: true })],
    ['an ARN', () => ({ target: `/secretsmanager/get?secretId=${encodeURIComponent(arn)}`, byArn: true })],
    ['an ARN by path', () => ({ target: `/v1/${arn}`, byArn: true })],
    ['a versionStage by path', () => ({ target: `/v1/${prefix}/rotated?versionStage=AWSPREVIOUS` })],
    ['no token', () => ({ target: `/secretsmanager/get?secretId=${prefix}/text`, headers: {} })],
    [
      'a wrong token',
      () => ({ target: `/secretsmanager/get?secretId=${prefix}/text`, headers: { 'X-Aws-Parameters-Secrets-Token': 'wrong' } }),
    ],
    [
      'X-Forwarded-For',
      () => ({ target: `/secretsmanager/get?secretId=${prefix}/text`, headers: { ...auth, 'X-Forwarded-For': '10.1.2.3' } }),
    ],
    ['POST', () => ({ target: `/secretsmanager/get?secretId=${prefix}/text`, method: 'POST' })],
    ['POST without a token', () => ({ target: `/secretsmanager/get?secretId=${prefix}/text`, headers: {}, method: 'POST' })],
    ['an unknown query parameter', () => ({ target: `/secretsmanager/get?secretId=${prefix}/text&color=blue` })],
    ['no secretId', () => ({ target: '/secretsmanager/get' })],
    ['an unknown route', () => ({ target: '/secretsmanager/list' })],
    ['/ping', () => ({ target: '/ping', headers: {} })],
  ];

  it.each(cases)('answers %s alike', async (_name, make) => {
    const { target, headers = auth, method = 'GET', versionId: byVersion = false, byArn = false } = make();

    const [fromAgent, fromServe] = await Promise.all([
      send(agent.port, target, headers, method),
      send(served.port, target, headers, method),
    ]);

    expect(comparable(fromServe, { versionId: byVersion, byArn })).toEqual(comparable(fromAgent, { versionId: byVersion, byArn }));
  });

  it('answers refreshNow=true after a PutSecretValue alike: the new version from both', async () => {
    const target = `/secretsmanager/get?secretId=${prefix}/refreshed`;
    await sm.update(`${prefix}/refreshed`, 'before', { create: true });
    await Promise.all([send(agent.port, target, auth), send(served.port, target, auth)]);
    await direct.send(new PutSecretValueCommand({ SecretId: `${prefix}/refreshed`, SecretString: 'after' }));

    const [fromAgent, fromServe] = await Promise.all([
      send(agent.port, `${target}&refreshNow=true`, auth),
      send(served.port, `${target}&refreshNow=true`, auth),
    ]);

    expect(JSON.parse(fromServe.body)).toMatchObject({ SecretString: 'after' });
    expect(comparable(fromServe)).toEqual(comparable(fromAgent));
  });
});
