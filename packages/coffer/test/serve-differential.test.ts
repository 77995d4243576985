import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { memoryCache, SecretsManager } from 'coffer';
import { motoEndpoint } from '../../../scripts/harness/moto';
import {
  agentMissing,
  newToken,
  type ProtocolServer,
  startAgentServer,
  startCofferServe,
} from '../../../scripts/test-support/extension-servers';

interface Sent {
  status: number;
  body: string;
}

function send(port: number, target: string, headers: Record<string, string>, method = 'GET'): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: target, method, headers, agent: false }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

// Timestamps and ids: coffer serve keeps values, not version metadata (docs/serve.md).
const METADATA = ['ARN', 'VersionId', 'CreatedDate'];

/** What must be equal: the status, and the body's fields apart from timestamps and ids (an error's type, not its message). */
function comparable(sent: Sent, { versionId = false } = {}): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(sent.body);
  } catch {
    return { status: sent.status, text: sent.body };
  }
  if (!parsed || typeof parsed !== 'object') return { status: sent.status, text: sent.body };
  const fields = { ...(parsed as Record<string, unknown>) };
  for (const name of METADATA) delete fields[name];
  // Read by versionId, coffer serve cannot tell which stages the version has.
  if (versionId) delete fields.VersionStages;
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
  const prefix = `diff${randomBytes(5).toString('hex')}`;
  let versionId = '';

  beforeAll(async () => {
    await sm.update(`${prefix}/text`, '{"user":"app","password":"pw"}', { create: true });
    await sm.update(`${prefix}/binary`, new Uint8Array([0, 1, 2, 254, 255]), { create: true });
    await sm.update(`${prefix}/rotated`, 'old', { create: true });
    await sm.update(`${prefix}/rotated`, 'new');
    [agent, served] = await Promise.all([startAgentServer(token), startCofferServe(token)]);
    // The id of the current version, as the agent reports it.
    const current = await send(agent.port, `/secretsmanager/get?secretId=${prefix}/rotated`, auth);
    versionId = (JSON.parse(current.body) as { VersionId: string }).VersionId;
  }, 60_000);
  afterAll(async () => {
    await Promise.all([agent?.stop(), served?.stop(), sm.close()]);
  });

  const cases: Array<[string, () => { target: string; headers?: Record<string, string>; method?: string; versionId?: boolean }]> = [
    ['an existing secret', () => ({ target: `/secretsmanager/get?secretId=${prefix}/text` })],
    ['an existing secret by path', () => ({ target: `/v1/${prefix}/text` })],
    ['a missing secret', () => ({ target: `/secretsmanager/get?secretId=${prefix}/missing` })],
    ['a binary secret', () => ({ target: `/secretsmanager/get?secretId=${prefix}/binary` })],
    ['a versionStage', () => ({ target: `/secretsmanager/get?secretId=${prefix}/rotated&versionStage=AWSPREVIOUS` })],
    ['a missing versionStage', () => ({ target: `/secretsmanager/get?secretId=${prefix}/rotated&versionStage=NOPE` })],
    ['a versionId', () => ({ target: `/secretsmanager/get?secretId=${prefix}/rotated&versionId=${versionId}`, versionId: true })],
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
    const { target, headers = auth, method = 'GET', versionId: byVersion = false } = make();

    const [fromAgent, fromServe] = await Promise.all([
      send(agent.port, target, headers, method),
      send(served.port, target, headers, method),
    ]);

    expect(comparable(fromServe, { versionId: byVersion })).toEqual(comparable(fromAgent, { versionId: byVersion }));
  });
});
