import { describe, expect, it } from 'vitest';
import { StatInputError } from '../../../src/stats/errors.ts';
import { buildModel, parseFormula } from '../../../src/stats/mixed/index.ts';

const labels = (f: string) => parseFormula(f).fixed.map((t) => t.label);

describe('parseFormula: fixed part as R terms() reads it', () => {
  it('attr(terms(y ~ x*f + z), "term.labels") is x, f, z, x:f', () => {
    expect(labels('y ~ x*f + z')).toEqual(['x', 'f', 'z', 'x:f']);
  });
  it('attr(terms(y ~ f:x + x), "term.labels") is x, f:x', () => {
    expect(labels('y ~ f:x + x')).toEqual(['x', 'f:x']);
  });
  it('attr(terms(y ~ a*b*c - a:b:c), "term.labels") is a, b, c, a:b, a:c, b:c', () => {
    expect(labels('y ~ a*b*c - a:b:c')).toEqual(['a', 'b', 'c', 'a:b', 'a:c', 'b:c']);
  });
  it('intercept removed by 0 + and by - 1 (attr(terms(), "intercept") is 0)', () => {
    expect(parseFormula('y ~ 0 + f').intercept).toBe(false);
    expect(parseFormula('y ~ x - 1').intercept).toBe(false);
    expect(parseFormula('y ~ x').intercept).toBe(true);
  });
});

describe('parseFormula: random-effect bars as lme4 expands them', () => {
  it('(Days || Subject) splits into (1 | Subject) + (0 + Days | Subject) (lme4::findbars)', () => {
    const r = parseFormula('Reaction ~ Days + (Days || Subject)').random;
    expect(r.map((b) => [b.intercept, b.terms.map((t) => t.label), b.groupLabel])).toEqual([
      [true, [], 'Subject'],
      [false, ['Days'], 'Subject'],
    ]);
  });
  it('(1 | therapist/patient) gives groups therapist and patient:therapist (names(ranef(fit)))', () => {
    const r = parseFormula('y ~ x + (1 | therapist/patient)').random;
    expect(r.map((b) => b.groupLabel)).toEqual(['therapist', 'patient:therapist']);
    expect(r[1].group).toEqual(['patient', 'therapist']);
  });
  it('(1 | a/b/c) names the deepest factor c:(b:a) as lme4 does', () => {
    expect(parseFormula('y ~ 1 + (1 | a/b/c)').random.map((b) => b.groupLabel)).toEqual(['a', 'b:a', 'c:(b:a)']);
  });
  it('crossed bars and slopes without intercept', () => {
    const r = parseFormula('y ~ x + (0 + x | s) + (1 | i) + (x - 1 | k)').random;
    expect(r.map((b) => [b.intercept, b.groupLabel])).toEqual([
      [false, 's'],
      [true, 'i'],
      [false, 'k'],
    ]);
  });
});

describe('parseFormula: malformed formulas name the character (1-based)', () => {
  const cases: [string, RegExp][] = [
    ['y x', /expected '~'.*character 3/],
    ['~ x', /response.*character 1/],
    ['y ~', /terms after "~".*character 4/],
    ['y ~ x + (1 | g', /'\)' closing.*character 15/],
    ['y ~ x + (1 g)', /'\|' or '\|\|' in the random-effect term but found 'g' at character 12/],
    ['y ~ log(x)', /function calls.*character 8/],
    ['y ~ x + $', /unexpected character '\$' at character 9/],
    ['y ~ x + 2', /'0' or '1'.*character 9/],
    ['y ~ y + x', /response 'y' also appears/],
    ['y ~ x + (1 | a/b:c)', /do not mix/],
  ];
  it.each(cases)('%s', (f, msg) => {
    expect(() => parseFormula(f)).toThrow(StatInputError);
    expect(() => parseFormula(f)).toThrow(msg);
  });
});

describe('buildModel: model matrix coding as R model.matrix', () => {
  const data = {
    numeric: { y: Float64Array.of(1, 2, 3, 4, 5, NaN, 7, 8), x: Float64Array.of(0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4) },
    factor: {
      a: { codes: Int32Array.of(0, 1, 0, 1, 0, 1, 0, 1), levels: ['p', 'q'] },
      b: { codes: Int32Array.of(0, 0, 1, 1, -1, 0, 1, 0), levels: ['u', 'v'] },
      g: { codes: Int32Array.of(0, 0, 1, 1, 2, 2, 0, 1), levels: ['g1', 'g2', 'g3'] },
    },
  };
  it('colnames(model.matrix(~ a*b)) is (Intercept), aq, bv, aq:bv; incomplete rows dropped', () => {
    const m = buildModel('y ~ a*b + (1 | g)', data);
    expect(m.fixedNames).toEqual(['(Intercept)', 'aq', 'bv', 'aq:bv']);
    expect(m.dropped).toBe(2);
    expect(m.nobs).toBe(6);
    expect(Array.from(m.rows)).toEqual([0, 1, 2, 3, 6, 7]);
    expect(Array.from(m.X.subarray(3 * 4, 4 * 4))).toEqual([1, 1, 1, 1]);
    expect(m.random[0].levels).toEqual(['g1', 'g2']);
  });
  it('a grouping level whose rows are all dropped is removed and the codes renumbered (R droplevels)', () => {
    // g1's rows are 0, 1, 6; with y missing in them only g2 and g3 remain: codes 0 and 1
    const y = Float64Array.of(NaN, NaN, 3, 4, 5, 6, NaN, 8);
    const m = buildModel('y ~ x + (1 | g)', { numeric: { y, x: data.numeric.x }, factor: { g: data.factor.g } });
    expect(m.random[0].levels).toEqual(['g2', 'g3']);
    expect(Array.from(m.random[0].codes)).toEqual([0, 0, 1, 1, 0]);
    // every level present: codes as given
    expect(Array.from(buildModel('x ~ 1 + (1 | g)', data).random[0].codes)).toEqual([0, 0, 1, 1, 2, 2, 0, 1]);
  });
  it('colnames(model.matrix(~ 0 + a + b)) is ap, aq, bv; colnames(model.matrix(~ x:a)) is (Intercept), x:ap, x:aq', () => {
    expect(buildModel('y ~ 0 + a + b + (1 | g)', data).fixedNames).toEqual(['ap', 'aq', 'bv']);
    expect(buildModel('y ~ x:a + (1 | g)', data).fixedNames).toEqual(['(Intercept)', 'x:ap', 'x:aq']);
  });
  it('rejects unknown columns and models without random effects', () => {
    expect(() => buildModel('y ~ w + (1 | g)', data)).toThrow(/'w', which is not in the data/);
    expect(() => buildModel('y ~ x', data)).toThrow(/no random-effect term/);
  });
});

describe('buildModel: refuses bad columns', () => {
  const y = Float64Array.of(1, 2, 3, 4, 5, 6);
  const g = { codes: Int32Array.of(0, 0, 1, 1, 2, 2), levels: ['a', 'b', 'c'] };
  it('an infinite value names its row', () => {
    expect(() => buildModel('y ~ x + (1 | g)', { numeric: { y, x: Float64Array.of(1, 2, Infinity, 4, 5, 6) }, factor: { g } })).toThrow(/'x' has an infinite value in row 3/);
  });
  it('a factor code outside the levels names its row', () => {
    expect(() => buildModel('y ~ 1 + (1 | g)', { numeric: { y }, factor: { g: { ...g, codes: Int32Array.of(0, 0, 1, 1, 2, 3) } } })).toThrow(/code 3 in row 6/);
  });
  it('columns of different lengths, and a factor response', () => {
    expect(() => buildModel('y ~ x + (1 | g)', { numeric: { y, x: Float64Array.of(1, 2) }, factor: { g } })).toThrow(/has 2 rows, others have 6/);
    expect(() => buildModel('g ~ 1 + (1 | g)', { numeric: { y }, factor: { g } })).toThrow(/must be numeric/);
  });
});
