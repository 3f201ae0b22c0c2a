// readSessionSeries with carried patient codes reads every row and drops, in JavaScript, those
// without a code or a finite time (and counts the table's rows from the same read). Its own path
// (ids numbered in SQL, WHERE t IS NOT NULL AND isfinite(t), count(*)) is the reference: the same
// series, dropped count and outcomes for NULL, NaN, +inf and −inf times and NULL ids, and for a
// table where nothing is dropped. Exact equality.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBSession } from '../../src/engine/duckdb-session.ts';
import { readSessionSeries, type SeriesColumns } from '../../src/stages/sudden.ts';

let db: DuckDBSession;
beforeAll(async () => {
  db = await DuckDBSession.create();
});
afterAll(() => db.close());

/** Table `name` from VALUES rows (patient, session, score) with `_patient_code` and the levels table `name__levels`, as ingest codes them. */
async function codedTable(name: string, values: string): Promise<void> {
  await db.run(`CREATE OR REPLACE TABLE ${name}__raw AS SELECT * FROM (VALUES ${values}) v(patient, session, score)`);
  await db.run(`CREATE OR REPLACE TABLE ${name}__levels AS SELECT patient, (row_number() OVER (ORDER BY patient) - 1)::INTEGER AS code FROM (SELECT DISTINCT patient FROM ${name}__raw WHERE patient IS NOT NULL)`);
  await db.run(`CREATE OR REPLACE TABLE ${name} AS SELECT r.*, k.code AS _patient_code FROM ${name}__raw r LEFT JOIN ${name}__levels k ON r.patient = k.patient`);
}

const columns = (fill: SeriesColumns['fill']): SeriesColumns => ({ id: 'patient', time: 'session', score: 'score', fill, outcome: { table: 'drops_out', patient: 'patient', column: 'y' } });

async function bothPaths(name: string, fill: SeriesColumns['fill']) {
  const own = await readSessionSeries(db, name, columns(fill));
  const coded = await readSessionSeries(db, name, { ...columns(fill), codes: { of: 'patient', column: '_patient_code', levels: `${name}__levels` } });
  return { own, coded };
}

describe('readSessionSeries with carried codes: rows without a code or a finite time', () => {
  it('drops NULL, NaN and infinite times and NULL ids as its own path does', async () => {
    await codedTable(
      'drops1',
      `('b', 2.0::DOUBLE, 10.0::DOUBLE), ('a', 1.0, 7.0), ('a', 'nan'::DOUBLE, 3.0), ('b', 'inf'::DOUBLE, 1.0), (NULL, 1.0, 9.0),
       ('b', 1.0, NULL), ('c', '-inf'::DOUBLE, 2.0), ('a', NULL, 4.0), ('a', 3.0, 6.5), ('c', 2.0, 8.0), ('b', 4.0, 11.0)`,
    );
    await db.run(`CREATE OR REPLACE TABLE drops_out AS SELECT * FROM (VALUES ('a', 1.5), ('c', -2.0)) v(patient, y)`);
    for (const fill of [true, false, 'auto'] as const) {
      const { own, coded } = await bothPaths('drops1', fill);
      expect(coded).toEqual(own);
    }
    // The reference itself: five rows dropped (NaN, inf, NULL id, −inf, NULL time); a gap filled for 'a' and 'b'.
    const { own } = await bothPaths('drops1', true);
    expect(own.dropped).toBe(5);
    expect(own.patients).toEqual(['a', 'b', 'c']);
    expect(own.inserted).toBe(2);
  });

  it('reads a table with nothing to drop the same way', async () => {
    await codedTable('drops2', `('q', 2.0::DOUBLE, 5.0::DOUBLE), ('p', 1.0, 3.0), ('q', 1.0, 4.0), ('p', 2.0, 'nan'::DOUBLE)`);
    const { own, coded } = await bothPaths('drops2', true);
    expect(coded).toEqual(own);
    expect(own.dropped).toBe(0);
  });
});
