// Rewrites the generated JSON Schema section of docs/outbox.md from the TypeBox definitions
// (services/db/src/outbox/events.ts). `--check` only reports: exit 1 when the file is stale.
// Run: npx tsx --conditions=development scripts/gen-outbox-docs.ts [--check]
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderOutboxSchemaSection, spliceGeneratedSection } from '@scim/db';

const file = path.resolve(import.meta.dirname, '../docs/outbox.md');
const current = await readFile(file, 'utf8');
const next = spliceGeneratedSection(current, renderOutboxSchemaSection());
if (process.argv.includes('--check')) {
  if (next !== current) {
    process.stderr.write('docs/outbox.md is stale: run npx tsx --conditions=development scripts/gen-outbox-docs.ts\n');
    process.exit(1);
  }
} else if (next !== current) {
  await writeFile(file, next);
  process.stdout.write('docs/outbox.md updated\n');
} else process.stdout.write('docs/outbox.md up to date\n');
