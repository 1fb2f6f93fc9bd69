import { EVENT_TYPES, outboxJsonSchemas } from './events.js';

/**
 * docs/outbox.md embeds the JSON Schemas generated from the TypeBox definitions between these
 * markers; `scripts/gen-outbox-docs.ts` rewrites that section and a test fails when it is stale.
 */
export const GENERATED_BEGIN = '<!-- BEGIN GENERATED: outbox-schemas (scripts/gen-outbox-docs.ts; do not edit by hand) -->';
export const GENERATED_END = '<!-- END GENERATED: outbox-schemas -->';

export function renderOutboxSchemaSection(): string {
  const parts = [`Event types: ${EVENT_TYPES.map((t) => `\`${t}\``).join(', ')}.`];
  for (const { name, schema } of outboxJsonSchemas()) {
    parts.push(`### \`${name}\`\n\n${String(schema.description ?? '')}\n\n\`\`\`json\n${JSON.stringify(schema, null, 2)}\n\`\`\``);
  }
  return parts.join('\n\n');
}

/** Replaces the generated section of `markdown`; throws when the markers are missing. */
export function spliceGeneratedSection(markdown: string, generated: string): string {
  const start = markdown.indexOf(GENERATED_BEGIN);
  const end = markdown.indexOf(GENERATED_END);
  if (start < 0 || end < start) throw new Error('docs/outbox.md lacks the generated-section markers');
  return `${markdown.slice(0, start + GENERATED_BEGIN.length)}\n\n${generated}\n\n${markdown.slice(end)}`;
}
