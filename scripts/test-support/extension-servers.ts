import { randomBytes } from 'node:crypto';
import { awsPs } from '@coffer/aws-ps';
import { awsSm } from '@coffer/aws-sm';
import { memoryCache } from '@coffer/core';
import { serve, serveBackend } from 'coffer';
import { motoEndpoint } from '../harness/moto';
import { agentBinary, startAgent } from '../harness/secrets-manager-agent';

/** A server of the extension protocol on 127.0.0.1, for a test file. */
export interface ProtocolServer {
  readonly port: number;
  readonly token: string;
  stop(): Promise<void>;
}

/** One kind of server the transport's tests run against. */
export interface ProtocolTarget {
  readonly name: string;
  /** Whether it serves `/systemsmanager/parameters/get` (the agent serves Secrets Manager only). */
  readonly parameters: boolean;
  start(): Promise<ProtocolServer>;
}

const aws = () => ({
  endpoint: motoEndpoint(),
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIDCOFFERTEST', secretAccessKey: 'not-a-real-secret' },
  assumeRole: false as const,
});

/**
 * The options of a `ParameterStore` or `SecretsManager` that reads through `server` (the
 * extension transport) and lists and writes through the SDK at moto, with a memory cache.
 */
export function extensionTransportOptions(server: ProtocolServer) {
  const { assumeRole: _none, ...sdk } = aws();
  return { transport: 'extension' as const, extension: { port: server.port, token: server.token }, ...sdk, cache: memoryCache() };
}

/** A new random SSRF token. */
export const newToken = (): string => randomBytes(12).toString('hex');

/** `coffer serve` in this process over aws.sm and aws.ps on moto, with a memory cache. */
export async function startCofferServe(token = newToken()): Promise<ProtocolServer> {
  const server = await serve({
    port: 0,
    token,
    backends: {
      secrets: serveBackend(awsSm(aws()), { cache: memoryCache() }),
      parameters: serveBackend(awsPs(aws()), { cache: memoryCache() }),
    },
  });
  return { port: server.port, token, stop: () => server.close() };
}

/** The AWS Secrets Manager Agent on moto. */
export async function startAgentServer(token = newToken()): Promise<ProtocolServer> {
  const binary = agentBinary();
  if ('missing' in binary) throw new Error(binary.missing);
  const agent = await startAgent(binary.path, motoEndpoint(), token);
  return { port: agent.port, token, stop: () => agent.stop() };
}

const binary = agentBinary();

/** Why the agent's tests skip, when they do. */
export const agentMissing: string | undefined = 'missing' in binary ? binary.missing : undefined;

/** The servers to run the transport's tests against: coffer serve, and the agent when it is built. */
export const protocolTargets: readonly ProtocolTarget[] = [
  { name: 'coffer serve', parameters: true, start: () => startCofferServe() },
  ...(agentMissing ? [] : [{ name: 'the Secrets Manager Agent', parameters: false, start: () => startAgentServer() }]),
];
