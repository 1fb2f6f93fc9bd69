import { Type } from 'typebox';
import { MAX_OVERLAP_HOURS, MAX_PATTERNS } from '@scim/dispatcher';

/**
 * TypeBox schemas of the webhook admin routes: requests are validated with them and responses
 * serialised by them (a field not listed here never leaves the server), and the admin API's
 * OpenAPI document is generated from them. docs/webhooks.md describes the same shapes.
 */
const Nullable = <T extends ReturnType<typeof Type.String>>(s: T) => Type.Union([s, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });
const NullableDateTime = Type.Union([DateTime, Type.Null()]);
const Uuid = Type.String({ format: 'uuid' });

export const Kind = Type.Union([Type.Literal('slack'), Type.Literal('hmac')], { description: 'slack: a Slack incoming-webhook URL; hmac: an HTTPS endpoint signed per Standard Webhooks' });
const Pattern = Type.String({ minLength: 1, maxLength: 64, description: 'an event type, or a pattern with * wildcards: "*", "user.*", "group.members_*"' });
const Patterns = Type.Array(Pattern, { minItems: 1, maxItems: MAX_PATTERNS });

export const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
export const DeliveryParams = Type.Object({ deliveryId: Type.String({ maxLength: 64 }) });

export const CreateWebhookBody = Type.Object(
  {
    kind: Kind,
    url: Type.String({ minLength: 1, maxLength: 2048, description: 'https URL (the Slack incoming-webhook URL for slack)' }),
    events: Type.Optional(Patterns),
    connectionId: Type.Optional(Type.Union([Uuid, Type.Null()], { description: 'only events of this IdP connection; null = all' })),
    description: Type.Optional(Type.String({ maxLength: 500 })),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const UpdateWebhookBody = Type.Object(
  {
    url: Type.Optional(Type.String({ minLength: 1, maxLength: 2048 })),
    events: Type.Optional(Patterns),
    connectionId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    description: Type.Optional(Type.String({ maxLength: 500 })),
    enabled: Type.Optional(Type.Boolean({ description: 'false disables; true re-enables and clears the failure history' })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const RotateBody = Type.Object(
  { overlapHours: Type.Optional(Type.Number({ minimum: 0, maximum: MAX_OVERLAP_HOURS, description: 'how long the old secret keeps signing too (default 24)' })) },
  { additionalProperties: false },
);

export const EmptyBody = Type.Object({}, { additionalProperties: false });

/** A JSON body that may also be left out (Fastify hands the validator null then). */
export const optionalBody = <T extends ReturnType<typeof Type.Object>>(body: T) => Type.Union([body, Type.Null()], { description: 'optional: send the object, {} or no body' });

export const Subscription = Type.Object(
  {
    id: Uuid,
    kind: Kind,
    url: Type.String({ description: 'masked: Slack paths and query strings are hidden' }),
    events: Type.Array(Type.String()),
    connectionId: Nullable(Type.String()),
    connectionName: Nullable(Type.String()),
    description: Type.String(),
    enabled: Type.Boolean(),
    disabledReason: Nullable(Type.String({ description: 'e.g. "disabled by an admin", "the receiver answered 410 Gone", "Slack answered 404 no_service"' })),
    disabledAt: NullableDateTime,
    previousSecretExpiresAt: Type.Union([DateTime, Type.Null()], { description: 'hmac: the rotated-out secret still signs until then' }),
    failingSince: Type.Union([DateTime, Type.Null()], { description: 'start of the current run of failed attempts' }),
    pausedUntil: Type.Union([DateTime, Type.Null()], { description: 'a 429 Retry-After holds the endpoint until then' }),
    createdAt: DateTime,
    updatedAt: DateTime,
    pendingDeliveries: Type.Integer(),
    failedDeliveries: Type.Integer({ description: 'dead letters (replayable)' }),
    lastSuccessAt: NullableDateTime,
    lastFailureAt: NullableDateTime,
  },
  { description: 'A webhook subscription (never its URL in full, never a secret)' },
);

export const CreatedSubscription = Type.Object({
  subscription: Subscription,
  secret: Type.Optional(Type.String({ description: 'hmac only: the signing secret (whsec_…), shown this once' })),
});

export const RotatedSubscription = Type.Object({
  subscription: Subscription,
  secret: Type.String({ description: 'the new signing secret (whsec_…), shown this once' }),
});

const DeliveryStatus = Type.Union([Type.Literal('open'), Type.Literal('pending'), Type.Literal('delivering'), Type.Literal('succeeded'), Type.Literal('failed')], {
  description: 'open: a summary still collecting events; failed: a dead letter',
});

const deliveryFields = {
  id: Uuid,
  subscriptionId: Uuid,
  webhookId: Type.String({ description: 'the webhook-id header: the same on every retry and replay' }),
  kind: Type.Union([Type.Literal('single'), Type.Literal('summary'), Type.Literal('test')]),
  eventType: Type.String({ description: 'the event type, provisioning.summary or webhook.test' }),
  eventCount: Type.Integer(),
  status: DeliveryStatus,
  attempts: Type.Integer(),
  nextAttemptAt: NullableDateTime,
  firstEventAt: NullableDateTime,
  lastEventAt: NullableDateTime,
  createdAt: DateTime,
  closedAt: NullableDateTime,
  completedAt: NullableDateTime,
  lastStatusCode: Type.Union([Type.Integer(), Type.Null()]),
  lastError: Nullable(Type.String()),
};

export const Delivery = Type.Object(deliveryFields);

export const Attempt = Type.Object({
  attempt: Type.Integer(),
  trigger: Type.Union([Type.Literal('scheduled'), Type.Literal('manual'), Type.Literal('test')]),
  startedAt: DateTime,
  durationMs: Type.Union([Type.Integer(), Type.Null()]),
  statusCode: Type.Union([Type.Integer(), Type.Null()]),
  responseBody: Type.Union([Type.String({ description: 'the first 4 KB of the answer' }), Type.Null()]),
  error: Nullable(Type.String()),
  outcome: Type.Union([Type.Literal('succeeded'), Type.Literal('retry'), Type.Literal('failed'), Type.Literal('disabled'), Type.Literal('abandoned'), Type.Null()], {
    description: 'null while in flight; abandoned: the dispatcher stopped mid-attempt (it is sent again)',
  }),
  nextAttemptAt: NullableDateTime,
});

export const DeliveryDetail = Type.Object({
  ...deliveryFields,
  body: Type.Union([Type.String({ description: 'the exact bytes sent' }), Type.Null()]),
  eventIds: Type.Array(Type.String()),
  attemptLog: Type.Array(Attempt),
});

export const DeliveriesQuery = Type.Object({
  status: Type.Optional(DeliveryStatus),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});

export const DeliveryPage = Type.Object({ items: Type.Array(Delivery), nextCursor: Type.Union([Type.String(), Type.Null()]) });
export const TestResult = Type.Object({ ok: Type.Boolean({ description: 'the receiver answered 2xx' }), delivery: DeliveryDetail });
export const Replayed = Type.Object({ delivery: Delivery, queued: Type.Boolean(), note: Type.Union([Type.String(), Type.Null()]) });
export const EventTypes = Type.Object({ eventTypes: Type.Array(Type.String()), examples: Type.Array(Type.String()) });
