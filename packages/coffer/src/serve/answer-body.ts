import type { ServeRequest } from './serve-request.js';
import type { TypedRead } from './typed-provider.js';

type SecretRequest = Extract<ServeRequest, { route: 'secret' }>;
type ParameterRequest = Extract<ServeRequest, { route: 'parameter' }>;

/** An ISO date as the agent writes `CreatedDate`: seconds since the epoch, as text. */
function epochSeconds(iso: string | undefined): string | undefined {
  if (iso === undefined) return undefined;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return undefined;
  return String(ms / 1000);
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * The agent's `GetSecretValue` body, fields in its order: `ARN`, `Name`, `VersionId`,
 * `SecretString` or `SecretBinary` (base64), `VersionStages`, `CreatedDate`, taken from what the
 * backend said. A backend that says nothing gets the name (or ARN) asked for and the stage asked
 * for (none for a read by `versionId`, whose stages only the backend knows).
 */
export function secretBody(read: TypedRead, request: SecretRequest): string {
  const fields = read.metadata?.fields ?? {};
  const asked = request.secretId.startsWith('arn:') ? 'ARN' : 'Name';
  const body: Record<string, unknown> = {
    ARN: text(fields.ARN) ?? (asked === 'ARN' ? request.secretId : undefined),
    Name: text(fields.Name) ?? (asked === 'Name' ? request.secretId : undefined),
    VersionId: read.metadata?.version,
  };
  if ('bytes' in read) body.SecretBinary = Buffer.from(read.bytes).toString('base64');
  else body.SecretString = read.text;
  const stages = fields.VersionStages;
  if (Array.isArray(stages)) body.VersionStages = stages;
  else if (request.versionId === undefined) body.VersionStages = [request.versionStage ?? 'AWSCURRENT'];
  body.CreatedDate = epochSeconds(read.metadata?.updatedAt);
  return JSON.stringify(body);
}

/**
 * The extension's `GetParameter` body: `Name`, `Type` (the backend's, else `StringList` for a
 * list and `String` otherwise), `Value`, `Version`, `Selector`, `LastModifiedDate`, `ARN`,
 * `DataType`.
 */
export function parameterBody(read: TypedRead, request: ParameterRequest): string {
  const fields = read.metadata?.fields ?? {};
  const version = read.metadata?.version;
  const selector = request.version ?? request.label;
  const parameter: Record<string, unknown> = {
    Name: request.name,
    Type: text(fields.Type) ?? ('bytes' in read || !read.list ? 'String' : 'StringList'),
    Value: 'bytes' in read ? Buffer.from(read.bytes).toString('base64') : read.text,
    Version: version !== undefined && /^\d{1,10}$/.test(version) ? Number(version) : undefined,
    Selector: selector === undefined ? undefined : `:${selector}`,
    LastModifiedDate: read.metadata?.updatedAt,
    ARN: text(fields.ARN),
    DataType: text(fields.DataType) ?? 'text',
  };
  return JSON.stringify({ Parameter: parameter, ResultMetadata: {} });
}
