// Ingest numbers the patients of a long file (`_patient_code`, 0-based rank in id order, in a
// table beside the rows, and the table t_<id>__patients), score carries the codes into its view,
// and the session stages sort and group by those integer codes instead of joining on the text ids
// (TableShape.patientCodesBeside, TableShape.patientCodes). Checked here: the codes are the ranks of
// the ids (R: match(patient, sort(unique(patient))) - 1), and every stage that uses them gives
// exactly the results of its join path, which runs when the table carries no codes (a `derive`
// stage in between: its shape does not keep them). Exact equality: the rows reach the kernels in
// the same order either way.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBSession } from '../../src/engine/duckdb-session.ts';
import { fitMixedOnTable } from '../../src/stages/fit-mixed-on-table.ts';
import type { TableShape } from '../../src/engine/table-shape.ts';
import { createRng } from '../../src/stats/random/index.ts';
import { REPO, runSpecText, tempProject } from '../helpers/temp-project.ts';

let project: ReturnType<typeof tempProject>;
beforeAll(() => {
  project = tempProject();
});
afterAll(() => project.dispose());

const stagesFrom = (from: string, tag: string) => `
  - { id: wp_${tag}, type: within-patient, from: ${from}, pairs: [{ x: wai_total, y: phq_total }, { x: wai_total, y: phq_total, lag: 1, yAs: improvement }] }
  - { id: wb_${tag}, type: within-between, from: ${from}, alliance: wai_total, outcome: phq_total }
  - { id: gr_${tag}, type: growth, from: ${from}, variables: [phq_total], sample: 5 }
  - { id: mx_${tag}, type: mixed, from: ${from}, formula: "phq_total ~ session + wai_total + (1 | patient)" }
  - { id: tr_${tag}, type: trajectories, from: ${from}, variables: [wai_total], by: modality }
  - { id: rl_${tag}, type: reliability, from: ${from} }`;

describe('patient codes carried from ingest', () => {
  it('are the 0-based ranks of the ids in sort order, one level row per patient', async () => {
    const csv = project.write('codes.csv', 'patient,session,x\nb,1,1\nB,1,2\na,1,3\nb,2,4\nc10,1,5\nc9,1,6\na,2,7\n');
    const db = await DuckDBSession.create();
    try {
      const { ingest } = await import('../../src/stages/ingest.ts');
      const ctx = { db, specDir: project.dir, stageId: 'sessions', specPath: 'stages[0]', input: () => {}, ledger: { add: () => {} } };
      const out = await ingest.run({ file: csv } as never, ctx as never);
      expect(out.table?.patientCodesBeside).toEqual({ table: 't_sessions__codes', of: 'patient', column: '_patient_code', levels: 't_sessions__patients' });
      // the codes sit beside the ingest view, row for row in its scan order
      const rows = await db.rows('SELECT _row, patient, _patient_code AS code FROM t_sessions POSITIONAL JOIN t_sessions__codes ORDER BY _row');
      // byte order: 'B' < 'a' < 'b' < 'c10' < 'c9'
      expect(rows.map((r) => [r._row, r.patient, r.code])).toEqual([
        [1, 'b', 2],
        [2, 'B', 0],
        [3, 'a', 1],
        [4, 'b', 2],
        [5, 'c10', 3],
        [6, 'c9', 4],
        [7, 'a', 1],
      ]);
      expect(await db.readStrings('SELECT patient FROM t_sessions__patients ORDER BY code')).toEqual(['B', 'a', 'b', 'c10', 'c9']);
    } finally {
      db.close();
    }
  });

  it('a file column named _patient_code is refused, like _row', async () => {
    project.write('reserved.csv', 'patient,session,_patient_code\np1,1,3\n');
    await expect(runSpecText(project.dir, `name: r\nstages:\n  - { id: s, type: ingest, file: reserved.csv }\n`)).rejects.toThrow(/_patient_code.*keeps for its patient codes/);
  });

  it('within-patient, within-between, growth, mixed, trajectories and reliability give the same results with the codes as with the join on ids', async () => {
    const outcome = await runSpecText(
      project.dir,
      `
name: codes
seed: 7
stages:
  - { id: sessions, type: ingest, file: ${join(REPO, 'data-samples/rom-small.csv')} }
  - { id: scored, type: score, from: sessions, instruments: [{ instrument: wai-sr, prefix: wai }, { instrument: phq-9, prefix: phq }] }
  - { id: plain, type: derive, from: scored, columns: { one: "1" } }
${stagesFrom('scored', 'coded')}
${stagesFrom('plain', 'joined')}
`,
    );
    const r = outcome.results as Record<string, Record<string, unknown>>;
    for (const s of ['wp', 'wb', 'gr', 'mx', 'tr', 'rl']) {
      const coded = JSON.stringify(r[`${s}_coded`]).replaceAll('_coded', '');
      const joined = JSON.stringify(r[`${s}_joined`]).replaceAll('_joined', '').replaceAll('"plain"', '"scored"');
      expect(coded.length, s).toBeGreaterThan(100);
      expect(coded, s).toBe(joined);
    }
  });

  it('within-patient and the sudden-gain series give the same results when the rows of the file are shuffled (sorted in JS, not by SQL)', async () => {
    const lines = readFileSync(join(REPO, 'data-samples/rom-small.csv'), 'utf8').trimEnd().split('\n');
    const rng = createRng(11);
    const body = lines.slice(1);
    for (let i = body.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [body[i], body[j]] = [body[j], body[i]];
    }
    project.write('shuffled.csv', `${[lines[0], ...body].join('\n')}\n`);
    const ingest = (file: string, tag: string) => `
  - { id: s_${tag}, type: ingest, file: ${file} }`;
    const scoredFrom = (tag: string) => `
  - { id: sc_${tag}, type: score, from: s_${tag}, instruments: [{ instrument: wai-sr, prefix: wai }, { instrument: phq-9, prefix: phq }] }
  - { id: wp_${tag}, type: within-patient, from: sc_${tag}, pairs: [{ x: wai_total, y: phq_total, lag: 1, yAs: improvement }] }
  - { id: sg_${tag}, type: sudden, from: sc_${tag}, score: phq_total }`;
    const outcome = await runSpecText(project.dir, `name: shuffled\nseed: 3\nstages:${ingest(join(REPO, 'data-samples/rom-small.csv'), 'a')}${ingest('shuffled.csv', 'b')}${scoredFrom('a')}${scoredFrom('b')}\n`);
    const r = outcome.results as Record<string, Record<string, unknown>>;
    for (const s of ['wp', 'sg']) {
      const a = JSON.stringify(r[`${s}_a`]).replaceAll('sc_a', 'sc');
      const b = JSON.stringify(r[`${s}_b`]).replaceAll('sc_b', 'sc');
      expect(a.length, s).toBeGreaterThan(100);
      expect(b, s).toBe(a);
    }
  });

  it('score with out-of-range items set missing (its recomputing view) carries the codes too', async () => {
    const lines = readFileSync(join(REPO, 'data-samples/rom-small.csv'), 'utf8').trimEnd().split('\n');
    // wai1 (the 6th column) set to 9, outside 1–5, on every 50th row
    const bad = lines.map((l, i) => (i > 0 && i % 50 === 0 ? l.split(',').map((v, j) => (j === 5 ? '9' : v)).join(',') : l));
    project.write('out-of-range.csv', `${bad.join('\n')}\n`);
    const outcome = await runSpecText(
      project.dir,
      `
name: fixes
seed: 5
stages:
  - { id: sessions, type: ingest, file: out-of-range.csv }
  - { id: scored, type: score, from: sessions, instruments: [{ instrument: wai-sr, prefix: wai, invalid: missing }, { instrument: phq-9, prefix: phq }] }
  - { id: plain, type: derive, from: scored, columns: { one: "1" } }
${stagesFrom('scored', 'coded')}
${stagesFrom('plain', 'joined')}
`,
    );
    const r = outcome.results as Record<string, Record<string, unknown>>;
    expect(JSON.stringify(outcome.ledger.entries)).toContain('item-out-of-range');
    for (const s of ['wp', 'wb', 'gr', 'mx', 'tr', 'rl']) {
      const coded = JSON.stringify(r[`${s}_coded`]).replaceAll('_coded', '');
      const joined = JSON.stringify(r[`${s}_joined`]).replaceAll('_joined', '').replaceAll('"plain"', '"scored"');
      expect(coded, s).toBe(joined);
    }
  });

  it('fitMixedOnTable on a subset: codes with gaps give the fit of a level table of the subset (unused levels dropped)', async () => {
    const db = await DuckDBSession.create();
    try {
      await db.run(`CREATE TABLE d AS SELECT 'p' || lpad((i % 40)::VARCHAR, 2, '0') AS patient, (i // 40)::DOUBLE AS session, ((i * 7919) % 101)::DOUBLE / 10 + (i % 40) AS y FROM range(400) t(i)`);
      await db.run(`CREATE TABLE lv AS SELECT patient, (row_number() OVER (ORDER BY patient) - 1)::INTEGER AS code FROM (SELECT DISTINCT patient FROM d)`);
      await db.run(`CREATE TABLE dc AS SELECT d.*, lv.code AS pc FROM d JOIN lv USING (patient)`);
      // patients p00–p09 and p30–p39 left out: the codes have gaps at both ends and in the middle
      const subset = `(SELECT * FROM dc WHERE patient BETWEEN 'p10' AND 'p29' OR patient = 'p35')`;
      const columns = new Map([['patient', 'string' as const], ['session', 'number' as const], ['y', 'number' as const]]);
      const plain: TableShape = { id: 'dc', grain: 'session', columns, roles: { patient: 'patient', session: 'session' }, instruments: [] };
      const coded: TableShape = { ...plain, patientCodes: { of: 'patient', column: 'pc', levels: 'lv' } };
      const a = await fitMixedOnTable(db, subset, plain, 'y ~ session + (1 | patient)', {});
      const b = await fitMixedOnTable(db, subset, coded, 'y ~ session + (1 | patient)', {});
      expect(a.fit.ngroups).toEqual({ patient: 21 });
      expect(JSON.stringify(b.fit)).toBe(JSON.stringify(a.fit));
    } finally {
      db.close();
    }
  });
});
