// fitMixedOnRows with `letGo` (within-between hands its lagged columns over, so they are not held
// beside the model's sorted copies during the fit): the rows object is emptied once the copies are
// made, and the fit is the one the same rows give without `letGo`, compared with Object.is on every
// fixed-effect estimate, standard error and variance component (the order the fit reads the rows
// in is the sorted copies', so letting the caller's arrays go must not change a bit). Without
// `letGo` the caller's arrays are left as they were (growth fits several models on the same rows).
// Data: 60 patients × 2–9 sessions (341 rows), seeded, in shuffled order, with a few missing values.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DuckDBSession } from '../../src/engine/duckdb-session.ts';
import { fitMixedOnRows } from '../../src/stages/fit-mixed-on-table.ts';
import { createRng } from '../../src/stats/random/index.ts';
import type { TableShape } from '../../src/engine/table-shape.ts';

let db: DuckDBSession;
beforeAll(async () => {
  db = await DuckDBSession.create();
});
afterAll(() => db.close());

const shape: TableShape = {
  id: 'rows',
  grain: 'session',
  columns: new Map([['patient', 'string'], ['y', 'number'], ['x', 'number']]),
  roles: { patient: 'patient' },
  instruments: [],
  patientCodes: { of: 'patient', column: '_patient_code', levels: 'unused' },
};

function simulate() {
  const rng = createRng(20261124);
  const codes: number[] = [];
  const x: number[] = [];
  const y: number[] = [];
  for (let p = 0; p < 60; p++) {
    const u = rng.normal();
    const sessions = 2 + Math.floor(rng.uniform() * 8);
    for (let s = 0; s < sessions; s++) {
      const xi = rng.normal();
      codes.push(p);
      x.push(rng.uniform() < 0.05 ? NaN : xi);
      y.push(2 + 0.5 * xi + u + rng.normal());
    }
  }
  const order = codes.map((_, i) => i).sort(() => rng.uniform() - 0.5);
  const levels = Array.from({ length: 60 }, (_, p) => `P${String(p).padStart(2, '0')}`);
  return () => ({
    codes: Float64Array.from(order, (i) => codes[i]!),
    numeric: { y: Float64Array.from(order, (i) => y[i]!), x: Float64Array.from(order, (i) => x[i]!) },
    levels,
  });
}

it('letGo empties the rows handed over and fits the same model to the last bit', async () => {
  const rows = simulate();
  const kept = rows();
  const keptY = kept.numeric.y;
  const plain = await fitMixedOnRows(db, shape, 'y ~ x + (1 | patient)', kept);
  // without letGo the caller's arrays stay where they were
  expect(kept.numeric.y).toBe(keptY);
  expect(kept.codes.length).toBeGreaterThan(300);

  const handed = { ...rows(), letGo: true };
  const letGo = await fitMixedOnRows(db, shape, 'y ~ x + (1 | patient)', handed);
  expect(handed.codes.length).toBe(0);
  expect(Object.keys(handed.numeric)).toEqual([]);

  expect(letGo.dropped).toBe(plain.dropped);
  expect(plain.dropped).toBeGreaterThan(0);
  for (const term of ['(Intercept)', 'x']) {
    expect(Object.is(letGo.fit.fixed[term]!.estimate, plain.fit.fixed[term]!.estimate)).toBe(true);
    expect(Object.is(letGo.fit.fixed[term]!.se, plain.fit.fixed[term]!.se)).toBe(true);
  }
  expect(Object.is(letGo.fit.sigma2, plain.fit.sigma2)).toBe(true);
  expect(Array.from(letGo.fit.theta)).toEqual(Array.from(plain.fit.theta));
  expect(JSON.stringify(letGo.fit.random)).toBe(JSON.stringify(plain.fit.random));
});
