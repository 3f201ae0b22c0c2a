// JSON ingest of a numeric column that is null in every row DuckDB samples for its types (the
// first 20,480): DuckDB types it JSON, and ingest used to read it as text, so scoring refused it
// ("column 'phq9' of table 'sessions' is text, expected numeric") although the same data as CSV ran.
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '../../src/engine/errors.ts';
import { runSpecText, tempProject } from '../helpers/temp-project.ts';

let project: ReturnType<typeof tempProject> | undefined;
afterEach(() => project?.dispose());

const spec = (file: string, extra = '') => `
name: t
stages:
  - id: sessions
    type: ingest
    file: ${file}
${extra}
  - id: scored
    type: score
    from: sessions
    instruments: [{ instrument: phq-9, prefix: phq }]
  - id: patients
    type: patients
    from: scored
    outcome: phq_total
    alliance: [al]
`;

const ITEMS = Array.from({ length: 9 }, (_, i) => `phq${i + 1}`);
const SPARSE_ROWS = 30_000;
/** 2,600 patients × 12 sessions = 31,200 rows; phq9 is null in the first 30,000. */
function sessionRows(): Record<string, string | number | null>[] {
  const rows: Record<string, string | number | null>[] = [];
  for (let p = 1; p <= 2600; p++)
    for (let s = 1; s <= 12; s++) {
      const row: Record<string, string | number | null> = { patient: `P${String(p).padStart(4, '0')}`, session: s, al: (p + s) % 7 };
      ITEMS.forEach((item, i) => (row[item] = (p * 7 + s * 3 + i) % 4));
      if (rows.length < SPARSE_ROWS) row.phq9 = null;
      rows.push(row);
    }
  return rows;
}
const toNdjson = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
const toCsv = (rows: Record<string, string | number | null>[]) => [Object.keys(rows[0]).join(','), ...rows.map((r) => Object.values(r).map((v) => v ?? '').join(','))].join('\n') + '\n';

async function results(file: string, extra = ''): Promise<{ stages: Record<string, Record<string, unknown>> }> {
  await runSpecText(project!.dir, spec(file, extra));
  return JSON.parse(readFileSync(join(project!.dir, 'out', 'results.json'), 'utf8'));
}

describe('ingest: JSON column null in the sampled rows', () => {
  it('reads it as numbers, with the same scores as the CSV of the same data', async () => {
    const rows = sessionRows();
    project = tempProject({ 'data.ndjson': toNdjson(rows), 'data.csv': toCsv(rows) });
    const json = await results('data.ndjson');
    const csv = await results('data.csv');
    // every one of the first 30,000 rows misses one item of nine and is prorated; the rest are complete
    expect(json.stages.scored.scales).toMatchObject({ phq_total: { prorated: SPARSE_ROWS, scored: rows.length } });
    expect(json.stages.scored).toEqual(csv.stages.scored);
    expect(json.stages.patients).toEqual(csv.stages.patients);
  });

  it('stops at the first value after the sample that is not a JSON number, naming its row and column', async () => {
    const rows = sessionRows();
    rows[30_500].phq9 = 'two';
    project = tempProject({ 'data.ndjson': toNdjson(rows) });
    const error = await results('data.ndjson').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DataError);
    expect(error).toMatchObject({ file: 'data.ndjson', row: 30_501, column: 'phq9' });
    expect((error as DataError).message).toMatch(/^"two" is not a number \(a JSON string; declare the column under `text:`/);
    expect(existsSync(join(project.dir, 'out'))).toBe(false);
  });

  it('keeps such a column as text when it is declared under text:', async () => {
    const rows = sessionRows().map((r, i) => ({ ...r, note: i < SPARSE_ROWS ? null : `n${i}` }));
    project = tempProject({ 'data.ndjson': toNdjson(rows) });
    const json = await results('data.ndjson', '    text: [note]');
    expect(json.stages.sessions.rows).toBe(rows.length);
  });
});
