// The Knapp–Hartung adjustment with an equal-effects model (method FE or EE, test knha): metafor
// fits it and warns "Knapp & Hartung method is not meant to be used in the context of FE models";
// alliance gave the same numbers without a word (found by a cross-check against metafor 3.8-1).
// Expected: a note saying so under FE and EE, none under a random-effects method or test t; no other
// change to the fit (the numbers were already metafor's).
import { describe, expect, it } from 'vitest';
import { rma } from '../../../src/stats/meta/rma.ts';

const yi = [0.1, 0.3, 0.25, 0.6, -0.05];
const vi = [0.02, 0.03, 0.025, 0.04, 0.03];
const note = /Knapp–Hartung adjustment is meant for random-effects models/;

describe('rma: Knapp–Hartung with an equal-effects model', () => {
  it.each(['FE', 'EE'] as const)('%s with knha carries the note (with test t it does not)', (method) => {
    const fit = rma({ yi, vi, method, test: 'knha' });
    expect(fit.notes.filter((n) => note.test(n))).toHaveLength(1);
    expect(rma({ yi, vi, method, test: 't' }).notes.some((n) => note.test(n))).toBe(false);
  });

  it('REML with knha has no such note', () => {
    expect(rma({ yi, vi, method: 'REML', test: 'knha' }).notes.some((n) => note.test(n))).toBe(false);
  });
});
