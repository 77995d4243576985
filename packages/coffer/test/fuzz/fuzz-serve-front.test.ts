import { memoryProvider } from '@coffer/core';
import { type FrontAndNode, frontAndNode } from '../front-and-node';
import { fuzzSeed, type Random, random } from '../../../../scripts/test-support/fuzz/random';
import { exchange, inTurn } from '../raw-exchange';

// `coffer serve` answers plain keep-alive GETs on its own small HTTP front and hands everything
// else to Node's server. Fuzzed requests (mutated bytes and headers, pipelined, sent in random
// pieces, one after the other on a connection) must get, from serve, exactly the statuses and
// bodies Node's server alone gives them. Pipelined, the oracle would be wrong: Node's server drops
// the answers still being made when a later request is malformed (serve answers those, in order,
// then refuses the malformed one), so pipelined garbage is checked for liveness only.
jest.setTimeout(120_000);
const seed = fuzzSeed();
const CASES = 300;
const TOKEN = 'fuzz-front-token';

const TARGETS = [
  '/secretsmanager/get?secretId=app/db',
  '/secretsmanager/get?secretId=app%2Fdb&versionStage=AWSCURRENT',
  '/systemsmanager/parameters/get?name=app/db',
  '/v1/app/db',
  '/v1/app/bin',
  '/v1/app/missing',
  '/v1/app/db?refreshNow=false',
  '/ping',
  '/nowhere',
  '/v1/',
];
const HEADERS = [
  'Connection: keep-alive',
  'Connection: close',
  'Accept: */*',
  'User-Agent: fuzz',
  'Content-Length: 0',
  'Content-Length: 2',
  'Transfer-Encoding: chunked',
  'Expect: 100-continue',
  'Host: other',
  `X-Aws-Parameters-Secrets-Token: ${TOKEN}`,
  'X-Vault-Token: nope',
  'X-Forwarded-For: 10.0.0.1',
  'Upgrade: websocket',
];
const BYTES = ['\r', '\n', ' ', '\t', ':', '\0', '\x7f', '\xff', 'a', '/', '?', '%'];

/** A request head as clients send it, with random header variations. */
function request(r: Random): string {
  const lines = [`GET ${r.pick(TARGETS)} HTTP/1.1`];
  const headers = [r.chance(0.9) ? 'Host: 127.0.0.1' : undefined, r.chance(0.9) ? `X-Aws-Parameters-Secrets-Token: ${TOKEN}` : undefined];
  for (let i = r.int(0, 2); i > 0; i--) headers.splice(r.int(0, headers.length), 0, r.pick(HEADERS));
  for (const header of headers) {
    if (header === undefined) continue;
    const name = header.slice(0, header.indexOf(':'));
    const cased = r.chance(0.3) ? name.toUpperCase() : r.chance(0.3) ? name.toLowerCase() : name;
    const space = r.pick([' ', '', '  ', '\t', ' \t']);
    const trail = r.chance(0.2) ? r.pick([' ', '\t']) : '';
    lines.push(`${cased}:${space}${header.slice(name.length + 1).trim()}${trail}`);
  }
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** Changes a few bytes of `text`: replaced, inserted or removed. */
function mutate(r: Random, text: string): string {
  let out = text;
  for (let i = r.int(1, 3); i > 0; i--) {
    const at = r.int(0, out.length - 1);
    const op = r.int(0, 2);
    if (op === 0) out = out.slice(0, at) + r.pick(BYTES) + out.slice(at + 1);
    else if (op === 1) out = out.slice(0, at) + r.pick(BYTES) + out.slice(at);
    else out = out.slice(0, at) + out.slice(at + 1);
  }
  return out;
}

/** Cuts `bytes` into random pieces (sent one event-loop turn apart). */
function pieces(r: Random, bytes: Buffer): Buffer[] {
  if (r.chance(0.6)) return [bytes];
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length; ) {
    const size = r.int(1, 40);
    out.push(bytes.subarray(at, at + size));
    at += size;
  }
  return out;
}

describe('coffer serve: the HTTP front, fuzzed against Node alone', () => {
  let servers: FrontAndNode;
  let nodePort: number;
  const provider = memoryProvider({ seed: { 'app/db': 'pw-fuzz-front', 'app/bin': new Uint8Array([0, 1, 254]) } });

  beforeAll(async () => {
    servers = await frontAndNode(provider, TOKEN);
    nodePort = servers.node;
  });
  afterAll(() => servers.close());

  it(`gives every fuzzed request what Node's server gives it (seed ${seed}, replay with COFFER_FUZZ_SEED)`, async () => {
    const r = random(seed, 40);
    const differences: string[] = [];
    for (let i = 0; i < CASES && differences.length < 5; i++) {
      const requests = Array.from({ length: r.int(1, 3) }, () => request(r));
      const which = r.int(0, requests.length - 1);
      if (r.chance(0.7)) requests[which] = mutate(r, requests[which] as string);
      const cut = requests.map((text) => pieces(r, Buffer.from(text, 'latin1')));
      const [ours, theirs] = await Promise.all([inTurn(servers.front, cut, 500), inTurn(nodePort, cut, 500)]);
      // Node refuses a malformed request with a bare 400 and closes the connection; bytes still
      // arriving then reset it, which can drop the refusal unread (Node does no lingering close),
      // and the close can come after the last read. So a last bare 400 counts as a close.
      const seen = ({ replies, closed }: typeof ours) => {
        const said = replies.map((reply) => `${reply.status} ${reply.body}`);
        const refused = said[said.length - 1] === '400 ';
        if (refused) said.pop();
        return [...said, closed || refused ? 'closed' : 'open'];
      };
      if (JSON.stringify(seen(ours)) !== JSON.stringify(seen(theirs))) {
        differences.push(
          `${JSON.stringify(requests.join(''))}\n  serve: ${JSON.stringify(seen(ours))}\n  node:  ${JSON.stringify(seen(theirs))}`,
        );
      }
    }
    expect(differences).toEqual([]);
  });

  it('stays up through pipelined garbage, answering in order and refusing nothing it should answer', async () => {
    const r = random(seed, 41);
    const valid = Buffer.from(`GET /v1/app/db HTTP/1.1\r\nHost: h\r\nX-Aws-Parameters-Secrets-Token: ${TOKEN}\r\n\r\n`, 'latin1');
    for (let i = 0; i < 100; i++) {
      const requests = Array.from({ length: r.int(2, 4) }, () => mutate(r, request(r)));
      const { replies } = await exchange(servers.front, pieces(r, Buffer.from(requests.join(''), 'latin1')), requests.length, 500);
      // At most one final answer a request (a `100 Continue` comes before one).
      expect(replies.filter((reply) => reply.status >= 200).length).toBeLessThanOrEqual(requests.length);
      const after = await exchange(servers.front, [valid], 1, 5_000);
      expect(after.replies.map((reply) => JSON.parse(reply.body).SecretString)).toEqual(['pw-fuzz-front']);
    }
  });
});
