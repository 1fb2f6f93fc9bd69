import type { Kysely } from 'kysely';
import type { Agent } from 'undici';
import { Webhook } from 'standardwebhooks';
import type { Database, KeyRing } from '@scim/db';
import { completeAttempt, type AttemptRecord, type ClaimedDelivery } from './claims.js';
import { postWebhook, type HttpOptions, type HttpResult } from './http-client.js';
import { decideAttempt } from './retry-policy.js';

export const USER_AGENT = 'scim-provisioning-webhooks/1';

export interface SendDeps {
  db: Kysely<Database>;
  agent: Agent;
  http: HttpOptions;
  keyRing: KeyRing;
  owner: string;
  autoDisableMs: number;
  retryScheduleMs?: readonly number[];
}

/** The AAD contexts of the encrypted columns (services/db/src/secret-box.ts). */
export const urlContext = (subscriptionId: string) => `webhook-url:${subscriptionId}`;
export const secretContext = (subscriptionId: string) => `webhook-secret:${subscriptionId}`;
export const previousSecretContext = (subscriptionId: string) => `webhook-previous-secret:${subscriptionId}`;

/**
 * Standard Webhooks v1 headers: the id is the delivery's (same on every retry), the timestamp
 * is this attempt's, and during a rotation's overlap the body is signed with both secrets
 * (space-separated), newest first, so receivers holding either one verify it.
 */
export function signedHeaders(webhookId: string, body: string, secrets: string[], at: Date): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': USER_AGENT,
    'webhook-id': webhookId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': secrets.map((s) => new Webhook(s).sign(webhookId, at, body)).join(' '),
  };
}

export interface AttemptOutcome {
  record: AttemptRecord;
  http: HttpResult;
  /** False when the lease was lost meanwhile (someone else owns the delivery now). */
  recorded: boolean;
}

/** One attempt of a claimed delivery: decrypt, sign, POST, decide, record. Never throws. */
export async function attemptDelivery(deps: SendDeps, d: ClaimedDelivery): Promise<AttemptOutcome> {
  let http: HttpResult;
  try {
    const url = deps.keyRing.decrypt(d.urlEncrypted, urlContext(d.subscriptionId));
    let headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': USER_AGENT };
    if (d.subscriptionKind === 'hmac') {
      const secrets = [deps.keyRing.decrypt(d.secretEncrypted!, secretContext(d.subscriptionId))];
      if (d.previousSecretEncrypted) secrets.push(deps.keyRing.decrypt(d.previousSecretEncrypted, previousSecretContext(d.subscriptionId)));
      headers = signedHeaders(d.webhookId, d.body, secrets, new Date());
    }
    http = await postWebhook(deps.agent, url, d.body, headers, deps.http);
  } catch (err) {
    // A key this process does not hold (ENCRYPTION_KEY_PREVIOUS missing after a rotation):
    // recorded on the attempt, retried on schedule, never logged with the value.
    http = { durationMs: 0, error: (err as Error).message, errorKind: 'network' };
  }
  const decision = decideAttempt({
    kind: d.subscriptionKind,
    result: http,
    attempt: d.attempt,
    oneShot: d.oneShot || d.kind === 'test',
    schedule: deps.retryScheduleMs,
    now: Date.now(),
    random: Math.random(),
  });
  const record: AttemptRecord = {
    outcome: decision.outcome,
    durationMs: http.durationMs,
    statusCode: http.statusCode,
    responseBody: http.body,
    error: http.error,
    ...(decision.outcome === 'retry' ? { delayMs: decision.delayMs, pauseEndpointMs: decision.pauseEndpointMs } : {}),
    ...(decision.outcome !== 'succeeded' ? { reason: decision.reason } : {}),
  };
  const recorded = await completeAttempt(deps.db, d, deps.owner, record, deps.autoDisableMs);
  return { record, http, recorded };
}
