// trajectoryMoments: the group and group × session moments of both cell paths (counting on
// whole-number sessions; sorting by rowsByCode on fractional ones) equal the slow path: each
// group's or cell's values gathered in the table's scan order by a plain filter and measured by
// rangeMean and sqrt(rangeVariance) (R-exact; against R itself: trajectories-moments-as-r.test.ts).
// Bit for bit (Object.is), on a seeded random table with NULL groups, sessions and values, sessions
// past maxSession and groups in no order. (Which rows each cell takes is what this checks; that a
// cell's rows keep their order is checked on order-sensitive values in moments-by-code.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBSession } from '../../src/engine/duckdb-session.ts';
import { trajectoryMoments } from '../../src/stages/trajectories.ts';
import { rangeMean, rangeVariance } from '../../src/stats/descriptive/index.ts';
import { createRng } from '../../src/stats/random/index.ts';

const ROWS = 3000;
const rng = createRng(20261123);
const grp = Array.from({ length: ROWS }, () => (rng.uniform() < 0.05 ? null : ['b', 'a', 'c'][rng.int(3)]!));
const whole = Array.from({ length: ROWS }, () => (rng.uniform() < 0.03 ? NaN : 1 + rng.int(24)));
const half = whole.map((s) => (rng.uniform() < 0.3 ? s - 0.5 : s));
const x = Array.from({ length: ROWS }, () => (rng.uniform() < 0.1 ? NaN : rng.uniform() < 0.5 ? (12 + rng.int(49)) / 7 : rng.uniform() * 10 ** (12 * rng.uniform() - 6)));

let db: DuckDBSession;
beforeAll(async () => {
  db = await DuckDBSession.create();
  const lit = (v: number) => (Number.isNaN(v) ? 'NULL::DOUBLE' : `'${v}'::DOUBLE`);
  const rows = grp.map((g, i) => `(${i}, ${g === null ? 'NULL' : `'${g}'`}, ${lit(whole[i]!)}, ${lit(half[i]!)}, ${lit(x[i]!)})`);
  await db.run(`CREATE TABLE w AS SELECT * EXCLUDE (i) FROM (VALUES ${rows.join(', ')}) AS v(i, modality, session, half, x) ORDER BY i`);
  await db.run(`CREATE TABLE h AS SELECT modality, half AS session, x FROM w`);
});
afterAll(() => db?.close());

/** n, rangeMean and sqrt(rangeVariance) of x over the rows `keep` selects, in row order. */
function slow(keep: (i: number) => boolean): [number, number, number] {
  const v = Float64Array.from(x.filter((_, i) => keep(i)));
  const n = v.filter((y) => !Number.isNaN(y)).length;
  const mean = v.length ? rangeMean(v, 0, v.length) : NaN;
  return [n, mean, v.length ? Math.sqrt(rangeVariance(v, 0, v.length, mean)) : NaN];
}

describe('trajectoryMoments: both cell paths against the slow per-cell filter', () => {
  for (const [table, session] of [['w', whole], ['h', half]] as const) {
    it(`${table === 'w' ? 'whole-number' : 'fractional'} sessions`, async () => {
      const m = await trajectoryMoments(db, table, 'modality', ['x'], 20);
      const label = (i: number) => grp[i] ?? '(missing)';
      expect(m.groups).toEqual(['(missing)', 'a', 'b', 'c']);
      const have = (o: { n: Float64Array; mean: Float64Array; sd: Float64Array }, j: number) => [o.n[j], o.mean[j], o.sd[j]];
      m.groups.forEach((g, j) => expect(have(m.overall[0]!, j).every((v, q) => Object.is(v, slow((i) => label(i) === g)[q])), g).toBe(true));
      const want = [...new Set(session.filter((s) => s <= 20))].sort((a, b) => a - b);
      const cells = m.groups.flatMap((g) => want.filter((s) => session.some((t, i) => t === s && label(i) === g)).map((s) => [g, s] as const));
      expect([...m.cellGroup].map((j, c) => [m.groups[j], m.cellSession[c]])).toEqual(cells);
      cells.forEach(([g, s], c) => expect(have(m.cells[0]!, c).every((v, q) => Object.is(v, slow((i) => label(i) === g && session[i] === s)[q])), `${g} ${s}`).toBe(true));
      // the groups listed by the caller (as the stage passes its sample table's) give the same codes
      expect(await trajectoryMoments(db, table, 'modality', ['x'], 20, ['(missing)', 'a', 'b', 'c'])).toEqual(m);
    });
  }
});
