// The audit page opens filtered from a link: its own pages' links (hrefTo) and the links the
// dispatcher puts in Slack messages (docs/webhooks.md "Slack") must mean the same filters.
import t from 'tap';
import { slackSummary } from '../../services/dispatcher/src/slack-message.js';
import { CONSOLE_PATHS, hrefTo, paths } from '../src/app/paths.js';
import { AUDIT_FILTER_KEYS, toAuditFilters, toInputValue, type AuditFilterKey } from '../src/features/audit/lib/audit-filters.js';
import { matchPath } from '../src/lib/router.js';

const CONNECTION = '6f1c0e9a-4b7d-4c1e-9a51-2d3e4f5a6b7c';

/** What the audit page does with a URL: its route must match, its query become the API's filters. */
function openAudit(href: string) {
  const url = new URL(href, 'https://console.example.com');
  const values = Object.fromEntries(AUDIT_FILTER_KEYS.map((k) => [k, url.searchParams.get(k) ?? ''])) as Record<AuditFilterKey, string>;
  return { route: matchPath(paths.audit, url.pathname), filters: toAuditFilters(values), values };
}

t.test('the Slack summary link opens the audit log on that span and connection', async (t) => {
  const message = JSON.parse(
    slackSummary(
      {
        summaryId: 's1',
        count: 2,
        countsByType: { 'user.created': 2 },
        firstOccurredAt: '2026-11-30T09:00:02.300Z',
        lastOccurredAt: '2026-11-30T09:00:31.020Z',
        connectionIds: [CONNECTION],
        connections: ['Okta'],
        source: 'scim',
        sample: [],
        eventIds: ['e1', 'e2'],
      },
      'https://console.example.com/',
    ),
  ) as { blocks: { type: string; elements?: { text: string }[] }[] };
  const context = message.blocks.find((b) => b.type === 'context')!.elements![0]!.text;
  const href = /<([^|>]+)\|View in audit log>/.exec(context)![1]!;
  const opened = openAudit(href);
  t.same(opened.route, {}, 'a console route: the server answers it with the console');
  t.same(opened.filters, { connectionId: CONNECTION, from: '2026-11-30T09:00:02.300Z', to: '2026-11-30T09:00:32.020Z' });
  t.ok(CONSOLE_PATHS.includes(new URL(href).pathname));
});

t.test('links from the console’s own pages', async (t) => {
  t.equal(hrefTo(paths.audit, {}, { resourceId: 'u1' }), '/audit?resourceId=u1');
  t.equal(hrefTo(paths.audit, {}, { tokenId: 'tk', from: undefined, to: '' }), '/audit?tokenId=tk', 'empty values are left out');
  t.equal(hrefTo(paths.webhook, { id: 'a b' }), '/webhooks/a%20b');
  t.same(openAudit(hrefTo(paths.audit, {}, { connectionId: CONNECTION, from: '2026-12-01T08:00:00.000Z' })).filters, { connectionId: CONNECTION, from: '2026-12-01T08:00:00.000Z' });
});

t.test('ISO instants from a link show in the datetime-local inputs as local time', async (t) => {
  const iso = '2026-11-30T09:00:02.300Z';
  const shown = toInputValue(iso);
  t.match(shown, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/, 'the input’s own format, to the second');
  t.equal(new Date(shown).getTime(), Date.parse('2026-11-30T09:00:02.000Z'), 'the same instant, read back in local time');
  t.equal(toInputValue('2026-11-30T10:15'), '2026-11-30T10:15', 'a value the input wrote stays as it is');
  t.equal(toInputValue('2026-11-30T10:15:00+01:00'), toInputValue('2026-11-30T09:15:00Z'), 'an offset is an instant too');
  t.equal(toInputValue('garbageZ'), '', 'an unreadable instant shows empty');
  t.same(openAudit('/audit?from=garbage').filters, {}, 'and is not sent');
});
