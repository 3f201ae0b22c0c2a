// DuckDBSession.readColumns: the columns readNumeric gives, kept and handed out again as the same
// arrays until forgetColumns; a stage writing into a kept column is caught (ALLIANCE_CHECK_KEPT,
// set for every test by test/vitest.config.ts). And the plan's lastReader, after which the run
// lets a table's kept columns go.
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBSession } from '../../src/engine/duckdb-session.ts';
import { planPipeline } from '../../src/engine/pipeline-plan.ts';
import { loadSpec } from '../../src/spec/load-spec.ts';

let db: DuckDBSession;
beforeAll(async () => {
  db = await DuckDBSession.create();
  await db.run(`CREATE TABLE t AS SELECT i::INTEGER AS code, CASE WHEN i % 5 = 0 THEN NULL ELSE i * 0.25 END AS y, (i % 9)::DOUBLE AS s FROM range(5000) r(i)`);
});
afterAll(() => db.close());

describe('readColumns', () => {
  it('gives what readNumeric gives, under the names asked for', async () => {
    const direct = await db.readNumeric('SELECT code, y, s FROM t');
    const got = await db.readColumns('t', { k: 'code', value: 'y' });
    expect(got.n).toBe(5000);
    expect(Object.keys(got.columns)).toEqual(['k', 'value']);
    expect(got.columns.k).toEqual(direct.columns.code);
    expect(got.columns.value).toEqual(direct.columns.y);
    expect(Number.isNaN(got.columns.value![5])).toBe(true);
  });

  it('hands out the same array again, one column under two names too, until forgetColumns', async () => {
    const a = await db.readColumns('t', { k: 'code', s: 's' });
    const b = await db.readColumns('t', { again: 's', k: 'code', twice: 'code' });
    expect(b.columns.k).toBe(a.columns.k);
    expect(b.columns.again).toBe(a.columns.s);
    expect(b.columns.twice).toBe(a.columns.k);
    db.forgetColumns('t', ['s']);
    const partly = await db.readColumns('t', { k: 'code', s: 's' });
    expect(partly.columns.k).toBe(a.columns.k);
    expect(partly.columns.s).not.toBe(a.columns.s);
    expect(partly.columns.s).toEqual(a.columns.s);
    db.forgetColumns('t');
    const c = await db.readColumns('t', { k: 'code' });
    expect(c.columns.k).not.toBe(a.columns.k);
    expect(c.columns.k).toEqual(a.columns.k);
  });

  it('refuses to hand out a kept column a caller wrote into, and checks it when let go', async () => {
    expect(process.env.ALLIANCE_CHECK_KEPT).toBeTruthy();
    const first = await db.readColumns('t', { s: 's', y: 'y' });
    first.columns.s![10] = 99;
    await expect(db.readColumns('t', { s: 's' })).rejects.toThrow(/internal: the column 's' of t kept by readColumns was written into/);
    first.columns.s![10] = 1; // 10 % 9, as read: the fingerprint matches again
    await expect(db.readColumns('t', { s: 's' })).resolves.toBeTruthy();
    first.columns.y![0] = 1;
    expect(() => db.forgetColumns('t')).toThrow(/the column 'y' of t/);
  });
});

describe("the plan's lastReader", () => {
  it('names, for each table read by later stages, the last stage whose plan read it and the last to check each column (the shipped demo)', async () => {
    const spec = loadSpec(resolve('pipelines/demo.yaml'));
    const plan = await planPipeline(spec, db);
    const lastOf = (table: string) => plan.lastReader.get(table)?.stage;
    const readers = (table: string) => spec.stages.filter((s) => JSON.stringify(s.options).includes(`"${table}"`)).map((s) => s.id);
    for (const table of ['sessions', 'scored', 'patients', 'change']) expect(lastOf(table), table).toBe(readers(table).at(-1));
    expect(lastOf('scored')).toBe('ruptures');
    expect(plan.lastReader.has('report')).toBe(false);
    // the subscales only the patients stage summarizes; the total scores up to the series stages at the end
    const scored = plan.lastReader.get('scored')!.columns;
    for (const c of ['wai_task', 'wai_bond', 'wai_goal']) expect(scored.get(c), c).toBe('patients');
    expect(scored.get('phq_total')).toBe('sudden_gains');
    expect(scored.get('wai_total')).toBe('ruptures');
  });
});

describe('levelNames', () => {
  it('reads a levels table in code order once, as text, and hands the same frozen array out again', async () => {
    // stored out of code order, and with a number as the key: the names come back as text by code
    await db.run(`CREATE TABLE lv AS SELECT * FROM (VALUES ('p10', 2, 7), ('p2', 0, 3), ('p3', 1, 11)) v(patient, code, num)`);
    const a = await db.levelNames('lv', 'patient');
    expect(a).toEqual(['p2', 'p3', 'p10']);
    expect(Object.isFrozen(a)).toBe(true);
    expect(await db.levelNames('lv', 'num')).toEqual(['3', '11', '7']);
    // the second call is not read again: the table's later change does not show (stage outputs do not change)
    await db.run(`UPDATE lv SET patient = 'changed'`);
    expect(await db.levelNames('lv', 'patient')).toBe(a);
  });
});
