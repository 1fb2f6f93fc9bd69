import type { HttpResult } from './http-client.js';

/**
 * What an attempt's result means (pure; table-tested). The schedule is Standard Webhooks'
 * (and Svix's): attempts at +0, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h after the previous
 * failure — 8 attempts over about 27.6 hours — each delay with ±20 % jitter so a receiver that
 * comes back is not hit by every queued delivery in the same second.
 */
export const RETRY_SCHEDULE_MS: readonly number[] = [0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];
export const JITTER = 0.2;
/** A Retry-After beyond this is treated as this (a receiver cannot park a delivery for weeks). */
export const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

/**
 * Slack answers a removed or unusable incoming webhook with one of these bodies (Slack changelog
 * "Improving error conditions for Incoming Webhooks", 2016-05-17, and its current error table).
 * Retrying cannot help: the subscription is disabled at once.
 */
export const SLACK_PERMANENT_ERRORS = new Set([
  'no_service', 'no_service_id', 'no_team', 'team_disabled', 'no_active_hooks', 'channel_not_found',
  'channel_is_archived', 'action_prohibited', 'invalid_token', 'posting_to_general_channel_denied',
]);
/** The message itself was refused: the same bytes would be refused again (a dead letter, no retry). */
export const SLACK_MESSAGE_ERRORS = new Set([
  'invalid_payload', 'user_not_found', 'no_text', 'invalid_blocks', 'invalid_blocks_format', 'too_many_attachments',
  'missing_text_or_fallback_or_attachments', 'msg_too_long', 'msg_blocks_too_long',
]);

export type AttemptDecision =
  | { outcome: 'succeeded' }
  | { outcome: 'retry'; delayMs: number; reason: string; pauseEndpointMs?: number }
  | { outcome: 'failed'; reason: string }
  | { outcome: 'disabled'; reason: string };

/** Seconds or an HTTP-date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  const ms = /^\d+$/.test(v) ? Number(v) * 1000 : Date.parse(v) - now;
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(Math.max(0, ms), MAX_RETRY_AFTER_MS);
}

export function jittered(ms: number, random: number): number {
  return Math.round(ms * (1 - JITTER + 2 * JITTER * random));
}

export interface DecideInput {
  kind: 'slack' | 'hmac';
  result: HttpResult;
  /** The attempt just made, 1-based. */
  attempt: number;
  /** A manual replay or a test: one attempt, never rescheduled. */
  oneShot?: boolean;
  schedule?: readonly number[];
  now: number;
  random: number;
}

export function decideAttempt(input: DecideInput): AttemptDecision {
  const { result, kind } = input;
  const status = result.statusCode;
  const text = (result.body ?? '').trim();
  if (status !== undefined && status >= 200 && status < 300) return { outcome: 'succeeded' };
  if (status === 410) return { outcome: 'disabled', reason: `the receiver answered 410 Gone${kind === 'slack' && text ? ` (${text.slice(0, 80)})` : ''}` };
  if (kind === 'slack' && SLACK_PERMANENT_ERRORS.has(text)) return { outcome: 'disabled', reason: `Slack answered ${status} ${text}` };
  const why = status !== undefined ? `HTTP ${status}${text ? ` ${text.slice(0, 80)}` : ''}` : (result.error ?? 'no response');
  if (kind === 'slack' && status !== undefined && status < 500 && SLACK_MESSAGE_ERRORS.has(text)) return { outcome: 'failed', reason: `Slack refused the message: ${text}` };
  if (input.oneShot) return { outcome: 'failed', reason: why };
  const schedule = input.schedule ?? RETRY_SCHEDULE_MS;
  if (input.attempt >= schedule.length) return { outcome: 'failed', reason: `${why}; gave up after ${input.attempt} attempts` };
  const retryAfter = status === 429 || status === 503 || (status !== undefined && status >= 300) ? parseRetryAfter(result.retryAfter, input.now) : undefined;
  const scheduled = jittered(schedule[input.attempt]!, input.random);
  const delayMs = retryAfter === undefined ? scheduled : Math.max(scheduled, retryAfter);
  // A 429 is about the endpoint, not this message: every delivery to it waits (Slack asks
  // senders to stop until Retry-After has passed).
  const pauseEndpointMs = status === 429 ? (retryAfter ?? delayMs) : undefined;
  return { outcome: 'retry', delayMs, reason: why, ...(pauseEndpointMs !== undefined ? { pauseEndpointMs } : {}) };
}
