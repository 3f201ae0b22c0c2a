// fitMixedModelsOnTable (therapist-effects' model and its two ICC models from one read) and the
// one-factor read of fitMixedOnTable, whose rows are put in SQL's ORDER BY order in JS rather
// than by DuckDB. Two claims, both exact (Object.is): (1) the rows each fit gets are the rows, in
// the order, of DuckDB's `ORDER BY code, <the formula's columns>` over the same relation, NULLs
// last, ties and missing levels included; (2) each fit of the one read is the fit
// fitMixedOnTable gives for that formula alone. The R agreement of the fits themselves is tested
// elsewhere (test/stages/mixed*.test.ts, against lme4).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBSession } from '../../src/engine/duckdb-session.ts';
import type { TableShape } from '../../src/engine/table-shape.ts';
import { fitMixedModelsOnTable, fitMixedOnTable } from '../../src/stages/fit-mixed-on-table.ts';

const shape: TableShape = {
  id: 'd',
  grain: 'patient',
  columns: new Map([['therapist', 'string'], ['y', 'number'], ['x', 'number'], ['a', 'number']]),
  roles: { therapist: 'therapist' },
  instruments: [],
};
const formulas = ['y ~ x + (1 | therapist)', 'y ~ 1 + (1 | therapist)', 'a ~ 1 + (1 | therapist)'];

let db: DuckDBSession;
beforeAll(async () => {
  db = await DuckDBSession.create();
  // 3,000 rows, 40 therapists (some rows without one), values on a coarse grid so that rows tie on
  // some columns and not others, NULLs in every numeric column, stored in a scrambled order
  await db.run(`CREATE TABLE d AS SELECT
      CASE WHEN i % 97 = 0 THEN NULL ELSE 'T' || lpad(((i * 7919) % 40)::VARCHAR, 2, '0') END AS therapist,
      CASE WHEN i % 53 = 0 THEN NULL ELSE ((i * 31) % 11)::DOUBLE / 2 END AS y,
      CASE WHEN i % 61 = 0 THEN NULL ELSE ((i * 17) % 7)::DOUBLE - 3 END AS x,
      CASE WHEN i % 41 = 0 THEN NULL ELSE ((i * 13) % 23)::DOUBLE / 4 END AS a
    FROM range(3000) r(i) ORDER BY (i * 104729) % 3001`);
});
afterAll(() => db?.close());

/** Each formula's columns in the order DuckDB sorts them: missing level (−1) first, NULL (NaN) last. */
async function sqlOrder(columns: string[]): Promise<Record<string, Float64Array>> {
  const r = await db.readNumeric(
    `SELECT coalesce(k.code, -1) AS code, ${columns.map((c) => `d.${c}`).join(', ')} FROM d LEFT JOIN
       (SELECT therapist, (row_number() OVER (ORDER BY therapist) - 1) AS code FROM (SELECT DISTINCT therapist FROM d WHERE therapist IS NOT NULL)) k
       ON d.therapist = k.therapist ORDER BY code, ${columns.join(', ')}`,
  );
  return r.columns;
}

describe('fitMixedModelsOnTable and the one-factor read', () => {
  it("gives each formula the rows of DuckDB's ORDER BY code, <its columns>, in that order", async () => {
    const fits = await fitMixedModelsOnTable(db, 'd', shape, formulas);
    expect(fits).toHaveLength(3);
    for (const [k, columns] of [['y', 'x'], ['y'], ['a']].entries()) {
      const want = await sqlOrder(columns);
      const got = fits[k]!.data;
      expect(got.factor!.therapist!.codes.length).toBe(3000);
      expect(Array.from(got.factor!.therapist!.codes)).toEqual(Array.from(want.code!));
      for (const c of columns) {
        const mismatch = Array.from(got.numeric![c]!).findIndex((v, i) => !Object.is(v, want[c]![i]));
        expect(mismatch, `${formulas[k]}: column ${c}`).toBe(-1);
      }
    }
  });

  it('fits each formula as fitMixedOnTable fits it alone, to the last bit', async () => {
    const fits = await fitMixedModelsOnTable(db, 'd', shape, formulas);
    for (const [k, formula] of formulas.entries()) {
      const alone = await fitMixedOnTable(db, 'd', shape, formula);
      expect(fits[k]!.fit.nobs).toBe(alone.fit.nobs);
      expect(fits[k]!.fit.logLik).toBe(alone.fit.logLik);
      expect(Object.keys(fits[k]!.fit.fixed)).toEqual(Object.keys(alone.fit.fixed));
      for (const [name, est] of Object.entries(alone.fit.fixed)) expect(Object.is(fits[k]!.fit.fixed[name]!.estimate, est.estimate), `${formula}: ${name}`).toBe(true);
    }
    // the rows with a missing value in a formula's own columns are dropped from that fit only
    const complete = async (columns: string[]) => Number(await db.scalar(`SELECT count(*) FROM d WHERE therapist IS NOT NULL AND ${columns.map((c) => `${c} IS NOT NULL`).join(' AND ')}`));
    expect(fits.map((f) => f.fit.nobs)).toEqual([await complete(['y', 'x']), await complete(['y']), await complete(['a'])]);
    expect(new Set(fits.map((f) => f.fit.nobs)).size).toBe(3);
  });

  it('refuses formulas that do not share their one grouping factor (an internal error, not a wrong fit)', async () => {
    const two: TableShape = { ...shape, columns: new Map([...shape.columns, ['site', 'string']]) };
    await db.run("CREATE OR REPLACE TABLE d2 AS SELECT *, 'S' || (hash(therapist) % 3)::VARCHAR AS site FROM d");
    await expect(fitMixedModelsOnTable(db, 'd2', two, ['y ~ 1 + (1 | therapist)', 'y ~ 1 + (1 | site)'])).rejects.toThrow(/must share their one grouping factor/);
  });
});
