import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { csv, HEADER, row, rows, spec, withCell, type CliCase, type FailCase } from './harness.ts';

/** An odd but valid file: must succeed; `rows`/`patients` are the counts ingest must report. */
export interface OkCase extends CliCase {
  rows: number;
  patients: number;
  /** Ledger reasons that must be present. */
  ledger?: string[];
}

const S = spec();
const ok = (name: string, data: string | Buffer, counts: { rows?: number; patients?: number; ledger?: string[] } = {}, yaml = S): OkCase => ({
  name,
  files: { 'pipeline.yaml': yaml, 'data.csv': data },
  rows: counts.rows ?? 12,
  patients: counts.patients ?? 4,
  ledger: counts.ledger,
});
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const mapColumn = (column: string, f: (value: string, i: number) => string) => rows().map((r, i) => r.map((c, k) => (HEADER[k] === column ? f(c, i) : c)));
const tricky = (): string[][] =>
  rows().map((r, i) =>
    r.map((c, k) => (HEADER[k] === 'patient' ? ['Smith, J.', 'line\nbreak', 'say "hi"', "O'Brien"][Math.floor(i / 3)] : HEADER[k] === 'modality' ? 'CBT, group' : c)),
  );
const withWeight = (delimiter = ',') => csv(rows().map((r, i) => [...r, i === 2 ? '3,5' : '2']), { header: [...HEADER, 'weight'], delimiter });

export const validCases: OkCase[] = [
  ok('UTF-8 byte-order mark', Buffer.concat([BOM, Buffer.from(csv(rows()))])),
  ok('CRLF line ends', csv(rows(), { eol: '\r\n' })),
  ok('BOM + CRLF + quoted fields', Buffer.concat([BOM, Buffer.from(csv(tricky(), { eol: '\r\n' }))])),
  ok('quoted fields with commas, quotes and newlines', csv(tricky())),
  ok('Unicode patient ids', csv(mapColumn('patient', (_, i) => ['Zoë', '患者一', 'Ådne 🙂', 'Dvořák'][Math.floor(i / 3)]))),
  ok('trailing blank lines', `${csv(rows())}\n\n\n`),
  ok('trailing blank CRLF lines', `${csv(rows(), { eol: '\r\n' })}\r\n\r\n`),
  ok('no final newline', csv(rows()).trimEnd()),
  ok('sessions out of order', csv([...rows()].reverse())),
  ok('patient with one session', csv([...rows(), row('P5', 1)]), { rows: 13, patients: 5, ledger: ['fewer-than-two-outcome-scores'] }),
  ok('semicolon file with decimal commas', withWeight(';')),
  ok("comma file with decimal: ','", withWeight(), {}, spec("    decimal: ','")),
  ok('tab-separated', csv(rows(), { delimiter: '\t' })),
  ok('blank cells are missing items', csv(mapColumn('wai3', (c, i) => (i === 4 ? '' : c))), { ledger: ['missing-items-prorated'] }),
  ok('spaces around numbers and ids', csv(rows().map((r) => r.map((c, k) => (k >= 2 ? ` ${c} ` : c))))),
  ok('session 0 (intake)', csv(mapColumn('session', (c) => String(Number(c) - 1)))),
  ok('alliance missing in some sessions', csv(rows().map((r, i) => r.map((c, k) => (HEADER[k].startsWith('wai') && i % 3 === 1 ? '' : c)))), { ledger: ['form-not-completed'] }),
  ok('spaces around header names', csv(rows(), { header: HEADER.map((h) => ` ${h} `) })),
  ok(
    'session dates instead of numbers, out of order',
    csv(rows().reverse().map((r, i) => [...r.filter((_, k) => HEADER[k] !== 'session'), `2024-0${1 + Math.floor(i / 3)}-${String(10 + (i % 3)).padStart(2, '0')}`]), { header: [...HEADER.filter((h) => h !== 'session'), 'when'] }),
    {},
    spec('    columns: { date: when }'),
  ),
  {
    name: 'JSON input',
    files: { 'pipeline.yaml': S.replace('data.csv', 'data.json'), 'data.json': JSON.stringify(rows().map((r) => Object.fromEntries(HEADER.map((h, k) => [h, /^(wai|phq|session)/.test(h) ? Number(r[k]) : r[k]])))) },
    rows: 12,
    patients: 4,
  },
];

/** Output-folder attacks and mistakes: refused with exit status 1, nothing written. */
export const outputCases: FailCase[] = [
  {
    name: '--out through a symbolic link',
    files: { 'pipeline.yaml': S, 'data.csv': csv(rows()) },
    setup: (dir) => {
      mkdirSync(join(dir, 'elsewhere'));
      symlinkSync(join(dir, 'elsewhere'), join(dir, 'out'));
    },
    mentions: ['out', /symbolic link; refusing to write through it/],
  },
  { name: '--out is the input folder', files: { 'pipeline.yaml': S, 'data.csv': csv(rows()) }, args: ['run', 'pipeline.yaml', '--out', '.', '--quiet'], mentions: [/contains the input file/, 'pipeline.yaml'] },
  { name: '--out is the input file', files: { 'pipeline.yaml': S, 'data.csv': csv(rows()) }, args: ['run', 'pipeline.yaml', '--out', 'data.csv', '--quiet'], mentions: [/is an existing file; refusing to replace it/, 'data.csv'] },
  {
    name: 'input reached through ../ and --out is its folder',
    // the folder is an earlier report (so it may be replaced) that holds the input
    files: { 'sub/pipeline.yaml': S.replace('file: data.csv', 'file: ../data/s.csv'), 'data/s.csv': csv(rows()), 'data/run.lock.json': JSON.stringify({ alliance: '0.1.0', pipeline: { name: 'robust' } }) },
    args: ['run', 'sub/pipeline.yaml', '--out', 'data', '--quiet'],
    mentions: [/contains the input file/, 's.csv', /choose another output folder/],
  },
  {
    name: 'failed run with the default output folder leaves no reports/ folder',
    files: { 'pipeline.yaml': S, 'data.csv': csv(withCell(0, 'phq2', '7')) },
    args: ['run', 'pipeline.yaml', '--quiet'],
    mentions: ['data.csv', 'line 2', "column 'phq2'"],
  },
  {
    name: 'pipeline name that climbs out of reports/',
    files: { 'pipeline.yaml': S.replace('name: robust', 'name: ../../escape'), 'data.csv': csv(rows()) },
    args: ['run', 'pipeline.yaml', '--quiet'],
    mentions: ['pipeline.yaml', 'name', /must be a lower-case letter or digit, then lower-case letters, digits, _ or -/, '"../../escape"'],
  },
];
