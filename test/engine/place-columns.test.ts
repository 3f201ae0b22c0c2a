// DuckDBSession.placeColumns: a view's columns read by readColumns (and scanned through scanOf)
// from the stored tables that hold them, instead of through the view. Reference: the same columns
// read through the view itself (POSITIONAL JOIN and casts, as DuckDB evaluates it), which must be
// equal value for value and row for row, over more than one row group (so scans run in parallel).
// And the real placements of ingest and score: every numeric column of the scored view, read both
// ways, on rows in shuffled order.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DuckDBSession } from '../../src/engine/duckdb-session.ts';
import { score } from '../../src/stages/score.ts';
import { REPO, runSpecTextSeeing, tempProject } from '../helpers/temp-project.ts';

const ROWS = 300_000; // three of DuckDB's row groups

/** The bytes of a column (NaN written the same way both ways), compared in one go: toEqual walks 300,000 values slowly. */
const bytes = (a: Float64Array | undefined) => Buffer.from(a!.buffer, a!.byteOffset, a!.byteLength);

let db: DuckDBSession;
beforeAll(async () => {
  db = await DuckDBSession.create();
  await db.run(`CREATE TABLE base AS SELECT (i % 7)::SMALLINT AS x, CASE WHEN i % 11 = 0 THEN NULL ELSE i * 0.5 END AS y, 'p' || (i % 97) AS id FROM range(${ROWS}) r(i)`);
  await db.run(`CREATE VIEW v AS SELECT (rowid + 1)::INTEGER AS _row, x::DOUBLE AS x, y, id FROM base`);
  await db.run(`CREATE TABLE sc AS SELECT x * 2 + coalesce(y, 0) AS z FROM v`);
  await db.run(`CREATE VIEW j AS SELECT * FROM v POSITIONAL JOIN sc`);
  db.placeColumns('v', { _row: { relation: 'base', sql: '(rowid + 1)::INTEGER' }, x: { relation: 'base', sql: 'x::DOUBLE' }, y: { relation: 'base', sql: 'y' }, id: { relation: 'base', sql: 'id' } });
  db.placeColumns('j', {
    _row: { relation: 'v', column: '_row' },
    x: { relation: 'v', column: 'x' },
    y: { relation: 'v', column: 'y' },
    z: { relation: 'sc', column: 'z' },
  });
});
afterAll(() => db.close());

describe('placeColumns', () => {
  it('readColumns reads each column where it is stored, one scan per table, equal to reading through the view', async () => {
    const through = await db.readNumeric('SELECT _row, x, y, z FROM j');
    const read = vi.spyOn(db, 'readNumeric');
    const got = await db.readColumns('j', { r: '_row', x: 'x', y: 'y', z: 'z' });
    const sql = read.mock.calls.map(([s]) => s);
    read.mockRestore();
    expect(sql).toHaveLength(2);
    expect(sql.filter((s) => / FROM "base"$/.test(s))).toHaveLength(1);
    expect(sql.filter((s) => / FROM "sc"$/.test(s))).toHaveLength(1);
    expect(got.n).toBe(ROWS);
    expect(bytes(got.columns.r).equals(bytes(through.columns._row)), '_row').toBe(true);
    expect(bytes(got.columns.x).equals(bytes(through.columns.x)), 'x').toBe(true);
    expect(bytes(got.columns.y).equals(bytes(through.columns.y)), 'y').toBe(true);
    expect(bytes(got.columns.z).equals(bytes(through.columns.z)), 'z').toBe(true);
    expect(Number.isNaN(got.columns.y![0])).toBe(true);
    db.forgetColumns('j');
  });

  it('scanOf gives the common stored table and its expressions, else the relation itself', () => {
    expect(db.scanOf('j', ['x', '_row'])).toEqual({ from: '"base"', sql: { x: 'x::DOUBLE', _row: '(rowid + 1)::INTEGER' } });
    expect(db.scanOf('j', ['x', 'z'])).toEqual({ from: '"j"', sql: { x: '"x"', z: '"z"' } });
    expect(db.scanOf('j', ['id'])).toEqual({ from: '"j"', sql: { id: '"id"' } }); // not placed in j
    expect(db.scanOf('sc', ['z'])).toEqual({ from: '"sc"', sql: { z: '"z"' } });
  });
});

describe("ingest's and score's placements", () => {
  // rom-small's rows 40 times over, patients renamed per copy, in shuffled order
  const lines = readFileSync(join(REPO, 'data-samples/rom-small.csv'), 'utf8').trim().split('\n');
  const header = lines[0]!.split(',');
  const patient = header.indexOf('patient');
  const rows: string[] = [];
  for (let copy = 0; copy < 40; copy++) {
    for (const line of lines.slice(1)) {
      const cells = line.split(',');
      cells[patient] = `${cells[patient]}-${copy}`;
      rows.push(cells.join(','));
    }
  }
  let seed = 7;
  for (let i = rows.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const k = seed % (i + 1);
    [rows[i], rows[k]] = [rows[k]!, rows[i]!];
  }
  const p = tempProject({ 'd.csv': [lines[0], ...rows].join('\n') + '\n' });
  afterAll(() => p.dispose());

  it('every numeric column of the scored view reads the same from its stored table as through the view', async () => {
    let checked = 0;
    await runSpecTextSeeing(
      p.dir,
      `name: placed
stages:
  - { id: d, type: ingest, file: d.csv }
  - { id: scored, type: score, from: d, instruments: [{ instrument: wai-sr, prefix: wai }, { instrument: phq-9, prefix: phq }] }
  - { id: report, type: report, png: false }
`,
      score,
      async (_o, ctx) => {
        const numeric = (await ctx.db.describe('"t_scored"')).filter((c) => !/VARCHAR/.test(c.type)).map((c) => c.name);
        expect(numeric).toEqual(expect.arrayContaining(['_row', '_patient_code', 'session', 'wai1', 'phq9', 'wai_total', 'wai_bond', 'phq_total']));
        const through = await ctx.db.readNumeric(`SELECT ${numeric.map((c, i) => `"${c}" AS c${i}`).join(', ')} FROM "t_scored"`);
        const read = vi.spyOn(ctx.db, 'readNumeric');
        const got = await ctx.db.readColumns('t_scored', Object.fromEntries(numeric.map((c, i) => [`c${i}`, c])));
        const sql = read.mock.calls.map(([s]) => s);
        read.mockRestore();
        expect(sql.some((s) => /FROM "t_scored"/.test(s))).toBe(false);
        expect(got.n).toBe(rows.length);
        numeric.forEach((c, i) => expect(bytes(got.columns[`c${i}`]).equals(bytes(through.columns[`c${i}`])), c).toBe(true));
        ctx.db.forgetColumns('t_scored');
        checked = numeric.length;
        // the group column's scan: the base table's text column
        expect(ctx.db.scanOf('t_scored', ['modality'])).toEqual({ from: '"t_d__base"', sql: { modality: '"modality"' } });
      },
    );
    expect(checked).toBeGreaterThan(25);
  });
});
