import { Type, type TSchema } from 'typebox';

/**
 * Response schemas of the admin API. They document the API (the OpenAPI document at
 * /api/admin/openapi.json, from which the console's client types are generated) and drive
 * fast-json-stringify, which drops undeclared properties: a field missing here is missing from
 * the response, so SCIM-shaped objects keep `additionalProperties: true` (extension attributes).
 */
const DateTime = Type.String({ format: 'date-time' });
const NullableDateTime = Type.Union([DateTime, Type.Null()]);
const NullableString = Type.Union([Type.String(), Type.Null()]);

export const ErrorBody = Type.Object(
  { statusCode: Type.Integer(), code: Type.String({ description: 'stable, machine-readable' }), message: Type.String() },
  { description: 'every admin API error' },
);

/** `{ 2xx: ok }` plus the error shape for every 4xx and 5xx. */
export function responses<S extends Record<number, TSchema>>(ok: S) {
  return { ...ok, '4xx': ErrorBody, '5xx': ErrorBody };
}

/** A 204 with no body. */
export const NoContent = Type.Null({ description: 'No content' });

// Literal unions spelled out: a mapped array would type as never (the tuple is lost).
export const Kind = Type.Union([Type.Literal('okta'), Type.Literal('entra'), Type.Literal('onelogin'), Type.Literal('other')]);

export const Connection = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  kind: Kind,
  rateLimitPerSecond: Type.Union([Type.Integer(), Type.Null()], { description: 'null = the process default; 0 = unlimited' }),
  createdAt: DateTime,
  updatedAt: DateTime,
  activeTokens: Type.Integer(),
  managedUsers: Type.Integer(),
  managedGroups: Type.Integer(),
});

export const Token = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  prefix: Type.String(),
  connectionId: Type.String({ format: 'uuid' }),
  connectionName: Type.String(),
  createdAt: DateTime,
  expiresAt: NullableDateTime,
  revokedAt: NullableDateTime,
  lastUsedAt: NullableDateTime,
  lastUsedIp: NullableString,
  lastUsedUserAgent: NullableString,
  rotatedFromId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
});

export const MintedToken = Type.Object({ ...Token.properties, token: Type.String({ description: 'the plaintext token: in this response only, never again' }) });

export const Activity = Type.Object({
  lastRequestAt: NullableDateTime,
  lastUserAgent: NullableString,
  requestsLast24h: Type.Integer(),
  errorsLast24h: Type.Integer(),
  hourly: Type.Array(Type.Object({ hour: DateTime, requests: Type.Integer(), errors: Type.Integer() }), {
    description: 'the hours of the last day that saw requests, oldest first',
  }),
  lastError: Type.Union([Type.Object({ at: DateTime, status: Type.Union([Type.Integer(), Type.Null()]), detail: NullableString }), Type.Null()]),
  byStatus: Type.Array(Type.Object({ status: Type.Integer(), requests: Type.Integer() }), {
    description: 'authenticated SCIM requests of the last day per HTTP status, ascending (400: a payload refused, 409: a uniqueness conflict, 429: the rate limit)',
  }),
});

export const TestStep = Type.Object(
  {
    id: Type.Union([Type.Literal('reachable'), Type.Literal('discovery'), Type.Literal('token'), Type.Literal('probe'), Type.Literal('rate_limit')]),
    status: Type.Union([Type.Literal('pass'), Type.Literal('fail'), Type.Literal('skip')]),
    detail: Type.String(),
  },
  { additionalProperties: true },
);

export const TestResult = Type.Object({
  connection: Type.Object({ id: Type.String(), name: Type.String(), kind: Kind }),
  scimBaseUrl: Type.String(),
  ok: Type.Boolean(),
  steps: Type.Array(TestStep),
  activity: Activity,
});

export const ConnectionRef = Type.Union([Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String(), kind: Type.String() }), Type.Null()]);

const Meta = Type.Object({ resourceType: Type.String(), created: DateTime, lastModified: DateTime, location: Type.String(), version: Type.String() });
const Source = Type.Union([Type.Literal('local'), Type.Literal('scim')]);
export const Provenance = {
  source: Source,
  connection: ConnectionRef,
  managedByScim: Type.Boolean(),
  deletedAt: NullableDateTime,
};

/**
 * A group or user reference (RFC 7643 §4.1.2 groups, §4.2 members). Its `$ref` travels as an
 * additional property: @fastify/swagger's resolver takes a property named `$ref` for a JSON
 * reference and fails on it.
 */
export const MemberRef = Type.Object(
  { value: Type.String(), display: Type.Optional(Type.String()), type: Type.Optional(Type.String()) },
  { additionalProperties: true, description: 'also carries `$ref`, the SCIM location' },
);

export const User = Type.Object(
  {
    schemas: Type.Array(Type.String()),
    id: Type.String({ format: 'uuid' }),
    userName: Type.String(),
    displayName: Type.Optional(Type.String()),
    active: Type.Optional(Type.Boolean()),
    name: Type.Optional(Type.Object({ givenName: Type.Optional(Type.String()), familyName: Type.Optional(Type.String()), formatted: Type.Optional(Type.String()) }, { additionalProperties: true })),
    emails: Type.Optional(Type.Array(Type.Object({ value: Type.String(), type: Type.Optional(Type.String()), primary: Type.Optional(Type.Boolean()) }, { additionalProperties: true }))),
    externalId: Type.Optional(Type.String()),
    groups: Type.Optional(Type.Array(MemberRef)),
    meta: Meta,
    ...Provenance,
    hasPassword: Type.Boolean(),
  },
  { additionalProperties: true, description: 'the SCIM representation (RFC 7643 §4.1) plus where the user comes from' },
);

export const Group = Type.Object(
  {
    schemas: Type.Array(Type.String()),
    id: Type.String({ format: 'uuid' }),
    displayName: Type.String(),
    externalId: Type.Optional(Type.String()),
    meta: Meta,
    ...Provenance,
    memberCount: Type.Optional(Type.Integer()),
  },
  { additionalProperties: true, description: 'the SCIM representation (RFC 7643 §4.2) without members, plus where the group comes from' },
);

export function page<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'pass as `cursor` for the next page; null on the last page' }) });
}

export const AuditItem = Type.Object({
  id: Type.String(),
  occurredAt: DateTime,
  source: Type.Union([Type.Literal('scim'), Type.Literal('admin'), Type.Literal('cli'), Type.Literal('system')]),
  connectionId: NullableString,
  tokenId: NullableString,
  adminId: NullableString,
  action: Type.String(),
  resourceType: NullableString,
  resourceId: NullableString,
  diff: Type.Unknown({ description: 'field → { before, after }; secrets redacted' }),
  requestId: NullableString,
  ip: NullableString,
  userAgent: NullableString,
});

export const Admin = Type.Object({ id: Type.String({ format: 'uuid' }), email: Type.String() });
export const Session = Type.Object({ admin: Admin, expiresAt: DateTime });

export const ConsumerLag = Type.Object({
  name: Type.String(),
  position: Type.String(),
  pendingEvents: Type.Integer(),
  oldestPendingAt: NullableDateTime,
  lagSeconds: Type.Number(),
  updatedAt: DateTime,
});
