// compare with groups that are the therapists (`by: therapist`, or each group one therapist's
// patients): the multilevel model y ~ group + (1 | therapist) cannot separate the group effects from
// the therapist intercept. Found while reading a per-patient file: on data-samples/rom-small.csv the
// stage reported Satterthwaite df of about 5e-10 and p = 0.99999999 for every therapist, and on
// another file the df came out at −1e−22 and the report stopped with an internal error. Reference:
// the model is not identified (the fixed-effect design spans the random-effect design), so lme4
// itself can only give a singular fit here; the stage now leaves the model out and says why.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunOutcome } from '../../src/engine/run-pipeline.ts';
import { groupsAreTherapists } from '../../src/stages/compare.ts';
import { ROM_SMALL_SCORED } from '../helpers/rom-small-scored.ts';
import { runSpecText, tempProject } from '../helpers/temp-project.ts';

describe('groupsAreTherapists', () => {
  const codes = (xs: number[]) => Int32Array.from(xs);
  it('is true when each group is one therapist and each therapist one group', () => {
    expect(groupsAreTherapists(codes([0, 1, 0, 2, 1]), codes([2, 0, 2, 1, 0]), 3, 3)).toBe(true);
  });
  it('is false when a group has two therapists (therapists nested in modalities)', () => {
    expect(groupsAreTherapists(codes([0, 0, 1, 1]), codes([0, 1, 2, 3]), 2, 4)).toBe(false);
  });
  it('is false when a therapist works in two groups (crossed)', () => {
    expect(groupsAreTherapists(codes([0, 1, 0, 1]), codes([0, 0, 1, 1]), 2, 2)).toBe(false);
  });
});

const stages = (by: string) => `${ROM_SMALL_SCORED}  - { id: patients, type: patients, from: scored, outcome: phq_total, alliance: [wai_total] }
  - { id: cmp, type: compare, from: patients, by: ${by}, alliance: wai_total_mean, outcome: phq_total_improvement, margin: { r: 0.1, smd: 0.2 } }
  - { id: report, type: report }
`;

describe('compare by therapist', () => {
  // one project each: a run writes its report to <dir>/out
  const projects = [tempProject(), tempProject()];
  let byTherapist: RunOutcome;
  let byModality: RunOutcome;
  beforeAll(async () => {
    byTherapist = await runSpecText(projects[0]!.dir, stages('therapist'));
    byModality = await runSpecText(projects[1]!.dir, stages('modality'));
  }, 60_000);
  afterAll(() => projects.forEach((p) => p.dispose()));

  it('leaves the multilevel model out and says why, in results.json and the report', () => {
    const r = byTherapist.results.cmp as { multilevel: unknown; multilevelNote: string; variance: { source: string }[] };
    expect(r.multilevel).toBeNull();
    expect(r.multilevelNote).toBe('each therapist group holds the patients of a single therapist, so the therapist effects and the therapist intercept cannot be told apart');
    expect(r.variance.map((v) => v.source).join(' ')).not.toMatch(/ICC/);
    const html = readFileSync(join(byTherapist.outDir, 'index.html'), 'utf8');
    // (a boolean: a failing toContain would print the whole page with its bundled Vega)
    expect(html.includes('Multilevel model not fitted: each therapist group holds the patients of a single therapist')).toBe(true);
    expect(html.includes('Multilevel model phq_total_improvement ~ therapist')).toBe(false);
  });

  it('still fits it for modalities, which several therapists share', () => {
    const r = byModality.results.cmp as { multilevel: { fixed: Record<string, { df: number }> } | null; multilevelNote: string | null };
    expect(r.multilevelNote).toBeNull();
    expect(r.multilevel).not.toBeNull();
    for (const [name, f] of Object.entries(r.multilevel!.fixed)) expect(f.df, name).toBeGreaterThan(1);
  });
});
