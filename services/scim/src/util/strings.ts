// What PostgreSQL cannot store in text: NUL (its text type is NUL-terminated) and ill-formed
// UTF-16 (an unpaired surrogate has no UTF-8 encoding). Either made a 500 of any request
// carrying it (issue 14 finding 7).
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `s` cannot be stored, or undefined when it can. */
export function unstorableReason(s: string): string | undefined {
  if (s.includes('\0')) return 'contains NUL (U+0000)';
  if (UNPAIRED_SURROGATE.test(s)) return 'contains an unpaired surrogate (not valid Unicode)';
  return undefined;
}

/** Length in Unicode code points (what a user calls characters), counted only when it matters. */
export function codePointLength(s: string, atMost: number): number {
  if (s.length <= atMost) return s.length; // UTF-16 units ≥ code points
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff || i + 1 >= s.length) n++;
    else {
      n++;
      i++;
    }
  }
  return n;
}
