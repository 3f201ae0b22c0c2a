import { csvText, tableToCsv } from '../report/csv/index.ts';
import type { CellValue } from '../report/types.ts';

/**
 * Per-patient or per-episode lists (rupture episodes, sudden-gain events, patient classifications)
 * grow with the sample: at 100,000 patients they would make results.json hundreds of megabytes.
 * Up to `INLINE_LIMIT` rows they stay inline in results.json; above it they are written as CSV
 * beside it (`data/<name>.csv`, same columns, pseudonymous ids unless the spec opts in) and
 * results.json records the file and the row count instead.
 */
export const INLINE_LIMIT = 20_000;

export function rowLevelOutput<T extends Record<string, unknown>>(
  name: string,
  rows: T[],
  files: Record<string, string>,
): T[] | { file: string; rows: number } {
  if (rows.length <= INLINE_LIMIT) return rows;
  const keys = Object.keys(rows[0] ?? {});
  const file = `data/${name}.csv`;
  files[file] = tableToCsv(
    keys.map((k) => ({ key: k, label: k })),
    rows as unknown as Record<string, CellValue>[],
  );
  return { file, rows: rows.length };
}

/** A patient → value map, inline up to INLINE_LIMIT entries, else as a two-column CSV. */
export function patientMapOutput(name: string, map: Record<string, string>, files: Record<string, string>): Record<string, string> | { file: string; rows: number } {
  const entries = Object.entries(map);
  if (entries.length <= INLINE_LIMIT) return map;
  const file = `data/${name}.csv`;
  files[file] = tableToCsv(
    [
      { key: 'patient', label: 'patient' },
      { key: 'value', label: 'value' },
    ],
    entries.map(([patient, value]) => ({ patient, value })),
  );
  return { file, rows: entries.length };
}

/**
 * One column of a row-level list kept as typed arrays: numbers (`NaN` as an empty cell; `null`
 * where `present` is 0), booleans (0/1), or text from a table (`text[code]`: labels, patterns).
 */
export type OutputColumn =
  | { key: string; number: ArrayLike<number>; present?: ArrayLike<number> }
  | { key: string; bool: ArrayLike<number> }
  | { key: string; text: readonly string[]; code: ArrayLike<number> };

/**
 * `rowLevelOutput` for a list held as columns: row i reads element `rows[i]` of every column
 * (or element i without `rows`). Up to INLINE_LIMIT rows, one object per row (keys in column
 * order); above it, the CSV is written byte by byte from the columns, with no object or string
 * per cell. The file is byte for byte what `rowLevelOutput` writes for the same rows (the cell
 * rules of `tableToCsv`).
 */
export function columnsOutput(
  name: string,
  n: number,
  columns: readonly OutputColumn[],
  files: Record<string, string>,
  rows?: ArrayLike<number>,
): Record<string, CellValue>[] | { file: string; rows: number } {
  if (n <= INLINE_LIMIT) {
    const out: Record<string, CellValue>[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const r = rows ? rows[i]! : i;
      const o: Record<string, CellValue> = {};
      for (const c of columns) o[c.key] = 'number' in c ? (c.present && !c.present[r] ? null : c.number[r]!) : 'bool' in c ? c.bool[r] === 1 : c.text[c.code[r]!]!;
      out[i] = o;
    }
    return out;
  }
  return columnsFile(name, n, columns, files, rows);
}

/** A name as a file-name part: runs of anything but ASCII letters and digits become '-'. */
export function fileSlug(name: string): string {
  return name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'x';
}

/** The CSV half of `columnsOutput`, for callers that decide by another count: always writes `data/<name>.csv`. */
export function columnsFile(
  name: string,
  n: number,
  columns: readonly OutputColumn[],
  files: Record<string, string>,
  rows?: ArrayLike<number>,
): { file: string; rows: number } {
  const file = `data/${name}.csv`;
  files[file] = csvFromColumns(columns, n, rows);
  return { file, rows: n };
}

/**
 * `patientMapOutput` for patients 0…n−1 with labels and a coded value per patient
 * (`values[code[p]]`): up to INLINE_LIMIT patients, the label → value map; above it, the
 * two-column CSV written straight from the columns (no map of 100,000 keys, no row objects).
 * Labels that a JS object would reorder (integer-like keys) or merge (duplicates) take the map's
 * route, so the file is always what `patientMapOutput` writes.
 */
export function patientValuesOutput(
  name: string,
  labels: readonly string[],
  values: readonly string[],
  code: ArrayLike<number>,
  files: Record<string, string>,
): Record<string, string> | { file: string; rows: number } {
  const n = labels.length;
  if (n <= INLINE_LIMIT || !plainKeys(labels)) {
    const map: Record<string, string> = {};
    for (let p = 0; p < n; p++) map[labels[p]!] = values[code[p]!]!;
    return patientMapOutput(name, map, files);
  }
  const file = `data/${name}.csv`;
  const self = new Int32Array(n);
  for (let p = 0; p < n; p++) self[p] = p;
  files[file] = csvFromColumns([{ key: 'patient', text: labels, code: self }, { key: 'value', text: values, code }], n);
  return { file, rows: n };
}

const plainKeysOf = new WeakMap<readonly string[], boolean>();

/** Whether a label list keeps its order and length as object keys: no duplicates, no array-index-like keys. */
function plainKeys(labels: readonly string[]): boolean {
  let ok = plainKeysOf.get(labels);
  if (ok === undefined) {
    // The pattern only for labels that start with a digit (pseudonyms start with a letter).
    ok = new Set(labels).size === labels.length && !labels.some((l) => isDigit(l.charCodeAt(0)) && /^(0|[1-9]\d*)$/.test(l) && Number(l) < 2 ** 32 - 1);
    plainKeysOf.set(labels, ok);
  }
  return ok;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

const utf8 = new TextEncoder();
const BOOLS = ['FALSE', 'TRUE'];

/** A text table as CSV cells in UTF-8, entry k at bytes `at[k]…at[k + 1]`; cached per table (labels serve many files). */
interface EncodedText {
  bytes: Uint8Array;
  at: Int32Array;
  ascii: boolean;
  /** Bytes of the longest entry. */
  longest: number;
}
const encodedOf = new WeakMap<readonly string[], EncodedText>();

function encodeText(text: readonly string[]): EncodedText {
  let e = encodedOf.get(text);
  if (e) return e;
  const cells = text.map(csvText);
  const joined = cells.join('');
  const bytes = utf8.encode(joined);
  const ascii = bytes.length === joined.length;
  const at = new Int32Array(cells.length + 1);
  let longest = 0;
  for (let k = 0; k < cells.length; k++) {
    at[k + 1] = at[k]! + (ascii ? cells[k]!.length : utf8.encode(cells[k]!).length);
    longest = Math.max(longest, at[k + 1]! - at[k]!);
  }
  e = { bytes, at, ascii, longest };
  encodedOf.set(text, e);
  return e;
}

/** Bytes per output block; a row never spans two blocks. */
const BLOCK = 1 << 20;

/**
 * Header of column keys, then rows 0…n−1 (element rows[i] of each column), CRLF line ends, as
 * bytes into fixed-size blocks: integers digit by digit, other numbers through `String`, text
 * cells copied from their pre-encoded table; one string at the end.
 */
function csvFromColumns(columns: readonly OutputColumn[], n: number, rows?: ArrayLike<number>): string {
  const m = columns.length;
  // Columns by element type (each read below sees one array type): doubles, int32 numbers,
  // int32 or uint8 text codes, uint8 booleans; `present` masks for numbers that may be null.
  const kind = new Uint8Array(m);
  const f64: Float64Array[] = [];
  const i32: Int32Array[] = [];
  const u8: Uint8Array[] = [];
  const present: Uint8Array[] = [];
  const text: EncodedText[] = [];
  const bools = encodeText(BOOLS);
  let ascii = true;
  let rowMax = 2;
  columns.forEach((c, j) => {
    let t = bools;
    if ('number' in c) {
      const ints = c.number instanceof Int32Array;
      kind[j] = ints ? K_I32 : K_F64;
      if (ints) i32[j] = c.number as Int32Array;
      else f64[j] = typed(Float64Array, c.number);
      if (c.present) present[j] = typed(Uint8Array, c.present);
    } else if ('bool' in c) {
      kind[j] = K_BOOL;
      u8[j] = typed(Uint8Array, c.bool);
    } else {
      t = encodeText(c.text);
      kind[j] = c.code instanceof Uint8Array ? K_CODE8 : K_CODE32;
      if (c.code instanceof Uint8Array) u8[j] = c.code;
      else i32[j] = typed(Int32Array, c.code);
    }
    text[j] = t;
    if (!('number' in c) && !t.ascii) ascii = false;
    rowMax += 1 + ('number' in c ? 25 : t.longest);
  });
  const at = rows ? typed(Int32Array, rows) : null;
  const header = utf8.encode(columns.map((c) => csvText(c.key)).join(',') + '\r\n');
  if (header.some((b) => b >= 0x80)) ascii = false;
  const blocks: Uint8Array[] = [header];
  const size = Math.max(BLOCK, rowMax);
  let buf = new Uint8Array(size);
  let o = 0;
  const numbers = new NumberText(m);
  for (let i = 0; i < n; i++) {
    if (o + rowMax > size) {
      blocks.push(buf.subarray(0, o));
      buf = new Uint8Array(size);
      o = 0;
    }
    const r = at ? at[i]! : i;
    for (let j = 0; j < m; j++) {
      if (j > 0) buf[o++] = 44;
      const p = present[j];
      if (p !== undefined && !p[r]) continue;
      switch (kind[j]) {
        case K_F64: {
          const v = f64[j]![r]!;
          if (v === v) o = Number.isInteger(v) && v > -2147483648 && v < 2147483648 ? writeInt(buf, o, v | 0) : writeAscii(buf, o, numbers.of(j, v));
          break;
        }
        case K_I32:
          o = writeInt(buf, o, i32[j]![r]!);
          break;
        case K_BOOL:
          o = copyText(buf, o, bools, u8[j]![r] === 1 ? 1 : 0);
          break;
        case K_CODE8:
          o = copyText(buf, o, text[j]!, u8[j]![r]!);
          break;
        default:
          o = copyText(buf, o, text[j]!, i32[j]![r]!);
      }
    }
    buf[o++] = 13;
    buf[o++] = 10;
  }
  blocks.push(buf.subarray(0, o));
  return Buffer.concat(blocks).toString(ascii ? 'latin1' : 'utf8');
}

const K_F64 = 0;
const K_I32 = 1;
const K_BOOL = 2;
const K_CODE8 = 3;
const K_CODE32 = 4;

/** Decimal digits of an int32 at buf[o…], as String(x); returns the next offset. */
function writeInt(buf: Uint8Array, o: number, x: number): number {
  if (x < 0) {
    buf[o++] = 45;
    x = -x;
  }
  if (x < 10) {
    buf[o] = 48 + x;
    return o + 1;
  }
  let last = o;
  for (let y = (x / 10) | 0; y > 0; y = (y / 10) | 0) last++;
  for (let k = last; x > 0; k--) {
    const q = (x / 10) | 0;
    buf[k] = 48 + x - 10 * q;
    x = q;
  }
  return last + 1;
}

function writeAscii(buf: Uint8Array, o: number, s: string): number {
  for (let k = 0; k < s.length; k++) buf[o++] = s.charCodeAt(k);
  return o;
}

function copyText(buf: Uint8Array, o: number, t: EncodedText, k: number): number {
  const bytes = t.bytes;
  for (let b = t.at[k]!, z = t.at[k + 1]!; b < z; b++) buf[o++] = bytes[b]!;
  return o;
}

/**
 * `String(v)` of the non-integers a CSV writes, per column: the last one (thresholds repeat along a
 * patient's episodes) and up to FORMATTED_MAX others (prorated scores take few values), the table
 * consulted only while it pays.
 */
class NumberText {
  private readonly lastValue: Float64Array;
  private readonly lastText: string[];
  private readonly seen: Map<number, string>[];
  private readonly hits: Float64Array;
  private readonly misses: Float64Array;
  constructor(m: number) {
    this.lastValue = new Float64Array(m).fill(NaN);
    this.lastText = Array.from({ length: m }, () => '');
    this.seen = Array.from({ length: m }, () => new Map<number, string>());
    this.hits = new Float64Array(m);
    this.misses = new Float64Array(m);
  }
  of(j: number, v: number): string {
    if (v === this.lastValue[j]) return this.lastText[j]!;
    const seen = this.seen[j]!;
    let s = seen.size < FORMATTED_MAX || this.hits[j]! > this.misses[j]! ? seen.get(v) : undefined;
    if (s === undefined) {
      this.misses[j]!++;
      s = String(v);
      if (seen.size < FORMATTED_MAX) seen.set(v, s);
    } else this.hits[j]!++;
    this.lastValue[j] = v;
    this.lastText[j] = s;
    return s;
  }
}

const FORMATTED_MAX = 4096;

/** `a` itself when it already is a `T`, else copied into one. */
function typed<T extends Float64Array | Int32Array | Uint8Array>(T: { new (n: number): T }, a: ArrayLike<number>): T {
  if (a instanceof T) return a;
  const out = new T(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]!;
  return out;
}
