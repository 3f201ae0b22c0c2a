// Stage `ruptures`: each classification's `rule` says which episodes it counts and, for an SD
// threshold, both SD multiples. gumz2012 (Gumz et al., 2012) detects drops of ≥ 1 SD and
// confirms the "(2 SD)" subset whose initial drop is ≥ 2 SD; the rule object used to read `k: 1`
// for both, which reads as a 1-SD rule. Expectations from the README's ruptures section and the
// preset definitions; the Welch F of the outcome table is printed as APA: df with two decimals.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSpecText, tempProject } from '../helpers/temp-project.ts';
import { ROM_SMALL_SCORED } from '../helpers/rom-small-scored.ts';

let project: ReturnType<typeof tempProject>;
let out: Awaited<ReturnType<typeof runSpecText>>;
beforeAll(async () => {
  project = tempProject();
  out = await runSpecText(
    project.dir,
    `${ROM_SMALL_SCORED}  - { id: patients, type: patients, from: scored, outcome: phq_total, alliance: [wai_total] }
  - { id: ruptures, type: ruptures, from: scored, score: wai_total, outcome: { from: patients, column: phq_total_improvement } }
  - { id: report, type: report, png: false }
`,
  );
});
afterAll(() => project?.dispose());

type Rule = { episodes: string; sdMultiples?: { detection: number; confirmation: number | null }; threshold: { type: string } };
const rules = () => (out.results.ruptures as { rules: { name: string; rule: Rule }[] }).rules;

describe('ruptures: the reported rule of each classification', () => {
  it('gumz2012 counts all 1-SD episodes; gumz2012 (2 SD) only those confirmed at 2 SD', () => {
    const byName = new Map(rules().map((r) => [r.name, r.rule]));
    expect(byName.get('gumz2012')).toMatchObject({ episodes: 'all', sdMultiples: { detection: 1, confirmation: null } });
    expect(byName.get('gumz2012 (2 SD)')).toMatchObject({ episodes: 'strict', sdMultiples: { detection: 1, confirmation: 2 } });
    expect(byName.get('stiles2004')).toMatchObject({ episodes: 'all', sdMultiples: { detection: 2, confirmation: null } });
  });
  it('a rule without an SD threshold has no SD multiples', () => {
    const rci = rules().find((r) => r.name === 'rci')!.rule;
    expect(rci.threshold.type).toBe('rci');
    expect(rci.sdMultiples).toBeUndefined();
  });
});

describe('ruptures: the outcome table', () => {
  it("prints Welch's F with the denominator df to two decimals, as every other Welch F in the report", () => {
    const html = readFileSync(join(out.outDir, 'index.html'), 'utf8');
    const cells = [...html.matchAll(/F\((\d+), ([\d.,]+)\) = /g)].map((m) => m[2]);
    expect(cells.length).toBeGreaterThan(0);
    for (const df2 of cells) expect(df2).toMatch(/^\d[\d,]*\.\d\d$/);
  });
});
