import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  apaChi2,
  apaCorrelation,
  apaEstimate,
  apaF,
  apaInTextCitation,
  apaP,
  apaT,
  apaZ,
  formatCell,
  formatCi,
  formatCount,
  formatDf,
  formatLevel,
  formatPercentage,
  formatNumber,
  formatP,
  formatR,
  toFixedHalfEven,
} from '../../src/report/format/index.ts';

const M = '\u2212';

describe('rounding matches R sprintf', () => {
  // Values and strings from R: Rscript test/report/fixtures/sprintf-rounding.R (sprintf("%.Nf", x)).
  const fx = JSON.parse(readFileSync(new URL('./fixtures/sprintf-rounding.json', import.meta.url), 'utf8')) as Record<string, string[]>;
  const xs = fx.x!.map(Number);
  for (const d of [0, 1, 2, 3]) {
    it(`${d} decimals`, () => {
      const r = fx[`d${d}`]!;
      xs.forEach((x, i) => {
        expect(toFixedHalfEven(x, d), `sprintf("%.${d}f", ${fx.x![i]})`).toBe(r[i]!.replace(/^-/, ''));
        // formatNumber: R's digits, true minus, thousands commas, no negative zero
        const rStr = r[i]!;
        const negZero = /^-[0.]+$/.test(rStr);
        const expected = (negZero ? rStr.slice(1) : rStr.replace(/^-/, M)).replace(/\B(?=(\d{3})+(?!\d))(?=[\d]*(\.|$))/g, ',');
        expect(formatNumber(x, d), `formatNumber(${fx.x![i]}, ${d})`).toBe(expected);
      });
    });
  }
  it('ties in JavaScript and R differ only for exact binary ties', () => {
    expect((0.125).toFixed(2)).toBe('0.13');
    expect(toFixedHalfEven(0.125, 2)).toBe('0.12'); // R: sprintf("%.2f", 0.125) "0.12"
    expect(toFixedHalfEven(2.5, 0)).toBe('2'); // R: sprintf("%.0f", 2.5) "2"
    expect(toFixedHalfEven(3.5, 0)).toBe('4'); // R: sprintf("%.0f", 3.5) "4"
    expect(toFixedHalfEven(0.375, 2)).toBe('0.38'); // R: sprintf("%.2f", 0.375) "0.38"
  });
});

describe('APA numbers (APA Publication Manual 7th ed. §6.36–6.44)', () => {
  it('formatNumber', () => {
    expect(formatNumber(-1234.567, 2)).toBe(`${M}1,234.57`);
    expect(formatNumber(-0.001, 2)).toBe('0.00');
    expect(formatNumber(999.996, 2)).toBe('1,000.00');
    expect(formatNumber(Infinity, 1)).toBe('∞');
    expect(() => formatNumber(NaN, 2)).toThrow(/NaN/);
    expect(() => formatNumber(1, -1)).toThrow(RangeError);
  });
  it('formatR: two decimals, no leading zero, true minus', () => {
    expect(formatR(0.2834)).toBe('.28');
    expect(formatR(-0.05)).toBe(`${M}.05`);
    expect(formatR(-0.004)).toBe('.00');
    expect(formatR(1)).toBe('1.00');
    expect(formatR(-1)).toBe(`${M}1.00`);
    expect(formatR(0.2834, 3)).toBe('.283');
    expect(() => formatR(1.2)).toThrow(RangeError);
    expect(() => formatR(NaN)).toThrow(RangeError);
  });
  it('formatP and apaP', () => {
    expect(formatP(0.0234)).toBe('.023');
    expect(formatP(0.00099)).toBe('< .001');
    expect(formatP(0.001)).toBe('.001');
    expect(formatP(0.0496)).toBe('.050');
    expect(formatP(0.9996)).toBe('> .999');
    expect(formatP(0)).toBe('< .001');
    expect(() => formatP(1.2)).toThrow(RangeError);
    expect(() => formatP(NaN)).toThrow(RangeError);
    expect(apaP(0.0234)).toBe('p = .023');
    expect(apaP(1e-8)).toBe('p < .001');
    expect(apaP(1)).toBe('p > .999');
  });
  it('formatCi, formatLevel, formatDf', () => {
    expect(formatCi([0.1246, 0.4277])).toBe('[.12, .43]');
    expect(formatCi([-0.31, 0.02])).toBe(`[${M}.31, .02]`);
    expect(formatCi([-1.5, 2.25], 2)).toBe(`[${M}1.50, 2.25]`);
    expect(() => formatCi([0.5, 0.1])).toThrow(RangeError);
    expect(formatLevel(0.95)).toBe('95%');
    expect(formatLevel(95)).toBe('95%');
    expect(formatLevel(0.995)).toBe('99.5%');
    expect(() => formatLevel(1)).toThrow(RangeError);
    expect(formatPercentage(0.25)).toBe('25%');
    expect(formatPercentage(0.255)).toBe('25.5%');
    expect(formatPercentage(1 / 3)).toBe('33.3333%');
    expect(formatPercentage(0)).toBe('0%');
    expect(formatPercentage(1)).toBe('100%');
    expect(() => formatPercentage(1.5)).toThrow(RangeError);
    expect(formatDf(148)).toBe('148');
    expect(formatDf(97.534)).toBe('97.53');
    expect(formatDf(1500)).toBe('1,500');
  });
  it('sentences', () => {
    expect(apaCorrelation({ r: 0.2834, df: 148, ciLower: 0.12, ciUpper: 0.42, p: 0.00044, level: 0.95 })).toBe(
      'r(148) = .28, 95% CI [.12, .42], p < .001',
    );
    expect(apaCorrelation({ r: -0.051, df: 98, ciLower: -0.2451, ciUpper: 0.147, p: 0.6143, level: 95 })).toBe(
      `r(98) = ${M}.05, 95% CI [${M}.25, .15], p = .614`,
    );
    expect(apaT({ t: -2.4512, df: 97.534, p: 0.016 })).toBe(`t(97.53) = ${M}2.45, p = .016`);
    expect(apaF({ f: 3.2149, df1: 2, df2: 147, p: 0.0431 })).toBe('F(2, 147) = 3.21, p = .043');
    expect(apaChi2({ chi2: 7.8147, df: 3, n: 150, p: 0.05 })).toBe('χ²(3, N = 150) = 7.81, p = .050');
    expect(apaChi2({ chi2: 45.1, df: 15, p: 0.0000712, symbol: 'Q' })).toBe('Q(15) = 45.10, p < .001');
    expect(apaZ({ z: 2.104, p: 0.0354 })).toBe('z = 2.10, p = .035');
    expect(apaEstimate({ symbol: 'g', estimate: 0.4512, ciLower: 0.3, ciUpper: 0.6, level: 0.95 })).toBe('g = 0.45, 95% CI [0.30, 0.60]');
    expect(apaEstimate({ symbol: 'b', estimate: -0.25, se: 0.05, p: 0.00001, digits: 3 })).toBe(`b = ${M}0.250, SE = 0.050, p < .001`);
    expect(() => apaEstimate({ symbol: 'b', estimate: 1, ciLower: 0 })).toThrow(/ciUpper/);
  });
  it('apaInTextCitation reads author–date from APA reference entries (§8.17)', () => {
    expect(apaInTextCitation('Fisher, R. A. (1921). On the "probable error" of a coefficient of correlation. Metron, 1, 3–32.')).toBe('Fisher, 1921');
    expect(apaInTextCitation('Hatcher, R. L., & Gillaspy, J. A. (2006). Development and validation of a revised short version of the WAI.')).toBe('Hatcher & Gillaspy, 2006');
    expect(apaInTextCitation('Kroenke, K., Spitzer, R. L., & Williams, J. B. W. (2001). The PHQ-9.')).toBe('Kroenke et al., 2001');
    expect(apaInTextCitation('Spitzer, R. L., Kroenke, K., Williams, J. B. W., & Löwe, B. (2006). A brief measure … GAD-7.')).toBe('Spitzer et al., 2006');
    expect(apaInTextCitation('Viechtbauer, W. (2010a). Conducting meta-analyses in R with the metafor package.')).toBe('Viechtbauer, 2010a');
    expect(apaInTextCitation('American Psychiatric Association. (2013). Diagnostic and statistical manual of mental disorders (5th ed.).')).toBe('American Psychiatric Association, 2013');
    expect(apaInTextCitation('Del Re, A. C., Flückiger, C., Horvath, A. O., & Wampold, B. E. (2021). Examining therapist effects.')).toBe('Del Re et al., 2021');
    expect(apaInTextCitation('no year here')).toBeUndefined();
  });
  it('formatCell follows the ColumnFormat of types.ts', () => {
    expect(formatCell(0.28341, 'r')).toBe('.28');
    expect(formatCell(-1.234, 'r')).toBe(`${M}1.23`);
    expect(formatCell(0.0004, 'p')).toBe('< .001');
    expect(formatCell(0.1234, 'pct')).toBe('12.3%');
    expect(formatCell(1234.4, 'int')).toBe('1,234');
    expect(formatCell(2511.1623, 'df')).toBe('2,511.16');
    expect(formatCell(148, 'df')).toBe('148');
    expect(() => formatCell(0, 'df')).toThrow(RangeError);
    expect(formatCell(3.14159, 'num1')).toBe('3.1');
    expect(formatCell(3.14159, 'num2')).toBe('3.14');
    expect(formatCell(3.14159, 'num3')).toBe('3.142');
    expect(formatCell(3.14159, 'num4')).toBe('3.1416');
    expect(formatCell(2.5, 'text')).toBe('2.50');
    expect(formatCell(7)).toBe('7');
    expect(formatCell('=A1', 'num2')).toBe('=A1');
    expect(formatCell(null, 'r')).toBe('—');
    expect(formatCell(undefined)).toBe('—');
    expect(formatCell(NaN, 'num2')).toBe('—');
    expect(formatCell(true)).toBe('yes');
    expect(() => formatCell(1.5, 'p')).toThrow(RangeError);
    expect(formatCell(1 + 1e-12, 'p')).toBe('> .999');
  });
});

describe('formatCount: counts with their noun (APA 7th ed. §6.38 commas)', () => {
  it('singular for one, the regular plural otherwise, the last word of a phrase inflected', () => {
    expect(formatCount(1, 'patient')).toBe('1 patient');
    expect(formatCount(299, 'patient')).toBe('299 patients');
    expect(formatCount(0, 'figure')).toBe('0 figures');
    expect(formatCount(2, 'input file')).toBe('2 input files');
    expect(formatCount(2, 'therapy')).toBe('2 therapies');
    expect(formatCount(2, 'day')).toBe('2 days');
    expect(formatCount(3, 'box')).toBe('3 boxes');
    expect(formatCount(2, 'patient:therapist group')).toBe('2 patient:therapist groups');
    expect(formatCount(2918, 'observation')).toBe('2,918 observations');
  });
});
