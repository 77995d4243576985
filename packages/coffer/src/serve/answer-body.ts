import type { ServedRead } from './serve-provider.js';
import type { ServeRequest } from './serve-request.js';

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
const base64 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

/**
 * The agent's `GetSecretValue` body, fields in its order: `ARN`, `Name`, `VersionId`,
 * `SecretString` or `SecretBinary` (base64), `VersionStages`, `CreatedDate`, taken from what the
 * backend said. A backend that says nothing gets the name (or ARN) asked for and the stage asked
 * for (none for a read by `versionId`, whose stages only the backend knows).
 */
export function secretBody(read: ServedRead, request: SecretRequest): string {
  const { fields, value } = read;
  const asked = request.secretId.startsWith('arn:') ? 'ARN' : 'Name';
  const body: Record<string, unknown> = {
    ARN: text(fields.ARN) ?? (asked === 'ARN' ? request.secretId : undefined),
    Name: text(fields.Name) ?? (asked === 'Name' ? request.secretId : undefined),
    VersionId: read.version,
  };
  if (typeof value === 'string') body.SecretString = value;
  else body.SecretBinary = base64(value);
  const stages = fields.VersionStages;
  if (Array.isArray(stages)) body.VersionStages = stages;
  else if (request.versionId === undefined) body.VersionStages = [request.versionStage ?? 'AWSCURRENT'];
  body.CreatedDate = epochSeconds(read.updatedAt);
  return JSON.stringify(body);
}

/**
 * The extension's `GetParameter` body: `Name`, `Type` (the backend's, else `String`; a list
 * is `StringList`, see `serveProvider`), `Value`, `Version`, `Selector`, `LastModifiedDate`,
 * `ARN`, `DataType`.
 */
export function parameterBody(read: ServedRead, request: ParameterRequest): string {
  const { fields, value, version } = read;
  const selector = request.version ?? request.label;
  const parameter: Record<string, unknown> = {
    Name: request.name,
    Type: text(fields.Type) ?? 'String',
    Value: typeof value === 'string' ? value : base64(value),
    Version: version !== undefined && /^\d{1,10}$/.test(version) ? Number(version) : undefined,
    Selector: selector === undefined ? undefined : `:${selector}`,
    LastModifiedDate: read.updatedAt,
    ARN: text(fields.ARN),
    DataType: text(fields.DataType) ?? 'text',
  };
  return JSON.stringify({ Parameter: parameter, ResultMetadata: {} });
}
