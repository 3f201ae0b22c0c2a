// compare's report text prints its statistics with the project's formatters, in APA style: commas
// between thousands (APA Publication Manual, 7th ed., §6.38), "p < .001" and "p > .999" rather than
// "p = < .001" (§6.36), and counts with their singular or plural noun. An audit found raw toFixed
// there: "Q(1) = 6487.12", "QM(1) = 41.07, p = < .001", "p = > .999" for identical groups.
// Expectations are the APA forms of the values the stage reports in its own result.
import { beforeAll, describe, expect, it } from 'vitest';
import { runSpecText, tempProject } from '../helpers/temp-project.ts';

/** A fixed LCG in [0, 1), so the data are the same on every run. */
function lcg(seed: number): () => number {
  return () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
}

/** Patient-level rows: `slope` per group (+1 or −1 gives strongly opposite correlations), `noise` around it. */
function csv(groups: { name: string; n: number; slope: number; therapists?: number }[], noise: number, seed = 5): string {
  const next = lcg(seed);
  const withTherapist = groups.some((g) => g.therapists);
  const lines = [`patient,session,modality,${withTherapist ? 'therapist,' : ''}alliance,improvement`];
  let id = 0;
  for (const g of groups) {
    for (let i = 0; i < g.n; i++) {
      const a = 30 + 30 * next();
      const th = g.therapists ? `${g.name}T${i % g.therapists},` : '';
      lines.push(`P${++id},1,${g.name},${th}${a.toFixed(2)},${(g.slope * (a - 45) + noise * (next() - 0.5)).toFixed(2)}`);
    }
  }
  return lines.join('\n') + '\n';
}

const spec = `
name: t
seed: 1
stages:
  - { id: pts, type: ingest, file: data.csv }
  - { id: cmp, type: compare, from: pts, alliance: alliance, outcome: improvement, margin: { r: 0.1, smd: 0.2 } }
`;

interface CompareResult {
  conclusion: string;
  heterogeneity: { Qbetween: number; df: number; p: number };
  metaRegression: { QM: number; QMp: number; QMdf: number; cells: number; therapists: number } | null;
}

async function run(data: string): Promise<{ result: CompareResult; texts: string[] }> {
  const p = tempProject({ 'data.csv': data });
  try {
    const out = await runSpecText(p.dir, spec);
    const stage = out.stages.find((s) => s.id === 'cmp')!;
    const texts = stage.output.sections!.flatMap((s) => s.blocks).flatMap((b) => (b.kind === 'text' ? [b.text] : []));
    return { result: out.results.cmp as CompareResult, texts };
  } finally {
    p.dispose();
  }
}

describe('compare: APA numbers in the report text', () => {
  let large: Awaited<ReturnType<typeof run>>;
  let equal: Awaited<ReturnType<typeof run>>;
  let therapists: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    // 2 × 1,500 patients with opposite correlations: Q-between in the thousands
    large = await run(csv([{ name: 'A', n: 1500, slope: 1 }, { name: 'B', n: 1500, slope: -1 }], 20));
    // two groups with the same pairs: the same r, Q = 0, p = 1
    const one = csv([{ name: 'A', n: 12, slope: 1 }], 20).trimEnd().split('\n').slice(1);
    equal = await run(['patient,session,modality,alliance,improvement', ...one, ...one.map((l) => l.replace(/^P(\d+),1,A,/, 'Q$1,1,B,'))].join('\n') + '\n');
    // 10 therapists per modality with opposite per-therapist correlations: QM with p < .001
    therapists = await run(csv([{ name: 'A', n: 80, slope: 1, therapists: 10 }, { name: 'B', n: 80, slope: -1, therapists: 10 }], 20));
  });

  it('Q-between with commas between thousands (APA §6.38)', () => {
    const q = large.result.heterogeneity.Qbetween;
    expect(q).toBeGreaterThan(1000);
    expect(large.result.conclusion).toMatch(/across 2 groups: Q\(1\) = \d{1,3}(,\d{3})+\.\d\d, p < \.001\./);
    const printed = /Q\(1\) = ([\d,.]+),/.exec(large.result.conclusion)![1]!;
    expect(Math.abs(Number(printed.replace(/,/g, '')) - q)).toBeLessThanOrEqual(0.005);
  });

  it('p > .999, not "p = > .999", for identical groups', () => {
    expect(equal.result.heterogeneity.p).toBeGreaterThan(0.999);
    expect(equal.result.conclusion).toContain('Q(1) = 0.00, p > .999.');
  });

  it('meta-regression: p < .001, not "p = < .001"; counts with their nouns', () => {
    const m = therapists.result.metaRegression!;
    expect(m.QMp).toBeLessThan(0.001);
    const text = therapists.texts.find((t) => t.startsWith('Meta-regression'))!;
    expect(text).toMatch(new RegExp(`^Meta-regression of ${m.cells} per-therapist correlations \\(${m.therapists} therapists; Fisher z, REML\\) on modality: QM\\(1\\) = \\d+\\.\\d\\d, p < \\.001; residual τ² = \\d\\.\\d{4}\\.$`));
    expect(therapists.texts.join(' ')).not.toMatch(/p = [<>]/);
  });
});
