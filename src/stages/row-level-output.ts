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

/** Bytes of the first output buffer at least; it grows to the size the rows written so far predict. */
const BLOCK = 1 << 20;

/**
 * Header of column keys, then rows 0…n−1 (element rows[i] of each column), CRLF line ends, as
 * bytes into one growing buffer decoded once: integers digit by digit (two at a time from a
 * table), other numbers through `String`, booleans and text cells copied from their pre-encoded
 * tables. Each column is read through an array of its own element type, so that every read in
 * the loop sees one array type.
 */
function csvFromColumns(columns: readonly OutputColumn[], n: number, rows?: ArrayLike<number>): string {
  const m = columns.length;
  const kind = new Uint8Array(m);
  const f64: Float64Array[] = Array.from({ length: m }, () => NO_F64);
  const i32: Int32Array[] = Array.from({ length: m }, () => NO_I32);
  const u8: Uint8Array[] = Array.from({ length: m }, () => NO_U8);
  const present: Uint8Array[] = Array.from({ length: m }, () => NO_U8);
  const text: EncodedText[] = Array.from({ length: m }, () => BOOL_TEXT);
  let ascii = true;
  let rowMax = 2;
  columns.forEach((c, j) => {
    if ('number' in c) {
      const ints = c.number instanceof Int32Array;
      kind[j] = (ints ? K_I32 : K_F64) + (c.present ? MASKED : 0);
      if (ints) i32[j] = c.number as Int32Array;
      else f64[j] = typed(Float64Array, c.number);
      if (c.present) present[j] = typed(Uint8Array, c.present);
    } else if ('bool' in c) {
      kind[j] = K_BOOL;
      u8[j] = typed(Uint8Array, c.bool);
    } else {
      const t = encodeText(c.text);
      text[j] = t;
      if (!t.ascii) ascii = false;
      kind[j] = c.code instanceof Uint8Array ? K_CODE8 : K_CODE32;
      if (c.code instanceof Uint8Array) u8[j] = c.code;
      else i32[j] = typed(Int32Array, c.code);
    }
    rowMax += 1 + ('number' in c ? 25 : text[j]!.longest);
  });
  const at = rows ? typed(Int32Array, rows) : null;
  const header = utf8.encode(columns.map((c) => csvText(c.key)).join(',') + '\r\n');
  if (header.some((b) => b >= 0x80)) ascii = false;
  let buf = Buffer.allocUnsafe(Math.max(BLOCK, header.length + rowMax * Math.min(n, 4096)));
  buf.set(header);
  let o = header.length;
  const numbers = new NumberText(m);
  // per column, the last non-integer written and where its bytes are
  const lastValue = new Float64Array(m).fill(NaN);
  const lastAt = new Int32Array(m);
  const lastLength = new Int32Array(m);
  for (let i = 0; i < n; i++) {
    if (o + rowMax > buf.length) {
      // room for the rows left at the bytes per row so far, an eighth more, and one row
      const grown = Buffer.allocUnsafe(Math.max(2 * buf.length, Math.ceil((o / i) * (n - i) * 1.125) + o + rowMax));
      buf.copy(grown, 0, 0, o);
      buf = grown;
    }
    const r = at ? at[i]! : i;
    for (let j = 0; j < m; j++) {
      if (j > 0) buf[o++] = 44;
      const k = kind[j]!;
      if (k & MASKED && !present[j]![r]) continue;
      switch (k) {
        case K_F64:
        case K_F64 + MASKED: {
          const v = f64[j]![r]!;
          if (v !== v) break;
          const x = v | 0;
          // −0 writes as 0, as String(−0) does
          if (x === v) o = writeInt(buf, o, x);
          else if (v === lastValue[j]) {
            // thresholds repeat along a patient's episodes: copy the cell written last
            for (let b = lastAt[j]!, z = b + lastLength[j]!; b < z; b++) buf[o++] = buf[b]!;
          } else {
            lastValue[j] = v;
            lastAt[j] = o;
            o = writeAscii(buf, o, numbers.of(j, v));
            lastLength[j] = o - lastAt[j]!;
          }
          break;
        }
        case K_I32:
        case K_I32 + MASKED:
          o = writeInt(buf, o, i32[j]![r]!);
          break;
        case K_BOOL:
          o = copyText(buf, o, BOOL_TEXT, u8[j]![r] === 1 ? 1 : 0);
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
  return buf.toString(ascii ? 'latin1' : 'utf8', 0, o);
}

const K_F64 = 0;
const K_I32 = 2;
/** Added to K_F64 or K_I32 (and set in no other kind): the cell is empty where `present` is 0. */
const MASKED = 1;
const K_BOOL = 4;
const K_CODE8 = 6;
const K_CODE32 = 8;
const NO_F64 = new Float64Array(0);
const NO_I32 = new Int32Array(0);
const NO_U8 = new Uint8Array(0);
const BOOL_TEXT = encodeText(['FALSE', 'TRUE']);

/** "00" … "99" as byte pairs. */
const DIGIT_PAIRS = Uint8Array.from({ length: 200 }, (_, k) => 48 + (k & 1 ? (k >> 1) % 10 : ((k >> 1) / 10) | 0));

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
  if (x < 100) {
    buf[o] = DIGIT_PAIRS[2 * x]!;
    buf[o + 1] = DIGIT_PAIRS[2 * x + 1]!;
    return o + 2;
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
 * `String(v)` of the non-integers a CSV writes, per column: up to FORMATTED_MAX of them kept
 * (prorated scores take few values), the table consulted only while it pays.
 */
class NumberText {
  private readonly seen: Map<number, string>[];
  private readonly hits: Float64Array;
  private readonly misses: Float64Array;
  constructor(m: number) {
    this.seen = Array.from({ length: m }, () => new Map<number, string>());
    this.hits = new Float64Array(m);
    this.misses = new Float64Array(m);
  }
  of(j: number, v: number): string {
    const seen = this.seen[j]!;
    let s = seen.size < FORMATTED_MAX || this.hits[j]! > this.misses[j]! ? seen.get(v) : undefined;
    if (s === undefined) {
      this.misses[j]!++;
      s = String(v);
      if (seen.size < FORMATTED_MAX) seen.set(v, s);
    } else this.hits[j]!++;
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
