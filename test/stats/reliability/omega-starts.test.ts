// The one-factor ML fit behind omega on item sets where the ML discrepancy F has several local
// minima, and on item sets whose correlation matrix is singular, against R's factanal:
// test/fixtures/omega-starts/omega-starts.json, written by omega-starts.R there (factanal tightly
// converged from its default start, and the lowest F of that and 20 seeded random starts).
// Tolerances: F within 1e-8 of R's lowest and never above factanal's default fit by more than
// 1e-9; uniquenesses within 1e-5 and omega within 1e-6 (factanal's L-BFGS-B stops ~1e-5 short).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { omegaTotal } from '../../../src/stats/reliability/index.ts';

interface Fit {
  objective: number;
  uniquenesses: number[];
}
type Case = { name: string; error: string } | { name: string; error: null; factanal: Fit; best: Fit & { omega: number } };
const dir = new URL('../../fixtures/omega-starts/', import.meta.url);
const fx = JSON.parse(readFileSync(new URL('omega-starts.json', dir), 'utf8')) as Record<string, Case>;

/** The item columns of a fixture CSV (a header, then numbers). */
function items(name: string): number[][] {
  const [, ...lines] = readFileSync(new URL(`${name}.csv`, dir), 'utf8').trim().split('\n');
  const rows = lines.map((l) => l.split(',').map(Number));
  return rows[0]!.map((_, j) => rows.map((r) => r[j]!));
}

describe('omega: the one-factor ML fit reaches the lowest F that factanal finds from many starts', () => {
  for (const c of Object.values(fx)) {
    if (c.error !== null) {
      it(`${c.name}: refuses a singular correlation matrix, as factanal does (${c.error.slice(0, 40)}…)`, () => {
        expect(c.error).toMatch(/computationally singular/);
        expect(() => omegaTotal(items(c.name))).toThrow(/not positive definite/);
      });
      continue;
    }
    it(`${c.name}: F ${c.best.objective.toFixed(6)}, omega ${c.best.omega.toFixed(6)}`, () => {
      const w = omegaTotal(items(c.name));
      expect(w.objective).toBeLessThanOrEqual(c.factanal.objective + 1e-9);
      expect(Math.abs(w.objective - c.best.objective)).toBeLessThanOrEqual(1e-8);
      w.uniquenesses.forEach((u, j) => expect(Math.abs(u - c.best.uniquenesses[j]!)).toBeLessThanOrEqual(1e-5));
      expect(Math.abs(w.omega - c.best.omega)).toBeLessThanOrEqual(1e-6);
    });
  }
});
