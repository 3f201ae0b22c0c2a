// Stage `compare`: a pairwise conclusion follows the p values its table shows. 'equivalent' when
// the TOST rejects both bounds (p TOST < α, each comparison at α), otherwise 'different' only when
// the Holm-adjusted p of the test of no difference is < α, else 'inconclusive' (the decision used
// the unadjusted p before, so a row could read 'different' beside p (Holm) = .061). Data: three
// groups of 40 patients drawn here with a fixed generator; group B's outcome is shifted by 0.5 SD,
// which gives A − B an unadjusted p of .020 and a Holm p of .061 (3 comparisons).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSpecText, tempProject } from '../helpers/temp-project.ts';

function csv(): string {
  let seed = 5;
  const u = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const norm = () => Math.sqrt(-2 * Math.log(u() + 1e-12)) * Math.cos(2 * Math.PI * u());
  const lines = ['patient,session,therapist,modality,alliance,outcome'];
  let k = 0;
  for (const [g, d] of [['A', 0], ['B', 0.5], ['C', 0.25]] as const) {
    for (let i = 0; i < 40; i++) {
      k++;
      const a = 40 + 5 * norm();
      lines.push(`P${k},1,T${g}${i % 8},${g},${a.toFixed(2)},${(d + norm() + 0.05 * (a - 40)).toFixed(3)}`);
    }
  }
  return lines.join('\n') + '\n';
}

interface Pair { comparison: string; p: number; pHolm: number; pTost: number; decision: string }
let project: ReturnType<typeof tempProject>;
let result: { alpha: number; correlationDifferences: Pair[]; outcomeDifferences: Pair[] };
beforeAll(async () => {
  project = tempProject({ 'p.csv': csv() });
  const outcome = await runSpecText(
    project.dir,
    `
name: t
stages:
  - { id: pts, type: ingest, file: p.csv }
  - { id: cmp, type: compare, from: pts, by: modality, alliance: alliance, outcome: outcome, margin: { r: 0.1, smd: 0.2 } }
`,
  );
  result = outcome.results.cmp as typeof result;
});
afterAll(() => project?.dispose());

describe('compare: pairwise conclusions use the Holm-adjusted p', () => {
  it('every row: equivalent by TOST, else different by Holm p, else inconclusive', () => {
    for (const p of [...result.correlationDifferences, ...result.outcomeDifferences]) {
      const want = p.pTost < result.alpha ? 'equivalent' : p.pHolm < result.alpha ? 'different' : 'inconclusive';
      expect(p.decision, p.comparison).toBe(want);
    }
  });

  it('A − B: significant unadjusted, not after Holm, so inconclusive', () => {
    const ab = result.outcomeDifferences.find((p) => p.comparison === 'A − B')!;
    expect(ab.p).toBeLessThan(0.05);
    expect(ab.pHolm).toBeGreaterThanOrEqual(0.05);
    expect(ab.decision).toBe('inconclusive');
  });
});
