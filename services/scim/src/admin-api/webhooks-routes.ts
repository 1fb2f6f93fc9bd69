import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { EVENT_TYPES, SecretBoxError } from '@scim/db';
import {
  WebhookError, createSubscription, getDelivery, getSubscription, httpOptionsFrom, keyRingFrom, listDeliveries, listSubscriptions,
  removeSubscription, replayDelivery, rotateSecret, sendTestEvent, updateSubscription, type WebhookStore,
} from '@scim/dispatcher';
import { AdminApiError, adminErrors } from './errors.js';
import { adminActor } from './session.js';
import { responses } from './schemas.js';
import * as S from './webhooks-schemas.js';

/** Default overlap of a signing-secret rotation: a day for the receiver to deploy the new one. */
const DEFAULT_OVERLAP_HOURS = 24;

const CODES: Record<WebhookError['code'], [number, string]> = {
  not_found: [404, 'not_found'],
  invalid_argument: [400, 'validation_failed'],
  unsafe_url: [400, 'unsafe_url'],
  conflict: [409, 'conflict'],
  key_unavailable: [409, 'key_unavailable'],
};

/** The webhook store's errors in the admin API's shape (architecture.md invariant 10). */
async function mapped<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof WebhookError) {
      const [status, code] = CODES[err.code];
      throw new AdminApiError(status, code, err.message);
    }
    if (err instanceof SecretBoxError) throw new AdminApiError(409, 'key_unavailable', err.message);
    throw err;
  }
}

/**
 * `/webhooks…`: subscriptions (Slack or Standard Webhooks endpoints), their delivery log,
 * test sends and replays (docs/webhooks.md). Secrets appear only in the responses that create
 * them (`cache-control: no-store`).
 */
const tags = ['webhooks'];

export const webhookRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, config, secrets } = app.deps;
  const http = httpOptionsFrom(config);
  const keyRing = keyRingFrom(secrets.encryptionKey, config);
  const store: WebhookStore = { db, keyRing, guard: http };

  app.get('/webhooks', { schema: { tags, response: responses({ 200: Type.Object({ items: Type.Array(S.Subscription) }) }) } }, async () => ({ items: await listSubscriptions(db) }));

  app.get('/webhooks/event-types', { schema: { tags, response: responses({ 200: S.EventTypes }) } }, async () => ({
    eventTypes: [...EVENT_TYPES],
    examples: ['*', 'user.*', 'group.*', 'group.members_*', 'user.created'],
  }));

  app.post('/webhooks', { schema: { tags, body: S.CreateWebhookBody, response: responses({ 201: S.CreatedSubscription }) } }, async (req, reply) => {
    const { connectionId, ...rest } = req.body;
    const created = await mapped(() => createSubscription(store, adminActor(req), { ...rest, connection: connectionId }));
    return reply.code(201).header('cache-control', 'no-store').send(created);
  });

  app.get('/webhooks/:id', { schema: { tags, params: S.IdParams, response: responses({ 200: S.Subscription }) } }, async (req) => {
    const s = await getSubscription(db, req.params.id);
    if (!s) throw adminErrors.notFound(`webhook subscription ${req.params.id}`);
    return s;
  });

  app.patch('/webhooks/:id', { schema: { tags, params: S.IdParams, body: S.UpdateWebhookBody, response: responses({ 200: S.Subscription }) } }, async (req) => {
    const { connectionId, ...rest } = req.body;
    return mapped(() => updateSubscription(store, adminActor(req), req.params.id, { ...rest, connection: connectionId }));
  });

  app.delete('/webhooks/:id', { schema: { tags, params: S.IdParams, response: responses({ 204: Type.Null() }) } }, async (req, reply) => {
    await mapped(() => removeSubscription(store, adminActor(req), req.params.id));
    return reply.code(204).send(null);
  });

  app.post(
    '/webhooks/:id/rotate-secret',
    { schema: { tags, params: S.IdParams, body: S.optionalBody(S.RotateBody), response: responses({ 201: S.RotatedSubscription }) } },
    async (req, reply) => {
      const r = await mapped(() => rotateSecret(store, adminActor(req), req.params.id, req.body?.overlapHours ?? DEFAULT_OVERLAP_HOURS));
      return reply.code(201).header('cache-control', 'no-store').send(r);
    },
  );

  app.post('/webhooks/:id/test', { schema: { tags, params: S.IdParams, body: S.optionalBody(S.EmptyBody), response: responses({ 200: S.TestResult }) } }, async (req) => {
    const delivery = await mapped(() => sendTestEvent({ db, keyRing, http }, adminActor(req), req.params.id));
    return { ok: delivery.status === 'succeeded', delivery };
  });

  app.get(
    '/webhooks/:id/deliveries',
    { schema: { tags, params: S.IdParams, querystring: S.DeliveriesQuery, response: responses({ 200: S.DeliveryPage }) } },
    async (req) => mapped(() => listDeliveries(db, req.params.id, { status: req.query.status, limit: req.query.limit ?? 50, cursor: req.query.cursor })),
  );

  app.get('/webhooks/deliveries/:deliveryId', { schema: { tags, params: S.DeliveryParams, response: responses({ 200: S.DeliveryDetail }) } }, async (req) => {
    const d = await getDelivery(db, req.params.deliveryId);
    if (!d) throw adminErrors.notFound(`webhook delivery ${req.params.deliveryId}`);
    return d;
  });

  app.post(
    '/webhooks/deliveries/:deliveryId/replay',
    { schema: { tags, params: S.DeliveryParams, body: S.optionalBody(S.EmptyBody), response: responses({ 202: S.Replayed }) } },
    async (req, reply) => {
      const delivery = await mapped(() => replayDelivery(db, adminActor(req), req.params.deliveryId));
      const sub = await getSubscription(db, delivery.subscriptionId);
      const note = sub && !sub.enabled ? 'the subscription is disabled: the replay is sent once it is enabled again' : null;
      return reply.code(202).send({ delivery, queued: true, note });
    },
  );
};
