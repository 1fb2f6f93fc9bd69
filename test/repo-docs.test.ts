// The repository explains itself: what the code cites must be in the repository. Comments cite
// docs/architecture.md invariants and docs/idp-quirks.md entries by name; this test fails when a
// comment points at a document a clone does not have (the design notes the project started
// from), at an invariant number that does not exist, or at an idp-quirks.md heading that was
// renamed, and when a relative link in the docs leads nowhere.
import t from 'tap';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './helpers/process.js';

const SKIP_DIRS = new Set(['node_modules', 'dist', '.git', '.data', '.tap', 'coverage', 'e2e-screenshots', 'migrations', 'results']);
const TEXT = /\.(ts|tsx|js|mjs|md|sql|sh|ya?ml|json|css|html)$|^(Dockerfile|\.env\.example)$|^run$/;
const SELF = path.join('test', 'repo-docs.test.ts');

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(path.join(ROOT, dir))) {
    const rel = path.join(dir, name);
    if (statSync(path.join(ROOT, rel)).isDirectory()) {
      if (!SKIP_DIRS.has(name)) yield* files(rel);
    } else if (TEXT.test(name) && rel !== SELF && !name.endsWith('pnpm-lock.yaml') && name !== 'api-schema.ts') {
      yield rel;
    }
  }
}

const all = [...files('.')].map((f) => ({ file: f, text: readFileSync(path.join(ROOT, f), 'utf8') }));

// Names of the design notes, research files and their source codes, none of which ship.
const OUTSIDE = /DESIGN invariant|\bDESIGN:|STYLE\.md|TOOLCHAIN|research\/|\.\.\/shared|idp-behaviour\.md|peers\.md|outbox-webhooks\.md|MS-REF|I-SG\d|\bI-SDK|\bI-KC|ENTRA-(TUT|KI)|OKTA-(REF|SPEC|CRUD|BUILD|TEST|FAQ)|OL-(IMPL|TPL)|DJ-SCIM|peers B#/;

t.test('no comment or doc cites a document outside the repository', async (t) => {
  const hits: string[] = [];
  for (const { file, text } of all) {
    text.split('\n').forEach((line, i) => {
      if (OUTSIDE.test(line)) hits.push(`${file}:${i + 1}: ${line.trim().slice(0, 120)}`);
    });
  }
  t.same(hits, [], 'cite docs/architecture.md, docs/idp-quirks.md, docs/outbox.md or an RFC instead');
});

t.test('every cited invariant exists in docs/architecture.md', async (t) => {
  const arch = readFileSync(path.join(ROOT, 'docs/architecture.md'), 'utf8');
  const defined = new Set([...arch.matchAll(/^(\d+)\. \*\*/gm)].map((m) => Number(m[1])));
  t.ok(defined.size >= 10, 'architecture.md lists its invariants');
  const bad: string[] = [];
  for (const { file, text } of all) {
    for (const m of text.matchAll(/architecture\.md\)? invariants? (\d+)/g)) {
      if (!defined.has(Number(m[1]))) bad.push(`${file}: invariant ${m[1]}`);
    }
  }
  t.same(bad, []);
});

t.test('every cited idp-quirks.md entry is a heading there', async (t) => {
  const quirks = readFileSync(path.join(ROOT, 'docs/idp-quirks.md'), 'utf8');
  const headings = [...quirks.matchAll(/^### (.+)$/gm)].map((m) => m[1].trim());
  t.ok(headings.length >= 20, 'idp-quirks.md has its entries');
  const bad: string[] = [];
  let cited = 0;
  for (const { file, text } of all) {
    // "(idp-quirks.md: Entra string booleans)", possibly wrapped over a `//` or ` *` line break.
    const flat = text.replace(/\n\s*(\/\/|\*)\s*/g, ' ');
    for (const m of flat.matchAll(/idp-quirks\.md: ([^)]+)\)/g)) {
      cited++;
      const name = m[1].trim().replace(/\.$/, '');
      if (!headings.some((h) => name === h || name.startsWith(`${h} `) || name.startsWith(`${h};`))) bad.push(`${file}: "${name}"`);
    }
  }
  t.ok(cited >= 10, `code cites idp-quirks.md entries (${cited})`);
  t.same(bad, [], 'cite an entry by its exact heading');
});

t.test('relative links in the docs lead to files that exist', async (t) => {
  const bad: string[] = [];
  for (const { file, text } of all.filter((f) => f.file.endsWith('.md'))) {
    for (const m of text.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)) {
      const target = m[1];
      if (/^[a-z]+:/.test(target)) continue;
      if (!existsSync(path.join(ROOT, path.dirname(file), target))) bad.push(`${file}: ${target}`);
    }
  }
  t.same(bad, []);
});
