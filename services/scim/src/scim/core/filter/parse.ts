// Recursive-descent parser for the RFC 7644 §3.4.2.2 filter ABNF:
//   FILTER    = attrExp / logExp / valuePath / *1"not" "(" FILTER ")"
//   valuePath = attrPath "[" valFilter "]"
//   attrExp   = attrPath SP "pr" / attrPath SP compareOp SP compValue
// Precedence (§3.4.2.2 table 4): grouping > not > and > or. `not` requires parentheses.
// Everything a client writes wrong is `invalidFilter` (§3.12), with the 1-based position.

import { scimErrors } from '../errors.js';
import { parseAttrPath } from '../schema-registry.js';
import type { AttrPath, CompareOp, Filter, FilterValue } from '../types.js';
import { describe, tokenize, type Token } from './lexer.js';

export const MAX_FILTER_LENGTH = 4096;
/** Node cap, as Databricks' SCIM API documents one: bounds parse and SQL size for any filter. */
export const MAX_FILTER_NODES = 200;
const MAX_DEPTH = 32;

const COMPARE_OPS = new Set<CompareOp>(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']);

class Parser {
  private i = 0;
  private nodes = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): Filter {
    if (this.peek().kind === 'end') throw scimErrors.invalidFilter('Empty filter');
    const f = this.orExpr(false);
    const t = this.peek();
    if (t.kind !== 'end') throw this.expected(`"and", "or" or end of filter`, t);
    return f;
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)];
  }

  private next(): Token {
    return this.tokens[this.i < this.tokens.length - 1 ? this.i++ : this.i];
  }

  private isWord(t: Token, word: string): boolean {
    return t.kind === 'word' && t.text.toLowerCase() === word;
  }

  private expected(what: string, t: Token) {
    return scimErrors.invalidFilter(`Expected ${what} at position ${t.pos + 1}, found ${describe(t)}`);
  }

  private node<F extends Filter>(f: F): F {
    if (++this.nodes > MAX_FILTER_NODES) {
      throw scimErrors.invalidFilter(`Filter is too complex (more than ${MAX_FILTER_NODES} expressions)`);
    }
    return f;
  }

  // or binds looser than and (RFC 7644 §3.4.2.2 table 4); both are left-associative.
  private orExpr(inValuePath: boolean): Filter {
    return this.chain('or', () => this.chain('and', () => this.unary(inValuePath)));
  }

  private chain(kind: 'and' | 'or', operand: () => Filter): Filter {
    let left = operand();
    while (this.isWord(this.peek(), kind)) {
      this.next();
      left = this.node({ kind, left, right: operand() });
    }
    return left;
  }

  private unary(inValuePath: boolean): Filter {
    const t = this.peek();
    if (this.isWord(t, 'not') && this.peek(1).kind !== 'word') {
      this.next();
      if (this.peek().kind !== '(') throw this.expected(`"(" after "not" (RFC 7644 requires not (…))`, this.peek());
      return this.node({ kind: 'not', filter: this.group(inValuePath) });
    }
    if (this.isWord(t, 'not')) {
      // `not userName eq "x"`: the ABNF only has `not "(" FILTER ")"`.
      throw this.expected(`"(" after "not" (RFC 7644 requires not (…))`, this.peek(1));
    }
    if (t.kind === '(') return this.group(inValuePath);
    if (t.kind === 'word') return this.attrExpr(inValuePath);
    throw this.expected('an attribute path, "not" or "("', t);
  }

  private group(inValuePath: boolean): Filter {
    const open = this.next();
    if (++this.depth > MAX_DEPTH) throw scimErrors.invalidFilter(`Filter nests deeper than ${MAX_DEPTH} levels`);
    const f = this.orExpr(inValuePath);
    const close = this.next();
    if (close.kind !== ')') {
      throw this.expected(`")" closing the "(" at position ${open.pos + 1}`, close);
    }
    this.depth--;
    return f;
  }

  private attrPath(t: Token): AttrPath {
    try {
      return parseAttrPath(t.text, 'invalidFilter');
    } catch {
      throw scimErrors.invalidFilter(`Invalid attribute path "${t.text}" at position ${t.pos + 1}`);
    }
  }

  private attrExpr(inValuePath: boolean): Filter {
    const t = this.next();
    const path = this.attrPath(t);
    if (this.peek().kind !== '[') return this.comparison(path);
    if (inValuePath) throw scimErrors.invalidFilter(`Nested value filter at position ${this.peek().pos + 1}`);
    if (path.sub !== undefined) {
      throw scimErrors.invalidFilter(`A value filter applies to an attribute, not to "${t.text}" (position ${t.pos + 1})`);
    }
    const open = this.next();
    if (this.peek().kind === ']') throw this.expected('a filter inside "[ ]"', this.peek());
    const inner = this.orExpr(true);
    const close = this.next();
    if (close.kind !== ']') throw this.expected(`"]" closing the "[" at position ${open.pos + 1}`, close);
    if (this.peek().kind !== '.') return this.node({ kind: 'valuePath', path, filter: inner });
    // Entra form `emails[type eq "work"].value eq "x"`: one element must satisfy both the
    // bracket filter and the trailing comparison, so it becomes emails[type eq "work" and value eq "x"].
    this.next();
    const subTok = this.next();
    if (subTok.kind !== 'word' || !/^[A-Za-z$][\w$-]*$/.test(subTok.text)) {
      throw this.expected('a sub-attribute name after "]."', subTok);
    }
    const trailing = this.comparison({ attr: subTok.text });
    return this.node({ kind: 'valuePath', path, filter: this.node({ kind: 'and', left: inner, right: trailing }) });
  }

  private comparison(path: AttrPath): Filter {
    const opTok = this.next();
    const op = opTok.kind === 'word' ? opTok.text.toLowerCase() : '';
    if (op === 'pr') return this.node({ kind: 'present', path });
    if (!COMPARE_OPS.has(op as CompareOp)) {
      throw this.expected('an operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr)', opTok);
    }
    return this.node({ kind: 'compare', path, op: op as CompareOp, value: this.compValue() });
  }

  private compValue(): FilterValue {
    const t = this.next();
    if (t.kind === 'string' || t.kind === 'number') return t.value!;
    if (t.kind === 'word') {
      // The ABNF literals are lowercase; we accept any case like the operators.
      const w = t.text.toLowerCase();
      if (w === 'true') return true;
      if (w === 'false') return false;
      if (w === 'null') return null;
    }
    throw this.expected('a value (a "quoted string", number, true, false or null)', t);
  }
}

/** Parse a filter string into the AST of types.ts; throws ScimError invalidFilter. */
export function parseFilter(text: string): Filter {
  if (text.length > MAX_FILTER_LENGTH) {
    throw scimErrors.invalidFilter(`Filter is longer than ${MAX_FILTER_LENGTH} characters`);
  }
  return new Parser(tokenize(text)).parse();
}
