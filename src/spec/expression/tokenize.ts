import { characterAt } from './character-at.ts';
import { ExpressionError } from './expression-error.ts';
import { EXPRESSION_LIMITS, INVISIBLE_OR_CONTROL } from './types.ts';

export type OpText = '+' | '-' | '*' | '/' | '^' | '(' | ')' | ',' | '==' | '!=' | '<' | '<=' | '>' | '>=' | 'and' | 'or' | 'not';

export type Token =
  | { type: 'number'; value: number; text: string; pos: number }
  | { type: 'string'; value: string; pos: number }
  | { type: 'name'; name: string; quoted: boolean; pos: number }
  | { type: 'op'; op: OpText; pos: number }
  | { type: 'end'; pos: number };

const KEYWORDS = new Set(['and', 'or', 'not']);
/** Characters outside the grammar that look like something inside it. */
const LOOKALIKES: Record<string, string> = {
  '\u2212': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u00d7': '*',
  '\u00f7': '/',
  '\u2018': "'",
  '\u2019': "'",
  '\u201c': "'",
  '\u201d': "'",
  '\u2264': '<=',
  '\u2265': '>=',
  '\u2260': '!=',
  '\uff08': '(',
  '\uff09': ')',
  '\u00a0': 'a plain space',
};

/**
 * Splits expression text into tokens. Hand-written and strict: anything not in
 * the grammar is an ExpressionError at its 0-based offset, its message naming the
 * 1-based character (characterAt).
 */
export function tokenize(text: string): Token[] {
  if (text.length > EXPRESSION_LIMITS.maxLength)
    fail(`expression is longer than ${EXPRESSION_LIMITS.maxLength} characters`, EXPRESSION_LIMITS.maxLength, text);
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const start = i;
    if (isDigit(c) || (c === '.' && isDigit(text[i + 1]))) {
      i = scanNumber(text, i, tokens);
    } else if (isIdentStart(c)) {
      while (i < text.length && isIdentPart(text[i])) i++;
      const word = text.slice(start, i);
      const lower = word.toLowerCase();
      if (KEYWORDS.has(lower)) tokens.push({ type: 'op', op: lower as OpText, pos: start });
      else tokens.push({ type: 'name', name: word, quoted: false, pos: start });
    } else if (c === '`') {
      const [name, end] = scanQuoted(text, i, '`', 'backquoted column name');
      if (name.length === 0) fail(`empty backquoted column name at character ${characterAt(text, start)}`, start, text);
      tokens.push({ type: 'name', name, quoted: true, pos: start });
      i = end;
    } else if (c === "'") {
      const [value, end] = scanQuoted(text, i, "'", 'text literal');
      tokens.push({ type: 'string', value, pos: start });
      i = end;
    } else {
      i = scanOperator(text, i, tokens);
    }
  }
  tokens.push({ type: 'end', pos: text.length });
  return tokens;
}

function scanNumber(text: string, start: number, tokens: Token[]): number {
  let i = start;
  while (isDigit(text[i])) i++;
  if (text[i] === '.') {
    i++;
    while (isDigit(text[i])) i++;
  }
  if (text[i] === 'e' || text[i] === 'E') {
    let j = i + 1;
    if (text[j] === '+' || text[j] === '-') j++;
    if (!isDigit(text[j])) fail(`malformed number '${text.slice(start, j + 1)}' at character ${characterAt(text, start)}: an exponent needs digits`, start, text);
    while (isDigit(text[j])) j++;
    i = j;
  }
  if (i < text.length && (isIdentPart(text[i]) || text[i] === '.'))
    fail(`malformed number '${text.slice(start, i + 1)}' at character ${characterAt(text, start)}`, start, text);
  const literal = text.slice(start, i);
  if (literal.length > EXPRESSION_LIMITS.maxNumberLength)
    fail(`number at character ${characterAt(text, start)} is longer than ${EXPRESSION_LIMITS.maxNumberLength} characters`, start, text);
  const value = Number(literal);
  if (!Number.isFinite(value)) fail(`number '${literal}' at character ${characterAt(text, start)} is out of range`, start, text);
  tokens.push({ type: 'number', value, text: literal, pos: start });
  return i;
}

/** A quoted run where the quote character is escaped by doubling it. */
function scanQuoted(text: string, start: number, quote: string, what: string): [string, number] {
  let out = '';
  let i = start + 1;
  for (;;) {
    const j = text.indexOf(quote, i);
    if (j < 0) fail(`unterminated ${what} starting at character ${characterAt(text, start)}`, start, text);
    out += text.slice(i, j);
    if (text[j + 1] === quote) {
      out += quote;
      i = j + 2;
    } else {
      i = j + 1;
      break;
    }
  }
  const bad = INVISIBLE_OR_CONTROL.exec(out);
  if (bad) {
    const at = text.indexOf(bad[0], start + 1);
    fail(`${what} at character ${characterAt(text, start)} contains the invisible or control character ${codePoint(bad[0])} at character ${characterAt(text, at)}`, at, text);
  }
  return [out, i];
}

const TWO_CHAR = new Set(['==', '!=', '<=', '>=']);
const ONE_CHAR = new Set(['+', '-', '*', '/', '^', '(', ')', ',', '<', '>']);

function scanOperator(text: string, i: number, tokens: Token[]): number {
  const two = text.slice(i, i + 2);
  if (two === '--' || two === '/*' || two === '//')
    fail(`'${two}' at character ${characterAt(text, i)} is not allowed: expressions have no comments${two === '--' ? " (write '- -x' or '-(-x)' for a double minus)" : ''}`, i, text);
  if (two === '&&' || two === '||') fail(`'${two}' at character ${characterAt(text, i)} is not an operator; write '${two === '&&' ? 'and' : 'or'}'`, i, text);
  if (two === '<>') fail(`'<>' at character ${characterAt(text, i)} is not an operator; write '!='`, i, text);
  if (TWO_CHAR.has(two)) {
    tokens.push({ type: 'op', op: two as OpText, pos: i });
    return i + 2;
  }
  const c = text[i];
  if (ONE_CHAR.has(c)) {
    tokens.push({ type: 'op', op: c as OpText, pos: i });
    return i + 1;
  }
  if (c === '=') fail(`'=' at character ${characterAt(text, i)} is not an operator; write '==' to compare`, i, text);
  if (c === '!') fail(`'!' at character ${characterAt(text, i)} is not an operator; write 'not' or '!='`, i, text);
  if (c === '"')
    fail(`double quote at character ${characterAt(text, i)} is not allowed; write column names with spaces in backquotes (\`like this\`) and text in single quotes ('like this')`, i, text);
  const ch = String.fromCodePoint(text.codePointAt(i) ?? 0);
  const hint = LOOKALIKES[ch]
    ? `; did you mean ${LOOKALIKES[ch].length > 2 ? LOOKALIKES[ch] : `'${LOOKALIKES[ch]}'`}?`
    : /\p{L}/u.test(ch)
      ? '; bare column names use only ASCII letters, digits and _ (put other names in backquotes)'
      : '';
  fail(`unexpected character '${printable(ch)}' (${codePoint(ch)}) at character ${characterAt(text, i)}${hint}`, i, text);
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}
function isIdentStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}
function isIdentPart(c: string): boolean {
  return isIdentStart(c) || isDigit(c);
}
function codePoint(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}
function printable(ch: string): string {
  return INVISIBLE_OR_CONTROL.test(ch) ? '' : ch;
}
function fail(message: string, position: number, text: string): never {
  throw new ExpressionError(message, position, text);
}
