// Reference values: test/fixtures/correlation/correlation.R → correlation.json, `p.adjust(p, method[, n])`
// on 15 p-values with ties, with n = 20, and on two p-values. Tolerance 1e-14 relative.
import { describe, expect, it } from 'vitest';
import { StatInputError } from '../../../src/stats/errors.ts';
import { type PAdjustMethod, pAdjust } from '../../../src/stats/multiple-testing/index.ts';
import { fixture, near } from '../correlation/fixture.ts';

const f = fixture.pAdjust;
const methods = Object.keys(f.byMethod) as PAdjustMethod[];
const same = (got: Float64Array, want: number[]) => {
  expect(got.length).toBe(want.length);
  got.forEach((v, i) => near(v, want[i], 1e-14));
};

describe('pAdjust equals R p.adjust', () => {
  it.each(methods)('p.adjust(p, "%s")', (m) => same(pAdjust(f.p, m), f.byMethod[m]));
  it.each(methods)('p.adjust(p, "%s", n = 20)', (m) => same(pAdjust(f.p, m, f.withN.n), f.withN.byMethod[m]));
  it.each(methods)('p.adjust(c(0.02, 0.01), "%s")', (m) => same(pAdjust(f.small.p, m), f.small.byMethod[m]));

  it('holm is the default; a single p-value is unchanged; input is not modified', () => {
    const p = Float64Array.from(f.p);
    same(pAdjust(p), f.byMethod.holm);
    expect(Array.from(p)).toEqual(f.p);
    expect(Array.from(pAdjust([0.03], 'bonferroni'))).toEqual([0.03]);
    expect(pAdjust([], 'BH').length).toBe(0);
  });

  it('rejects NaN, p outside [0, 1], n smaller than the number of p-values, unknown methods', () => {
    expect(() => pAdjust([0.1, Number.NaN])).toThrow(StatInputError);
    expect(() => pAdjust([0.1, 1.2])).toThrow(StatInputError);
    expect(() => pAdjust([0.1, 0.2], 'holm', 1)).toThrow(StatInputError);
    expect(() => pAdjust([0.1, 0.2], 'sidak' as PAdjustMethod)).toThrow(StatInputError);
  });
});
