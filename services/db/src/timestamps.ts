import pg from 'pg';

// timestamptz as Date without pg-types' regular expressions. A page of 100 users parses 200 of
// them (created, lastModified); the regex parser allocated ~1 KB per value and took ~7 % of the
// delta page's CPU (issue 17, BENCHMARKS.md "The delta page's garbage").

const TIMESTAMPTZ = 1184;
const general = pg.types.getTypeParser(TIMESTAMPTZ, 'text') as (text: string) => Date | number | null;

/** The decimal number in text[from, to), or NaN when a character there is not a digit. */
function digits(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    n = n * 10 + d;
  }
  return n;
}

const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000];

/**
 * PostgreSQL's text for a timestamptz in a UTC session with the ISO DateStyle (the default;
 * `2026-12-04 23:10:54.123456+00`, the fraction absent when zero, 1–6 digits otherwise), years
 * 1000–9999, read directly; anything else — another zone's offset, `infinity`, BC, other years —
 * goes to pg's own parser. Both give the same instant: the fraction's milliseconds are computed
 * as pg-types computes them (1000 × the fraction, truncated by Date.UTC).
 */
export function parseTimestamptz(text: string): Date | number | null {
  const n = text.length;
  if (
    n >= 22 && n <= 29 && n !== 23
    && text.charCodeAt(n - 3) === 43 /* + */ && text.charCodeAt(n - 2) === 48 && text.charCodeAt(n - 1) === 48
    && text.charCodeAt(4) === 45 /* - */ && text.charCodeAt(7) === 45 && text.charCodeAt(10) === 32
    && text.charCodeAt(13) === 58 /* : */ && text.charCodeAt(16) === 58 && (n === 22 || text.charCodeAt(19) === 46 /* . */)
  ) {
    const year = digits(text, 0, 4);
    const month = digits(text, 5, 7);
    const day = digits(text, 8, 10);
    const hour = digits(text, 11, 13);
    const minute = digits(text, 14, 16);
    const second = digits(text, 17, 19);
    const fraction = n === 22 ? 0 : digits(text, 20, n - 3) / POW10[n - 23]!;
    // (Years below 1000 go to pg's parser: Date.UTC reads 0–99 as 1900–1999.)
    if (year >= 1000 && !Number.isNaN(month + day + hour + minute + second + fraction)) {
      return new Date(Date.UTC(year, month - 1, day, hour, minute, second, 1000 * fraction));
    }
  }
  return general(text);
}

/** The type parsers of the pool's clients (connect.ts): pg's, with timestamptz read by parseTimestamptz. */
export const TYPE_PARSERS = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    return oid === TIMESTAMPTZ && format !== 'binary' ? parseTimestamptz : pg.types.getTypeParser(oid, format);
  },
};
