import { readFile } from 'node:fs/promises';
import path from 'node:path';
import t from 'tap';
import { Value } from 'typebox/value';
import { EVENT_TYPES, GENERATED_BEGIN, GENERATED_END, OutboxEventSchema, outboxJsonSchemas, renderOutboxSchemaSection, spliceGeneratedSection } from '@scim/db';
import { userCreated } from './write-events.js';

const envelope = (type: string, resourceType: string, data: unknown) => ({
  id: '0b6f3c4e-8d1f-4f7a-9a51-1c2d3e4f5a6b',
  position: '1042:17',
  type,
  schemaVersion: 1,
  occurredAt: '2026-11-28T21:30:05.000Z',
  resourceType,
  resourceId: 'r1',
  actor: { source: 'scim', connectionId: 'c1', tokenId: 't1', adminId: null },
  requestId: 'req-1',
  data,
});

t.test('the TypeBox schemas accept the agreed payloads and refuse what the contract forbids', async (t) => {
  const user = userCreated('u1').payload;
  t.ok(Value.Check(OutboxEventSchema, envelope('user.created', 'User', { ...user, revived: true })));
  t.ok(Value.Check(OutboxEventSchema, envelope('user.deactivated', 'User', { ...user, changedFields: ['active'] })));
  const group = { resource: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], id: 'g1', displayName: 'Eng', meta: user.resource.meta }, changedFields: [] };
  t.ok(Value.Check(OutboxEventSchema, envelope('group.created', 'Group', group)));
  const members = { group: { id: 'g1', displayName: 'Eng' }, members: [{ value: 'u1', type: 'User' }] };
  t.ok(Value.Check(OutboxEventSchema, envelope('group.members_added', 'Group', members)));

  t.notOk(Value.Check(OutboxEventSchema, envelope('user.created', 'User', { ...user, resource: { ...user.resource, password: 'x' } })), 'never a password');
  t.notOk(Value.Check(OutboxEventSchema, envelope('group.updated', 'Group', { ...group, resource: { ...group.resource, members: [] } })), 'groups travel without members');
  const tooMany = { ...members, members: Array.from({ length: 1001 }, (_, i) => ({ value: `u${i}`, type: 'User' })) };
  t.notOk(Value.Check(OutboxEventSchema, envelope('group.members_removed', 'Group', tooMany)), 'at most 1000 members per event');
  t.notOk(Value.Check(OutboxEventSchema, envelope('user.exploded', 'User', user)), 'unknown type');
  t.notOk(Value.Check(OutboxEventSchema, envelope('user.created', 'Group', user)), 'resourceType matches the type');
  t.ok(Value.Check(OutboxEventSchema, { ...envelope('user.updated', 'User', user), addedLater: 1 }), 'open for additions');
});

t.test('every event type is covered by exactly one published schema', async (t) => {
  const docs = outboxJsonSchemas();
  const covered = docs.flatMap(({ schema }) => {
    const type = (schema.properties as Record<string, { anyOf?: { const: string }[]; const?: string }>).type;
    return type.anyOf ? type.anyOf.map((s) => s.const) : [type.const!];
  });
  t.same(covered.sort(), [...EVENT_TYPES].sort());
  for (const d of docs) t.equal(d.schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
});

t.test('docs/outbox.md carries the schemas generated from the TypeBox definitions', async (t) => {
  const file = path.resolve(import.meta.dirname, '../../../../docs/outbox.md');
  const doc = await readFile(file, 'utf8');
  t.equal(spliceGeneratedSection(doc, renderOutboxSchemaSection()), doc, 'stale: run npx tsx --conditions=development scripts/gen-outbox-docs.ts');
});

t.test('spliceGeneratedSection replaces only what lies between the markers', async (t) => {
  const doc = (inner: string) => `# Title\n\nintro\n${GENERATED_BEGIN}${inner}${GENERATED_END}\noutro\n`;
  t.equal(spliceGeneratedSection(doc('\nold\n'), 'NEW'), doc('\n\nNEW\n\n'), 'the old section replaced, the text around it kept');
  t.equal(spliceGeneratedSection(doc(''), 'NEW'), doc('\n\nNEW\n\n'), 'an empty section filled');
  t.equal(spliceGeneratedSection(`${GENERATED_BEGIN}x${GENERATED_END}`, 'NEW'), `${GENERATED_BEGIN}\n\nNEW\n\n${GENERATED_END}`, 'a section at the very start of the file');
  const twice = spliceGeneratedSection(spliceGeneratedSection(doc('x'), 'A'), 'B');
  t.equal(twice, doc('\n\nB\n\n'), 'idempotent over runs: no blank lines pile up');
  const cases: [string, string][] = [
    ['no markers', '# Title\n'],
    ['only the begin marker', `a ${GENERATED_BEGIN} b`],
    ['only the end marker', `a ${GENERATED_END} b`],
    ['the end before the begin', `a ${GENERATED_END} b ${GENERATED_BEGIN} c`],
  ];
  for (const [what, md] of cases) {
    t.throws(() => spliceGeneratedSection(md, 'X'), { message: 'docs/outbox.md lacks the generated-section markers' }, what);
  }
});

t.test('renderOutboxSchemaSection names every event type and renders each schema with its description', async (t) => {
  const section = renderOutboxSchemaSection();
  t.ok(section.startsWith(`Event types: ${EVENT_TYPES.map((e) => `\`${e}\``).join(', ')}.\n\n### `), 'the list of types first');
  for (const { name, schema } of outboxJsonSchemas()) {
    t.ok(section.includes(`### \`${name}\`\n\n${String(schema.description ?? '')}\n\n\`\`\`json\n${JSON.stringify(schema, null, 2)}\n\`\`\``), `${name}: heading, description, schema`);
  }
  t.equal(section.split('\n\n### ').length - 1, outboxJsonSchemas().length, 'one section per schema, separated by a blank line');
});
