import { describe, expect, it } from 'vitest';
import { rma, type RmaMethod, type RmaTest } from '../../../src/stats/meta/index.ts';
import { StatInputError } from '../../../src/stats/errors.ts';
import { close, closeAll, fx } from './fixture.ts';

// Expected values: test/fixtures/meta/metafor.R, `rma(yi, vi, mods, method, test)` for each design,
// estimator and test, plus predict(), confint() (Q-profile) and weights()/fitted()/residuals().
describe('rma parity with metafor rma.uni (1e-6 relative)', () => {
  for (const c of fx.rma) {
    const d = fx.designs[c.design];
    const name = `${c.design} ${c.method} ${c.test}`;
    if (c.error) {
      // metafor stops ('Fisher scoring algorithm did not converge', eb_stuck_*): a StatInputError that says so
      it(`${name} refuses as metafor does`, () => {
        const fit = () => rma({ yi: d.yi, vi: d.vi, mods: d.X, method: c.method, test: c.test });
        expect(fit).toThrow(StatInputError);
        if (/did not converge/.test(c.error)) expect(fit).toThrow(/did not converge/);
      });
      continue;
    }
    it(name, () => {
      const r = c.result;
      const fit = rma({ yi: d.yi, vi: d.vi, mods: d.X, method: c.method as RmaMethod, test: c.test as RmaTest });
      expect(fit.k).toBe(r.k);
      expect(fit.p).toBe(r.p);
      close(fit.tau2, r.tau2, 'tau2');
      if (r.seTau2 != null) close(fit.seTau2, r.seTau2, 'seTau2');
      closeAll(fit.beta, r.beta, 'beta');
      closeAll(fit.se, r.se, 'se');
      closeAll(fit.zval, r.zval, 'zval');
      closeAll(fit.pval, r.pval, 'pval', 1e-6, 1e-12);
      closeAll(fit.ciLower, r.ciLower, 'ciLower');
      closeAll(fit.ciUpper, r.ciUpper, 'ciUpper');
      const vb = (r.p === 1 ? [[r.vb].flat()] : r.vb) as number[][];
      vb.forEach((row, i) => closeAll(fit.vb[i], row, `vb[${i}]`, 1e-6, 1e-12));
      close(fit.I2, r.I2, 'I2');
      close(fit.H2, r.H2, 'H2');
      close(fit.QE, r.QE, 'QE');
      close(fit.QEp, r.QEp, 'QEp', 1e-6, 1e-12);
      close(fit.QM, r.QM, 'QM');
      close(fit.QMp, r.QMp, 'QMp', 1e-6, 1e-12);
      expect(fit.QMdf[0]).toBe(r.QMdf[0]);
      expect(fit.QMdf[1]).toBe(r.QMdf[1]);
      close(fit.s2w, r.s2w, 's2w');
      close(fit.R2, r.R2, 'R2', 1e-6, 1e-6);
      close(fit.logLik.ML, r.llML, 'llML');
      close(fit.logLik.REML, r.llREML, 'llREML');
      closeAll(fit.weights, r.weights, 'weights');
      closeAll(fit.fitted, r.fitted, 'fitted');
      closeAll(fit.residuals, r.residuals, 'residuals');
      if (r.predict) {
        const pr = fit.predict!;
        for (const key of ['pred', 'se', 'ciLower', 'ciUpper', 'piLower', 'piUpper'] as const) close(pr[key], r.predict[key], `predict.${key}`);
      } else expect(fit.predict).toBeNull();
      if (r.tau2CI) {
        close(fit.tau2CI!.lower, r.tau2CI.lower, 'tau2CI.lower');
        close(fit.tau2CI!.upper, r.tau2CI.upper, 'tau2CI.upper');
        close(fit.tau2CI!.I2Lower, r.tau2CI.I2lower, 'I2 lower');
        close(fit.tau2CI!.I2Upper, r.tau2CI.I2upper, 'I2 upper');
      }
    });
  }
});
