import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cumul, failsafe, influence, leave1out, predictRma, ranktest, regtest, rma, rmaThreeLevel, trimfill, type RmaMethod, type RmaTest } from '../../../src/stats/meta/index.ts';
import { close, closeAll } from './fixture.ts';

// Expected values: test/fixtures/meta/metafor-robust.R (metafor 3.8-1): regtest(res), regtest(res, model = "lm"),
// ranktest(res), fsn(yi, vi), trimfill(res, estimator = "L0" / "R0"), leave1out(res), cumul(res), influence(res)
// for res <- rma(yi, vi, method, test) on dat.molloy2014, dat.mcdaniel1994 and seeded sets.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const rx: any = JSON.parse(readFileSync(fileURLToPath(new URL('../../fixtures/meta/metafor-robust.json', import.meta.url)), 'utf8'));
const nums = (a: (number | null)[]) => a.map((v) => (v == null ? Number.NaN : v));
function closeSeq(actual: ArrayLike<number>, expected: (number | null)[], label: string, rel = 1e-6, abs = 1e-8) {
  const e = nums(expected);
  expect(actual.length, label).toBe(e.length);
  for (let i = 0; i < e.length; i++) {
    if (Number.isNaN(e[i])) expect(Number.isNaN(actual[i]), `${label}[${i}] NA`).toBe(true);
    else close(actual[i], e[i], `${label}[${i}]`, rel, abs);
  }
}

for (const c of rx.cases) {
  const d = rx.data[c.data];
  describe(`${c.data} ${c.method} ${c.test}`, () => {
    const fit = rma({ yi: d.yi, vi: d.vi, method: c.method as RmaMethod, test: c.test as RmaTest });
    it('regtest (rma and lm)', () => {
      for (const [model, e] of [['rma', c.regtest], ['lm', c.regtestLm]] as const) {
        const r = regtest(fit, model);
        for (const key of ['zval', 'est', 'ciLower', 'ciUpper'] as const) close(r[key], e[key], `${model} ${key}`);
        close(r.pval, e.pval, `${model} pval`, 1e-6, 1e-14);
        expect(r.ddf).toBe(e.ddf);
      }
    });
    it('ranktest', () => {
      const r = ranktest(d.yi, d.vi);
      close(r.tau, c.ranktest.tau, 'tau', 1e-12);
      close(r.pval, c.ranktest.pval, 'pval', 1e-6, 1e-12);
    });
    it('fsn (Rosenthal)', () => {
      const f = failsafe(d.yi, d.vi);
      expect(f.fsnum).toBe(c.fsn.fsnum);
      close(f.pval, c.fsn.pval, 'pval', 1e-6, 1e-300);
    });
    for (const est of ['L0', 'R0'] as const) {
      it(`trimfill ${est}`, () => {
        const t = trimfill(fit, est);
        const e = c.trimfill[est];
        expect(t.k0).toBe(e.k0);
        expect(t.side).toBe(e.side);
        close(t.seK0, e.seK0, 'seK0');
        if (est === 'R0') close(t.pK0, e.pK0, 'pK0');
        closeAll(t.yi, e.yi, 'filled yi');
        closeAll(t.vi, e.vi, 'filled vi');
        close(t.estimate, e.beta, 'estimate');
        close(t.se, e.se, 'se');
        close(t.ciLower, e.ciLower, 'ciLower');
        close(t.ciUpper, e.ciUpper, 'ciUpper');
        close(t.pval, e.pval, 'pval', 1e-6, 1e-14);
        close(t.fit.tau2, e.tau2 ?? 0, 'tau2');
      });
    }
    for (const kind of ['leave1out', 'cumul'] as const) {
      it(kind, () => {
        const s = kind === 'leave1out' ? leave1out(fit) : cumul(fit);
        const e = c[kind];
        for (const key of ['estimate', 'se', 'zval', 'ciLower', 'ciUpper', 'Q', 'I2', 'H2'] as const) closeSeq(s[key], e[key], key);
        closeSeq(s.pval, e.pval, 'pval', 1e-6, 1e-14);
        closeSeq(s.Qp, e.Qp, 'Qp', 1e-6, 1e-14);
        if (e.tau2) closeSeq(s.tau2, e.tau2, 'tau2');
      });
    }
    it('influence', () => {
      const inf = influence(fit);
      const e = c.influence;
      closeSeq(inf.rstudent, e.rstudent, 'rstudent');
      closeSeq(inf.dffits, e.dffits, 'dffits');
      closeSeq(inf.cookD, e.cookD, 'cookD');
      closeSeq(inf.covR, e.covR, 'covR');
      closeSeq(inf.tau2Del, e.tau2Del, 'tau2Del');
      closeSeq(inf.QEDel, e.QEDel, 'QEDel');
      closeSeq(inf.hat, e.hat, 'hat');
      closeSeq(inf.weight, e.weight, 'weight');
      closeSeq(inf.dfbs[0], e.dfbs, 'dfbs');
      expect(inf.isInfluential).toEqual(e.isInfl);
    });
  });
}

describe('ranktest on identical effects', () => {
  // metafor 3.8-1: ranktest(rma(rep(-0.328, 10), vi, method = "FE")) → tau NA, pval NA ("the standard
  // deviation is zero"): the weighted mean of identical effects is that effect exactly, every deviate 0.
  // The plain Σ(y/v)/Σ(1/v) was 1.1e−16 off, and its deviates of one sign gave τ = 1, p = 5.5e−7.
  it('refuses, as τ is undefined', () => {
    const vi = [0.19318953564, 0.12376779994, 0.0213351694145, 0.0780466916715, 0.157317394925, 0.0868442642933, 0.00944585769437, 0.0663917396823, 0.155583247856, 0.133832885573];
    expect(() => ranktest(vi.map(() => -0.328), vi)).toThrow(/all values tied/);
    for (const y of [0.1, 0.3, -0.7, 1.1]) expect(() => ranktest([y, y, y, y, y], [0.01, 0.02, 0.03, 0.05, 0.07])).toThrow(/all values tied/);
  });
});

describe('influence where deletion fits fail or have no residual degrees of freedom', () => {
  // Expected values: test/fixtures/influence-edges/influence-edges.R (metafor 3.8-1), influence(rma(yi, vi,
  // mods, method, test)). "lone-dummy": deleting the only study with g = 1 leaves its coefficient
  // inestimable; metafor's diagnostics and flag are NA there (we said "not influential"). "ee-t-k3p2",
  // "fe-t-k4p3": EE/FE under test t with k = p + 1, whose deletion fits metafor computes (we returned NaN).
  // Tolerance as above: 1e-6 relative, 1e-8 absolute.
  const ex = JSON.parse(readFileSync(fileURLToPath(new URL('../../fixtures/influence-edges/influence-edges.json', import.meta.url)), 'utf8'));
  for (const e of ex.cases) {
    it(`${e.name}: influence(rma(yi, vi, mods, method = "${e.method}", test = "${e.test}"))`, () => {
      const inf = influence(rma({ yi: e.yi, vi: e.vi, mods: e.X, method: e.method as RmaMethod, test: e.test as RmaTest }));
      for (const key of ['rstudent', 'dffits', 'cookD', 'covR', 'tau2Del', 'QEDel', 'hat', 'weight'] as const) closeSeq(inf[key], e[key], key);
      e.dfbs.forEach((col: (number | null)[], j: number) => closeSeq(inf.dfbs[j], col, `dfbs[${j}]`));
      expect(inf.isInfluential).toEqual(e.isInfl);
    });
  }
});

describe('meta-regression and ordered cumulative analysis', () => {
  const d = rx.data.molloy;
  const reg = rma({ yi: d.yi, vi: d.vi, mods: d.meanage.map((a: number) => [1, a]), method: 'REML' });
  it('regtest with a moderator (regtest(rma(yi, vi, mods = ~ meanage)))', () => {
    const r = regtest(reg);
    close(r.zval, rx.metareg.regtest.zval, 'zval');
    close(r.pval, rx.metareg.regtest.pval, 'pval');
    expect(r.est).toBeNull();
  });
  it('influence with p = 2', () => {
    const inf = influence(reg);
    const e = rx.metareg.influence;
    closeSeq(inf.rstudent, e.rstudent, 'rstudent');
    closeSeq(inf.dffits, e.dffits, 'dffits');
    closeSeq(inf.cookD, e.cookD, 'cookD');
    closeSeq(inf.covR, e.covR, 'covR');
    closeSeq(inf.hat, e.hat, 'hat');
    closeSeq(inf.dfbs[0], e.dfbs1, 'dfbs1');
    closeSeq(inf.dfbs[1], e.dfbs2, 'dfbs2');
  });
  it('cumul(res, order = year)', () => {
    const s = cumul(rma({ yi: d.yi, vi: d.vi, method: 'REML' }), rx.cumulOrder.order);
    closeSeq(s.estimate, rx.cumulOrder.estimate, 'estimate');
    closeSeq(s.tau2, rx.cumulOrder.tau2, 'tau2');
    closeSeq(s.ciLower, rx.cumulOrder.ciLower, 'ciLower');
  });
  it('methods.md item 7: Egger lm t = 1.345 (14 df, p = .200); trim-and-fill DL k0 = 2 left, μ = .1285', () => {
    const fit = rma({ yi: d.yi, vi: d.vi, method: 'DL' });
    const eg = regtest(fit, 'lm');
    expect(Math.abs(eg.zval - 1.345)).toBeLessThan(5.01e-4);
    expect(eg.ddf).toBe(14);
    expect(Math.abs(eg.pval - 0.2)).toBeLessThan(5.01e-4);
    const tf = trimfill(fit);
    expect([tf.k0, tf.side]).toEqual([2, 'left']);
    expect(Math.abs(tf.estimate - 0.1285)).toBeLessThan(5.01e-5);
  });
});

describe('predict with newmods (predict(rma(yi, vi, mods = ~ meanage, method, test), newmods = c(30, 50, 70)))', () => {
  const d = rx.data.molloy;
  for (const e of rx.predictNewmods) {
    it(`${e.method} ${e.test}`, () => {
      const fit = rma({ yi: d.yi, vi: d.vi, mods: d.meanage.map((a: number) => [1, a]), method: e.method, test: e.test });
      const pr = predictRma(fit, e.newmods.map((x: number) => [1, x]));
      pr.forEach((row, i) => {
        for (const key of ['pred', 'se', 'ciLower', 'ciUpper'] as const) close(row[key], e[key][i], `${key}[${i}]`);
        if (e.piLower) {
          close(row.piLower, e.piLower[i], `piLower[${i}]`);
          close(row.piUpper, e.piUpper[i], `piUpper[${i}]`);
        } else expect(row.piLower).toBeNull();
      });
      expect(() => predictRma(fit, [[50]])).toThrow(/expected 2/);
    });
  }
});

describe('multilevel I² (metafor FAQ: 100·σ²ⱼ / (Σσ² + (k − p)/tr P)) on dat.crede2010', () => {
  it('between, within and total', () => {
    const e = rx.multilevelI2;
    const fit = rmaThreeLevel({ yi: e.yi, vi: e.vi, study: e.study });
    close(fit.I2.between, e.between, 'between');
    close(fit.I2.within, e.within, 'within');
    close(fit.I2.total, e.total, 'total');
  });
});
