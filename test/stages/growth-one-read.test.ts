// growth reads the columns of all its variables in one scan of the table (with the patient codes
// the table carries; of the tables that store them, for the scored view) instead of one scan per
// variable (~0.25–0.4 s each on 1.3 M rows), and each fit puts its rows in the order
// fitMixedOnTable's ORDER BY gives them. Reference: for each variable, the model fitMixedOnTable
// fits on the same table in DuckDB with the formula `y ~ session (+ session2) + (session |
// patient)`, compared exactly (fixed effects, variance
// components, logLik, conditional modes) with the ledger's count of dropped rows; and the figure's
// session range equals DuckDB's min(session) and quantile_cont(session, 0.95) over the scored rows
// (sessions counted by value), with sessions from 0 and gaps, so that the 95th percentile falls
// between two values. Rows are stored out of order, with missing scores.
import { afterAll, expect, it, vi } from 'vitest';
import { DuckDBSession } from '../../src/engine/duckdb-session.ts';
import { fitMixedOnTable } from '../../src/stages/fit-mixed-on-table.ts';
import { mixedResultJson } from '../../src/stages/mixed-report.ts';
import { createRng } from '../../src/stats/random/index.ts';
import { runSpecText, tempProject } from '../helpers/temp-project.ts';

const rng = createRng(11);
const items = (k: number, lo: number, hi: number, centre: number, blank: boolean) =>
  Array.from({ length: k }, () => (blank ? '' : String(Math.min(hi, Math.max(lo, Math.round(centre + rng.normal())))))).join(',');
const rows: string[] = [];
for (let p = 1; p <= 40; p++) {
  const trait = rng.normal();
  for (let k = 0, n = 2 + Math.floor(rng.uniform() * 10); k < n; k++) {
    // sessions from 0 (half of the patients) or 1, some with gaps
    const s = (p % 2) + k + (k > 2 && p % 3 === 0 ? 1 : 0);
    const wai = items(12, 1, 5, 3 + trait + 0.1 * k, rng.uniform() < 0.1);
    const phq = items(9, 0, 3, 2 - 0.3 * trait - 0.1 * k, rng.uniform() < 0.15);
    rows.push(`P${String(p).padStart(2, '0')},${s},${wai},${phq}`);
  }
}
// a long patient with spaced sessions, so the sessions' 95th percentile falls between two values
for (let s = 10; s <= 70; s += 3) rows.push(`P41,${s},${items(12, 1, 5, 3, false)},${items(9, 0, 3, 1, false)}`);
for (let i = rows.length - 1; i > 0; i--) {
  const j = Math.floor(rng.uniform() * (i + 1));
  [rows[i], rows[j]] = [rows[j]!, rows[i]!];
}
const header = ['patient', 'session', ...Array.from({ length: 12 }, (_, i) => `wai${i + 1}`), ...Array.from({ length: 9 }, (_, i) => `phq${i + 1}`)];
const p = tempProject({ 'd.csv': [header.join(','), ...rows].join('\n') + '\n' });
afterAll(() => p.dispose());

type Model = { fixed: unknown; random: unknown; logLik: number; nobs: number; ngroups: unknown; ranef: unknown };
type Point = { session: number };

for (const quadratic of [false, true]) {
  it(`growth${quadratic ? ' (quadratic)' : ''}: one scan for two variables, each model fitMixedOnTable's on the table, exactly`, async () => {
    const read = vi.spyOn(DuckDBSession.prototype, 'readNumeric');
    const out = await runSpecText(
      p.dir,
      `name: g
stages:
  - { id: d, type: ingest, file: d.csv }
  - { id: scored, type: score, from: d, instruments: [{ instrument: wai-sr, prefix: wai }, { instrument: phq-9, prefix: phq }] }
  - { id: g, type: growth, from: scored, variables: [wai_total, phq_total], quadratic: ${quadratic} }
  - { id: report, type: report, identifiers: true, png: false }
`,
    );
    const sql = read.mock.calls.map(([s]) => s);
    read.mockRestore();
    // none through the scored view: its columns are read where they are stored (placeColumns),
    // both variables' scores in one scan of the score table
    expect(sql.filter((s) => /\bFROM "t_scored"/.test(s))).toHaveLength(0);
    const scores = sql.filter((s) => /\bFROM "t_scored__scores"/.test(s));
    expect(scores).toHaveLength(1);
    expect(scores[0]).toMatch(/"wai_total"/);
    expect(scores[0]).toMatch(/"phq_total"/);
    const stage = out.stages.find((s) => s.id === 'g')!;
    const figures = stage.output.sections!.flatMap((s) => s.blocks).filter((b) => b.kind === 'figure') as unknown as { spec: { layer: { data: { values: Point[] } }[] } }[];
    const db = await DuckDBSession.create();
    try {
      // the scored totals: the sum of the items (every row has all items or none)
      const sum = (prefix: string, k: number) => Array.from({ length: k }, (_, i) => `${prefix}${i + 1}`).join(' + ');
      await db.run(`CREATE TABLE s AS SELECT patient, session::DOUBLE AS session, (${sum('wai', 12)})::DOUBLE AS wai_total, (${sum('phq', 9)})::DOUBLE AS phq_total FROM read_csv('${p.path('d.csv')}', header = true)`);
      const rel = quadratic ? '(SELECT *, session * session AS session2 FROM s)' : 's';
      const columns = new Map([['patient', 'string' as const], ['session', 'number' as const], ['session2', 'number' as const], ['wai_total', 'number' as const], ['phq_total', 'number' as const]]);
      const shape = { id: 's', grain: 'session' as const, columns, roles: { patient: 'patient', session: 'session' }, instruments: [] };
      for (const [k, v] of ['wai_total', 'phq_total'].entries()) {
        const { fit, dropped } = await fitMixedOnTable(db, rel, shape, `${v} ~ session${quadratic ? ' + session2' : ''} + (session | patient)`);
        const want = mixedResultJson(fit, true) as Model;
        const got = (out.results.g as { models: Record<string, Model> }).models[v]!;
        expect(got.nobs).toBe(want.nobs);
        expect(got.fixed).toEqual(want.fixed);
        expect(got.random).toEqual(want.random);
        expect(got.logLik).toBe(want.logLik);
        expect(got.ranef).toEqual(want.ranef);
        expect(out.ledger.entries.find((e) => e.stage === 'g' && e.detail?.startsWith(`${v}:`))?.count).toBe(dropped);
        const range = (await db.rows(`SELECT min(session)::DOUBLE AS lo, quantile_cont(session, 0.95)::DOUBLE AS hi FROM s WHERE ${v} IS NOT NULL`))[0] as { lo: number; hi: number };
        expect(Number.isInteger(range.hi)).toBe(false);
        expect(range.lo).toBe(0);
        const sessions: number[] = [];
        for (let t = range.lo; t <= range.hi; t++) sessions.push(t);
        expect(figures[k]!.spec.layer[1]!.data.values.map((r) => r.session)).toEqual(sessions);
      }
    } finally {
      db.close();
    }
  });
}
