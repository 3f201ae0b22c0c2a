// compareOutcome (src/stages/sudden.ts), used by the sudden and ruptures stages, against R:
// test/fixtures/sudden-cli/outcome.R runs oneway.test(var.equal = FALSE), Welch t.test per pair
// with p.adjust("holm"), metafor::escalc(measure = "SMD") with its Wald interval, and cor.test
// for the point-biserial correlation. Tolerance 1e-9 (p values 1e-9 absolute).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareOutcome } from '../../src/stages/sudden.ts';
import { pearson } from '../../src/stats/correlation/index.ts';

type Num = number | null;
const fx = JSON.parse(readFileSync(new URL('../fixtures/sudden-cli/outcome.json', import.meta.url), 'utf8'));
const y = Float64Array.from(fx.y as Num[], (v) => (v === null ? NaN : v));
const TOL = 1e-9;
const close = (a: number | null, b: number, what: string) => expect(Math.abs((a ?? NaN) - b), `${what}: ${a} vs ${b}`).toBeLessThan(TOL * Math.max(1, Math.abs(b)));

describe('compareOutcome reproduces R', () => {
  it('three groups: oneway.test(var.equal = FALSE), Welch t.test pairs with Holm, escalc SMD', () => {
    const c = compareOutcome('y', y, fx.group, ['none', 'repaired', 'unrepaired'], [[1, 0], [2, 0], [1, 2]]);
    const r = fx.three;
    expect(c.missing).toBe(r.missing);
    c.groups.forEach((g, k) => {
      expect(g.n).toBe(r.groups[k].n);
      close(g.mean, r.groups[k].mean, `mean ${k}`);
      close(g.sd, r.groups[k].sd, `sd ${k}`);
    });
    close(c.welch!.F, r.welch.F, 'F');
    close(c.welch!.df2, r.welch.df2, 'df2');
    expect(c.welch!.df1).toBe(r.welch.df1);
    close(c.welch!.p, r.welch.p, 'p');
    c.pairs.forEach((p, k) => {
      const e = r.pairs[k];
      expect([p.first, p.second]).toEqual([e.first, e.second]);
      for (const key of ['t', 'df', 'p', 'pHolm', 'g', 'gLower', 'gUpper'] as const) close(p[key], e[key], `${e.first}-${e.second} ${key}`);
    });
  });

  it('point-biserial r of presence with the outcome: cor.test', () => {
    const x: number[] = [];
    const v: number[] = [];
    (fx.group as number[]).forEach((g, i) => {
      if (g < 0 || Number.isNaN(y[i]!)) return;
      x.push(g === 1 ? 1 : 0);
      v.push(y[i]!);
    });
    const r = pearson(x, v);
    const e = fx.three.pointBiserial;
    expect(r.n).toBe(e.n);
    for (const key of ['r', 'ciLower', 'ciUpper', 't', 'df', 'p'] as const) close(r[key], e[key], key);
  });

  it('two groups (sudden gain vs none): Welch t.test and escalc SMD', () => {
    const c = compareOutcome('y', y, fx.two.group, ['sudden gain', 'no sudden gain'], [[0, 1]]);
    const p = c.pairs[0]!;
    for (const key of ['t', 'df', 'p', 'g', 'gLower', 'gUpper'] as const) close(p[key], fx.two[key], key);
    close(p.pHolm, fx.two.p, 'pHolm (one test: unadjusted)');
    close(c.welch!.F, fx.two.t ** 2, 'F = t²');
  });

  it('leaves out groups with fewer than two values instead of failing', () => {
    const c = compareOutcome('y', [1, 2, 3, 4, 10], [0, 0, 0, 1, 2], ['a', 'b', 'c'], [[0, 1], [0, 2]]);
    expect(c.welch).toBeNull();
    expect(c.pairs.every((p) => p.g === null && p.note !== null)).toBe(true);
  });
});
