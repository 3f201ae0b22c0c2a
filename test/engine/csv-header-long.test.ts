// The header sniffer read only the first 64 KiB of a file, so a longer header line was cut off: an
// audit's valid wide file with 7,292 columns (a 66.5 kB header) was refused with a wrong "duplicate
// column name" (the cut-off last name repeated an earlier one), and headers over 100 kB ended in
// "line 2: expected 2 fields but found 3". Expected (README: every user error is one clear message
// naming the file; a valid file is read): the sniffer reads to the end of the header line, up to
// MAX_HEADER_BYTES (8 MiB, ingest's longest line), and beyond that says the header is too long.
// Decimal-comma evidence is still taken from the data lines after a long header.
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_HEADER_BYTES, sniffHeader } from '../../src/engine/csv-header.ts';
import { DataError } from '../../src/engine/errors.ts';
import { cli, tempProject } from '../helpers/temp-project.ts';

let project: ReturnType<typeof tempProject> | undefined;
afterEach(() => project?.dispose());

const names = (n: number) => Array.from({ length: n }, (_, i) => `item${String(i).padStart(6, '0')}_s1`);

function sniff(text: string, declared?: string) {
  project = tempProject({ 'data.csv': text });
  return sniffHeader(project.path('data.csv'), declared);
}

describe('sniffHeader: header lines longer than 64 KiB', () => {
  it('reads every column of a 7,300-column header (> 64 KiB)', () => {
    const cols = ['patient', 'session', ...names(7300)];
    const header = cols.join(',');
    expect(header.length).toBeGreaterThan(65536);
    const s = sniff(`${header}\n${cols.map(() => '1').join(',')}\n`);
    expect(s.columns).toEqual(cols);
    expect(s.delimiter).toBe(',');
    expect(s.headerOnly).toBe(false);
  });

  it('reads a header of about 1 MiB, with quoted names holding the delimiter and line breaks', () => {
    const cols = ['patient', 'session', 'a,"b"\nc', ...names(80000)];
    const header = cols.map((c) => (/[,"\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
    expect(header.length).toBeGreaterThan(1 << 20);
    expect(sniff(`${header}\r\nP1,1\r\n`).columns).toEqual(cols);
  });

  it("takes decimal-comma evidence from the data lines after a long ';' header", () => {
    const cols = ['patient', 'session', 'x', ...names(9000)];
    const rows = Array.from({ length: 50 }, (_, i) => [`P${i}`, '1', `${i},5`, ...names(9000).map(() => '')].join(';'));
    const s = sniff(`${cols.join(';')}\n${rows.join('\n')}\n`);
    expect(s.delimiter).toBe(';');
    expect(s.columns).toEqual(cols);
    expect(s.decimalCommaColumns).toEqual(['x']);
    expect(s.decimalComma).toBe(true);
  });

  it('knows a long header with no data rows is header-only', () => {
    expect(sniff(`patient,session,${names(9000).join(',')}\n\n`).headerOnly).toBe(true);
  });

  it('refuses a header line longer than MAX_HEADER_BYTES with a DataError naming the file', () => {
    const text = `"patient,session${',x'.repeat(MAX_HEADER_BYTES / 2)}\nP1,1\n`;
    expect(() => sniff(text)).toThrow(DataError);
    expect(() => sniffHeader(project!.path('data.csv'))).toThrow(/^the header line is longer than 8 MiB, the longest line read; if it should be shorter, look for a quote left open$/);
  });

  it('validates the wide file with the real CLI (exit 0), and refuses a too-long header with exit 1 and one message', () => {
    const cols = ['patient', 'session', ...names(7300)];
    project = tempProject({
      'wide.csv': `${cols.join(',')}\n${cols.map((c, i) => (i === 0 ? 'P1' : '1')).join(',')}\n`,
      'long.csv': `patient,session${',x'.repeat(MAX_HEADER_BYTES / 2)}\nP1,1\n`,
      'wide.yaml': 'name: w\nstages:\n  - { id: sessions, type: ingest, file: wide.csv }\n',
      'long.yaml': 'name: w\nstages:\n  - { id: sessions, type: ingest, file: long.csv }\n',
    });
    const ok = cli(['validate', 'wide.yaml'], project.dir);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    const long = cli(['validate', 'long.yaml'], project.dir);
    expect(long.status).toBe(1);
    expect(long.stderr).toMatch(/long\.csv: the header line is longer than 8 MiB/);
    expect(long.stderr).not.toMatch(/\n\s+at /);
  });
});
