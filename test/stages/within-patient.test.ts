// Stage `within-patient` (issue 3): repeated-measures correlation and the statsBy within/between
// split, same-session and lagged, run in-process on test/fixtures/stages-correlation/sessions.csv
// and compared with stages-correlation.R: the rmcorr formula from lm(y ~ factor(patient) + x)
// (anova SS, df.residual, F-test p, Fisher-z CI with se = 1/sqrt(df − 1)) and psych::statsBy
// (rwg, pwg, ci.wg; rbg, pbg, ci.bg). Tolerance 1e-8 relative.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSpecText, tempProject } from '../helpers/temp-project.ts';
import type { WithinPatientRow } from '../../src/stages/within-patient.ts';
import { closeRel, R, SCORED, SESSIONS_CSV } from '../fixtures/stages-correlation/fixture.ts';

const TOL = 1e-8;
const spec = `
name: t
seed: 11
stages:${SCORED}
  - id: within
    type: within-patient
    from: scored
    pairs:
      - { x: wai_total, y: phq_total }
      - { x: wai_total, y: phq_total, lag: 1, yAs: improvement, label: Alliance at t × PHQ-9 improvement to the next session }
  - id: within3
    type: within-patient
    from: scored
    minPairs: 3
    pairs:
      - { x: wai_total, y: phq_total, lag: 1 }
  - id: report
    type: report
`;

let project: ReturnType<typeof tempProject>;
let outcome: Awaited<ReturnType<typeof runSpecText>>;
const rows = (id: string) => (outcome.results[id] as { correlations: WithinPatientRow[] }).correlations;

beforeAll(async () => {
  project = tempProject({ 'sessions.csv': SESSIONS_CSV });
  outcome = await runSpecText(project.dir, spec);
});
afterAll(() => project?.dispose());

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function compare(row: WithinPatientRow, r: any, what: string) {
  for (const k of ['n', 'patients', 'incompletePairs', 'droppedPatients', 'droppedPairs'] as const) expect(row[k], `${what} ${k}`).toBe(r[k]);
  expect(row.rmcorr.df, `${what} rmcorr df`).toBe(r.rmcorr.df);
  for (const k of ['r', 'p', 'ciLower', 'ciUpper', 'slope'] as const) closeRel(row.rmcorr[k], r.rmcorr[k], TOL, `${what} rmcorr ${k}`);
  for (const level of ['within', 'between'] as const) {
    for (const k of ['r', 'p', 'ciLower', 'ciUpper'] as const) closeRel(row.statsBy[level][k], r[level][k], TOL, `${what} statsBy ${level} ${k}`);
  }
}

describe('within-patient stage against R', () => {
  it('same-session rmcorr (lm(phq ~ factor(patient) + wai)) and statsBy split', () => {
    compare(rows('within')[0], R.within.same, 'lag 0');
  });

  it('lag 1: alliance at t with the improvement to the next recorded session (R: ave(..., c(v[-1], NA)))', () => {
    const row = rows('within')[1];
    expect(row).toMatchObject({ lag: 1, yAs: 'improvement' });
    compare(row, R.within.lag1Improvement, 'lag 1 improvement');
  });

  it('minPairs 3 drops patients with fewer than three complete pairs', () => {
    compare(rows('within3')[0], R.within.lag1Score3, 'lag 1, minPairs 3');
  });

  it('counts dropped sessions and patients in the ledger: missing values as excluded, what the design rules out as not applicable', () => {
    const mine = outcome.ledger.entries.filter((e) => e.stage === 'within3');
    const count = (reason: string) => mine.find((e) => e.reason === reason)?.count ?? 0;
    // at lag 1 every patient's last recorded session has no next one: one row per patient of the file
    const header = SESSIONS_CSV.split('\n')[0].split(',');
    const patients = new Set(SESSIONS_CSV.trim().split('\n').slice(1).map((l) => l.split(',')[header.indexOf('patient')])).size;
    expect(rows('within3')[0].lastSessions).toBe(patients);
    expect(count('no-later-session')).toBe(patients);
    expect(mine.find((e) => e.reason === 'no-later-session')?.action).toBe('not-applicable');
    expect(count('incomplete-pair')).toBe(R.within.lag1Score3.incompletePairs - patients);
    expect(mine.find((e) => e.reason === 'incomplete-pair')?.action).toBe('excluded');
    // patients with some but fewer than 3 pairs: too few sessions (not applicable) or missing values (excluded)
    expect(count('too-few-pairs') + count('too-few-sessions')).toBe(R.within.lag1Score3.droppedPatients);
    expect(count('too-few-sessions')).toBeGreaterThan(0);
  });

  it('writes APA sentences with the rmcorr df', () => {
    expect(rows('within')[0].apa.rmcorr).toMatch(new RegExp(`^r_rm\\(${R.within.same.rmcorr.df}\\) = `));
  });
});

describe('within-patient stage: figure and options', () => {
  it('samples the centred scatter to 5,000 sessions and says so', async () => {
    // 700 patients × 10 sessions = 7,000 points; x and y are arbitrary numbers (the figure rule is tested, not statistics).
    const lines = ['patient,session,a,b'];
    for (let p = 0; p < 700; p++) for (let s = 1; s <= 10; s++) lines.push(`P${p},${s},${(p * 7 + s * 13) % 17},${(p * 5 + s * s) % 11}`);
    const big = tempProject({ 'big.csv': lines.join('\n') });
    try {
      const run = await runSpecText(
        big.dir,
        `name: t\nseed: 3\nstages:\n  - { id: s, type: ingest, file: big.csv }\n  - { id: w, type: within-patient, from: s, pairs: [{ x: a, y: b }] }\n  - { id: report, type: report }\n`,
      );
      expect((run.results.w as { correlations: WithinPatientRow[] }).correlations[0].n).toBe(7000);
      const html = (await import('node:fs')).readFileSync(`${big.dir}/out/figures/w-centred-1.vl.json`, 'utf8');
      const fig = JSON.parse(html) as { layer: { data: { values: unknown[] } }[] };
      expect(fig.layer[0].data.values).toHaveLength(5000);
      const report = (await import('node:fs')).readFileSync(`${big.dir}/out/index.html`, 'utf8');
      expect(report).toContain('simple random sample of 5,000 of the 7,000 sessions (seed 3)');
    } finally {
      big.dispose();
    }
  });

  it('refuses yAs: improvement without a lag, or of a column whose direction is unknown (plan errors)', async () => {
    const p = tempProject({ 'sessions.csv': SESSIONS_CSV });
    try {
      await expect(runSpecText(p.dir, `name: t\nstages:${SCORED}\n  - { id: w, type: within-patient, from: scored, pairs: [{ x: wai_total, y: phq_total, yAs: improvement }] }\n`)).rejects.toThrow(/lag/);
      await expect(runSpecText(p.dir, `name: t\nstages:${SCORED}\n  - { id: w, type: within-patient, from: scored, pairs: [{ x: wai_total, y: phq1, lag: 1, yAs: improvement }] }\n`)).rejects.toThrow(/yHigherIsBetter/);
    } finally {
      p.dispose();
    }
  });
});
