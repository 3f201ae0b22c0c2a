// therapist-effects with an end-of-treatment outcome (phq_total_final) when some patients have a
// single PHQ-9 score: their last score is their baseline score itself. By default they are left out
// (as the change stage leaves them out), counted in the ledger as not applicable; with
// singleOutcomeScore: keep they stay in (last observation carried forward).
// Reference: lme4 1.1-31 / lmerTest 3.1-3 on the same data
// (test/fixtures/therapist-effects-single-score/therapist-effects-single-score.R: every 6th patient
// from the 2nd keeps one session row, every 6th from the 5th has PHQ-9 blanked after session 1).
// Tolerances as test/stages/mixed-stages.test.ts: fixed effects 1e-5 relative, SE 1e-4, df 1e-3, logLik 1e-6.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, runSpecText, tempProject } from '../helpers/temp-project.ts';
import { refusedOnce } from '../helpers/validate-spec-errors.ts';

const dir = join(REPO, 'test/fixtures/therapist-effects-single-score');
const ref = JSON.parse(readFileSync(join(dir, 'therapist-effects-single-score.json'), 'utf8'));
const rel = (got: number, want: number, tol: number) => expect(Math.abs(got - want), `${got} vs ${want}`).toBeLessThanOrEqual(tol * Math.max(1e-8, Math.abs(want)));

let project: ReturnType<typeof tempProject>;
let r: Record<string, any>;
let ledger: { stage: string; action: string; count: number; reason: string; detail: string }[];
let html: string;
beforeAll(async () => {
  project = tempProject();
  const outcome = await runSpecText(
    project.dir,
    `
name: single
stages:
  - { id: sessions, type: ingest, file: ${join(dir, 'sessions.csv')} }
  - { id: scored, type: score, from: sessions, instruments: [{ instrument: wai-sr, prefix: wai }, { instrument: phq-9, prefix: phq }] }
  - { id: patients, type: patients, from: scored, outcome: phq_total, alliance: [wai_total] }
  - { id: change, type: change, from: patients, outcome: phq_total, instrument: phq-9 }
  - { id: te, type: therapist-effects, from: patients, alliance: wai_total_mean, outcome: phq_total_final, baseline: phq_total_baseline }
  - { id: te_keep, type: therapist-effects, from: patients, alliance: wai_total_mean, outcome: phq_total_final, baseline: phq_total_baseline, singleOutcomeScore: keep }
  - { id: te_change, type: therapist-effects, from: change, alliance: wai_total_mean, outcome: phq_total_final, baseline: phq_total_baseline }
  - { id: te_baseline, type: therapist-effects, from: patients, alliance: wai_total_mean, outcome: phq_total_baseline }
  - { id: report, type: report }
`,
  );
  r = outcome.results as Record<string, any>;
  ledger = outcome.ledger.entries;
  html = readFileSync(join(outcome.outDir, 'index.html'), 'utf8');
});
afterAll(() => project.dispose());

function check(model: any, want: any) {
  expect(model.nobs).toBe(want.nobs);
  for (const t of ['(Intercept)', 'alliance_therapist', 'alliance_patient', 'baseline']) {
    rel(model.fixed[t].estimate, want.fixed[t].estimate, 1e-5);
    rel(model.fixed[t].se, want.fixed[t].se, 1e-4);
    rel(model.fixed[t].df, want.fixed[t].df, 1e-3);
  }
  rel(model.logLik, want.logLik, 1e-6);
}

describe('therapist-effects: patients with a single outcome score', () => {
  it('leaves them out by default, as lme4 on the patients with two or more scores', () => {
    check(r.te.model, ref.exclude);
    expect(r.te.singleOutcomeScore).toEqual({ rule: 'exclude', leftOut: ref.singleScore });
  });
  it('keeps them with singleOutcomeScore: keep, as lme4 on every complete patient', () => {
    check(r.te_keep.model, ref.keep);
    expect(r.te_keep.singleOutcomeScore).toEqual({ rule: 'keep', leftOut: 0 });
  });
  it('applies the same rule to a change table built on the patients table', () => {
    check(r.te_change.model, ref.exclude);
  });
  it('does not apply to an outcome that is not a last score', () => {
    expect(r.te_baseline.singleOutcomeScore).toBeNull();
    expect(r.te_baseline.model.nobs).toBe(ref.keep.nobs);
  });
  it('counts them in the ledger as not applicable, with the reason, and says so in the report', () => {
    const na = ledger.find((e) => e.stage === 'te' && e.action === 'not-applicable');
    expect(na?.count).toBe(ref.singleScore);
    expect(na?.detail).toContain('patients with a single phq_total score, whose last score is the baseline score itself');
    const excluded = ledger.find((e) => e.stage === 'te' && e.action === 'excluded');
    expect((na?.count ?? 0) + (excluded?.count ?? 0)).toBe(ref.patients - ref.exclude.nobs);
    expect(ledger.some((e) => e.stage === 'te_keep' && e.action === 'not-applicable' && /single/.test(e.detail))).toBe(false);
    expect(html).toContain(`${ref.singleScore} patients with a single phq_total score (whose last score is the baseline score itself) were left out`);
  });
});

// singleScoreRule reads singleOutcomeScore only for a patients stage's last score; for another
// outcome (te_baseline above: singleOutcomeScore null in results.json) a value given was accepted
// and changed nothing, and is now a spec problem at stages[i].singleOutcomeScore
describe('therapist-effects: singleOutcomeScore only for a last score', () => {
  const spec = (outcome: string) => `name: t
stages:
  - { id: sessions, type: ingest, file: ${join(dir, 'sessions.csv')} }
  - { id: scored, type: score, from: sessions, instruments: [{ instrument: wai-sr, prefix: wai }, { instrument: phq-9, prefix: phq }] }
  - { id: patients, type: patients, from: scored, outcome: phq_total, alliance: [wai_total] }
  - { id: te, type: therapist-effects, from: patients, alliance: wai_total_mean, outcome: ${outcome}, singleOutcomeScore: keep }
`;

  it('is taken for phq_total_final, and refused for phq_total_baseline at its spec path and YAML line', async () => {
    expect(await refusedOnce(project, 'baseline.yaml', spec('phq_total_baseline'), spec('phq_total_final'))).toBe(
      "  baseline.yaml, line 6, column 131: stages[3].singleOutcomeScore: singleOutcomeScore is only used when outcome is a patients stage's last score (e.g. phq_total_final), and 'phq_total_baseline' of table 'patients' is not; drop singleOutcomeScore",
    );
  });
});
