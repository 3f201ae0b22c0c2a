import { openSync, readSync, closeSync } from 'node:fs';

export interface HeaderSniff {
  delimiter: string;
  columns: string[];
  /** File starts with a UTF-8 byte-order mark. */
  bom: boolean;
  /** Looks like decimal commas are used (`;` delimiter and values such as `3,5`). */
  decimalComma: boolean;
  /** The file has no non-blank line after the header (known only when the whole file fit in the sniffed block). */
  headerOnly: boolean;
  /** Why the file is not UTF-8 delimited text at all (UTF-16, a workbook or other binary file), if it is not. */
  notText?: string;
}

const CANDIDATES = [',', ';', '\t', '|'];

/**
 * Reads the header line of a delimited text file (first 64 KiB) and detects its delimiter by
 * counting candidate characters outside quotes; also detects a BOM and decimal commas in the
 * first data lines. Used to check column names (duplicates, did-you-mean) before DuckDB reads
 * the whole file with explicit options.
 */
export function sniffHeader(path: string, declared?: string): HeaderSniff {
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(65536);
  let n: number;
  try {
    n = readSync(fd, buf, 0, buf.length, 0);
  } finally {
    closeSync(fd);
  }
  const notText = binaryKind(buf.subarray(0, n));
  let text = buf.subarray(0, n).toString('utf8');
  const bom = text.charCodeAt(0) === 0xfeff;
  if (bom) text = text.slice(1);
  const lines = splitLines(text, 6);
  const header = lines[0] ?? '';
  const delimiter = declared ?? detectDelimiter(header);
  const columns = header.length ? splitRecord(header, delimiter) : [];
  const decimalComma = delimiter !== ',' && lines.slice(1).some((l) => splitRecord(l, delimiter).some((v) => /^-?\d+,\d+$/.test(v.trim())));
  const headerOnly = n < buf.length && header.length > 0 && splitLines(text, Number.MAX_SAFE_INTEGER).slice(1).every((l) => l.trim() === '');
  return { delimiter, columns, bom, decimalComma, headerOnly, notText };
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
