// growth puts its rows in each fit's order by a cheaper route (once in patient and session order,
// then each patient's rows by the score) than the general sort fitMixedOnRows runs (rowsByCode on
// the code and every model column), leaving out the rows without a score, which the model's
// listwise deletion drops. Reference: that slow exact path, rowsByCode({ code, keys: [y, session] })
// on the rows as read, less its rows with a NaN score, compared element by element with Object.is
// (−0 and NaN sessions included), and the count of rows left out;
// and the general sort, run again on rowsForFit's output, must find it already in order (returns
// the same arrays), so fitMixedOnRows only checks it. Data: rows shuffled, ties in the score and in
// the session, −0 and +0, missing scores, sessions and patient codes, and one patient with more rows
// than the insertion limit (left to the general sort, which then must still give the same order).
import { expect, it } from 'vitest';
import { rowsByCode } from '../../src/engine/rows-by-code.ts';
import { rowsBySession, rowsForFit } from '../../src/stages/growth-fit-rows.ts';
import { createRng } from '../../src/stats/random/index.ts';

function simulate(seed: number, longRun: boolean) {
  const rng = createRng(seed);
  const codes: number[] = [];
  const y: number[] = [];
  const z: number[] = [];
  const session: number[] = [];
  const pick = <T>(xs: T[]): T => xs[Math.floor(rng.uniform() * xs.length)]!;
  for (let p = 0; p < 300; p++) {
    const rows = p === 7 && longRun ? 400 : 1 + Math.floor(rng.uniform() * 25);
    for (let k = 0; k < rows; k++) {
      codes.push(p === 3 ? NaN : p);
      // few distinct scores, so that ties are common
      y.push(pick([NaN, -0, 0, 1, 2, 2.5, 3, 10, 11]));
      z.push(rng.normal());
      session.push(pick([NaN, -0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    }
  }
  const order = codes.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const f = (a: number[]) => Float64Array.from(order, (i) => a[i]!);
  return { codes: f(codes), numeric: { y: f(y), z: f(z), session: f(session) } };
}

const same = (a: ArrayLike<number>, b: ArrayLike<number>) => a.length === b.length && Array.from(a).every((v, i) => Object.is(v, b[i]));

for (const longRun of [false, true]) {
  it(`rowsForFit gives each score's rows in rowsByCode's order on code, score and session${longRun ? ' (a run above the insertion limit)' : ''}`, () => {
    const read = simulate(longRun ? 5 : 4, longRun);
    const bySession = rowsBySession(read);
    for (const v of ['y', 'z']) {
      const fit = rowsForFit(bySession, v);
      const code = Int32Array.from(read.codes, (c) => (Number.isNaN(c) ? 0 : c + 1));
      const ref = rowsByCode({ code, keys: [read.numeric[v as 'y' | 'z'], read.numeric.session], values: [] });
      // fitMixedOnRows's order: its sortedByCode on the rows handed to it
      const handed = Int32Array.from(fit.codes, (c) => (Number.isNaN(c) ? 0 : c + 1));
      const again = rowsByCode({ code: handed, keys: [fit.numeric[v]!, fit.numeric.session!], values: [] });
      const scored = Array.from(ref.keys[0]!, (_, i) => i).filter((i) => !Number.isNaN(ref.keys[0]![i]));
      const kept = (a: ArrayLike<number>) => scored.map((i) => a[i]!);
      expect(fit.dropped).toBe(ref.code.length - scored.length);
      if (v === 'y') expect(fit.dropped).toBeGreaterThan(0);
      expect(same(again.code, kept(ref.code))).toBe(true);
      expect(same(again.keys[0]!, kept(ref.keys[0]!))).toBe(true);
      expect(same(again.keys[1]!, kept(ref.keys[1]!))).toBe(true);
      // below the limit the rows come in that order already: the general sort returns them as they are
      if (!longRun) expect(again.keys[0]).toBe(fit.numeric[v]);
      else expect(again.keys[0]).not.toBe(fit.numeric[v]);
      expect(Object.keys(fit.numeric).sort()).toEqual([v, 'session'].sort());
    }
  });
}
