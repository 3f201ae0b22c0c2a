// A derive column DuckDB could not compute at run time reached the user in DuckDB's words: a text
// column used as a condition ended in "stages[1].columns: a derived column cannot be computed:
// Conversion Error: Could not convert string 'CBT' to BOOL when casting from source column
// modality", naming neither the column nor its expression, and a failure while binding the SQL
// (DuckDB's "Binder Error: … LINE 1: …") left the stage as an "internal error" (exit 70).
// The plan now refuses every kind mistake it can see (text as a number, text beside a number, text
// or a number as a condition), so with the tables alliance's stages make no expression that
// validates is known to fail at run. What remains is the guard for a table whose stored types
// differ from the kinds its stage declared, and for DuckDB failing itself. Such a table is made
// here by replacing the ingest stage's view after it ran (phq1 holding the text 'n/a' in session
// 2, modality holding numbers).
// Expected: one DataError naming the stage, the derived column (its spec path), its expression,
// the table and the value DuckDB names (or the column whose stored type differs), without DuckDB's
// "… Error:" prefixes, "LINE 1:" or SQL.
import { afterAll, describe, expect, it } from 'vitest';
import { DataError } from '../../src/engine/errors.ts';
import { ingest } from '../../src/stages/ingest.ts';
import { REPO, runSpecTextSeeing, tempProject } from '../helpers/temp-project.ts';

const p = tempProject();
afterAll(() => p.dispose());

const spec = (columns: Record<string, string>) => `
name: t
stages:
  - { id: sessions, type: ingest, file: ${REPO}/data-samples/rom-small.csv }
  - id: d
    type: derive
    from: sessions
    columns:
${Object.entries(columns)
  .map(([k, v]) => `      ${k}: ${JSON.stringify(v)}\n`)
  .join('')}`;

/** The table that replaces the ingest stage's view: phq1 text ('n/a' in session 2), modality numbers. */
const MISMATCHED = [
  `CREATE TABLE t_odd AS SELECT * REPLACE (CASE WHEN session = 2 THEN 'n/a' ELSE CAST(phq1 AS VARCHAR) END AS phq1, 1.5::DOUBLE AS modality) FROM t_sessions`,
  'DROP VIEW t_sessions',
  'ALTER TABLE t_odd RENAME TO t_sessions',
];

/** The error of a run whose ingest table is replaced by `sql` after ingest ran. */
async function failure(columns: Record<string, string>, sql = MISMATCHED): Promise<Error> {
  try {
    await runSpecTextSeeing(p.dir, spec(columns), ingest, async (_o, ctx) => {
      for (const s of sql) await ctx.db.run(s);
    });
  } catch (e) {
    return e as Error;
  }
  throw new Error('the run did not fail');
}

const DUCKDB_WORDING = /Error:|LINE \d|SELECT|__derive|VARCHAR|DOUBLE|BOOL\b/;

describe('derive: a column DuckDB cannot compute at run time is one message in the user’s words', () => {
  it('a value DuckDB cannot convert: the column, its expression, the table and the value', async () => {
    const e = await failure({ ok: 'phq2 + 1', x: 'phq1 * 2' });
    expect(e).toBeInstanceOf(DataError);
    expect(e.message).toBe(`stages[1].columns.x (stage 'd', derive): column 'x' = phq1 * 2 cannot be computed from table 'sessions': the value 'n/a' of column 'phq1' is not a number`);
  });

  it('a failure while DuckDB binds the SQL (was an internal error): the column whose stored type differs', async () => {
    for (const [expression, shown] of [
      ['ifelse(phq1 > 1, 1, 0)', 'ifelse(phq1 > 1, 1, 0)'],
      ['phq1 ^ 2', 'phq1^2'],
      ['mean_of(phq1, phq2)', 'mean_of(phq1, phq2)'],
    ]) {
      const e = await failure({ ok: 'phq2 + 1', x: expression });
      expect(e, expression).toBeInstanceOf(DataError);
      expect(e.message).toBe(
        `stages[1].columns.x (stage 'd', derive): column 'x' = ${shown} cannot be computed from table 'sessions': its column 'phq1' holds text although the stage that made it declared numbers (a fault of alliance, not of the data or the spec)`,
      );
    }
  });

  it("a value DuckDB names without its column (the expression's own literal): the column whose stored type differs", async () => {
    const e = await failure({ x: "modality == 'CBT'" });
    expect(e.message).toBe(
      `stages[1].columns.x (stage 'd', derive): column 'x' = modality == 'CBT' cannot be computed from table 'sessions': its column 'modality' holds numbers although the stage that made it declared text (a fault of alliance, not of the data or the spec)`,
    );
  });

  it('the first column that fails, in the order of the spec, after columns that compute', async () => {
    const e = await failure({ a: 'phq2 + 1', b: 'a * 2', c: 'abs(phq1)', d: "modality == 'x'" });
    expect(e.message).toMatch(/^stages\[1\]\.columns\.c \(stage 'd', derive\): column 'c' = abs\(phq1\) cannot be computed from table 'sessions': the value 'n\/a' of column 'phq1' is not a number$/);
  });

  it('a failure no single column shows: the stage and DuckDB’s first line without its prefix', async () => {
    // the stage's view name taken: creating it fails, every column computes
    const e = await failure({ x: 'phq2 + 1' }, ['CREATE TABLE t_d (x INTEGER)']);
    expect(e).toBeInstanceOf(DataError);
    expect(e.message).toMatch(/^stages\[1\]\.columns \(stage 'd', derive\): the derived columns cannot be computed from table 'sessions': \S/);
    expect(e.message).not.toMatch(/Catalog Error|LINE \d/);
  });

  it('never shows DuckDB’s own wording', async () => {
    for (const columns of [{ x: 'phq1 * 2' }, { x: 'phq1 ^ 2' }, { x: "modality == 'CBT'" }]) expect((await failure(columns)).message).not.toMatch(DUCKDB_WORDING);
  });
});
