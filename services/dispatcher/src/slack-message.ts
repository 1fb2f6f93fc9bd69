import type { OutboxEvent } from '@scim/db';
import { labelOf, type ConnectionNames, type SummaryFacts } from './payloads.js';

/**
 * Slack Block Kit messages for `slack` subscriptions, written for a person skimming a channel:
 * "Okta provisioned 1,994 users and updated 6 · 09:00:02–09:00:31 UTC", a few names, and a link
 * to the console's audit view of that span. `text` is the notification fallback. Well inside
 * Slack's limits (section text ≤ 3,000 characters, ≤ 50 blocks).
 */
const VERBS: Record<string, [verb: string, noun: string]> = {
  'user.created': ['provisioned', 'user'],
  'user.updated': ['updated', 'user'],
  'user.deactivated': ['deactivated', 'user'],
  'user.reactivated': ['reactivated', 'user'],
  'user.deleted': ['deleted', 'user'],
  'group.created': ['created', 'group'],
  'group.updated': ['updated', 'group'],
  'group.deleted': ['deleted', 'group'],
  'group.members_added': ['added members to', 'group'],
  'group.members_removed': ['removed members from', 'group'],
};

/** Slack mrkdwn treats &, < and > as control characters (Slack "Formatting text for app surfaces"). */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const n = (x: number) => x.toLocaleString('en-US');
const hms = (iso: string) => iso.slice(11, 19);

function joinWords(parts: string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/** "provisioned 1,994 users and updated 6" — the noun is said once while it stays the same. */
export function describeCounts(counts: Record<string, number>): string {
  const order = Object.keys(VERBS);
  const types = Object.keys(counts).sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99));
  let lastNoun = '';
  const parts = types.map((t) => {
    const [verb, noun] = VERBS[t] ?? [t, 'event'];
    const c = counts[t]!;
    const word = noun === lastNoun ? '' : ` ${noun}${c === 1 ? '' : 's'}`;
    lastNoun = noun;
    return `${verb} ${n(c)}${word}`;
  });
  return joinWords(parts);
}

function who(connections: string[], source: string | undefined): string {
  if (connections.length > 0) return joinWords(connections);
  return source === 'admin' ? 'An admin' : source === 'cli' ? 'The CLI' : source === 'system' ? 'The system' : 'Provisioning';
}

export function auditLink(base: string | undefined, params: Record<string, string | undefined>): string | undefined {
  if (!base) return undefined;
  const q = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined));
  return `${base.replace(/\/+$/, '')}/audit?${q}`;
}

function message(text: string, detail: string | undefined, context: string[]) {
  const blocks: unknown[] = [{ type: 'section', text: { type: 'mrkdwn', text } }];
  if (detail) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: detail } });
  blocks.push({ type: 'context', elements: context.map((c) => ({ type: 'mrkdwn', text: c })) });
  return JSON.stringify({ text: text.replace(/\*/g, ''), blocks });
}

export function slackSingle(e: OutboxEvent, names: ConnectionNames, consoleBase: string | undefined): string {
  const type: string = e.type;
  const [verb, noun] = VERBS[type] ?? [type, 'resource'];
  const actor = who(e.actor.connectionId ? [names.get(e.actor.connectionId) ?? 'An IdP connection'] : [], e.actor.source);
  const label = labelOf(e) ?? e.resourceId;
  const d = e.data as { changedFields?: string[]; members?: unknown[] };
  let text = `${escapeMrkdwn(actor)} ${verb} ${noun === 'group' && !type.startsWith('group.members') ? 'group ' : ''}*${escapeMrkdwn(label)}*`;
  if (type.startsWith('group.members') && d.members) text = `${escapeMrkdwn(actor)} ${verb} *${escapeMrkdwn(label)}* (${n(d.members.length)} member${d.members.length === 1 ? '' : 's'})`;
  if (type.endsWith('.updated') && d.changedFields?.length) text += ` (${escapeMrkdwn(d.changedFields.slice(0, 8).join(', '))})`;
  const link = auditLink(consoleBase, { resourceId: e.resourceId, connectionId: e.actor.connectionId ?? undefined });
  return message(text, undefined, [`\`${e.type}\` · ${hms(e.occurredAt)} UTC${link ? ` · <${link}|View in audit log>` : ''}`]);
}

export function slackSummary(f: SummaryFacts, consoleBase: string | undefined): string {
  const span = hms(f.firstOccurredAt) === hms(f.lastOccurredAt) ? hms(f.firstOccurredAt) : `${hms(f.firstOccurredAt)}–${hms(f.lastOccurredAt)}`;
  const text = `*${escapeMrkdwn(who(f.connections, f.source))}* ${describeCounts(f.countsByType)} · ${span} UTC`;
  const names = f.sample.map((s) => s.name).filter((x): x is string => !!x);
  const more = f.count - names.length;
  const detail = names.length ? `${names.map(escapeMrkdwn).join(', ')}${more > 0 ? ` and ${n(more)} more` : ''}` : undefined;
  const to = new Date(Date.parse(f.lastOccurredAt) + 1000).toISOString();
  const link = auditLink(consoleBase, { from: f.firstOccurredAt, to, connectionId: f.connectionIds.length === 1 ? f.connectionIds[0] : undefined });
  return message(text, detail, [`${n(f.count)} events in one summary${link ? ` · <${link}|View in audit log>` : ''}`]);
}

export function slackTest(at: string): string {
  return message('*Test message* from the SCIM provisioning service: this Slack webhook works.', undefined, [`\`webhook.test\` · ${hms(at)} UTC`]);
}
