import t from 'tap';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { SecretOnce } from '../src/components/secret-once.js';
import { SubscriptionForm } from '../src/features/webhooks/components/subscription-form.js';
import {
  EMPTY_SUBSCRIPTION, createWebhookPayload, patternMatches, selectedTypes, slackUrlWarning, splitPatterns, validateSubscription,
} from '../src/features/webhooks/lib/subscription-form.js';

// The outbox's event types (docs/webhooks.md "Subscriptions"), as GET /webhooks/event-types lists them.
const TYPES = ['user.created', 'user.updated', 'user.deactivated', 'user.reactivated', 'user.deleted', 'group.created', 'group.updated', 'group.deleted', 'group.members_added', 'group.members_removed'];
const ok = { ...EMPTY_SUBSCRIPTION, url: 'https://hr.example.com/scim-events' };

t.test('patterns: the dispatcher’s * wildcard, nothing else special', async (t) => {
  const table: [string, string, boolean][] = [
    ['*', 'user.created', true],
    ['user.*', 'user.deleted', true],
    ['user.*', 'group.created', false],
    ['group.members_*', 'group.members_added', true],
    ['group.members_*', 'group.updated', false],
    ['user.created', 'user.created', true],
    ['user.created', 'user.createdX', false],
    ['user.create', 'user.created', false],
    ['user?created', 'user.created', false],
    ['user.(created)', 'user.created', false],
  ];
  for (const [p, type, want] of table) t.equal(patternMatches(p, type), want, `${p} ~ ${type}`);
  t.same(splitPatterns(' user.*, group.members_*  user.* '), ['user.*', 'group.members_*'], 'commas or spaces, de-duplicated');
  t.same(selectedTypes(['group.members_*', 'user.deleted'], TYPES), ['user.deleted', 'group.members_added', 'group.members_removed'], 'in the server’s order');
});

t.test('validation: what the server would refuse, before the round trip', async (t) => {
  const table: [string, Partial<typeof ok>, Record<string, string>][] = [
    ['a valid hmac subscription', {}, {}],
    ['empty URL', { url: '  ' }, { url: 'The receiver’s URL is required.' }],
    ['not a URL', { url: 'hr.example.com/hook' }, { url: 'Not a URL: it starts with https://' }],
    ['another scheme', { url: 'ftp://hr.example.com/x' }, { url: 'Use an https:// URL.' }],
    ['credentials in the URL', { url: 'https://u:p@hr.example.com/x' }, { url: 'Credentials in the URL are refused: the request is signed instead.' }],
    ['plain http is the server’s call', { url: 'http://127.0.0.1:3000/hook' }, {}],
    ['too long', { url: `https://hr.example.com/${'a'.repeat(2040)}` }, { url: 'At most 2,048 characters.' }],
    ['no pattern', { events: ' , ' }, { events: 'Give at least one event pattern, e.g. * or user.*.' }],
    ['a typo', { events: 'user.*, user.crated, grp.*' }, { events: 'No event type matches “user.crated”, “grp.*”.' }],
    ['too many patterns', { events: Array.from({ length: 51 }, (_, i) => `user.${'*'.repeat(i + 1)}`).join(',') }, { events: 'At most 50 patterns.' }],
    ['long description', { description: 'x'.repeat(501) }, { description: 'At most 500 characters.' }],
    ['several at once', { url: '', events: '' }, { url: 'The receiver’s URL is required.', events: 'Give at least one event pattern, e.g. * or user.*.' }],
  ];
  for (const [name, change, want] of table) t.same(validateSubscription({ ...ok, ...change }, TYPES), want, name);
  t.same(validateSubscription({ ...ok, events: 'grp.*' }, []), {}, 'patterns are checked once the event types have loaded (the server checks anyway)');
});

t.test('a Slack URL that is not an incoming webhook is said, not refused', async (t) => {
  t.equal(slackUrlWarning({ ...ok, kind: 'slack', url: 'https://hooks.slack.com/services/T0/B0/x' }), undefined);
  t.match(slackUrlWarning({ ...ok, kind: 'slack', url: 'http://127.0.0.1:9/slack' }), /hooks\.slack\.com/);
  t.equal(slackUrlWarning({ ...ok, kind: 'hmac', url: 'http://127.0.0.1:9/x' }), undefined);
  t.same(validateSubscription({ ...ok, kind: 'slack', url: 'http://127.0.0.1:9/slack' }, TYPES), {});
});

t.test('the body sent: trimmed, optional fields only when given', async (t) => {
  t.same(createWebhookPayload({ kind: 'hmac', url: ' https://hr.example.com/x ', events: 'user.*, group.*', connectionId: '', description: '  ' }), {
    kind: 'hmac',
    url: 'https://hr.example.com/x',
    events: ['user.*', 'group.*'],
  });
  t.same(createWebhookPayload({ kind: 'slack', url: 'https://hooks.slack.com/services/T/B/x', events: '*', connectionId: 'c1', description: ' HR ' }), {
    kind: 'slack',
    url: 'https://hooks.slack.com/services/T/B/x',
    events: ['*'],
    connectionId: 'c1',
    description: 'HR',
  });
});

t.test('rendered form: labelled fields, the kinds as radios, the connections to pick from', async (t) => {
  const html = renderToStaticMarkup(
    createElement(SubscriptionForm, { eventTypes: TYPES, examples: ['*', 'user.*'], connections: [{ id: 'c1', name: 'Okta' }], pending: false, error: null, onSubmit: () => {}, onCancel: () => {} }),
  );
  for (const label of ['Endpoint URL', 'Events', 'Connection', 'Description (optional)']) {
    const m = new RegExp(`<label for="([^"]+)">${label.replace(/[()]/g, '\\$&')}</label>`).exec(html);
    t.ok(m, `${label} has a label`);
    if (m) t.match(html, new RegExp(`<(input|select) id="${m[1]}"`), `${label}'s label points at its field`);
  }
  t.match(html, /<legend>Send to<\/legend>/);
  t.match(html, /name="webhook-kind" checked="" value="hmac"/, 'signed HTTPS by default');
  t.match(html, /<option value="c1">Okta<\/option>/);
  t.match(html, /Every event type\./, 'the default * selects every type, and says so');
  t.notMatch(html, /field-error/, 'no error before the first submit');
});

t.test('the secret-once panel: the value, a copy button, and the warning', async (t) => {
  const html = renderToStaticMarkup(createElement(SecretOnce, { label: 'Signing secret', title: 'Subscription added.', value: 'whsec_abc', testId: 'webhook-secret', onDone: () => {} }, 'Deploy it to the receiver.'));
  t.match(html, /role="region" aria-label="Signing secret"/, 'a labelled region screen readers can jump to');
  t.match(html, /Subscription added\. Copy it now — you will not see this again\./);
  t.match(html, /<code data-testid="webhook-secret">whsec_abc<\/code>/);
  t.match(html, /<button[^>]*>.*Copy signing secret.*<\/button>/);
  t.match(html, /Deploy it to the receiver\./);
  t.match(html, /<button[^>]*>I have copied it<\/button>/, 'and a way to put it away');
});
