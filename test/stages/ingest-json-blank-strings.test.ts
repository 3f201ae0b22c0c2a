// A JSON string of only spaces (`"wai1": "  "`) or the empty string in a numeric column used to
// stop `alliance run` with '"  " is not a number (a JSON string; …)', while a CSV cell of only
// spaces is missing (commit 8f2a6a5, test/stages/ingest-blank-cells.test.ts). README: blank cells
// are missing, and every set-missing value is counted in the ledger. Expected: such a JSON file
// reads, scores and counts in the ledger exactly as the same data as CSV with empty cells, before
// and after DuckDB's 20,480-row type sample; a blank session number fails as an empty one does;
// real non-numbers are still refused with ingest's located messages. The quick commands
// (loadTable) read the same JSON to the same values.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DuckDBSession } from '../../src/engine/duckdb-session.ts';
import { DataError } from '../../src/engine/errors.ts';
import { loadTable } from '../../src/engine/load-table.ts';
import { ingest } from '../../src/stages/ingest.ts';
import { runSpecText, tempProject } from '../helpers/temp-project.ts';
import { SAMPLE_HEADER, SAMPLE_ROWS, scorePatientsSpec } from '../helpers/rom-sample-rows.ts';

const projects: ReturnType<typeof tempProject>[] = [];
afterEach(() => {
  for (const p of projects.splice(0)) p.dispose();
});

const header = SAMPLE_HEADER;
const sample = SAMPLE_ROWS;

/** The sample with the given cells (data row 1-based, column) set to `value`. */
function rows(cells: [number, string][], value: unknown): Record<string, unknown>[] {
  const out = sample.map((r) => ({ ...r }));
  for (const [row, column] of cells) out[row - 1][column] = value;
  return out;
}
const asJson = (r: Record<string, unknown>[]) => JSON.stringify(r);
const asCsv = (r: Record<string, unknown>[]) => [header.join(','), ...r.map((x) => header.map((h) => x[h] ?? '').join(','))].join('\n') + '\n';

/** Runs the pipeline (unless `ingestOnly`) on `text` saved as `file`; the ingested table, the results' patients stage and ledger, or the error. */
async function run(file: string, text: string, ingestOnly = false): Promise<{ table: Record<string, unknown>[]; ledger?: unknown; patients?: unknown } | { error: unknown }> {
  const project = tempProject({ [file]: text });
  projects.push(project);
  const db = await DuckDBSession.create();
  try {
    const ctx = { db, specDir: project.dir, stageId: 'sessions', specPath: 'stages[0]', input: () => {}, ledger: { add: () => {} } };
    await ingest.run({ file } as never, ctx as never);
    const table = await db.rows(`SELECT * EXCLUDE (_row) FROM t_sessions ORDER BY _row`);
    if (ingestOnly) return { table };
    await runSpecText(project.dir, scorePatientsSpec(file));
    const results = JSON.parse(readFileSync(join(project.dir, 'out', 'results.json'), 'utf8'));
    return { table, ledger: results.ledger, patients: results.stages.patients };
  } catch (error) {
    return { error };
  } finally {
    db.close();
  }
}

/** The error ingest gives for `text` saved as `file`. */
async function ingestError(file: string, text: string): Promise<unknown> {
  const project = tempProject({ [file]: text });
  projects.push(project);
  const db = await DuckDBSession.create();
  try {
    const ctx = { db, specDir: project.dir, stageId: 'sessions', specPath: 'stages[0]', input: () => {}, ledger: { add: () => {} } };
    return await ingest.run({ file } as never, ctx as never).then(
      () => undefined,
      (e: unknown) => e,
    );
  } finally {
    db.close();
  }
}

const ITEMS: [number, string][] = [
  [1, 'wai3'], // baseline session: wai_total prorated
  [2, 'phq3'],
  [3, 'wai5'],
  [3, 'wai7'], // two bond items in one row: wai_bond left missing
  [7, 'phq1'], // second patient's baseline
];

describe('ingest: JSON strings of only spaces in numeric columns are missing, as blank CSV cells are', () => {
  it.each([
    ['spaces', '  '],
    ['one space', ' '],
    ['the empty string', ''],
  ])('%s in item cells: the table, scores and ledger equal those of the CSV with empty cells', async (_, blank) => {
    const json = await run('data.json', asJson(rows(ITEMS, blank)));
    const csv = await run('data.csv', asCsv(rows(ITEMS, '')));
    expect('error' in json ? json.error : undefined).toBeUndefined();
    expect('error' in csv ? csv.error : undefined).toBeUndefined();
    expect(json).toEqual(csv);
    if ('table' in json) expect(json.table[1].phq3).toBeNull();
    if ('ledger' in json) expect((json.ledger as { reason: string }[]).map((e) => e.reason)).toEqual(expect.arrayContaining(['missing-items-prorated', 'too-many-missing-items']));
  });

  it('a session number of only spaces fails as an empty one does', async () => {
    const error = await ingestError('data.json', asJson(rows([[4, 'session']], '   ')));
    expect(error).toBeInstanceOf(DataError);
    expect(error).toMatchObject({ message: 'session number is empty', file: 'data.json', row: 4, column: 'session' });
    expect(error).toEqual(await ingestError('data.json', asJson(rows([[4, 'session']], null))));
  });

  it('a real non-number after a blank string is still refused with its row and column', async () => {
    const r = rows([[2, 'phq3']], '  ');
    r[5].phq3 = 'abc';
    const error = await ingestError('data.json', asJson(r));
    expect(error).toBeInstanceOf(DataError);
    expect(error).toMatchObject({ message: '"abc" is not a number (a JSON string; declare the column under `text:` if it is not numeric)', file: 'data.json', row: 6, column: 'phq3' });
  });

  it('a string past the largest double is refused as not finite, not as text', async () => {
    const r = rows([[2, 'phq3']], '  ');
    r[5].phq3 = '1e999';
    const error = await ingestError('data.json', asJson(r));
    expect(error).toBeInstanceOf(DataError);
    expect(error).toMatchObject({ message: `"1e999" is not a finite number (a JSON string beyond a double's range of ±1.8e308)`, file: 'data.json', row: 6, column: 'phq3' });
  });

  /** 21,000 rows, phq1 = i mod 4; `late` sets data rows (1-based) after DuckDB's 20,480-row type sample. */
  const big = (late: [number, unknown][]) => {
    const r: Record<string, unknown>[] = Array.from({ length: 21_000 }, (_, i) => ({ patient: `P${i}`, session: 1, phq1: i % 4 }));
    for (const [row, value] of late) r[row - 1].phq1 = value;
    return r.map((x) => JSON.stringify(x)).join('\n') + '\n';
  };

  it('after the type sample: a blank string reads as missing, as null does', async () => {
    const blank = await run('data.ndjson', big([[20_801, '   '], [20_900, '']]), true);
    const nulls = await run('data.ndjson', big([[20_801, null], [20_900, null]]), true);
    expect('error' in nulls ? nulls.error : undefined).toBeUndefined();
    if (!('table' in blank) || !('table' in nulls)) throw new Error(`should read: ${String('error' in blank ? blank.error : '')}`);
    expect(blank.table[20_800].phq1).toBeNull();
    expect(blank.table.map((r) => r.phq1)).toEqual(nulls.table.map((r) => r.phq1));
  }, 60_000);

  it('after the type sample: a real non-number after a blank string is refused as before', async () => {
    const error = await ingestError('data.ndjson', big([[20_801, '   '], [20_950, 'abc']]));
    expect(error).toBeInstanceOf(DataError);
    expect(error).toMatchObject({ message: "'abc' is not a number (declare the column under `text:` if it is not numeric)", file: 'data.ndjson', row: 20_950, column: 'phq1' });
  }, 60_000);

  it('after the type sample: a string past the largest double is refused as not finite', async () => {
    const error = await ingestError('data.ndjson', big([[20_950, '1e999']]));
    expect(error).toMatchObject({ message: '"1e999" is not a finite number (a JSON string beyond a double\'s range of ±1.8e308)', file: 'data.ndjson', row: 20_950, column: 'phq1' });
  }, 60_000);

  it('the quick commands (loadTable) read the blank strings to the values ingest reads', async () => {
    const text = asJson(rows(ITEMS, '  '));
    const ingested = await run('data.json', text);
    if (!('table' in ingested)) throw new Error('ingest should read the file');
    const project = tempProject({ 'data.json': text });
    projects.push(project);
    const db = await DuckDBSession.create();
    try {
      const shape = await loadTable(db, project.path('data.json'), 'data');
      const loaded = await db.rows('SELECT * FROM data ORDER BY rowid');
      for (const [, column] of ITEMS) {
        expect(shape.columns.get(column)).toBe('number');
        expect(loaded.map((r) => r[column])).toEqual(ingested.table.map((r) => r[column]));
      }
    } finally {
      db.close();
    }
  });
});
