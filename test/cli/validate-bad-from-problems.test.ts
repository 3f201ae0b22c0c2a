// `alliance validate` lists every problem of a spec at once (README "Pipelines": validate "reports
// every problem at once with its spec path"). A stage whose `from` names no earlier stage (a typo)
// used to stop its plan at that reference, so its problems that do not need the table were listed
// only once `from` was fixed: an option combination the plan refuses (change's method rci without a
// reliability, correlate's kendall with covariates, within-patient's yAs without a lag, meta's
// three-level model with test knha), a reserved file name (export-summary), a list entry refused on
// its own (growth's time term, a derived column's name, ruptures' empty presets), a formula that
// does not parse (mixed), the outcome of another table (sudden), an unknown instrument (score). Each spec below has a misspelled
// `from` and one such problem; both must be listed, the `from` one first (the option checked
// first), each with the message a spec with the right `from` gets for it.
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { REPO, tempProject } from '../helpers/temp-project.ts';
import { validateFailureLines } from '../helpers/validate-spec-errors.ts';

const HEAD = `name: bad-from
stages:
  - { id: sessions, type: ingest, file: ${join(REPO, 'data-samples/rom-small.csv')} }
  - { id: scored, type: score, from: sessions, instruments: [{ instrument: phq-9, prefix: phq }, { instrument: wai-sr, prefix: wai }] }
  - { id: patients, type: patients, from: scored, outcome: phq_total, alliance: [wai_total] }
`;
const TO_PATIENTS = "stages[3].from: no earlier stage with id 'patiens'. Did you mean 'patients'?";
const TO_SCORED = "stages[3].from: no earlier stage with id 'scord'. Did you mean 'scored'?";

/** Stage, the stage's spec line (its `from` misspelled) and the two problems validate must list. */
const CASES: [string, string, string, string][] = [
  ['change', '{ id: c, type: change, from: patiens, outcome: phq_total, method: rci }', TO_PATIENTS, 'stages[3].reliability: method rci needs a reliability (give reliability: or an instrument that has one)'],
  [
    'correlate',
    '{ id: r, type: correlate, from: patiens, method: kendall, pairs: [{ x: wai_total_mean, y: phq_total_improvement, covariates: [phq_total_baseline] }] }',
    TO_PATIENTS,
    'stages[3].pairs[0].covariates: partial correlations are available for pearson and spearman, not kendall',
  ],
  [
    'export-summary',
    '{ id: s, type: export-summary, from: patiens, site: A, file: results.json, correlations: [{ x: wai_total_mean, y: phq_total_improvement }] }',
    TO_PATIENTS,
    "stages[3].file: 'results.json' is a file of the report folder itself; name the file differently (e.g. summary.json)",
  ],
  ['growth', '{ id: g, type: growth, from: scord, variables: [session] }', TO_SCORED, "stages[3].variables[0]: 'session' is the model's time term; growth models a session-level score over sessions"],
  ['meta', '{ id: m, type: meta, from: scord, yi: yi, vi: vi, test: knha, threeLevel: { study: study } }', TO_SCORED, "stages[3].test: the three-level model supports test 'z' or 't'"],
  ['within-patient', '{ id: w, type: within-patient, from: scord, pairs: [{ x: wai_total, y: phq_total, yAs: change }] }', TO_SCORED, 'stages[3].pairs[0].lag: yAs: change needs lag ≥ 1 (change from session t to t + lag)'],
  ['sudden', '{ id: sd, type: sudden, from: scord, score: phq_total, outcome: { from: patients, column: phq_totl_final } }', TO_SCORED, "stages[3].outcome.column: column 'phq_totl_final' is not in table 'patients'. Did you mean 'phq_total_final'?"],
  ['ruptures', '{ id: ru, type: ruptures, from: scord, score: wai_total, presets: [] }', TO_SCORED, 'stages[3].presets: name at least one preset or give rules'],
  ['mixed', "{ id: mx, type: mixed, from: scord, formula: 'phq_total ~ session + (1 | patient' }", TO_SCORED, 'stages[3].formula: formula "phq_total ~ session + (1 | patient": expected \')\' closing the random-effect term but the formula ended at character 35'],
  ['score', '{ id: sc, type: score, from: scord, instruments: [{ instrument: phq9 }] }', TO_SCORED, "stages[3].instruments[0].instrument: unknown instrument 'phq9'. Did you mean 'phq-9'? Known: wai, wai-s, wai-sr, srs, oq-45, phq-9, gad-7, core-10, ors"],
  [
    'derive',
    "{ id: d, type: derive, from: scord, columns: { Half: 'phq_total / 2' } }",
    TO_SCORED,
    "stages[3].columns.Half: column name 'Half' must start with a lower-case letter and use only a–z, 0–9 and '_' (at most 64 characters)",
  ],
];

const project = tempProject(Object.fromEntries(CASES.map(([stage, line]) => [`${stage}.yaml`, `${HEAD}  - ${line}\n`])));
afterAll(() => project.dispose());

/** The problem lines without their location (`file, line L, column C: `), which each must have. */
function problems(file: string): string[] {
  const [heading, ...lines] = validateFailureLines(file, project.dir);
  expect(heading).toBe(`error: the pipeline spec has ${lines.length} problem${lines.length === 1 ? '' : 's'}:`);
  return lines.map((l) => {
    const m = /^ {2}\S+\.yaml, line \d+, column \d+: (.*)$/.exec(l);
    expect(m, l).not.toBeNull();
    return m![1];
  });
}

describe('alliance validate lists a stage problem that does not need the table beside a misspelled from', () => {
  it.each(CASES)('%s', (stage, _line, from, other) => {
    expect(problems(`${stage}.yaml`)).toEqual([from, other]);
  });
});
