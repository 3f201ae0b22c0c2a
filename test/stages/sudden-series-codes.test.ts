// readSessionSeries with the integer patient codes a table carries (SeriesColumns.codes, from
// TableShape.patientCodes) must read exactly the series of its own path, which numbers the ids
// itself (GROUP BY id) and sorts the rows by the id: same codes, rows, grid, patient ids, dropped
// and inserted counts and outcomes, and the same error for a duplicate session. The codes are built
// here as ingest builds them (rank of the id among the distinct non-null ids). Exact equality.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBSession } from '../../src/engine/duckdb-session.ts';
import { readSessionSeries, type SeriesColumns } from '../../src/stages/sudden.ts';

let db: DuckDBSession;
beforeAll(async () => {
  db = await DuckDBSession.create();
});
afterAll(() => db.close());

/** Table `name` from rows (patient, session, score) with `_patient_code` and the levels table `name__levels`. */
async function codedTable(name: string, type: string, rows: [string | number | null, number | null, number | null][]): Promise<void> {
  const lit = (v: string | number | null) => (v === null ? 'NULL' : typeof v === 'string' ? `'${v}'` : String(v));
  await db.run(`CREATE OR REPLACE TABLE ${name}__raw (patient ${type}, session DOUBLE, score DOUBLE)`);
  await db.run(`INSERT INTO ${name}__raw VALUES ${rows.map((r) => `(${r.map(lit).join(', ')})`).join(', ')}`);
  await db.run(`CREATE OR REPLACE TABLE ${name}__levels AS SELECT patient, (row_number() OVER (ORDER BY patient) - 1)::INTEGER AS code FROM (SELECT DISTINCT patient FROM ${name}__raw WHERE patient IS NOT NULL)`);
  await db.run(`CREATE OR REPLACE TABLE ${name} AS SELECT r.*, k.code AS _patient_code FROM ${name}__raw r LEFT JOIN ${name}__levels k ON r.patient = k.patient`);
}

function columns(name: string, fill: SeriesColumns['fill'], outcome?: string): SeriesColumns {
  return { id: 'patient', time: 'session', score: 'score', fill, outcome: outcome ? { table: outcome, patient: 'patient', column: 'y' } : undefined };
}

async function bothPaths(name: string, fill: SeriesColumns['fill'], outcome?: string) {
  const own = await readSessionSeries(db, name, columns(name, fill, outcome));
  const coded = await readSessionSeries(db, name, { ...columns(name, fill, outcome), codes: { of: 'patient', column: '_patient_code', levels: `${name}__levels` } });
  return { own, coded };
}

describe('readSessionSeries with carried patient codes', () => {
  it('reads the same series as its own numbering: text ids, gaps, missing scores and times, null ids', async () => {
    // Byte order of the ids: 'B' < 'a' < 'b' < 'c10' < 'c9'; patient 'd' has no usable time.
    await codedTable('s1', 'VARCHAR', [
      ['b', 3, 10], ['B', 1, 4], ['a', 2, 7], ['b', 1, 12], ['c10', 1, 5], ['c9', 4, null], ['a', 1, 8], ['b', 6, 3],
      ['c9', 1, 6], [null, 1, 9], ['a', null, 1], ['d', null, 2], ['c10', 2, 5.5], ['a', 5, 6.25],
    ]);
    await db.run(`CREATE OR REPLACE TABLE s1_out AS SELECT * FROM (VALUES ('a', 1.5), ('b', -2.0), ('c9', 0.25), ('zz', 7.0)) v(patient, y)`);
    for (const fill of [true, false, 'auto'] as const) {
      const { own, coded } = await bothPaths('s1', fill, 's1_out');
      expect(coded).toEqual(own);
    }
    const { own } = await bothPaths('s1', true, 's1_out');
    // The reference itself is as expected: six patients in byte order, 'd' without rows.
    expect(own.patients).toEqual(['B', 'a', 'b', 'c10', 'c9', 'd']);
    expect(own.dropped).toBe(3);
  });

  it('reads the same series for integer ids (numeric order, not text order)', async () => {
    await codedTable('s2', 'INTEGER', [[10, 1, 3], [9, 1, 4], [10, 2, 5], [100, 3, 1], [9, 3, 2], [100, 1, 0]]);
    const { own, coded } = await bothPaths('s2', true);
    expect(coded).toEqual(own);
    expect(own.patients).toEqual(['9', '10', '100']);
  });

  it('reads the same series when the rows are stored in patient and session order (no sort) and with a long reversed run', async () => {
    // In order as stored: the scan order is already (code, time).
    const sorted: [string, number, number][] = [];
    for (const p of ['A', 'B', 'a']) for (let s = 1; s <= 5; s++) sorted.push([p, s, s * 2 + p.charCodeAt(0)]);
    await codedTable('s4', 'VARCHAR', sorted);
    const inOrder = await bothPaths('s4', true);
    expect(inOrder.coded).toEqual(inOrder.own);
    // One patient with 80 sessions stored last to first (longer than the insertion-sort segment), one with a gap.
    const long: [string, number, number][] = [['z', 3, 1], ['z', 1, 2]];
    for (let s = 80; s >= 1; s--) long.push(['m', s, (s * 37) % 11]);
    await codedTable('s5', 'VARCHAR', long);
    const reversed = await bothPaths('s5', true);
    expect(reversed.coded).toEqual(reversed.own);
    expect(Array.from(reversed.own.time.subarray(0, 80))).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
  });

  it('reports a duplicate session the same way', async () => {
    await codedTable('s3', 'VARCHAR', [['q', 2, 5], ['p', 1, 3], ['q', 1, 4], ['q', 2, 6]]);
    const own = readSessionSeries(db, 's3', columns('s3', true));
    await expect(own).rejects.toThrow(/patient 'q' has two rows for session 2/);
    const coded = readSessionSeries(db, 's3', { ...columns('s3', true), codes: { of: 'patient', column: '_patient_code', levels: 's3__levels' } });
    await expect(coded).rejects.toThrow(/patient 'q' has two rows for session 2/);
  });
});
