import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { normalTable } from '../../src/simulate/normal-table.ts';

const fx = JSON.parse(await readFile(new URL('../fixtures/simulate/normal-table.json', import.meta.url), 'utf8'));

describe('normalTable (Rscript test/fixtures/simulate/normal-table.R)', () => {
  const t = normalTable();
  it('holds qnorm at the midpoints of 4096 equal-probability bins', () => {
    expect(t).toHaveLength(4096);
    fx.index.forEach((i: number, k: number) => expect(t[i]).toBeCloseTo(fx.value[k], 12));
  });
  it('has the mean, RMS and maximum R gives', () => {
    let s = 0;
    let ss = 0;
    for (const v of t) (s += v, (ss += v * v));
    expect(s / t.length).toBeCloseTo(fx.mean, 12);
    expect(Math.sqrt(ss / t.length)).toBeCloseTo(fx.rms, 12);
    expect(Math.max(...t)).toBeCloseTo(fx.max, 12);
  });
});
