import { DECIMAL_NUMBER } from '../engine/decimal-number.ts';
import { UsageError } from './errors-to-exit.ts';

/**
 * A repeatable `name=value` option as a record: `['data=x.csv', 'k=3']` → `{data: 'x.csv', k: '3'}`.
 * `form` is how the usage message writes an entry (`name=value`, `factor=level`). A name set
 * twice is a usage error (which value was meant?).
 */
export function parseAssignments(list: string[] | undefined, flag: string, form: string): Record<string, string> {
  // no prototype, so a name like __proto__ is a key like any other (and reported as unknown)
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const item of list ?? []) {
    const i = item.indexOf('=');
    if (i <= 0) throw new UsageError(`${flag} expects ${form}, got '${item}'`);
    const name = item.slice(0, i);
    if (name in out) throw new UsageError(`${flag} ${name} was given twice ('${out[name]}' and '${item.slice(i + 1)}'); give it once`);
    out[name] = item.slice(i + 1);
  }
  return out;
}

/** `--param name=value ...` of run and validate. */
export function parseParams(list: string[] | undefined): Record<string, string> {
  return parseAssignments(list, '--param', 'name=value');
}

/**
 * A comma-separated list of columns (`--covariates a,b`, `--mods a,b`): entries trimmed, empty ones
 * dropped; a column listed twice is a usage error naming `flag`.
 * @example parseColumnList(' a, b,', '--mods') // ['a', 'b']
 */
export function parseColumnList(value: string | undefined, flag: string): string[] {
  const list = value ? value.split(',').map((s) => s.trim()).filter(Boolean) : [];
  const twice = list.find((c, i) => list.indexOf(c) < i);
  if (twice !== undefined) throw new UsageError(`${flag} lists '${twice}' twice`);
  return list;
}

/**
 * A numeric option's text as a number, written as a plain decimal (DECIMAL_NUMBER, as --param reads
 * a numeric parameter): yargs's `type: 'number'` reads options with Number(), which takes '0x10',
 * '0b10000' and '0o20' for 16 and ' 5' for 5, and makes NaN of '1_000'. Declare the option with
 * numberOption and read its text with this; anything but a finite plain decimal is a usage error
 * naming the flag. An option not given (undefined) stays undefined.
 * @example parseDecimal('1e-3', '--alpha') // 0.001;  parseDecimal('0x10', '--n1') // UsageError
 */
export function parseDecimal(text: string, flag: string): number;
export function parseDecimal(text: string | undefined, flag: string): number | undefined;
export function parseDecimal(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  // yargs negates any option written --no-…: --no-level reaches here as false
  if (typeof text !== 'string') throw new UsageError(`${flag} takes a number; --no-${flag.replace(/^-+/, '')} is not an option`);
  const n = Number(text);
  if (!DECIMAL_NUMBER.test(text) || !Number.isFinite(n)) throw new UsageError(`${flag} must be a decimal number such as 5, -0.5 or 1e-3 (got '${text}')`);
  return n;
}

/** What numberOption declares: an option yargs keeps as the text typed, labelled `[number]`. */
interface NumberOption {
  type: 'string';
  number: true;
  nargs: 1;
  describe?: string;
}

/**
 * The yargs declaration of a numeric option that parseDecimal reads. `type: 'string'` keeps the
 * text as typed (yargs does not pass a string option through Number()); `number: true` only makes
 * --help label it `[number]` rather than `[string]` (yargs's help prefers the number label, its
 * parser the string type); `nargs: 1`, with main's parser setting `nargs-eats-options`, makes the
 * next word the value whatever it is, where yargs took the negatives it does not recognise
 * (`--margin -1e-3`, `--seed -1e3`, `-Infinity`) for short flags (-1, -e, -3) and left the option
 * without a value. A default is kept as text for parseDecimal and shown in --help as the number it is.
 * @example a.option('level', numberOption('Confidence level', 0.95))
 */
export function numberOption(describe: string | undefined): NumberOption;
export function numberOption(describe: string | undefined, fallback: number): NumberOption & { default: string; defaultDescription: string };
export function numberOption(describe: string | undefined, fallback?: number): NumberOption & { default?: string; defaultDescription?: string } {
  const declared: NumberOption = { type: 'string', number: true, nargs: 1, ...(describe === undefined ? {} : { describe }) };
  return fallback === undefined ? declared : { ...declared, default: String(fallback), defaultDescription: String(fallback) };
}

/**
 * A quick command's --level (numberOption): a plain decimal strictly between 0 and 1, else a usage
 * error naming the flag.
 * @example parseLevel('0.9') // 0.9;  parseLevel('95') // UsageError
 */
export function parseLevel(text: string): number {
  const level = parseDecimal(text, '--level');
  if (!(level > 0 && level < 1)) throw new UsageError('--level must be between 0 and 1, e.g. 0.95');
  return level;
}
