// `pnpm scim webhooks …`: spread into the command map of main.ts.
import type { Actor, DbHandle } from '@scim/db';
import type { WebhookDeliveryDetail, WebhookKind, WebhookStore } from '@scim/dispatcher';
import { loadScimConfig } from '../config.js';
import { secretsFor } from '../runtime.js';
import { UsageError, parseArgs } from './args.js';

export const WEBHOOK_USAGE = `  webhooks add --kind slack|hmac --url URL [--events PATTERNS] [--connection NAME] [--description TEXT]
                                            subscribe a Slack incoming webhook or a signed HTTPS endpoint;
                                            the last line is the hmac signing secret (whsec_…, shown
                                            once) or, for slack, the subscription id
  webhooks list [--json]                    list subscriptions (URLs masked, never a secret)
  webhooks disable|enable|remove ID         stop, resume or delete a subscription
  webhooks rotate-secret ID [--overlap-hours N]
                                            new signing secret on the last line; the old one keeps
                                            signing too for N hours (default 24)
  webhooks test ID                          send a webhook.test event now and print the answer
  webhooks deliveries ID [--json] [--status S] [--limit N]
                                            the delivery log with every attempt
  webhooks replay DELIVERY_ID               send a finished (e.g. dead) delivery again, same webhook-id`;

const CLI_ACTOR: Actor = { source: 'cli', userAgent: 'scim-cli' };
const out = (line: string): void => void process.stdout.write(line + '\n');

export class WebhookTestFailed extends Error {}

// Loaded on first use: every other command (and each CLI start) skips the dispatcher's modules.
const webhooks = () => import('@scim/dispatcher');

async function context(h: DbHandle) {
  const { httpOptionsFrom, keyRingFrom } = await webhooks();
  const config = loadScimConfig();
  const http = httpOptionsFrom(config);
  const keyRing = keyRingFrom((await secretsFor(config)).encryptionKey, config);
  const store: WebhookStore = { db: h.db, keyRing, guard: http };
  return { store, http };
}

function oneId(args: string[], command: string): string {
  const { positional } = parseArgs(args, {});
  if (positional.length !== 1) throw new UsageError(`webhooks ${command} needs exactly one ID`);
  return positional[0]!;
}

async function patterns(text: string): Promise<string[]> {
  const { parsePatternList } = await webhooks();
  try {
    return parsePatternList(text);
  } catch (err) {
    throw new UsageError(`--events: ${(err as Error).message}`);
  }
}

function attemptLines(d: WebhookDeliveryDetail): string[] {
  return d.attemptLog.map(
    (a) => `    #${a.attempt} ${a.trigger.padEnd(9)} ${a.startedAt}  ${(a.outcome ?? 'in flight').padEnd(9)} ${a.statusCode ?? '-'}  ${a.durationMs ?? '-'} ms${a.error ? `  ${a.error}` : ''}`,
  );
}

export const webhookCommands: Record<string, (args: string[], h: DbHandle) => Promise<void>> = {
  async 'webhooks add'(args, h) {
    const { WEBHOOK_KINDS, createSubscription } = await webhooks();
    const { values } = parseArgs(args, { values: ['kind', 'url', 'events', 'connection', 'description'] });
    if (!values.kind || !WEBHOOK_KINDS.includes(values.kind as WebhookKind)) throw new UsageError(`webhooks add needs --kind ${WEBHOOK_KINDS.join('|')}`);
    if (!values.url) throw new UsageError('webhooks add needs --url URL');
    const { store } = await context(h);
    const { subscription: s, secret } = await createSubscription(store, CLI_ACTOR, {
      kind: values.kind as WebhookKind,
      url: values.url,
      events: values.events === undefined ? undefined : await patterns(values.events),
      connection: values.connection,
      description: values.description,
    });
    out(`created webhook ${s.id} (${s.kind}) → ${s.url}`);
    out(`events: ${s.events.join(', ')}${s.connectionName ? `; only connection "${s.connectionName}"` : ''}`);
    if (secret) {
      out('signing secret (Standard Webhooks): store it now, it is shown only this once');
      out(secret);
    } else out(s.id);
  },
  async 'webhooks list'(args, h) {
    const { listSubscriptions } = await webhooks();
    const { flags } = parseArgs(args, { booleans: ['json'] });
    const subs = await listSubscriptions(h.db);
    if (flags.has('json')) return out(JSON.stringify(subs));
    if (!subs.length) return out('no webhook subscriptions');
    for (const s of subs) {
      const state = s.enabled ? (s.failingSince ? `failing since ${s.failingSince}` : 'enabled') : `disabled (${s.disabledReason ?? 'no reason'})`;
      out([s.id, s.kind.padEnd(5), s.url, s.events.join(','), s.connectionName ?? 'all connections', state, `${s.pendingDeliveries} pending`, `${s.failedDeliveries} dead`].join('  '));
    }
  },
  async 'webhooks disable'(args, h) {
    const { updateSubscription } = await webhooks();
    const s = await updateSubscription((await context(h)).store, CLI_ACTOR, oneId(args, 'disable'), { enabled: false });
    out(`disabled webhook ${s.id}`);
  },
  async 'webhooks enable'(args, h) {
    const { updateSubscription } = await webhooks();
    const s = await updateSubscription((await context(h)).store, CLI_ACTOR, oneId(args, 'enable'), { enabled: true });
    out(`enabled webhook ${s.id}`);
  },
  async 'webhooks remove'(args, h) {
    const { removeSubscription } = await webhooks();
    const id = oneId(args, 'remove');
    await removeSubscription((await context(h)).store, CLI_ACTOR, id);
    out(`removed webhook ${id}`);
  },
  async 'webhooks rotate-secret'(args, h) {
    const { MAX_OVERLAP_HOURS, rotateSecret } = await webhooks();
    const { values, positional } = parseArgs(args, { values: ['overlap-hours'] });
    if (positional.length !== 1) throw new UsageError('webhooks rotate-secret needs exactly one ID');
    const hours = values['overlap-hours'] === undefined ? 24 : Number(values['overlap-hours']);
    if (!(Number.isFinite(hours) && hours >= 0 && hours <= MAX_OVERLAP_HOURS)) throw new UsageError(`--overlap-hours must be 0 to ${MAX_OVERLAP_HOURS}`);
    const { subscription: s, secret } = await rotateSecret((await context(h)).store, CLI_ACTOR, positional[0]!, hours);
    out(`rotated the signing secret of webhook ${s.id}${s.previousSecretExpiresAt ? `; the old one also signs until ${s.previousSecretExpiresAt}` : '; the old one stopped signing'}`);
    out('new signing secret: store it now, it is shown only this once');
    out(secret);
  },
  async 'webhooks test'(args, h) {
    const { WebhookError, getSubscription, sendTestEvent } = await webhooks();
    const id = oneId(args, 'test');
    const { store, http } = await context(h);
    if (!(await getSubscription(h.db, id))) throw new WebhookError('not_found', `no webhook subscription ${id}`);
    const d = await sendTestEvent({ db: store.db, keyRing: store.keyRing, http }, CLI_ACTOR, id);
    const a = d.attemptLog.at(-1);
    out(`webhook.test delivery ${d.id} (webhook-id ${d.webhookId})`);
    out(a?.statusCode !== null && a?.statusCode !== undefined ? `receiver answered ${a.statusCode} in ${a.durationMs} ms${a.responseBody ? `: ${a.responseBody.slice(0, 200)}` : ''}` : `no answer: ${a?.error ?? 'unknown error'}`);
    if (d.status !== 'succeeded') throw new WebhookTestFailed('the receiver did not accept the test event');
  },
  async 'webhooks deliveries'(args, h) {
    const { getDelivery, listDeliveries } = await webhooks();
    const { values, flags, positional } = parseArgs(args, { values: ['status', 'limit'], booleans: ['json'] });
    if (positional.length !== 1) throw new UsageError('webhooks deliveries needs exactly one subscription ID');
    const limit = values.limit === undefined ? 50 : Number(values.limit);
    if (!(Number.isInteger(limit) && limit >= 1 && limit <= 200)) throw new UsageError('--limit must be 1 to 200');
    const statuses = ['open', 'pending', 'delivering', 'succeeded', 'failed'];
    if (values.status !== undefined && !statuses.includes(values.status)) throw new UsageError(`--status must be one of ${statuses.join(', ')}`);
    const page = await listDeliveries(h.db, positional[0]!, { limit, status: values.status as never });
    const details = (await Promise.all(page.items.map((d) => getDelivery(h.db, d.id)))).filter((d): d is WebhookDeliveryDetail => !!d);
    if (flags.has('json')) return out(JSON.stringify(details.map(({ body: _body, ...d }) => d)));
    if (!details.length) return out('no deliveries');
    for (const d of details) {
      out([d.id, d.createdAt, d.kind.padEnd(7), d.eventType, `${d.eventCount} event(s)`, d.status, `webhook-id ${d.webhookId}`].join('  '));
      for (const line of attemptLines(d)) out(line);
    }
  },
  async 'webhooks replay'(args, h) {
    const { getSubscription, replayDelivery } = await webhooks();
    const d = await replayDelivery(h.db, CLI_ACTOR, oneId(args, 'replay'));
    const s = await getSubscription(h.db, d.subscriptionId);
    out(`queued delivery ${d.id} again (webhook-id ${d.webhookId}); the dispatcher sends it${s && !s.enabled ? ' once the subscription is enabled' : ' now'}`);
  },
};
