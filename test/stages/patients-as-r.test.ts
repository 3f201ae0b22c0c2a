// Stage `patients`: every per-patient column against R, on the shipped sample
// data-samples/rom-small.csv (300 patients; WAI-SR and PHQ-9 totals prorated as the score stage
// prorates them). Reference: test/fixtures/patients-as-r/patients-as-r.R (R 4.2.2; values written
// with sprintf("%.17g")): first, last and at-session-3 scores, change and improvements, the score at
// session 3, means (R's mean()), counts: equal to the last bit (Object.is). The slope is R's
// coef(lm(wai_total ~ session))[2], which R computes by a Householder QR decomposition, so its last
// bits are its own (−1.25714285714286 for the first patient, where 44/35 = −1.2571428571428571):
// equal within 1e-12 absolute (WAI-SR points per session; totals run 12–60). Not relative: a slope
// near zero is all rounding (R gives −6.6e-16 for a patient whose exact slope is tiny).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSpecTextSeeing, tempProject } from '../helpers/temp-project.ts';
import { ROM_SMALL_SCORED } from '../helpers/rom-small-scored.ts';
import { patients } from '../../src/stages/patients.ts';

const here = new URL('../fixtures/patients-as-r/', import.meta.url);
const R = JSON.parse(readFileSync(new URL('patients-as-r.json', here), 'utf8')) as { patients: Record<string, string | number | null>[] };
const EXACT = [
  'n_sessions', 'first_session', 'last_session',
  'phq_total_n', 'phq_total_baseline', 'phq_total_final', 'phq_total_at_3',
  'phq_total_change', 'phq_total_improvement', 'phq_total_prior_improvement', 'phq_total_later_improvement',
  'wai_total_s3', 'wai_total_first3', 'wai_total_mean', 'wai_total_n',
];
const SLOPE_TOLERANCE = 1e-12;

const spec = `${ROM_SMALL_SCORED}  - { id: patients, type: patients, from: scored, outcome: phq_total, alliance: [wai_total], session: 3 }
`;

let rows: Record<string, unknown>[] = [];
let project: ReturnType<typeof tempProject>;
beforeAll(async () => {
  project = tempProject();
  await runSpecTextSeeing(project.dir, spec, patients, async (_, ctx) => {
    rows = await ctx.db.rows(`SELECT * FROM t_patients`);
  });
}, 60_000);
afterAll(() => project?.dispose());

const value = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

describe('patients: every per-patient column equals R', () => {
  it('has R\'s patients, in patient order', () => {
    expect(rows.map((r) => r.patient)).toEqual(R.patients.map((p) => p.patient).sort());
  });

  it('first, last and at-k scores, changes, means and counts: to the last bit', () => {
    const got = new Map(rows.map((r) => [r.patient as string, r]));
    const misses: string[] = [];
    for (const e of R.patients) {
      for (const c of EXACT) {
        const want = value(e[c]);
        const have = value(got.get(e.patient as string)?.[c]);
        if (!(want === null ? have === null : Object.is(have, want))) misses.push(`${e.patient} ${c}: ${have} (R ${e[c]})`);
      }
    }
    expect(misses).toEqual([]);
  });

  it(`slope: R's lm within ${SLOPE_TOLERANCE} absolute; missing where R gives NA`, () => {
    const got = new Map(rows.map((r) => [r.patient as string, r]));
    const misses: string[] = [];
    for (const e of R.patients) {
      const want = value(e.wai_total_slope);
      const have = value(got.get(e.patient as string)?.wai_total_slope);
      if (want === null || have === null) {
        if (want !== have) misses.push(`${e.patient}: ${have} (R ${want})`);
        continue;
      }
      if (!(Math.abs(have - want) <= SLOPE_TOLERANCE)) misses.push(`${e.patient}: ${have} (R ${want})`);
    }
    expect(misses).toEqual([]);
  });
});
