// A JSON column whose every value is a blank string ("" or "   ") or null is typed text (VARCHAR)
// by DuckDB's read_json_auto, so ingest and the quick commands (loadTable) read it as text, and a
// score stage refused it, while the same data as CSV (empty cells) is a numeric column, all missing
// (ingest's sniffer; c439f6b for the quick commands). README: blank cells are missing, and a file
// reads the same in a pipeline and in the quick commands. Expected, with the CSV of the same data
// as the reference: ingest gives the same kind, values, scores and ledger (a score item all missing
// counts as missing items, as usual), loadTable the same kind and values. Also: blank strings that
// outnumber the numbers of a column keep it numeric (they used to count as text), and a number, or
// a real non-number, after DuckDB's 20,480-row type sample in a column blank before it is read as
// a number, or refused with its row, as it is after nulls.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DuckDBSession } from '../../src/engine/duckdb-session.ts';
import { DataError } from '../../src/engine/errors.ts';
import { loadTable, requireFileColumn } from '../../src/engine/load-table.ts';
import { ingest } from '../../src/stages/ingest.ts';
import { runSpecText, tempProject } from '../helpers/temp-project.ts';
import { SAMPLE_HEADER, SAMPLE_ROWS, scorePatientsSpec } from '../helpers/rom-sample-rows.ts';

const projects: ReturnType<typeof tempProject>[] = [];
afterEach(() => {
  for (const p of projects.splice(0)) p.dispose();
});
const project = (files: Record<string, string>) => {
  const p = tempProject(files);
  projects.push(p);
  return p;
};

const header = SAMPLE_HEADER;
const sample = SAMPLE_ROWS;

/** The sample with every cell of `column` set by `value(row index)`. */
function withColumn(column: string, value: (i: number) => unknown): Record<string, unknown>[] {
  return sample.map((r, i) => ({ ...r, [column]: value(i) }));
}
const asJson = (r: Record<string, unknown>[]) => JSON.stringify(r);
const asCsv = (r: Record<string, unknown>[]) => {
  const columns = Object.keys(r[0]);
  return [columns.join(','), ...r.map((x) => columns.map((h) => x[h] ?? '').join(','))].join('\n') + '\n';
};

/** Ingest of `text` saved as `file`: the kind of `column`, the table, its ledger entries, or the error. */
async function viaIngest(dir: string, file: string, column: string) {
  const db = await DuckDBSession.create();
  const ledger: unknown[] = [];
  try {
    const ctx = { db, specDir: dir, stageId: 'sessions', specPath: 'stages[0]', input: () => {}, ledger: { add: (e: unknown) => ledger.push(e) } };
    const out = await ingest.run({ file } as never, ctx as never);
    const table = await db.rows(`SELECT * EXCLUDE (_row) FROM t_sessions ORDER BY _row`);
    return { kind: out.table?.columns.get(column), table, ledger };
  } catch (error) {
    return { error };
  } finally {
    db.close();
  }
}

/** The quick commands' read of `file`: the kind and values of `column`, or the error requireFileColumn gives for it. */
async function viaLoadTable(path: string, column: string) {
  const db = await DuckDBSession.create();
  try {
    const shape = await loadTable(db, path, 'data');
    const kind = shape.columns.get(column);
    try {
      requireFileColumn(shape, column, '--y');
    } catch (error) {
      return { error };
    }
    return { kind, values: (await db.rows(`SELECT "${column}" AS v FROM data ORDER BY rowid`)).map((r) => r.v) };
  } finally {
    db.close();
  }
}

/** Runs the whole pipeline on `text` saved as `file`: the ingested table, the patients stage and the ledger. */
async function pipeline(file: string, text: string) {
  const p = project({ [file]: text });
  const ingested = await viaIngest(p.dir, file, 'phq3');
  if ('error' in ingested) return ingested;
  await runSpecText(p.dir, scorePatientsSpec(file));
  const results = JSON.parse(readFileSync(join(p.dir, 'out', 'results.json'), 'utf8'));
  return { kind: ingested.kind, table: ingested.table, ledger: results.ledger, patients: results.stages.patients };
}

const BLANKS: [string, (i: number) => unknown][] = [
  ['empty strings', () => ''],
  ['strings of spaces', () => '   '],
  ['blank strings and nulls', (i) => (i % 3 === 0 ? null : i % 2 ? '' : '  ')],
];

describe('a JSON column of blank strings only: numbers, all missing, as the blank CSV column', () => {
  it.each(BLANKS)('%s in an item column: table, scores and ledger equal those of the CSV', async (_, value) => {
    const json = await pipeline('data.json', asJson(withColumn('phq3', value)));
    const csv = await pipeline('data.csv', asCsv(withColumn('phq3', () => null)));
    expect('error' in json ? json.error : undefined).toBeUndefined();
    expect('error' in csv ? csv.error : undefined).toBeUndefined();
    expect(csv.kind).toBe('number');
    expect(json).toEqual(csv);
    if ('table' in json) expect(json.table!.map((r) => r.phq3)).toEqual(Array(12).fill(null));
    // phq3 missing in every row: phq_total prorated where the other items allow it, as for any missing item
    if ('ledger' in json) expect((json.ledger as { reason: string }[]).map((e) => e.reason)).toContain('missing-items-prorated');
  });

  it.each(BLANKS)('%s in an unused column: ingest and loadTable read numbers, all missing, no ledger entry', async (_, value) => {
    const p = project({ 'data.json': asJson(withColumn('extra', value)), 'data.csv': asCsv(withColumn('extra', () => null)) });
    const csv = await viaIngest(p.dir, 'data.csv', 'extra');
    expect(csv).toMatchObject({ kind: 'number', ledger: [] });
    const json = await viaIngest(p.dir, 'data.json', 'extra');
    expect(json).toEqual(csv);
    expect(await viaLoadTable(p.path('data.json'), 'extra')).toEqual({ kind: 'number', values: Array(12).fill(null) });
  });

  it('a column declared `text:` stays text', async () => {
    const p = project({ 'data.json': asJson(withColumn('extra', () => '  ')) });
    const db = await DuckDBSession.create();
    try {
      const ctx = { db, specDir: p.dir, stageId: 'sessions', specPath: 'stages[0]', input: () => {}, ledger: { add: () => {} } };
      const out = await ingest.run({ file: 'data.json', text: ['extra'] } as never, ctx as never);
      expect(out.table?.columns.get('extra')).toBe('string');
    } finally {
      db.close();
    }
  });

  it('blank strings outnumbering the numbers of a column keep it numeric, as empty CSV cells do', async () => {
    const value = (i: number) => (i === 4 ? 2 : '  ');
    const p = project({ 'data.json': asJson(withColumn('extra', value)), 'data.csv': asCsv(withColumn('extra', (i) => (i === 4 ? 2 : null))) });
    const csv = await viaIngest(p.dir, 'data.csv', 'extra');
    expect(csv).toMatchObject({ kind: 'number' });
    expect(await viaIngest(p.dir, 'data.json', 'extra')).toEqual(csv);
    expect(await viaLoadTable(p.path('data.json'), 'extra')).toEqual({ kind: 'number', values: [null, null, null, null, 2, ...Array(7).fill(null)] });
  });

  /** 21,000 rows; phq1 blank ('' and '  ' alternating) in every row but the `late` ones (1-based data rows). */
  const big = (late: [number, unknown][]) => {
    const r: Record<string, unknown>[] = Array.from({ length: 21_000 }, (_, i) => ({ patient: `P${i}`, session: 1, phq1: i % 2 ? '' : '  ' }));
    for (const [row, value] of late) r[row - 1].phq1 = value;
    return r.map((x) => JSON.stringify(x)).join('\n') + '\n';
  };

  it('a number after the type sample in a column blank before it is read as that number', async () => {
    const p = project({ 'data.ndjson': big([[20_901, 3]]) });
    const json = await viaIngest(p.dir, 'data.ndjson', 'phq1');
    if (!('table' in json)) throw new Error(`should read: ${String(json.error)}`);
    expect(json.kind).toBe('number');
    expect(json.table!.map((r) => r.phq1)).toEqual(Array.from({ length: 21_000 }, (_, i) => (i === 20_900 ? 3 : null)));
    const loaded = await viaLoadTable(p.path('data.ndjson'), 'phq1');
    expect(loaded).toEqual({ kind: 'number', values: json.table!.map((r) => r.phq1) });
  }, 120_000);

  it('a real non-number after the type sample in a column blank before it is refused with its row', async () => {
    const p = project({ 'data.ndjson': big([[20_901, 'abc']]) });
    const json = await viaIngest(p.dir, 'data.ndjson', 'phq1');
    expect('error' in json && json.error).toBeInstanceOf(DataError);
    expect('error' in json && json.error).toMatchObject({ file: 'data.ndjson', row: 20_901, column: 'phq1', message: expect.stringMatching(/^"abc" is not a number/) });
    const loaded = await viaLoadTable(p.path('data.ndjson'), 'phq1');
    expect(loaded.error).toBeInstanceOf(DataError);
    expect(loaded.error).toMatchObject({ row: 20_901, column: 'phq1', message: "--y phq1: 'abc' is not a number" });
  }, 120_000);
});
