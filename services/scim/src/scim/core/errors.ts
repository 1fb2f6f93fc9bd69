// One error type for the SCIM surface, one factory per RFC 7644 §3.12 scimType (Table 9).
// The SCIM error renderer turns a ScimError into the RFC error body; nothing else renders
// SCIM errors.

export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive'
  // RFC 9865 §6 (cursor pagination)
  | 'invalidCursor'
  | 'expiredCursor'
  | 'invalidCount';

export class ScimError extends Error {
  readonly status: number;
  readonly scimType?: ScimType;
  readonly headers?: Record<string, string>;

  constructor(status: number, detail: string, scimType?: ScimType, headers?: Record<string, string>) {
    super(detail);
    this.name = 'ScimError';
    this.status = status;
    this.scimType = scimType;
    this.headers = headers;
  }

  get detail(): string {
    return this.message;
  }
}

export const scimErrors = {
  invalidFilter: (detail: string) => new ScimError(400, detail, 'invalidFilter'),
  tooMany: (detail: string) => new ScimError(400, detail, 'tooMany'),
  uniqueness: (detail: string) => new ScimError(409, detail, 'uniqueness'),
  mutability: (detail: string) => new ScimError(400, detail, 'mutability'),
  invalidSyntax: (detail: string) => new ScimError(400, detail, 'invalidSyntax'),
  invalidPath: (detail: string) => new ScimError(400, detail, 'invalidPath'),
  noTarget: (detail: string) => new ScimError(400, detail, 'noTarget'),
  invalidValue: (detail: string) => new ScimError(400, detail, 'invalidValue'),
  invalidVers: (detail: string) => new ScimError(400, detail, 'invalidVers'),
  sensitive: (detail: string) => new ScimError(403, detail, 'sensitive'),
  invalidCursor: (detail: string) => new ScimError(400, detail, 'invalidCursor'),
  expiredCursor: (detail: string) => new ScimError(400, detail, 'expiredCursor'),
  invalidCount: (detail: string) => new ScimError(400, detail, 'invalidCount'),
  badRequest: (detail: string) => new ScimError(400, detail),
  unauthorized: (detail: string) =>
    new ScimError(401, detail, undefined, { 'www-authenticate': 'Bearer realm="scim"' }),
  forbidden: (detail: string) => new ScimError(403, detail),
  notFound: (detail: string) => new ScimError(404, detail),
  methodNotAllowed: (detail: string, allow: string) => new ScimError(405, detail, undefined, { allow }),
  conflict: (detail: string) => new ScimError(409, detail),
  preconditionFailed: (detail: string) => new ScimError(412, detail),
  payloadTooLarge: (detail: string) => new ScimError(413, detail),
  unsupportedMediaType: (detail: string) => new ScimError(415, detail),
  tooManyRequests: (detail: string, retryAfterSeconds: number) =>
    new ScimError(429, detail, undefined, { 'retry-after': String(retryAfterSeconds) }),
  notImplemented: (detail: string) => new ScimError(501, detail),
} as const;

export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

export function renderScimError(err: ScimError): Record<string, unknown> {
  const body: Record<string, unknown> = { schemas: [ERROR_SCHEMA], status: String(err.status), detail: err.detail };
  if (err.scimType) body.scimType = err.scimType;
  return body;
}
