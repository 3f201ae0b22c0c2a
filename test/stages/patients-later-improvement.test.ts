// Stage `patients`: `<outcome>_prior_improvement` (baseline → last score at a session ≤ k) and
// `<outcome>_later_improvement` (that score → final) are missing, not 0, when there is no score to
// change to: later when no outcome score follows session k (early dropouts, a single score), prior
// when the score at k is the baseline score itself. Each such patient is counted in the ledger.
// Reference: test/fixtures/patients-later/patients-later.R (base R by hand on sessions.csv, k = 3:
// per-patient prior / later with NA; the partial correlation of first3 and later given baseline and
// prior as cor(resid(lm(first3 ~ baseline + prior)), resid(lm(later ~ baseline + prior))) on
// complete cases; cor.test(first3, later)) → patients-later.json. Tolerance 1e-10 relative.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSpecTextSeeing, tempProject } from '../helpers/temp-project.ts';
import { patients } from '../../src/stages/patients.ts';
import type { CorrelationRow } from '../../src/stages/correlate.ts';
import type { RunOutcome } from '../../src/engine/run-pipeline.ts';

const here = new URL('../fixtures/patients-later/', import.meta.url);
const SESSIONS = readFileSync(new URL('sessions.csv', here), 'utf8');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const R: any = JSON.parse(readFileSync(new URL('patients-later.json', here), 'utf8'));
const TOL = 1e-10;

const spec = `
name: t
stages:
  - { id: sessions, type: ingest, file: sessions.csv }
  - { id: patients, type: patients, from: sessions, outcome: phq_total, alliance: [wai_total], session: 3, outcomeHigherIsBetter: false }
  - id: cor
    type: correlate
    from: patients
    adjust: none
    pairs:
      - { x: wai_total_first3, y: phq_total_later_improvement }
      - { x: wai_total_first3, y: phq_total_later_improvement, covariates: [phq_total_baseline, phq_total_prior_improvement] }
`;

type Row = { patient: string; prior: number | null; later: number | null; first3: number | null };
let project: ReturnType<typeof tempProject>;
let outcome: RunOutcome;
let rows: Row[] = [];
let methods: string[] = [];
beforeAll(async () => {
  project = tempProject({ 'sessions.csv': SESSIONS });
  outcome = await runSpecTextSeeing(project.dir, spec, patients, async (_, ctx, out) => {
    methods = out.methods ?? [];
    rows = (await ctx.db.rows(
      `SELECT patient, phq_total_prior_improvement::DOUBLE AS prior, phq_total_later_improvement::DOUBLE AS later, wai_total_first3::DOUBLE AS first3 FROM t_patients`,
    )) as Row[];
  });
});
afterAll(() => project?.dispose());

function close(actual: number | null, expected: number | null, what: string) {
  if (expected === null) return expect(actual, `${what}: R gives NA`).toBeNull();
  expect(actual, what).toBeTypeOf('number');
  expect(Math.abs((actual as number) - expected), `${what}: got ${actual}, R gives ${expected}`).toBeLessThanOrEqual(TOL * Math.max(Math.abs(expected), 1e-12));
}

describe('patients: prior and later improvement', () => {
  it('equal R per patient, missing when there is no later score (hand-made cases A–H and 60 random patients)', () => {
    const byId = new Map(rows.map((r) => [r.patient, r]));
    expect(byId.size).toBe(R.patients.length);
    for (const e of R.patients as Row[]) {
      const got = byId.get(e.patient);
      expect(got, e.patient).toBeDefined();
      close(got!.prior, e.prior, `${e.patient} prior`);
      close(got!.later, e.later, `${e.patient} later`);
      close(got!.first3, e.first3, `${e.patient} first3`);
    }
  });

  it('hand-made cases: a last score at k, a single score, no score between baseline and k', () => {
    const get = (p: string) => rows.find((r) => r.patient === p)!;
    expect([get('B').prior, get('B').later]).toEqual([4, null]); // 18, 17, 14 at 1–3; session 5 without a score
    expect([get('C').prior, get('C').later]).toEqual([null, null]); // one score
    expect([get('D').prior, get('D').later]).toEqual([null, 11]); // 22 at 1, then 14, 11 at 5, 6
    expect([get('H').prior, get('H').later]).toEqual([4, null]); // 17, 13 at 2, 3
    expect(get('F').first3).toBe(36); // sessions 0–3: (30 + 36 + 38 + 40) / 4
  });

  it('correlate: the plain and the partial correlation of first3 with later improvement equal R (n, r; cor.test p)', () => {
    const [plain, partial] = (outcome.results.cor as { correlations: CorrelationRow[] }).correlations;
    expect(plain.n).toBe(R.pearson.n);
    close(plain.r, R.pearson.r, 'pearson r');
    close(plain.p, R.pearson.p, 'pearson p');
    expect(partial.n).toBe(R.partial.n);
    close(partial.r, R.partial.r, 'partial r');
  });

  it('counts the patients without prior or later improvement in the ledger', () => {
    const count = (reason: string) => outcome.ledger.entries.find((e) => e.stage === 'patients' && e.reason === reason)?.count;
    expect(count('no-score-after-session-k')).toBe(R.ledger.noScoreAfterK);
    expect(count('no-score-between-baseline-and-k')).toBe(R.ledger.noScoreBetweenBaselineAndK);
    expect(count('no-score-by-session-k')).toBe(R.ledger.noScoreByK);
  });

  it('the methods text says the early mean is of the sessions numbered up to k (session 0 included)', () => {
    expect(methods[0]).toContain('the mean of the sessions numbered up to 3');
    expect(methods[0]).not.toContain('sessions 1–3');
  });
});
