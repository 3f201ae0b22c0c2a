// growth draws its figure from the rows its models were fitted on instead of two more scans of
// the table per variable: the population curve runs from min(session) to DuckDB's
// quantile_cont(session, 0.95) over the sessions with a score, and the sampled trajectories are
// the rows `WHERE y IS NOT NULL AND patient IN (sample) ORDER BY patient, session`. Reference: those
// two queries on the same CSV in DuckDB, compared exactly, on rows stored out of order with gaps in
// the sessions (so the 95th percentile is interpolated), missing scores and a patient without any;
// and the stage runs neither query (each was ~0.25–0.7 s on 1.3 M rows).
import { afterAll, expect, it, vi } from 'vitest';
import { DuckDBSession } from '../../src/engine/duckdb-session.ts';
import { createRng } from '../../src/stats/random/index.ts';
import { runSpecText, tempProject } from '../helpers/temp-project.ts';

const rng = createRng(7);
const rows: string[] = [];
for (let p = 1; p <= 30; p++) {
  const level = 20 + 3 * rng.normal();
  let s = p % 3;
  for (let k = 0, n = 2 + Math.floor(rng.uniform() * 14); k < n; k++) {
    s += 1 + (rng.uniform() < 0.25 ? 1 : 0);
    const missing = p === 5 || rng.uniform() < 0.1;
    rows.push(`P${String(p).padStart(2, '0')},${s},${missing ? '' : (level - 0.4 * s + rng.normal()).toFixed(3)}`);
  }
}
// a long patient with spaced sessions, so the sessions' 95th percentile falls between two values
for (let s = 10; s <= 70; s += 3) rows.push(`P31,${s},${(25 - 0.1 * s + rng.normal()).toFixed(3)}`);
for (let i = rows.length - 1; i > 0; i--) {
  const j = Math.floor(rng.uniform() * (i + 1));
  [rows[i], rows[j]] = [rows[j]!, rows[i]!];
}
const p = tempProject({ 'd.csv': ['patient,session,y', ...rows].join('\n') + '\n' });
afterAll(() => p.dispose());

type Point = { id?: string; session: number; value: number };

it('growth: the figure’s session range and trajectories equal the SQL queries’, without running them', async () => {
  const spy = vi.spyOn(DuckDBSession.prototype, 'rows');
  const out = await runSpecText(
    p.dir,
    `name: g
stages:
  - { id: d, type: ingest, file: d.csv }
  - { id: g, type: growth, from: d, variables: [y], sample: 12 }
  - { id: report, type: report, identifiers: true, png: false }
`,
  );
  const sql = spy.mock.calls.map(([s]) => s);
  spy.mockRestore();
  expect(sql.filter((s) => /quantile_cont|\bIN \(SELECT unnest/i.test(s))).toEqual([]);
  const stage = out.stages.find((s) => s.id === 'g')!;
  const figure = stage.output.sections!.flatMap((s) => s.blocks).find((b) => b.kind === 'figure') as unknown as { spec: { layer: { data: { values: Point[] } }[] } };
  const [individual, population] = figure.spec.layer.map((l) => l.data.values);
  const ids = [...new Set(individual!.map((r) => r.id!))];
  expect(ids.length).toBeGreaterThan(5);
  const db = await DuckDBSession.create();
  try {
    await db.run(`CREATE TABLE s AS SELECT * FROM read_csv('${p.path('d.csv')}', header = true, columns = {'patient': 'VARCHAR', 'session': 'DOUBLE', 'y': 'DOUBLE'})`);
    const range = (await db.rows(`SELECT min(session)::DOUBLE AS lo, quantile_cont(session, 0.95)::DOUBLE AS hi FROM s WHERE y IS NOT NULL`))[0] as { lo: number; hi: number };
    expect(Number.isInteger(range.hi)).toBe(false);
    const sessions: number[] = [];
    for (let t = range.lo; t <= range.hi; t++) sessions.push(t);
    expect(population!.map((r) => r.session)).toEqual(sessions);
    const want = await db.rows(`SELECT patient AS id, session, y AS value FROM s WHERE y IS NOT NULL AND patient IN (${ids.map((id) => `'${id}'`).join(', ')}) ORDER BY patient, session`);
    // plain copies: the report's renderer tags the figure's rows with a symbol
    expect(individual!.map(({ id, session, value }) => ({ id, session, value }))).toEqual(want);
  } finally {
    db.close();
  }
});
