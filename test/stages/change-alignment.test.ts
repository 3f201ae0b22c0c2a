// change reads the baseline and final scores in the stored order of its source and joins its
// per-patient columns back by position: each patient's RCI must land on that patient's row, also
// when the source is not stored in patient order. The patient-level table is ingested from a
// shuffled CSV, and a correlate stage reads the change table's RCI beside the final score: its r
// must equal Pearson's r of (final − baseline)/S_diff and final computed here from the CSV, with
// S_diff = √2 · SD(baseline) · √(1 − .89) (Jacobson & Truax, 1991; PHQ-9 reliability .89).
// A row misaligned by the join changes r. Tolerance 1e-12.
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runSpecText, tempProject } from '../helpers/temp-project.ts';

const p = tempProject();
afterAll(() => p.dispose());

it('change keeps each patient’s RCI on its own row for a source in shuffled order', async () => {
  // a seeded shuffle of 60 patients with baseline and final PHQ-9 totals
  let s = 7;
  const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  const rows = Array.from({ length: 60 }, (_, i) => ({ id: `P${String(i).padStart(3, '0')}`, b: 5 + Math.floor(rand() * 23), f: Math.floor(rand() * 28) }));
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  p.write('pts.csv', ['patient,session,phq_total_baseline,phq_total_final,phq_total_n', ...rows.map((r) => `${r.id},1,${r.b},${r.f},5`)].join('\n') + '\n');
  const out = await runSpecText(
    p.dir,
    `name: c
stages:
  - { id: pts, type: ingest, file: ${join(p.dir, 'pts.csv')} }
  - { id: change, type: change, from: pts, outcome: phq_total, instrument: phq-9 }
  - { id: r, type: correlate, from: change, pairs: [{ x: phq_total_rci, y: phq_total_final }] }
`,
  );
  const n = rows.length;
  const mean = (x: number[]) => x.reduce((a, v) => a + v, 0) / x.length;
  const base = rows.map((r) => r.b);
  const mb = mean(base);
  const sdB = Math.sqrt(base.reduce((a, v) => a + (v - mb) ** 2, 0) / (n - 1));
  const sDiff = Math.SQRT2 * sdB * Math.sqrt(1 - 0.89);
  const x = rows.map((r) => (r.f - r.b) / sDiff);
  const y = rows.map((r) => r.f);
  const mx = mean(x);
  const my = mean(y);
  const sxy = x.reduce((a, v, i) => a + (v - mx) * (y[i]! - my), 0);
  const sxx = x.reduce((a, v) => a + (v - mx) ** 2, 0);
  const syy = y.reduce((a, v) => a + (v - my) ** 2, 0);
  const want = sxy / Math.sqrt(sxx * syy);
  const got = (out.results.r as { correlations: { r: number; n: number }[] }).correlations[0]!;
  expect(got.n).toBe(n);
  expect(Math.abs(got.r - want)).toBeLessThan(1e-12);
});
