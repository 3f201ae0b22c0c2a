// describeMissing's counts in the messages of stages left with too few complete rows have thousands
// separators, as every count alliance prints (APA 7th ed. §6.38): it read "1200 of the 1500 rows".
import { describe, expect, it } from 'vitest';
import { describeMissing } from '../../src/engine/missing-by-design.ts';

describe('describeMissing: counts with thousands separators', () => {
  it('some rows lack a value', () => {
    const x = Float64Array.from({ length: 1500 }, (_, i) => (i < 1200 ? NaN : i));
    const y = Float64Array.from({ length: 1500 }, () => 1);
    expect(describeMissing(['x', 'y'], [x, y], { source: "table 'patients'" })).toBe("1,200 of the 1,500 rows of table 'patients' lack a value: x in 1,200");
  });
  it('every row lacks one', () => {
    const x = new Float64Array(2000).fill(NaN);
    expect(describeMissing(['x'], [x])).toMatch(/^All 2,000 rows lack a value: x in 2,000/);
  });
});
