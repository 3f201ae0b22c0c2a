// groupBoxplot draws Tukey boxplots; when no group has a value beyond 1.5 IQR of its quartiles it
// asks Vega-Lite for min–max whiskers instead, the same drawing, because Vega-Lite's empty outlier
// layer otherwise warns "Infinite extent for field value" on every small, clean sample (seen with a
// per-patient trial file: the warning reached the user's terminal). Reference: Vega itself — a
// 1.5-IQR boxplot of the same values draws outlier points exactly when hasTukeyOutliers says so
// (the empty layer's warning when not), and the min–max drawing has the same marks.
import { describe, expect, it } from 'vitest';
import { renderFigure } from '../../src/report/chart/render-figure.ts';
import { groupBoxplot, hasTukeyOutliers } from '../../src/report/figures/group-boxplot.ts';
import type { VegaLiteSpec } from '../../src/report/types.ts';

const tukey = (spec: VegaLiteSpec): VegaLiteSpec => ({ ...spec, mark: { ...(spec.mark as object), extent: 1.5 } });
const marks = (svg: string) => [...svg.matchAll(/ d="([^"]+)"|transform="([^"]+)"/g)].map((m) => m[1] ?? m[2]);

/** Seeded values: `n` per group, a few groups, some with a far value, some with one exactly at a fence. */
function sample(seed: number): { group: string; value: number }[] {
  let s = seed;
  const r = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  const out: { group: string; value: number }[] = [];
  for (const g of ['A', 'B', 'C']) {
    const n = 5 + Math.floor(r() * 20);
    for (let i = 0; i < n; i++) out.push({ group: g, value: Math.round(r() * 20) });
    if (seed % 3 === 0 && g === 'B') out.push({ group: g, value: 60 });
  }
  return out;
}

describe('groupBoxplot and hasTukeyOutliers', () => {
  it('says there are outliers exactly when Vega draws some (12 seeded samples, with and without)', async () => {
    const seen = new Set<boolean>();
    for (let seed = 1; seed <= 12; seed++) {
      const values = sample(seed);
      const drawn = await renderFigure({ spec: tukey(groupBoxplot(values, 'y', 'g')), png: null });
      const vegaHasOutliers = !drawn.warnings.some((w) => /Infinite extent/.test(w));
      expect(hasTukeyOutliers(values), `seed ${seed}`).toBe(vegaHasOutliers);
      seen.add(vegaHasOutliers);
    }
    expect([...seen].sort()).toEqual([false, true]);
  });

  it('counts a value exactly at a fence as inside, as Vega-Lite does (q1 = 2, q3 = 4, fences −1 and 7)', async () => {
    const at = [2, 2, 2, 4, 4, 4, 7, -1].map((value) => ({ group: 'A', value }));
    expect(hasTukeyOutliers(at)).toBe(false);
    // Vega draws no outlier there either: its empty outlier layer warns
    expect((await renderFigure({ spec: tukey(groupBoxplot(at, 'y', 'g')), png: null })).warnings.join(' ')).toMatch(/Infinite extent/);
    expect(hasTukeyOutliers([...at, { group: 'A', value: 7.5 }])).toBe(true);
  });

  it('draws a sample without outliers with min–max whiskers, no warning, and the marks of the 1.5-IQR drawing', async () => {
    const values = [1, 2, 3, 4, 5, 6, 7, 8].flatMap((v) => [{ group: 'A', value: v }, { group: 'B', value: 2 * v }]);
    const spec = groupBoxplot(values, 'y', 'g');
    expect((spec.mark as { extent: unknown }).extent).toBe('min-max');
    const plain = await renderFigure({ spec, png: null });
    const withFences = await renderFigure({ spec: tukey(spec), png: null });
    expect(plain.warnings).toEqual([]);
    expect(withFences.warnings.join(' ')).toMatch(/Infinite extent/);
    expect(marks(plain.svg)).toEqual(marks(withFences.svg));
  });

  it('keeps the 1.5-IQR whiskers and the outlier points when a group has an outlier', () => {
    const values = [...[1, 2, 3, 4, 5].map((value) => ({ group: 'A', value })), { group: 'A', value: 50 }];
    expect((groupBoxplot(values, 'y', 'g').mark as { extent: unknown }).extent).toBe(1.5);
  });
});
