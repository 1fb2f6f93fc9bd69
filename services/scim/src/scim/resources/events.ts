import type { OutboxEntry } from '@scim/db';

/**
 * Membership changes become events of at most this many member ids (docs/outbox.md): one
 * PATCH adding 100 members is one event; a 100,000-member replace is 100 ordered events, each
 * small enough for a webhook payload.
 */
export const MEMBERS_PER_EVENT = 1000;

export function memberEvents(
  type: 'group.members_added' | 'group.members_removed',
  groupId: string,
  displayName: string,
  members: { value: string; type: 'User' | 'Group' }[],
): OutboxEntry[] {
  const events: OutboxEntry[] = [];
  for (let i = 0; i < members.length; i += MEMBERS_PER_EVENT) {
    events.push({
      type,
      resourceType: 'Group',
      resourceId: groupId,
      payload: { group: { id: groupId, displayName }, members: members.slice(i, i + MEMBERS_PER_EVENT) },
    });
  }
  return events;
}

/** The event of a user update: deactivation and reactivation are named for what they mean. */
export function userUpdateEventType(before: Record<string, unknown>, after: Record<string, unknown>): string {
  const was = before.active !== false;
  const is = after.active !== false;
  if (was && !is) return 'user.deactivated';
  if (!was && is) return 'user.reactivated';
  return 'user.updated';
}
