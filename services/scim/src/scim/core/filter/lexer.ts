// Tokens of the RFC 7644 §3.4.2.2 filter grammar. Words (attribute paths, operators, and/or/not,
// true/false/null) are one token kind; the parser decides by position what a word means, so an
// attribute path like `urn:…:2.0:User:name.givenName` is a single word.

import { scimErrors } from '../errors.js';
import { unstorableReason } from '../../../util/strings.js';

export type TokenKind = 'word' | 'string' | 'number' | '(' | ')' | '[' | ']' | '.' | 'end';

export interface Token {
  kind: TokenKind;
  text: string;
  /** 0-based offset in the filter, reported 1-based in error details. */
  pos: number;
  /** Decoded value of string and number tokens. */
  value?: string | number;
}

const WORD = /[A-Za-z$][\w$.:-]*/y;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// A JSON string: decoded by JSON.parse, which handles \" \\ \/ \b \f \n \r \t and \uXXXX.
const STRING = /"(?:[^"\\]|\\.)*"/y;

export function describe(t: Token): string {
  return t.kind === 'end' ? 'end of filter' : `"${t.text}"`;
}

export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '(' || c === ')' || c === '[' || c === ']' || c === '.') {
      tokens.push({ kind: c, text: c, pos: i });
      i++;
      continue;
    }
    if (c === '"') {
      STRING.lastIndex = i;
      const m = STRING.exec(input);
      if (!m) throw scimErrors.invalidFilter(`Unterminated string starting at position ${i + 1}`);
      let value: string;
      try {
        value = JSON.parse(m[0]) as string;
      } catch {
        throw scimErrors.invalidFilter(`Invalid string literal at position ${i + 1}: not a valid JSON string`);
      }
      // A value PostgreSQL cannot take as a parameter would fail the query with a 500.
      const bad = unstorableReason(value);
      if (bad) throw scimErrors.invalidFilter(`The string literal at position ${i + 1} ${bad}`);
      tokens.push({ kind: 'string', text: m[0], pos: i, value });
      i += m[0].length;
      continue;
    }
    NUMBER.lastIndex = i;
    const num = NUMBER.exec(input);
    if (num) {
      tokens.push({ kind: 'number', text: num[0], pos: i, value: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    WORD.lastIndex = i;
    const word = WORD.exec(input);
    if (word) {
      // A word ending in '.' came from `attr.` with nothing after it; the parser reports it.
      tokens.push({ kind: 'word', text: word[0], pos: i });
      i += word[0].length;
      continue;
    }
    throw scimErrors.invalidFilter(`Unexpected character "${c}" at position ${i + 1}`);
  }
  tokens.push({ kind: 'end', text: '', pos: input.length });
  return tokens;
}
