import { openSync, readSync, closeSync } from 'node:fs';
import { COMMA_DECIMAL, DECIMAL_NUMBER } from './decimal-number.ts';
import { DataError } from './errors.ts';

export interface HeaderSniff {
  delimiter: string;
  columns: string[];
  /** File starts with a UTF-8 byte-order mark. */
  bom: boolean;
  /**
   * Decimal commas are used: the delimiter is not `,`, some column's sampled values are numbers
   * with a comma (`3,5`) and nothing else, and no column holds a number with a point (`3.5`).
   */
  decimalComma: boolean;
  /**
   * Columns whose non-empty sampled values are all numbers read with a decimal comma, at least one
   * with a comma (`3,5`); evidence for decimal commas, kept when `.` numbers elsewhere overrule it.
   */
  decimalCommaColumns: string[];
  /** The file has no non-blank line after the header (known only when the whole file fit in the sniffed block). */
  headerOnly: boolean;
  /** Why the file is not UTF-8 delimited text at all (UTF-16, a workbook or other binary file), if it is not. */
  notText?: string;
}

const CANDIDATES = [',', ';', '\t', '|'];

/** Bytes read after the header line for the decimal-mark sample (and, for small files, all of it). */
const BLOCK_BYTES = 65536;
/**
 * Longest header line read, in bytes: the longest line ingest lets DuckDB read (its max_line_size),
 * about 500,000 columns of 16-character names.
 */
export const MAX_HEADER_BYTES = 8 * 1024 * 1024;

/**
 * Reads the header line of a delimited text file (to its end, up to MAX_HEADER_BYTES) and the
 * 64 KiB after it, and detects the delimiter by counting candidate characters outside quotes; also
 * detects a BOM, and decimal commas from the numeric-looking columns of the first data lines. Used
 * to check column names (duplicates, did-you-mean) before DuckDB reads the whole file with explicit
 * options. A header line longer than MAX_HEADER_BYTES is a DataError naming the file.
 */
export function sniffHeader(path: string, declared?: string): HeaderSniff {
  const { block, whole } = readBlock(path);
  const notText = binaryKind(block);
  let text = block.toString('utf8');
  const bom = text.charCodeAt(0) === 0xfeff;
  if (bom) text = text.slice(1);
  const lines = splitLines(text, Number.MAX_SAFE_INTEGER);
  // the block's last line may be cut off
  if (!whole && lines.length > 2) lines.pop();
  const header = lines[0] ?? '';
  const delimiter = declared ?? detectDelimiter(header);
  const columns = header.length ? splitRecord(header, delimiter) : [];
  const decimals = decimalEvidence(columns, lines.slice(1, 1 + SAMPLE_LINES).map((l) => splitRecord(l, delimiter)));
  // a comma-delimited file has no decimal comma as a whole, but a column of quoted "1,5" cells is one
  const decimalComma = delimiter !== ',' && decimals.comma.length > 0 && !decimals.point;
  const headerOnly = whole && header.length > 0 && lines.slice(1).every((l) => l.trim() === '');
  return { delimiter, columns, bom, decimalComma, decimalCommaColumns: decimals.comma, headerOnly, notText };
}

/**
 * The file's first bytes: the whole header line (its end is the first line break outside quotes)
 * and BLOCK_BYTES after it, or the whole file when shorter (`whole`). Quotes and line breaks are
 * ASCII, which never occurs inside a UTF-8 multi-byte character, so bytes can be scanned as read.
 */
function readBlock(path: string): { block: Buffer; whole: boolean } {
  const fd = openSync(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    let quoted = false;
    let headerEnd = -1;
    for (;;) {
      const chunk = Buffer.alloc(BLOCK_BYTES);
      const n = readSync(fd, chunk, 0, chunk.length, total);
      chunks.push(chunk.subarray(0, n));
      // a workbook or UTF-16 file is refused from its first bytes: no need to look for a line end
      if (total === 0 && binaryKind(chunk.subarray(0, n))) return { block: chunks[0], whole: n < chunk.length };
      for (let i = 0; i < n && headerEnd < 0; i++) {
        const b = chunk[i];
        if (b === 0x22) quoted = !quoted;
        else if (!quoted && (b === 0x0a || b === 0x0d)) headerEnd = total + i;
      }
      total += n;
      if ((headerEnd < 0 ? total : headerEnd) > MAX_HEADER_BYTES) {
        throw new DataError(`the header line is longer than ${MAX_HEADER_BYTES / 1024 / 1024} MiB, the longest line read; if it should be shorter, look for a quote left open`, path);
      }
      if (n < chunk.length) return { block: Buffer.concat(chunks), whole: true };
      if (headerEnd >= 0 && total >= headerEnd + BLOCK_BYTES) return { block: Buffer.concat(chunks), whole: false };
    }
  } finally {
    closeSync(fd);
  }
}

/** Data lines of the block that decimal-mark detection looks at. */
const SAMPLE_LINES = 1000;

/**
 * Which columns read as numbers only with decimal commas (every non-empty value a whole number or
 * one with a decimal comma, at least one with a comma), and whether any cell is a number with a
 * decimal point (`3.5`), which decimal commas would misread. A column with a cell that is not a
 * number is no evidence, so free text such as "1,2" cannot switch the whole file to decimal commas.
 */
function decimalEvidence(columns: string[], records: string[][]): { comma: string[]; point: boolean } {
  const comma: string[] = [];
  let point = false;
  columns.forEach((name, j) => {
    let withComma = false;
    let other = false;
    for (const r of records) {
      const v = (r[j] ?? '').trim();
      if (v === '') continue;
      if (COMMA_DECIMAL.test(v)) withComma = true;
      else if (!DECIMAL_NUMBER.test(v)) other = true;
      else if (v.includes('.')) point = other = true;
    }
    if (withComma && !other) comma.push(name);
  });
  return { comma, point };
}

/** Recognises files that are not UTF-8 text by their first bytes. */
function binaryKind(head: Buffer): string | undefined {
  const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
  if (starts(0xff, 0xfe) || starts(0xfe, 0xff)) return 'UTF-16 text (Excel "Unicode Text"); save it as "CSV UTF-8"';
  if (starts(0x50, 0x4b, 0x03, 0x04)) return 'a ZIP archive, such as an Excel workbook (.xlsx); export the sheet as "CSV UTF-8"';
  if (starts(0xd0, 0xcf, 0x11, 0xe0)) return 'an old Excel workbook (.xls); export the sheet as "CSV UTF-8"';
  const sample = head.subarray(0, 4096);
  if (sample.includes(0)) return 'binary, not text (it contains NUL bytes; UTF-16 text without a byte-order mark looks like this too); save it as "CSV UTF-8"';
  return undefined;
}

function detectDelimiter(line: string): string {
  let best = ',';
  let bestCount = 0;
  for (const d of CANDIDATES) {
    const c = splitRecord(line, d).length - 1;
    if (c > bestCount) {
      best = d;
      bestCount = c;
    }
  }
  return best;
}

/** Splits text into up to `max` logical lines, keeping quoted newlines inside their field. */
function splitLines(text: string, max: number): string[] {
  const out: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length && out.length < max; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) {
      out.push(text.slice(start, i));
      if (ch === '\r' && text[i + 1] === '\n') i++;
      start = i + 1;
    }
  }
  if (out.length < max && start < text.length) out.push(text.slice(start));
  return out;
}

/** RFC 4180 split of one record. */
export function splitRecord(line: string, delimiter: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      out.push(field);
      field = '';
    } else field += ch;
  }
  out.push(field);
  return out;
}

/**
 * Throws a DataError at the first header column without a name (`a,,b`, which DuckDB would name
 * `column1`; the callers take a spreadsheet's trailing empty columns off first, see
 * unnamed-columns.ts) or name used twice, in column order: DuckDB would rename the
 * second `x` to `x_1`, and its names are case-insensitive, so `Score` and `score` count as one
 * name. Names are compared as given (trim them first). `each` runs first for every column (the
 * ingest stage refuses reserved names there).
 */
export function refuseDuplicateNames(columns: string[], file: string, each?: (name: string, i: number) => void): void {
  const seen = new Map<string, number>();
  // Excel's delimiter line ('sep=;') read as the header
  if (/^sep=.?$/i.test(columns[0]?.trim() ?? '') && columns.length <= 2) throw new DataError(`the first line is Excel's delimiter line (sep=), not a header; delete that line so that the column names come first`, file);
  columns.forEach((c, i) => {
    each?.(c, i);
    if (c === '') throw new DataError(`header column ${i + 1} has no name`, file);
    const prev = seen.get(c.toLowerCase());
    if (prev === undefined) return void seen.set(c.toLowerCase(), i);
    const other = columns[prev];
    const where = `(header columns ${prev + 1} and ${i + 1})`;
    throw new DataError(other === c ? `duplicate column name '${c}' ${where}` : `column names '${other}' and '${c}' differ only in upper/lower case ${where}, which counts as a duplicate; rename one`, file);
  });
}
