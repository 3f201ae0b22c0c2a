// A long mixed-model fit tells how it is getting on (lmm's `progress`, passed a stage's
// ctx.progress): a three-level model on 100,000 patients takes minutes, and a silent terminal
// looks hung. Checked here: the messages name the phase and count the deviance evaluations
// (1, 2, 3, … with progressEverySeconds 0, so each evaluation reports), both phases appear, and
// the fit is the very same as without progress (sleepstudy, lme4's REML fit in lmm.test.ts).
import { describe, expect, it } from 'vitest';
import { buildModel, lmm } from '../../../src/stats/mixed/index.ts';
import { fixtureData } from './fixture.ts';

describe('lmm progress', () => {
  const model = () => buildModel('Reaction ~ Days + (Days | Subject)', fixtureData('sleepstudy'));

  it('reports every evaluation with its phase and count, and leaves the fit unchanged', () => {
    const messages: string[] = [];
    const fit = lmm(model(), { progress: (m) => messages.push(m), progressEverySeconds: 0 });
    const plain = lmm(model());
    expect(fit.fixed).toEqual(plain.fixed);
    expect(fit.random).toEqual(plain.random);
    expect(fit.logLik).toBe(plain.logLik);
    const parsed = messages.map((m) => /^(fitting|Satterthwaite degrees of freedom): ([\d,]+) deviance evaluations in \d+ s so far$/.exec(m));
    expect(parsed.every(Boolean)).toBe(true);
    const counts = parsed.map((p) => Number(p![2].replace(/,/g, '')));
    expect(counts).toEqual(counts.map((_, i) => i + 1));
    expect(new Set(parsed.map((p) => p![1]))).toEqual(new Set(['fitting', 'Satterthwaite degrees of freedom']));
    expect(counts.length).toBeGreaterThan(plain.optimizer.evaluations);
  });

  it('says nothing within the interval', () => {
    const messages: string[] = [];
    lmm(model(), { progress: (m) => messages.push(m), progressEverySeconds: 3600 });
    expect(messages).toEqual([]);
  });
});
