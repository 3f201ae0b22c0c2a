// `alliance correlate --exact` is R's cor.test(method = "kendall", exact = TRUE): the exact test
// for untied pairs at any n up to 1,000, where unset (R's exact = NULL) takes the normal test from
// n = 50. Reference values:
// test/fixtures/correlation/exact-tests.R → exact-tests.json, kendallExactTrue (n = 60, untied).
// Tolerance 1e-12 relative plus 1e-12 absolute, as in test/stats/correlation/exact-tests.test.ts
// (R's upper tail 1 − P(T ≤ t − 1) is off by 6.8e-14 here). The stage option: test/stages/correlate-exact.test.ts.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempProject } from '../helpers/temp-project.ts';
import { near } from '../stats/correlation/fixture.ts';

// biome-ignore lint: fixture shape is checked by the tests that read it
const R: any = JSON.parse(readFileSync(new URL('../fixtures/correlation/exact-tests.json', import.meta.url), 'utf8'));
const n60 = R.kendallExactTrue.find((c: { data: string }) => c.data === 'n60');
const csv = (x: number[], y: number[]) => `x,y\n${x.map((v, i) => `${v},${y[i]}`).join('\n')}\n`;
const big = Array.from({ length: 1001 }, (_, i) => i);
const p = tempProject({ 'n60.csv': csv(n60.x, n60.y), 'n1001.csv': csv(big, big.map((i) => (i * 7919) % 1001)) });
afterAll(() => p.dispose());

describe('Kendall exact = TRUE past n = 49', () => {
  it('--exact gives the exact p of cor.test(exact = TRUE); unset and --no-exact give the normal test', () => {
    const run = (...flags: string[]) => {
      const res = cli(['correlate', p.path('n60.csv'), '--x', 'x', '--y', 'y', '--method', 'kendall', '--json', ...flags]);
      expect(res.status, res.stderr).toBe(0);
      return JSON.parse(res.stdout) as { p: number; pMethod: string };
    };
    const forced = run('--exact');
    expect(forced.pMethod).toBe('exact');
    near(forced.p, n60.p, 1e-12, 1e-12);
    expect(run().pMethod).toBe('normal');
    expect(run('--no-exact').pMethod).toBe('normal');
  });

  it('refuses --exact past 1,000 untied pairs with one message, and exits 1', () => {
    const res = cli(['correlate', p.path('n1001.csv'), '--x', 'x', '--y', 'y', '--method', 'kendall', '--exact']);
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/exact p values are computed for at most 1,000 untied pairs, got 1,001/);
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });
});
