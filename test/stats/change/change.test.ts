// Expected values: test/fixtures/change/change.R — Jacobson & Truax (1991) computed by hand in
// base R (SE = s·sqrt(1 − r), Sdiff = sqrt(2·SE²), RCI = (post − pre)/Sdiff), cut-offs a/b/c,
// 100·(post − pre)/pre, residuals(lm(post ~ pre)) and scale(post) − cor(pre, post)·scale(pre).
// Tolerance: 1e-10 relative (closed forms); categories must match exactly.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  clinicalCutoffs,
  orientChange,
  percentChange,
  reliableChange,
  residualizedGain,
  type Direction,
  type ReliableChangeInput,
} from '../../../src/stats/change/index.ts';
import { StatInputError } from '../../../src/stats/errors.ts';

type JT = ReliableChangeInput & { se?: number; sdiff?: number; rci?: number[]; category: number[] };
const fx = JSON.parse(readFileSync(new URL('../../fixtures/change/change.json', import.meta.url), 'utf8')) as {
  jtLower: JT & { rcValue: number };
  jtFixed: JT;
  jtFixedDefault: JT;
  jtHigher: JT & { rcValue: number };
  cutoffs: Record<string, { mDys: number; sdDys: number; mFunc: number; sdFunc: number; direction: Direction; a: number; b: number; c: number }>;
  gain: { pre: number[]; post: number[]; percent: number[]; raw: number[]; standardized: number[]; intercept: number; slope: number; r: number };
};

const REL = 1e-10;
const close = (got: number, want: number, rel = REL) =>
  expect(Math.abs(got - want)).toBeLessThanOrEqual(rel * Math.abs(want) + 1e-12);
const closeAll = (got: ArrayLike<number>, want: number[], rel = REL) => {
  expect(got.length).toBe(want.length);
  want.forEach((v, i) => close(got[i], v, rel));
};
const countsOf = (codes: number[]) => ({
  recovered: codes.filter((c) => c === 0).length,
  improved: codes.filter((c) => c === 1).length,
  unchanged: codes.filter((c) => c === 2).length,
  deteriorated: codes.filter((c) => c === 3).length,
});

describe('reliableChange (Jacobson & Truax 1991) matches the hand computation in R', () => {
  it.each([
    ['lower-is-better, sd(pre), r = .93, cut-off c', fx.jtLower],
    ['higher-is-better, normative SD, criterion 1.645, cut-off 25', fx.jtHigher],
  ])('%s', (_name, c) => {
    const { rcValue: want, ...input } = c;
    const res = reliableChange(input);
    expect(res.method).toBe('jacobson-truax');
    close(res.se!, c.se!);
    close(res.sdiff!, c.sdiff!);
    close(res.rcValue, want);
    closeAll(res.rci!, c.rci!);
    expect(Array.from(res.category)).toEqual(c.category);
    expect(res.counts).toEqual(countsOf(c.category));
    expect(res.labels[res.category[0]]).toBe(['recovered', 'improved', 'unchanged', 'deteriorated'][c.category[0]]);
  });

  it.each([
    ['fixed RC value 14 (OQ-45), scores on the cut-off 64 functional', fx.jtFixed],
    ['fixed RC value 14 (OQ-45), scores on the cut-off 64 dysfunctional (default)', fx.jtFixedDefault],
  ])('%s', (_name, c) => {
    const res = reliableChange(c);
    expect(res.method).toBe('fixed-rc-value');
    expect(res.rci).toBeUndefined();
    expect(res.rcValue).toBe(14);
    expect(Array.from(res.category)).toEqual(c.category);
    expect(res.counts).toEqual(countsOf(c.category));
  });

  it('without a cut-off nobody is "recovered"', () => {
    const { cutoff: _cut, rcValue: _rc, ...noCut } = fx.jtLower;
    const res = reliableChange(noCut);
    const want = fx.jtLower.category.map((k) => (k === 0 ? 1 : k));
    expect(Array.from(res.category)).toEqual(want);
  });

  it('rejects bad input', () => {
    const base = { pre: [1, 2], post: [2, 3], direction: 'lower-is-better' as const };
    expect(() => reliableChange(base)).toThrow(StatInputError);
    expect(() => reliableChange({ ...base, sdPre: 5 })).toThrow(StatInputError);
    expect(() => reliableChange({ ...base, sdPre: 5, reliability: 1 })).toThrow(StatInputError);
    expect(() => reliableChange({ ...base, sdPre: 0, reliability: 0.8 })).toThrow(StatInputError);
    expect(() => reliableChange({ ...base, rcValue: -3 })).toThrow(StatInputError);
    expect(() => reliableChange({ ...base, post: [2], rcValue: 3 })).toThrow(StatInputError);
    expect(() => reliableChange({ ...base, post: [2, NaN], rcValue: 3 })).toThrow(StatInputError);
  });
});

describe('clinicalCutoffs (Jacobson & Truax 1991, cut-offs a, b, c by hand in R)', () => {
  it.each(Object.entries(fx.cutoffs))('%s', (_name, c) => {
    const res = clinicalCutoffs(c);
    close(res.a, c.a);
    close(res.b!, c.b);
    close(res.c!, c.c);
  });
  it('gives only a without functional norms, and rejects half norms', () => {
    const { mDys, sdDys, direction, a } = fx.cutoffs.lower;
    const res = clinicalCutoffs({ mDys, sdDys, direction });
    close(res.a, a);
    expect(res.b).toBeUndefined();
    expect(() => clinicalCutoffs({ mDys, sdDys, direction, mFunc: 40 })).toThrow(StatInputError);
    expect(() => clinicalCutoffs({ mDys, sdDys: 0, direction })).toThrow(StatInputError);
  });
});

describe('change scores', () => {
  const g = fx.gain;
  it('percentChange = 100·(post − pre)/pre', () => {
    closeAll(percentChange(g.pre, g.post), g.percent);
    expect(() => percentChange([0, 1], [1, 1])).toThrow(StatInputError);
  });
  it('residualizedGain: residuals(lm(post ~ pre)) and scale(post) − cor(pre, post)·scale(pre)', () => {
    const res = residualizedGain(Float64Array.from(g.pre), Float64Array.from(g.post));
    closeAll(res.raw, g.raw, 1e-8);
    closeAll(res.standardized, g.standardized, 1e-8);
    close(res.intercept, g.intercept);
    close(res.slope, g.slope);
    close(res.r, g.r);
  });
  it('orientChange makes positive = improvement', () => {
    expect(Array.from(orientChange([-10, 4], 'lower-is-better'))).toEqual([10, -4]);
    expect(Array.from(orientChange([-10, 4], 'higher-is-better'))).toEqual([-10, 4]);
  });
});

describe('reliableChange with both an RCI and a fixed RC value', () => {
  it('classifies by the fixed value and still reports the RCI', () => {
    const c = fx.jtFixed;
    const res = reliableChange({ ...c, sdPre: fx.jtLower.sdPre, reliability: fx.jtLower.reliability });
    expect(res.method).toBe('fixed-rc-value');
    expect(Array.from(res.category)).toEqual(c.category);
    closeAll(res.rci!, fx.jtLower.rci!);
  });
});

describe('direction guard', () => {
  it('rejects an unknown direction from untyped input', () => {
    const bad = 'lower' as unknown as 'lower-is-better';
    expect(() => orientChange([1], bad)).toThrow(StatInputError);
    expect(() => reliableChange({ pre: [1], post: [2], rcValue: 1, direction: bad })).toThrow(StatInputError);
    expect(() => clinicalCutoffs({ mDys: 1, sdDys: 1, direction: bad })).toThrow(StatInputError);
  });
});
