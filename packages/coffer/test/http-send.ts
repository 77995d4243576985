import { request } from 'node:http';

/** What a server answered: the status and the whole body. */
export interface Sent {
  status: number;
  body: string;
}

/** One raw HTTP request on a connection of its own, as curl (or one of many separate clients) sends it. */
export function send(port: number, target: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Sent> {
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
