import { Type, type Static, type TSchema } from 'typebox';

/**
 * The outbox event contract (docs/outbox.md): one TypeBox definition per event type, from which
 * the TypeScript types, runtime validation and the published JSON Schemas all come (one source of
 * truth per contract). Written by `scim`, read by the dispatcher and the main app.
 *
 * Objects stay open (additional properties allowed): the contract changes only by adding, and a
 * consumer must ignore what it does not know. A breaking change bumps `schemaVersion`.
 */
export const SCHEMA_VERSION = 1;

export const USER_EVENT_TYPES = ['user.created', 'user.updated', 'user.deactivated', 'user.reactivated', 'user.deleted'] as const;
export const GROUP_EVENT_TYPES = ['group.created', 'group.updated', 'group.deleted'] as const;
export const MEMBERSHIP_EVENT_TYPES = ['group.members_added', 'group.members_removed'] as const;
export const EVENT_TYPES = [...USER_EVENT_TYPES, ...GROUP_EVENT_TYPES, ...MEMBERSHIP_EVENT_TYPES] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** A membership change bigger than this is split into several events, in order. */
export const MAX_MEMBERS_PER_EVENT = 1000;

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Literals = <T extends readonly string[]>(values: T) => Type.Union(values.map((v) => Type.Literal(v)));

export const ActorSchema = Type.Object(
  {
    source: Type.Union([Type.Literal('scim'), Type.Literal('admin'), Type.Literal('cli'), Type.Literal('system')]),
    connectionId: Nullable(Type.String({ description: 'IdP connection of the SCIM token (source scim)' })),
    tokenId: Nullable(Type.String({ description: 'SCIM token that authenticated the request (source scim)' })),
    adminId: Nullable(Type.String({ description: 'console admin who made the change (source admin)' })),
  },
  { description: 'Who made the change' },
);

const MetaSchema = Type.Object({
  resourceType: Type.String(),
  created: Type.String({ format: 'date-time' }),
  lastModified: Type.String({ format: 'date-time' }),
  location: Type.String(),
  version: Type.String({ description: 'weak ETag, e.g. W/"3"' }),
});

export const ScimUserSchema = Type.Object(
  {
    schemas: Type.Array(Type.String()),
    id: Type.String(),
    userName: Type.String(),
    externalId: Type.Optional(Type.String()),
    active: Type.Optional(Type.Boolean()),
    password: Type.Optional(Type.Never({ description: 'never present in an event' })),
    meta: MetaSchema,
  },
  { description: 'SCIM User (RFC 7643 §4.1) as GET /Users/{id} returns it, enterprise extension under its URN key; never a password' },
);

export const ScimGroupSchema = Type.Object(
  {
    schemas: Type.Array(Type.String()),
    id: Type.String(),
    displayName: Type.String(),
    externalId: Type.Optional(Type.String()),
    members: Type.Optional(Type.Never({ description: 'membership travels in group.members_* events' })),
    meta: MetaSchema,
  },
  { description: 'SCIM Group (RFC 7643 §4.2) without members' },
);

const ChangedFields = Type.Array(Type.String(), { description: 'top-level attribute names that changed; [] for created and deleted' });

export const UserDataSchema = Type.Object({
  resource: ScimUserSchema,
  changedFields: ChangedFields,
  revived: Type.Optional(Type.Boolean({ description: 'user.created: a soft-deleted user was revived by a new POST' })),
  adopted: Type.Optional(Type.Boolean({ description: 'a local user was adopted by a SCIM connection' })),
});

export const GroupDataSchema = Type.Object({ resource: ScimGroupSchema, changedFields: ChangedFields });

export const MembershipDataSchema = Type.Object({
  group: Type.Object({ id: Type.String(), displayName: Type.String() }),
  members: Type.Array(Type.Object({ value: Type.String(), type: Type.Union([Type.Literal('User'), Type.Literal('Group')]) }), {
    minItems: 1,
    maxItems: MAX_MEMBERS_PER_EVENT,
  }),
});

function envelope<T extends readonly string[], D extends TSchema>(types: T, resourceType: 'User' | 'Group', data: D, description: string) {
  return Type.Object(
    {
      id: Type.String({ format: 'uuid', description: 'stable event id: the idempotency key (dedupe on it)' }),
      position: Type.String({ pattern: '^[0-9]+:[0-9]+$', description: '"<txid>:<id>": the position in transaction order; compare as two integers' }),
      type: Literals(types),
      schemaVersion: Type.Literal(SCHEMA_VERSION),
      occurredAt: Type.String({ format: 'date-time' }),
      resourceType: Type.Literal(resourceType),
      resourceId: Type.String(),
      actor: ActorSchema,
      requestId: Nullable(Type.String({ description: 'X-Request-Id of the request that made the change' })),
      data,
    },
    { description },
  );
}

export const UserEventSchema = envelope(USER_EVENT_TYPES, 'User', UserDataSchema, 'user.created | updated | deactivated | reactivated | deleted');
export const GroupEventSchema = envelope(GROUP_EVENT_TYPES, 'Group', GroupDataSchema, 'group.created | updated | deleted');
export const MembershipEventSchema = envelope(
  MEMBERSHIP_EVENT_TYPES,
  'Group',
  MembershipDataSchema,
  `group.members_added | members_removed: one event per change of up to ${MAX_MEMBERS_PER_EVENT} members`,
);
export const OutboxEventSchema = Type.Union([UserEventSchema, GroupEventSchema, MembershipEventSchema]);

export type OutboxActor = Static<typeof ActorSchema>;
export type UserEvent = Static<typeof UserEventSchema>;
export type GroupEvent = Static<typeof GroupEventSchema>;
export type MembershipEvent = Static<typeof MembershipEventSchema>;
/** What the consumer library returns and `pnpm scim outbox tail` prints (one per line). */
export type OutboxEvent = Static<typeof OutboxEventSchema>;

const ID_BASE = 'urn:scim-provisioning:outbox:v1';

/** The published JSON Schema documents (draft 2020-12), in the order docs/outbox.md lists them. */
export function outboxJsonSchemas(): { name: string; schema: Record<string, unknown> }[] {
  const doc = (name: string, schema: TSchema) => ({
    name,
    schema: { $schema: 'https://json-schema.org/draft/2020-12/schema', $id: `${ID_BASE}:${name}`, ...JSON.parse(JSON.stringify(schema)) },
  });
  return [doc('user-event', UserEventSchema), doc('group-event', GroupEventSchema), doc('membership-event', MembershipEventSchema)];
}
