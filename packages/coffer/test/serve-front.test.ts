import { connect } from 'node:net';
import { memoryProvider } from '@coffer/core';
import { type FrontAndNode, frontAndNode } from './front-and-node';
import { exchange } from './raw-exchange';

const TOKEN = 'front-test-token';
const VALUE = 'pw-front-4c1e';

const get = (target: string, extra = '') =>
  `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Aws-Parameters-Secrets-Token: ${TOKEN}\r\n${extra}\r\n`;
/** The head without its date, which differs from one second to the next. */
const dateless = (head: string) => head.replace(/\r\nDate: [^\r]+/, '');

describe('coffer serve: the HTTP front', () => {
  let servers: FrontAndNode;
  let nodePort: number;
  // One provider behind both servers: the same versions and dates.
  const provider = memoryProvider({ seed: { 'app/db': VALUE, 'app/other': 'other', 'app/bin': new Uint8Array([0, 1, 254]) } });

  beforeAll(async () => {
    servers = await frontAndNode(provider, TOKEN);
    nodePort = servers.node;
  });
  afterAll(() => servers.close());

  it("answers a plain GET with the bytes Node's server writes, a read asked again included", async () => {
    for (const target of ['/secretsmanager/get?secretId=app/db', '/v1/app/bin', '/v1/app/missing', '/v1/app/db?x=1', '/nowhere']) {
      const ours = await exchange(servers.front, [get(target) + get(target)], 2);
      const theirs = await exchange(nodePort, [get(target) + get(target)], 2);
      expect(ours.replies.map((reply) => ({ ...reply, head: dateless(reply.head) }))).toEqual(
        theirs.replies.map((reply) => ({ ...reply, head: dateless(reply.head) })),
      );
    }
  });

  it("hands every other shape of request to Node's server, which answers as it alone would", async () => {
    const odd = [
      `POST /v1/app/db HTTP/1.1\r\nHost: h\r\nX-Aws-Parameters-Secrets-Token: ${TOKEN}\r\nContent-Length: 3\r\n\r\nabc`,
      `GET /v1/app/db HTTP/1.1\r\nHost: h\r\nX-Aws-Parameters-Secrets-Token: ${TOKEN}\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
      `GET /v1/app/db HTTP/1.1\r\nX-Aws-Parameters-Secrets-Token: ${TOKEN}\r\n\r\n`,
      `GET /v1/app/db HTTP/1.1\r\nHost: h\r\nX-Aws-Parameters-Secrets-Token: ${TOKEN}\r\nX-Aws-Parameters-Secrets-Token: ${TOKEN}\r\n\r\n`,
      `GET /v1/app/db HTTP/1.1\r\nHost: h\r\nX-Aws-Parameters-Secrets-Token:\r\n ${TOKEN}\r\n\r\n`,
      `GET /v1/app/db HTTP/1.1\r\nHost: h\r\nX-Aws-Parameters-Secrets-Token : ${TOKEN}\r\n\r\n`,
      `GET /v1/app/db HTTP/1.1\r\nHost: h\r\nX-Note: caf\u00e9\r\nX-Aws-Parameters-Secrets-Token: ${TOKEN}\r\n\r\n`,
      `GET /v1/app/db HTTP/1.1\nHost: h\nX-Aws-Parameters-Secrets-Token: ${TOKEN}\n\n`,
      `DELETE /v1/app/db HTTP/1.1\r\nHost: h\r\nX-Aws-Parameters-Secrets-Token: ${TOKEN}\r\n\r\n`,
      `GET /v1/app/db HTTP/1.1\r\nHost: h\r\nX-Forwarded-For: 10.0.0.1\r\nX-Aws-Parameters-Secrets-Token: ${TOKEN}\r\n\r\n`,
      `GET /v1/app/db HTTP/1.1\r\nHost: h\r\nX-Aws-Parameters-Secrets-Token: wrong\r\n\r\n`,
      `GET /v1/app/db HTTP/1.1\r\nHost: h\r\nX-Aws-Parameters-Secrets-Token: ${TOKEN}\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    ];
    for (const request of odd) {
      const ours = await exchange(servers.front, [Buffer.from(request, 'latin1')], 1);
      const theirs = await exchange(nodePort, [Buffer.from(request, 'latin1')], 1);
      expect({ request, statuses: ours.replies.map((reply) => reply.status), bodies: ours.replies.map((r) => r.body) }).toEqual({
        request,
        statuses: theirs.replies.map((reply) => reply.status),
        bodies: theirs.replies.map((r) => r.body),
      });
    }
    // HTTP/1.0 and Connection: close are Node's: it answers, then closes the connection.
    for (const request of [get('/v1/app/db', 'Connection: close\r\n'), get('/v1/app/db').replace('HTTP/1.1', 'HTTP/1.0')]) {
      const ours = await exchange(servers.front, [request], 2);
      expect(ours.closed).toBe(true);
      expect(ours.replies.map((reply) => JSON.parse(reply.body).SecretString)).toEqual([VALUE]);
    }
  });

  it('answers pipelined requests in order, and a request sent a byte at a time', async () => {
    const pipelined = await exchange(servers.front, [get('/v1/app/other') + get('/v1/app/db') + get('/v1/app/other')], 3);
    expect(pipelined.replies.map((reply) => JSON.parse(reply.body).SecretString)).toEqual(['other', VALUE, 'other']);

    const bytes = [...get('/v1/app/db')];
    const trickled = await exchange(servers.front, bytes, 1);
    expect(JSON.parse(trickled.replies[0]?.body ?? '{}').SecretString).toBe(VALUE);
  });

  it('drops a connection closed while its read is pending, and answers the next ones', async () => {
    const socket = connect(servers.front, '127.0.0.1');
    await new Promise((ready) => socket.once('connect', ready));
    // A target never asked before waits in the gathering window: the client is gone by its answer.
    socket.write(get('/v1/app/other?versionStage=AWSCURRENT'));
    socket.destroy();
    await new Promise((wait) => setTimeout(wait, 100));

    const { replies } = await exchange(servers.front, [get('/v1/app/db')], 1);
    expect(JSON.parse(replies[0]?.body ?? '{}').SecretString).toBe(VALUE);
  });

  it('keeps serving a connection after handing it to Node', async () => {
    const post = `POST /v1/app/db HTTP/1.1\r\nHost: h\r\nX-Aws-Parameters-Secrets-Token: ${TOKEN}\r\nContent-Length: 0\r\n\r\n`;
    const { replies } = await exchange(servers.front, [post + get('/v1/app/db')], 2);
    expect(replies.map((reply) => reply.status)).toEqual([405, 200]);
    expect(JSON.parse(replies[1]?.body ?? '{}').SecretString).toBe(VALUE);
  });

  it('stops reading a connection that pipelines requests without reading the answers', async () => {
    const socket = connect(servers.front, '127.0.0.1');
    await new Promise((ready) => socket.once('connect', ready));
    // 16 MB of requests, never reading an answer: the answers fill the connection back to the
    // client, then serve holds at most 16 kB of requests ahead, and the rest waits in the client.
    const chunk = Buffer.from(get('/v1/app/db').repeat(1000));
    for (let sent = 0; sent < 16 * 1024 * 1024; sent += chunk.length) socket.write(chunk);
    await new Promise((wait) => setTimeout(wait, 1_000));
    expect(socket.writableLength).toBeGreaterThan(4 * 1024 * 1024);
    socket.destroy();

    const { replies } = await exchange(servers.front, [get('/v1/app/db')], 1);
    expect(JSON.parse(replies[0]?.body ?? '{}').SecretString).toBe(VALUE);
  });
});
