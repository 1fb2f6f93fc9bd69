// resources/events.ts: membership events cut into pieces of MEMBERS_PER_EVENT in order, and
// the name of a user update's event (docs/outbox.md).
import t from 'tap';
import { MEMBERS_PER_EVENT, memberEvents, userUpdateEventType } from '../../src/scim/resources/events.js';

t.test('membership events: ordered slices of at most MEMBERS_PER_EVENT', async (t) => {
  const members = Array.from({ length: 2 * MEMBERS_PER_EVENT + 5 }, (_, i) => ({ value: `u${i}`, type: 'User' as const }));
  const events = memberEvents('group.members_added', 'g1', 'Eng', members);
  t.equal(events.length, 3);
  t.same(events.map((e) => (e.payload as { members: unknown[] }).members.length), [MEMBERS_PER_EVENT, MEMBERS_PER_EVENT, 5]);
  t.same(events.flatMap((e) => (e.payload as { members: { value: string }[] }).members.map((m) => m.value)), members.map((m) => m.value), 'every member once, in order');
  for (const e of events) {
    t.same({ type: e.type, resourceType: e.resourceType, resourceId: e.resourceId, group: (e.payload as { group: unknown }).group },
      { type: 'group.members_added', resourceType: 'Group', resourceId: 'g1', group: { id: 'g1', displayName: 'Eng' } });
  }
  t.same(memberEvents('group.members_removed', 'g1', 'Eng', []), [], 'no members, no event');
});

t.test('user update events', async (t) => {
  const cases: [Record<string, unknown>, Record<string, unknown>, string][] = [
    [{ active: true }, { active: false }, 'user.deactivated'],
    [{}, { active: false }, 'user.deactivated'],
    [{ active: false }, { active: true }, 'user.reactivated'],
    [{ active: false }, {}, 'user.reactivated'],
    [{ active: true }, { active: true }, 'user.updated'],
    [{ active: false }, { active: false }, 'user.updated'],
    [{}, {}, 'user.updated'],
  ];
  for (const [before, after, type] of cases) t.equal(userUpdateEventType(before, after), type, `${JSON.stringify(before)} → ${JSON.stringify(after)}`);
});
