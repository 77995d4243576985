import type { ParameterStringFilter, SSMClient } from '@aws-sdk/client-ssm';
import { GetParametersByPathCommand, GetParametersCommand, SSMClient as SdkSSMClient } from '#sdk/client-ssm';
import { type AwsOptions, awsProviderBase } from '@coffer/aws';
import {
  type AwsTransport,
  chooseTransport,
  type ExtensionOptions,
  extensionClient,
  extensionSettings,
  takeTransportOptions,
} from '@coffer/aws/extension';
import {
  type CallContext,
  type ListRequest,
  type Provider,
  ProviderError,
  type ProviderFactory,
  type RawSecret,
  type ReadRequest,
  SecretNotFoundError,
} from '@coffer/core';
import { readParameters } from './extension-read.js';
import { isReference, PARAMETER_STORE, PROVIDER } from './names.js';
import { rawOf } from './raw-of.js';
import { type Paired, pairParameters, UNPAIRED } from './read.js';
import type { AwsPsTypes } from './types.js';
import { updateParameter } from './update.js';

/**
 * Options of {@link awsPs}: the AWS options plus an optional SDK client.
 *
 * @example
 * ```ts
 * const provider = awsPs({ region: 'eu-west-1', client: new SSMClient({ region: 'eu-west-1' }) });
 * ```
 */
export interface AwsPsOptions extends AwsOptions {
  /** Your own `SSMClient`, used as it is: the other AWS options then do not apply. @default one made from the options */
  client?: SSMClient;
  /**
   * How reads go: `'extension'` reads through the local HTTP protocol of the AWS Parameters and
   * Secrets Lambda Extension (listings, existence under a path and writes still use the SDK).
   * @default `COFFER_AWS_TRANSPORT`, else `'sdk'`
   */
  transport?: AwsTransport;
  /** Where the extension listens, for `transport: 'extension'`. @default port 2773, token from AWS_SESSION_TOKEN */
  extension?: ExtensionOptions;
}

/**
 * The `aws.ps` provider: AWS Systems Manager Parameter Store. Reads go through `GetParameters`
 * (10 names a call, even for one name, so reads need only `ssm:GetParameters`), listings
 * through `GetParametersByPath`, writes through `PutParameter`. Wrap it in a client (or use
 * {@link ParameterStore}) for caching.
 *
 * @example
 * ```ts
 * const client = createClient({ provider: awsPs({ region: 'eu-west-1' }) });
 * await client.get('/prod/db/host');
 * ```
 */
export const awsPs: ProviderFactory<AwsPsOptions, AwsPsTypes> = (options = {}) => {
  const { transport, extension, rest } = takeTransportOptions(options);
  const http =
    chooseTransport(transport, PROVIDER) === 'extension' ? extensionClient(extensionSettings(extension, PROVIDER), PROVIDER) : undefined;
  const base = awsProviderBase(rest, {
    provider: PROVIDER,
    clientName: 'an SSMClient',
    make: (config) => new SdkSSMClient(config),
  });
  const { send, paginate, fail } = base;

  async function getBatch(requests: readonly ReadRequest[], context: CallContext): Promise<Array<RawSecret | undefined | Error>> {
    let paired: Paired[];
    try {
      const response = await send(
        new GetParametersCommand({
          Names: requests.map((request) => request.path),
          WithDecryption: requests[0]?.options.decrypt !== false,
        }),
        context,
      );
      paired = pairParameters(requests, response.Parameters ?? [], response.InvalidParameters ?? []);
    } catch (error) {
      const mapped = requests.map((request) => fail(error, request.path));
      // A missing Secrets Manager reference fails its whole call (it is sent alone, see getMany).
      return requests.length === 1 && mapped[0] instanceof SecretNotFoundError ? [undefined] : mapped;
    }
    if (requests.length === 1) return [paired[0] === UNPAIRED ? unpairable(requests[0] as ReadRequest) : paired[0]];
    // What the batch answer cannot pair without doubt is read alone, where it can.
    return Promise.all(
      paired.map(async (answer, index) => (answer === UNPAIRED ? (await getBatch([requests[index] as ReadRequest], context))[0] : answer)),
    );
  }

  // Neither the parameter nor its name in InvalidParameters: the answer is damaged, and the
  // next read may get a whole one.
  const unpairable = (request: ReadRequest) =>
    new ProviderError('AWS answered without this parameter', { provider: PROVIDER, path: request.path, transient: true });

  async function getMany(requests: readonly ReadRequest[], context: CallContext): Promise<ReadonlyArray<RawSecret | undefined | Error>> {
    if (http) return readParameters(http, requests, context);
    if (!requests.some((request) => isReference(request.path))) return getBatch(requests, context);
    // GetParameters throws ParameterNotFound for a missing reference instead of listing it in
    // InvalidParameters: each reference goes alone so that it cannot fail the other names.
    const plain = requests.filter((request) => !isReference(request.path));
    const calls = [plain, ...requests.filter((request) => isReference(request.path)).map((request) => [request])].filter(
      (group) => group.length,
    );
    const answers = await Promise.all(calls.map((group) => getBatch(group, context)));
    const byRequest = new Map<ReadRequest, RawSecret | undefined | Error>();
    calls.forEach((group, i) => {
      group.forEach((request, j) => {
        byRequest.set(request, answers[i]?.[j]);
      });
    });
    return requests.map((request) => byRequest.get(request));
  }

  async function list(request: ListRequest, context: CallContext): Promise<Record<string, RawSecret>> {
    const filters: ParameterStringFilter[] = [];
    if (request.options.type) filters.push({ Key: 'Type', Option: 'Equals', Values: [request.options.type as string] });
    if (request.options.kmsKeyId) filters.push({ Key: 'KeyId', Option: 'Equals', Values: [request.options.kmsKeyId as string] });
    const out: Record<string, RawSecret> = {};
    try {
      const pages = paginate(
        (token) =>
          new GetParametersByPathCommand({
            Path: request.path,
            Recursive: request.recursive,
            WithDecryption: request.options.decrypt !== false,
            ...(filters.length ? { ParameterFilters: filters } : {}),
            ...(token ? { NextToken: token } : {}),
          }),
        context,
      );
      for await (const page of pages)
        for (const parameter of page.Parameters ?? []) if (parameter.Name) out[parameter.Name] = rawOf(parameter);
    } catch (error) {
      throw fail(error, request.path);
    }
    return out;
  }

  async function exists(request: ReadRequest, context: CallContext): Promise<boolean> {
    const { path } = request;
    try {
      // Secrets Manager references are only served decrypted, and have nothing under them.
      if (isReference(path)) {
        const [answer] = await getBatch([{ path, options: { decrypt: true } }], context);
        if (answer instanceof Error) throw answer;
        return answer !== undefined;
      }
      if (path !== '/') {
        const exact = await send(new GetParametersCommand({ Names: [path], WithDecryption: false }), context);
        if (exact.Parameters?.some((parameter) => parameter.Name === path)) return true;
        if (!path.startsWith('/')) return false;
      }
      const prefix = path === '/' ? '/' : `${path}/`;
      const pages = paginate(
        (token) => new GetParametersByPathCommand({ Path: path, Recursive: true, MaxResults: 1, ...(token ? { NextToken: token } : {}) }),
        context,
      );
      // `/a/b` must not be answered by `/a/bc`: only names under `path/` count.
      for await (const page of pages) if (page.Parameters?.some((parameter) => parameter.Name?.startsWith(prefix))) return true;
      return false;
    } catch (error) {
      throw fail(error, path);
    }
  }

  const provider: Provider<AwsPsTypes> = {
    ...PARAMETER_STORE,
    scope: base.scope,
    getMany,
    list,
    exists,
    update: (request, context) => updateParameter(base, request, context),
    async close() {
      http?.close();
      await base.close();
    },
  };
  return base.describe(provider, 'awsPs');
};
