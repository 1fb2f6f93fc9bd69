// timestamptz parsing (db/src/timestamps.ts): the direct path and pg's own parser agree on every
// instant, texts the direct path does not take go to pg's parser, and the pool reads
// timestamptz through it.
import t from 'tap';
import pg from 'pg';
import { connectDb, parseTimestamptz } from '@scim/db';
import { createTestDatabase } from '../../../test/helpers/db.js';

const general = pg.types.getTypeParser(1184, 'text') as (text: string) => Date | number | null;
const instant = (v: Date | number | null) => (v instanceof Date ? v.getTime() : v);

t.test('the same instant as pg-types for every shape PostgreSQL prints', async (t) => {
  const table: [string, string][] = [
    ['2026-12-04 23:10:54+00', '2026-12-04T23:10:54.000Z'],
    ['2026-12-04 23:10:54.1+00', '2026-12-04T23:10:54.100Z'],
    ['2026-12-04 23:10:54.12+00', '2026-12-04T23:10:54.120Z'],
    ['2026-12-04 23:10:54.123+00', '2026-12-04T23:10:54.123Z'],
    ['2026-12-04 23:10:54.1239+00', '2026-12-04T23:10:54.123Z'],
    ['2026-12-04 23:10:54.12399+00', '2026-12-04T23:10:54.123Z'],
    ['2026-12-04 23:10:54.999999+00', '2026-12-04T23:10:54.999Z'],
    ['2000-02-29 00:00:00.000001+00', '2000-02-29T00:00:00.000Z'],
    ['1000-01-01 00:00:00+00', '1000-01-01T00:00:00.000Z'],
    ['9999-12-31 23:59:59.999999+00', '9999-12-31T23:59:59.999Z'],
  ];
  for (const [text, iso] of table) {
    const d = parseTimestamptz(text);
    t.ok(d instanceof Date, text);
    t.equal((d as Date).toISOString(), iso, text);
    t.equal(instant(d), instant(general(text)), `${text}: as pg-types reads it`);
  }
});

t.test('other texts go to pg-types, so they read as before', async (t) => {
  const others = [
    'infinity', '-infinity', '2026-12-04 23:10:54+01', '2026-12-04 23:10:54.5+05:30', '2026-12-04 23:10:54-08',
    '0050-01-01 00:00:00+00', '0999-12-31 23:59:59+00', '2026-12-04 23:10:54+00 BC', '2026-12-04 23:10:54.+00',
    '2026-12-04T23:10:54+00', '2026-12-04 23:10:54.1234567+00', '20x6-12-04 23:10:54+00', '2026-12-04 23:10:5x+00',
    '2026-12-04 23:10:54.12x+00', '12026-12-04 23:10:54+00',
  ];
  for (const text of others) t.same(instant(parseTimestamptz(text)), instant(general(text)), text);
  t.equal(parseTimestamptz('infinity'), Infinity);
  t.equal((parseTimestamptz('2026-12-04 23:10:54+01') as Date).toISOString(), '2026-12-04T22:10:54.000Z');
  t.equal((parseTimestamptz('0050-01-01 00:00:00+00') as Date).getUTCFullYear(), 50, 'not 1950');
});

t.test("PostgreSQL's own output, 2,000 instants of every precision, read alike; the pool parses with it", async (t) => {
  const { url } = await createTestDatabase(t);
  const h = connectDb({ connectionString: url, max: 1 });
  t.teardown(() => h.close());
  // Steps of 1.234567 s from a fixed instant, rounded to 0–6 fractional digits: every length.
  const { rows } = await h.pool.query<{ text: string; ts: Date }>(`
    SELECT v::text AS text, v AS ts
      FROM generate_series(1, 2000) AS i,
           LATERAL (SELECT date_trunc('second', timestamptz '2026-01-01 00:00:00+00' + i * interval '1.234567 s')
                           + (round(extract(microseconds FROM i * interval '1.234567 s')::numeric % 1000000 / 1000000, i % 7) * interval '1 s') AS v) x`);
  const lengths = new Set(rows.map((r) => r.text.length));
  t.ok(lengths.size >= 6, `fraction lengths seen: ${[...lengths].sort().join(', ')}`);
  let same = 0;
  for (const r of rows) {
    const direct = parseTimestamptz(r.text);
    if (instant(direct) === instant(general(r.text)) && instant(r.ts) === instant(direct)) same++;
  }
  t.equal(same, rows.length, 'every one: the direct path, pg-types and the pool agree');
  const client = await h.pool.connect();
  t.equal(client.getTypeParser(1184, 'text'), parseTimestamptz, "the pool's clients read timestamptz with it");
  t.equal(client.getTypeParser(1114, 'text'), pg.types.getTypeParser(1114, 'text'), 'other types as pg reads them');
  client.release();
});
