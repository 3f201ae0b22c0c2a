// Where a fit's conditional modes go (ranefJson, src/stages/mixed-report.ts): inline up to
// RANEF_INLINE_LIMIT modes in all, else one CSV per grouping factor in the stage's output files, in
// the same level order and with the same values; level names only with identifiers. The quick
// command (no output folder) keeps them all inline. Exact: the CSV cells are the shortest
// round-trip decimals of the values, so parsing them gives the same doubles.
import { describe, expect, it } from 'vitest';
import { RANEF_INLINE_LIMIT, ranefJson } from '../../src/stages/mixed-report.ts';
import type { LmmResult } from '../../src/stats/mixed/index.ts';

function fitWith(levels: number, terms: string[]): LmmResult {
  const values = Float64Array.from({ length: levels * terms.length }, (_, i) => Math.sin(i + 1) * 3.7);
  const names = Array.from({ length: levels }, (_, i) => `T${String(i).padStart(6, '0')}`);
  // only `ranef` is read by ranefJson
  return { ranef: [{ group: 'therapist', levels: names, terms, values }] } as unknown as LmmResult;
}

describe('ranefJson', () => {
  it('keeps up to the limit inline, values[level][term]', () => {
    const fit = fitWith(RANEF_INLINE_LIMIT / 2, ['(Intercept)', 'session']);
    const files: Record<string, string> = {};
    const [r] = ranefJson(fit, false, { name: 'm', files });
    expect(Object.keys(files)).toEqual([]);
    expect(r.values).toHaveLength(RANEF_INLINE_LIMIT / 2);
    expect(r.values![7]).toEqual([fit.ranef[0].values[14], fit.ranef[0].values[15]]);
    expect(r.levels).toBeUndefined();
  });

  it('above the limit writes data/<name>-ranef-<group>.csv with the same values in level order', () => {
    const fit = fitWith(RANEF_INLINE_LIMIT / 2 + 1, ['(Intercept)', 'session']);
    const files: Record<string, string> = {};
    const [r] = ranefJson(fit, false, { name: 'growth-wai-total', files });
    expect(r).toEqual({ group: 'therapist', terms: ['(Intercept)', 'session'], nLevels: 10_001, file: 'data/growth-wai-total-ranef-therapist.csv', rows: 10_001 });
    const lines = files[r.file!].trimEnd().split(/\r?\n/);
    expect(lines[0]).toBe('(Intercept),session');
    const parsed = lines.slice(1).flatMap((l) => l.split(',').map(Number));
    expect(parsed).toEqual(Array.from(fit.ranef[0].values));
  });

  it('puts the level names first only with identifiers', () => {
    const fit = fitWith(RANEF_INLINE_LIMIT + 1, ['(Intercept)']);
    const files: Record<string, string> = {};
    const [r] = ranefJson(fit, true, { name: 's', files });
    const lines = files[r.file!].trimEnd().split(/\r?\n/);
    expect(lines[0]).toBe('level,(Intercept)');
    expect(lines[3]).toBe(`T000002,${fit.ranef[0].values[2]}`);
  });

  it('without an output folder (the quick command) keeps every mode inline', () => {
    const fit = fitWith(RANEF_INLINE_LIMIT + 1, ['(Intercept)']);
    const [r] = ranefJson(fit, true);
    expect(r.values).toHaveLength(RANEF_INLINE_LIMIT + 1);
    expect(r.levels).toHaveLength(RANEF_INLINE_LIMIT + 1);
  });
});
