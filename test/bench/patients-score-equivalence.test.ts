import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBSession } from '../../src/engine/duckdb-session.ts';
import { Ledger } from '../../src/engine/ledger.ts';
import type { TableShape } from '../../src/engine/table-shape.ts';
import { patients } from '../../src/stages/patients.ts';
import type { RunContext } from '../../src/stages/stage-definition.ts';
import { createRng } from '../../src/stats/random/index.ts';

/**
 * The patients stage computes the role columns as min(r) (with mode(r) only for patients whose
 * rows name several values) and the "several values" flag as min <> max. These tests check that
 * against the formulation it replaced, mode(r) and count(DISTINCT r) > 1, on data where some
 * patients switch therapist, site or modality and some have missing role values.
 */
describe('patients stage: role columns without per-patient mode/distinct hash sets', () => {
  let db: DuckDBSession;
  const ledger = new Ledger();
  beforeAll(async () => {
    db = await DuckDBSession.create();
    const rng = createRng(11);
    const rows: string[] = [];
    for (let p = 0; p < 400; p++) {
      const k = 1 + rng.int(8);
      const th = `T${rng.int(30)}`;
      for (let s = 1; s <= k; s++) {
        // ~10% of patients switch therapist mid-way (2 of 3 sessions with the new one), some have a missing site
        const therapist = p % 10 === 0 && s > k / 3 ? `T${(Number(th.slice(1)) + 1) % 30}` : th;
        const site = p % 7 === 0 && s === 1 ? 'NULL' : `'S${p % 4}'`;
        const modality = p % 13 === 0 ? `'M${s % 2}'` : `'M${p % 3}'`;
        const y = rng.uniform() < 0.1 ? 'NULL' : String(Math.round(rng.uniform() * 27));
        rows.push(`('P${String(p).padStart(4, '0')}', '${therapist}', ${site}, ${modality}, ${s}, ${y}, ${(1 + 4 * rng.uniform()).toFixed(3)})`);
      }
    }
    await db.run(`CREATE TABLE t_src (patient VARCHAR, therapist VARCHAR, site VARCHAR, modality VARCHAR, session DOUBLE, y DOUBLE, a DOUBLE)`);
    await db.run(`INSERT INTO t_src VALUES ${rows.join(', ')}`);
    const shape: TableShape = {
      id: 'src',
      grain: 'session',
      columns: new Map([['patient', 'string'], ['therapist', 'string'], ['site', 'string'], ['modality', 'string'], ['session', 'number'], ['y', 'number'], ['a', 'number']]),
      roles: { patient: 'patient', therapist: 'therapist', site: 'site', modality: 'modality', session: 'session' },
      instruments: [],
    };
    const ctx = { stageId: 'p', specPath: 'stages[1]', specDir: '.', db, ledger, seed: 1, identifiers: false, table: () => shape, result: () => undefined, instrument: () => { throw new Error('none'); }, progress: () => {}, input: () => '' } as unknown as RunContext;
    await patients.run({ from: 'src', outcome: 'y', alliance: ['a'], session: 3, outcomeHigherIsBetter: false }, ctx);
  });
  afterAll(() => db.close());

  it('every patient gets mode(r) of its rows, as before', async () => {
    const diff = await db.rows(
      `SELECT count(*)::DOUBLE AS n FROM t_p JOIN (SELECT patient, mode(therapist) AS th, mode(site) AS si, mode(modality) AS mo FROM t_src GROUP BY patient) m USING (patient)
       WHERE t_p.therapist IS DISTINCT FROM m.th OR t_p.site IS DISTINCT FROM m.si OR t_p.modality IS DISTINCT FROM m.mo`,
    );
    expect(Number(diff[0].n)).toBe(0);
    expect(Number((await db.rows('SELECT count(*)::DOUBLE AS n FROM t_p'))[0].n)).toBe(400);
  });

  it('ledger counts of patients with several therapists / sites / modalities equal count(DISTINCT r) > 1', async () => {
    const want = (await db.rows(
      `SELECT count(*) FILTER (WHERE dt > 1)::DOUBLE AS th, count(*) FILTER (WHERE ds > 1)::DOUBLE AS si, count(*) FILTER (WHERE dm > 1)::DOUBLE AS mo
       FROM (SELECT count(DISTINCT therapist) AS dt, count(DISTINCT site) AS ds, count(DISTINCT modality) AS dm FROM t_src GROUP BY patient)`,
    ))[0];
    const got = (r: string) => ledger.entries.find((e) => e.reason === r)?.count ?? 0;
    expect(Number(want.th)).toBeGreaterThan(0);
    expect(Number(want.mo)).toBeGreaterThan(0);
    expect(got('several-therapists')).toBe(Number(want.th));
    expect(got('several-sites')).toBe(Number(want.si));
    expect(got('several-modalities')).toBe(Number(want.mo));
    expect(await db.describe('t_p')).not.toContainEqual(expect.objectContaining({ name: expect.stringMatching(/^__/) }));
  });
});

/**
 * The score stage stores the score columns once (table t_<id>__scores) when it scores the ingest
 * view directly, and puts them beside the source rows with POSITIONAL JOIN, instead of a view that
 * recomputes the scoring expressions on every read. It does so when the source's shape says its
 * scans are in a stable order (stableOrder, as ingest declares for its view). It must keep exactly
 * the rows, columns and order of the view it replaces; with set-missing fixes the stage keeps the
 * recomputing view.
 */
describe('score stage: scored rows stored once', () => {
  for (const invalid of [false, true]) {
    it(`gives the same rows, columns and order as the recomputing view (${invalid ? 'with out-of-range items set missing: view kept' : 'stored scores'})`, async () => {
      const { builtinInstruments } = await import('../../src/instruments/index.ts');
      const { score } = await import('../../src/stages/score.ts');
      const { scaleSql } = await import('../../src/instruments/scoring-sql.ts');
      const db = await DuckDBSession.create();
      try {
        const rng = createRng(5);
        const rows: string[] = [];
        for (let i = 0; i < 3000; i++) {
          const item = (max: number, min: number) => (rng.uniform() < 0.08 ? 'NULL' : invalid && rng.uniform() < 0.01 ? '9' : String(min + rng.int(max - min + 1)));
          rows.push(`('P${i % 500}', ${1 + Math.floor(i / 500)}, ${Array.from({ length: 12 }, () => item(5, 1)).join(', ')}, ${Array.from({ length: 9 }, () => item(3, 0)).join(', ')})`);
        }
        const items = [...Array.from({ length: 12 }, (_, i) => `wai${i + 1}`), ...Array.from({ length: 9 }, (_, i) => `phq${i + 1}`)];
        await db.run(`CREATE TABLE t_s__base (patient VARCHAR, session DOUBLE, ${items.map((c) => `${c} DOUBLE`).join(', ')})`);
        await db.run(`INSERT INTO t_s__base VALUES ${rows.join(', ')}`);
        await db.run(`CREATE VIEW "t_s" AS SELECT (rowid + 1)::INTEGER AS _row, * FROM "t_s__base"`);
        // the replaced formulation: one view computing every score from the (fixed) items
        const fix = (c: string, lo: number, hi: number) => `CASE WHEN (${c} IS NOT NULL AND (${c} < ${lo} OR ${c} > ${hi} OR ${c} <> floor(${c}))) THEN NULL ELSE ${c} END AS ${c}`;
        const cleaned = invalid ? `(SELECT * REPLACE (${[...items.slice(0, 12).map((c) => fix(c, 1, 5)), ...items.slice(12).map((c) => fix(c, 0, 3))].join(', ')}) FROM t_s)` : 't_s';
        const exprs = [
          ...scaleSql(builtinInstruments.get('wai-sr')!, items.slice(0, 12), 'sum').map((s) => `${s.score} AS wai_${s.scale}`),
          ...scaleSql(builtinInstruments.get('phq-9')!, items.slice(12), 'sum').map((s) => `${s.score} AS phq_${s.scale}`),
        ];
        const wantScored = await db.rows(`SELECT *, ${exprs.join(', ')} FROM ${cleaned}`);
        const wantScoredCols = (await db.describe(`(SELECT *, ${exprs.join(', ')} FROM ${cleaned})`)).map((c) => c.name);
        const wantSessions = await db.rows('SELECT * FROM t_s');
        const wantSessionCols = (await db.describe('t_s')).map((c) => c.name);
        const shape: TableShape = { id: 's', grain: 'session', columns: new Map([['_row', 'number'], ['patient', 'string'], ['session', 'number'], ...items.map((c) => [c, 'number'] as [string, 'number'])]), roles: { patient: 'patient', session: 'session' }, instruments: [], stableOrder: true };
        const ctx = { stageId: 'sc', specPath: 'stages[1]', specDir: '.', db, ledger: new Ledger(), seed: 1, identifiers: false, table: () => shape, result: () => undefined, instrument: (k: string) => builtinInstruments.get(k)!, progress: () => {}, input: () => '' } as unknown as RunContext;
        await score.run({ from: 's', instruments: [{ instrument: 'wai-sr', prefix: 'wai', invalid: 'missing' }, { instrument: 'phq-9', prefix: 'phq', invalid: 'missing' }] }, ctx);
        const stored = await db.rows(`SELECT table_name FROM duckdb_tables() WHERE table_name = 't_sc__scores'`);
        expect(stored.length).toBe(invalid ? 0 : 1);
        expect((await db.describe('t_sc')).map((c) => c.name)).toEqual(wantScoredCols);
        expect((await db.describe('t_s')).map((c) => c.name)).toEqual(wantSessionCols);
        const got = await db.rows('SELECT * FROM t_sc');
        expect(got.length).toBe(3000);
        expect(got).toEqual(wantScored);
        expect(await db.rows('SELECT * FROM t_s')).toEqual(wantSessions);
        expect(got.some((r) => r.wai_total === null) && got.some((r) => r.phq_total !== null)).toBe(true);
      } finally {
        db.close();
      }
    });
  }
});
