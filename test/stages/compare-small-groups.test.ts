// compare leaves modality groups with fewer than 4 complete patients out, as its ledger entry says,
// of every part of the stage. An audit found them dropped from the correlations but kept in the
// Welch and classic ANOVA, η² and the multilevel model (Welch df1 = 2, F = 0.418 with a group of
// 3; a group of 1 stopped the run with "group 0 has 1 observation(s)").
// Reference: test/fixtures/compare-small-groups/compare-small-groups.R on patients.csv beside it
// (CBT 12, PDT 12, HUM 3, IPT 1): cor.test, oneway.test(var.equal = FALSE / TRUE) — Welch
// F = 0.00368262, df = (1, 20.08); classic df2 = 22 — and lmerTest::lmer(improvement ~ modality +
// (1 | therapist)). Tolerances: closed forms 1e-9 relative; lmer estimates 1e-5, se 1e-4, df 1e-3.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunOutcome } from '../../src/engine/run-pipeline.ts';
import { REPO, runSpecText, tempProject } from '../helpers/temp-project.ts';

const dir = join(REPO, 'test/fixtures/compare-small-groups');
const ref = JSON.parse(readFileSync(join(dir, 'compare-small-groups.json'), 'utf8'));
const close = (got: number, want: number, rel: number) => expect(Math.abs(got - want), `${got} vs ${want}`).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(want)));
const spec = (file: string) => `name: small
stages:
  - { id: pts, type: ingest, file: ${file} }
  - { id: cmp, type: compare, from: pts, alliance: wai_total_first3, outcome: phq_total_improvement, margin: { r: 0.1, smd: 0.2 } }
`;

const p = tempProject();
let out: RunOutcome;
let result: Record<string, any>;
beforeAll(async () => {
  out = await runSpecText(p.dir, spec(join(dir, 'patients.csv')));
  result = out.results.cmp as Record<string, any>;
});
afterAll(() => p.dispose());

describe('compare: groups with fewer than 4 complete patients are left out of every part', () => {
  it('says so in the ledger, naming the groups', () => {
    const e = out.ledger.entries.find((x) => x.reason === 'group-too-small')!;
    expect(e.count).toBe(ref.droppedPatients);
    for (const g of ref.dropped) expect(e.detail).toContain(g);
  });
  it('correlations (cor.test) use the kept groups only', () => {
    expect(result.correlations.map((g: any) => g.group)).toEqual(ref.kept);
    expect(result.pooled.n).toBe(ref.pooled.n);
    close(result.pooled.r, ref.pooled.r, 1e-9);
    ref.groups.forEach((g: any, i: number) => close(result.correlations[i].r, g.r, 1e-9));
  });
  it('Welch and classic ANOVA (oneway.test) and η² use the kept groups only', () => {
    for (const k of ['F', 'df1', 'df2', 'p']) close(result.outcomeAnova.welch[k], ref.welch[k], 1e-9);
    for (const k of ['F', 'df1', 'df2', 'p', 'etaSquared']) close(result.outcomeAnova.classic[k], ref.classic[k], 1e-9);
  });
  it('the multilevel model (lmerTest) uses the kept groups only', () => {
    expect(result.multilevel.nobs).toBe(ref.lmer.nobs);
    expect(Object.keys(result.multilevel.fixed)).toEqual(ref.lmer.terms);
    ref.lmer.terms.forEach((t: string, i: number) => {
      const f = result.multilevel.fixed[t];
      close(f.estimate, ref.lmer.estimate[i], 1e-5);
      close(f.se, ref.lmer.se[i], 1e-4);
      close(f.df, ref.lmer.df[i], 1e-3);
    });
  });
  it('fewer than 2 groups left: one located error naming the groups and their counts', async () => {
    const rows = readFileSync(join(dir, 'patients.csv'), 'utf8').trimEnd().split('\n');
    // CBT 12 complete, PDT cut to 2, HUM 3, IPT 1: only CBT is left
    const csv = rows.filter((l, i) => i === 0 || !/"PDT"/.test(l) || ['"P13"', '"P14"'].some((id) => l.startsWith(id)));
    const file = p.write('one-group.csv', csv.join('\n') + '\n');
    const run = runSpecText(p.dir, spec(file));
    await expect(run).rejects.toThrow(/stage 'cmp', compare\).*at least 2 modality groups with at least 4 complete patients.*CBT 12.*HUM 3.*IPT 1.*PDT 2/);
  });
});
