import { Agent, request as httpRequest } from 'node:http';
import { type CallContext, ProviderError } from '@coffer/core';
import type { ExtensionSettings } from './extension-options.js';
import { classifyStatus } from './extension-status.js';
import { resolveToken, TOKEN_HEADER } from './extension-token.js';

/**
 * A client of the extension protocol on 127.0.0.1: GET a route, get the parsed JSON answer or
 * `undefined` when the secret does not exist.
 *
 * @example
 * ```ts
 * const client: ExtensionClient = extensionClient(extensionSettings({}, 'aws.sm'), 'aws.sm');
 * ```
 */
export interface ExtensionClient {
  /** GETs `route?query` counting one API call; throws a coffer error, never quoting the body. */
  get(route: string, query: Record<string, string | undefined>, path: string, context: CallContext): Promise<unknown | undefined>;
  /** Closes the kept-alive sockets. */
  close(): void;
}

interface Answer {
  status: number;
  body: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const STARTUP_POLL_MS = 50;
const BACKOFF_MS = 50;
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Makes a client of the extension protocol. It uses `node:http`, which Node has loaded already,
 * rather than the global `fetch`, whose first use loads undici (see docs/lambda.md for the
 * figures). While nothing listens on the port yet it polls for `startupWaitMs`; 429, 5xx and
 * dropped connections are retried up to `maxAttempts` in all.
 *
 * @example
 * ```ts
 * const client = extensionClient(extensionSettings({ port: 2773 }, 'aws.sm'), 'aws.sm');
 * const out = await client.get('/secretsmanager/get', { secretId: 'prod/db' }, 'prod/db', context);
 * ```
 */
export function extensionClient(settings: ExtensionSettings, provider: string): ExtensionClient {
  // Kept-alive sockets are unref'd by Node while idle: they never hold a process open.
  const agent = new Agent({ keepAlive: true, maxSockets: 50 });
  let token = settings.token;

  const send = (target: string): Promise<Answer> =>
    new Promise((resolve, reject) => {
      token ??= resolveToken();
      const headers: Record<string, string> = token === undefined ? {} : { [TOKEN_HEADER]: token };
      const req = httpRequest({ host: '127.0.0.1', port: settings.port, path: target, method: 'GET', headers, agent }, (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          // A secret is at most 64 KB: a larger answer is not one, and is not buffered.
          if (size > MAX_BODY_BYTES) req.destroy(Object.assign(new Error('answer too large'), { code: 'E2BIG' }));
          else chunks.push(chunk);
        });
        response.on('end', () => {
          clearTimeout(deadline);
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
        });
        response.on('error', (error) => {
          clearTimeout(deadline);
          reject(error);
        });
      });
      // The whole attempt, body included, as for the SDK transport: a drip-fed answer cannot hold a read.
      const deadline = setTimeout(() => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })), settings.timeoutMs);
      req.on('error', (error) => {
        clearTimeout(deadline);
        reject(error);
      });
      req.end();
    });

  async function get(route: string, query: Record<string, string | undefined>, path: string, context: CallContext) {
    const where = { provider, path };
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) if (value !== undefined) search.set(name, value);
    const target = `${route}?${search.toString()}`;
    context.countApiCall();
    const startedAt = Date.now();
    let attempt = 1;
    for (;;) {
      let answer: Answer;
      try {
        answer = await send(target);
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        // Nothing listens yet: the extension starts with the function. Poll within the bound.
        if (code === 'ECONNREFUSED' && Date.now() - startedAt < settings.startupWaitMs) {
          await sleep(STARTUP_POLL_MS);
          continue;
        }
        if (code !== 'ECONNREFUSED' && code !== 'E2BIG' && attempt < settings.maxAttempts) {
          await sleep(BACKOFF_MS * 2 ** attempt * Math.random());
          attempt++;
          continue;
        }
        if (code === 'E2BIG') throw new ProviderError('the extension answered with more than 1 MB', { ...where, transient: false });
        const hint = code === 'ECONNREFUSED' ? ': is the extension layer installed, or coffer serve running?' : '';
        throw new ProviderError(`nothing answered on 127.0.0.1:${settings.port} (${String(code ?? 'network error')})${hint}`, {
          ...where,
          transient: true,
          cause: { code },
        });
      }
      const outcome = classifyStatus(answer.status, answer.body, where);
      if (outcome.kind === 'missing') return undefined;
      if (outcome.kind === 'error') {
        if (!outcome.retry || attempt >= settings.maxAttempts) throw outcome.error;
        await sleep(BACKOFF_MS * 2 ** attempt * Math.random());
        attempt++;
        continue;
      }
      try {
        return JSON.parse(answer.body) as unknown;
      } catch {
        throw new ProviderError('the extension answered with a damaged body (not JSON)', { ...where, transient: true });
      }
    }
  }

  return { get, close: () => agent.destroy() };
}
