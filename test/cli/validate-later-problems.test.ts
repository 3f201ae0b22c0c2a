// `alliance validate` (and the plan check before `run`) lists every problem of a stage, not only the
// first one its plan throws (README "Pipelines": validate "reports every problem at once with its
// spec path"). Two gaps, each with the full list it must print:
// 1. a check that throws for one list entry (correlate: `method: kendall` with `covariates`) stopped
//    the stage's loop over `pairs`, hiding the later entries' problems (a misspelled pairs[3].x);
// 2. once a bad column was recorded, whatever the stage threw afterwards was dropped (trajectories
//    from a table without a session column; export-summary writing over results.json).
// Expected lines: spec path, YAML line/column of the value in the text below, and the did-you-mean
// against the columns the patients stage makes (wai_total_mean, phq_total_improvement, …).
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { SpecErrors } from '../../src/engine/errors.ts';
import { REPO, runSpecText, tempProject } from '../helpers/temp-project.ts';
import { validateFailureLines } from '../helpers/validate-spec-errors.ts';

const HEAD = `name: later
stages:
  - { id: sessions, type: ingest, file: ${join(REPO, 'data-samples/rom-small.csv')} }
  - { id: scored, type: score, from: sessions, instruments: [{ instrument: phq-9, prefix: phq }, { instrument: wai-sr, prefix: wai }] }
  - { id: patients, type: patients, from: scored, outcome: phq_total, alliance: [wai_total] }
`;
const KENDALL = `${HEAD}  - id: r
    type: correlate
    from: patients
    method: kendall
    pairs:
      - { x: wai_total_mean, y: phq_total_improvement, covariates: [phq_total_baseline] }
      - { x: wai_total_mean, y: phq_totl_improvement, covariates: [phq_total_baseline] }
      - { x: wai_total_mean, y: phq_total_final }
      - { x: wai_totl_mean, y: phq_total_improvement }
`;
const AFTER_COLUMN = `${HEAD}  - { id: t, type: trajectories, from: patients, variables: [wai_totl_mean] }
  - { id: s, type: export-summary, from: patients, site: A, file: results.json, correlations: [{ x: wai_total_mean, y: phq_totl_improvement }] }
`;
// what a misspelled column brings about is not listed beside it: within-patient cannot tell the
// direction of 'phq_totl' and sudden finds 'phqtotal' is no instrument score only because they are absent
const CONSEQUENCE = `name: consequence
stages:
  - { id: sessions, type: ingest, file: ${join(REPO, 'data-samples/rom-small.csv')} }
  - { id: scored, type: score, from: sessions, instruments: [{ instrument: phq-9, prefix: phq }, { instrument: wai-sr, prefix: wai }] }
  - { id: wp, type: within-patient, from: scored, pairs: [{ x: wai_total, y: phq_totl, lag: 1, yAs: improvement }] }
  - { id: sd, type: sudden, from: scored, score: phqtotal }
`;
const NOT_KENDALL = 'partial correlations are available for pearson and spearman, not kendall';

// the same for growth (variables), within-patient (pairs) and export-summary (differences): a
// problem one entry throws no longer hides a misspelled column in a later entry
const ENTRIES = `${HEAD}  - { id: g, type: growth, from: scored, variables: [session, wai_totl] }
  - { id: w, type: within-patient, from: scored, pairs: [{ x: wai_total, y: phq_total, yAs: improvement }, { x: wai_totl, y: phq_total }] }
  - { id: e, type: export-summary, from: patients, site: A, differences: [{ variable: phq_total_improvement, by: modality, groups: [CBT, CBT] }, { variable: wai_totl_mean, by: modality, groups: [CBT, PDT] }] }
`;
// sudden and ruptures check options one after another; each check used to throw, so only the first
// problem was listed
const SEQUENTIAL = `${HEAD}  - { id: sd, type: sudden, from: patients, score: wai_total_mean }
  - { id: ru, type: ruptures, from: patients, score: wai_total_mean, presets: [rci], rules: [{ name: rci, threshold: { type: absolute, value: 1 } }] }
`;

// a column name ingest cannot find in the file (under text: or columns:) no longer hides the later
// stages' problems: the table is planned as it will be once the name is corrected
const INGEST_NAMES = `name: names
stages:
  - { id: sessions, type: ingest, file: ${join(REPO, 'data-samples/rom-small.csv')}, text: [sitee], columns: { patient: patiant, therapist: therapist } }
  - { id: scored, type: score, from: sessions, instruments: [{ instrument: phq-9, prefix: phq }, { instrument: wai-sr, prefix: wai }] }
  - { id: patients, type: patients, from: scored, outcome: phq_totl, alliance: [wai_total] }
  - { id: t, type: trajectories, from: scored, variables: [wai_totl], by: modality }
`;

const p = tempProject({ 'kendall.yaml': KENDALL, 'after-column.yaml': AFTER_COLUMN, 'consequence.yaml': CONSEQUENCE, 'entries.yaml': ENTRIES, 'sequential.yaml': SEQUENTIAL, 'ingest-names.yaml': INGEST_NAMES });
afterAll(() => p.dispose());

/** The lines `alliance validate FILE` prints on stderr; it must fail with exit 1 and print nothing on stdout. */
const validateLines = (file: string) => validateFailureLines(file, p.dir);

describe('alliance validate lists every problem of a stage', () => {
  it('goes on to the next pairs entry after one entry fails (correlate, kendall with covariates)', () => {
    expect(validateLines('kendall.yaml')).toEqual([
      'error: the pipeline spec has 4 problems:',
      `  kendall.yaml, line 11, column 68: stages[3].pairs[0].covariates: ${NOT_KENDALL}`,
      "  kendall.yaml, line 12, column 33: stages[3].pairs[1].y: column 'phq_totl_improvement' is not in table 'patients'. Did you mean 'phq_total_improvement'?",
      `  kendall.yaml, line 12, column 67: stages[3].pairs[1].covariates: ${NOT_KENDALL}`,
      "  kendall.yaml, line 14, column 14: stages[3].pairs[3].x: column 'wai_totl_mean' is not in table 'patients'. Did you mean 'wai_total_mean' or 'wai_total_n'?",
    ]);
  });

  it('lists what a stage throws after a bad column (trajectories, export-summary)', () => {
    expect(validateLines('after-column.yaml')).toEqual([
      'error: the pipeline spec has 4 problems:',
      "  after-column.yaml, line 6, column 62: stages[3].variables[0]: column 'wai_totl_mean' is not in table 'patients'. Did you mean 'wai_total_mean' or 'wai_total_n'?",
      "  after-column.yaml, line 6, column 40: stages[3].from: table 'patients' has no session column",
      "  after-column.yaml, line 7, column 120: stages[4].correlations[0].y: column 'phq_totl_improvement' is not in table 'patients'. Did you mean 'phq_total_improvement'?",
      "  after-column.yaml, line 7, column 67: stages[4].file: 'results.json' is a file of the report folder itself; name the file differently (e.g. summary.json)",
    ]);
  });

  it('leaves out a thrown problem that names a column found absent (within-patient, sudden)', () => {
    expect(validateLines('consequence.yaml')).toEqual([
      'error: the pipeline spec has 2 problems:',
      "  consequence.yaml, line 5, column 78: stages[2].pairs[0].y: column 'phq_totl' is not in table 'scored'. Did you mean 'phq_total'?",
      "  consequence.yaml, line 6, column 50: stages[3].score: column 'phqtotal' is not in table 'scored'. Did you mean 'phq_total'?",
    ]);
  });

  it('stops `run` before any stage with the same list', async () => {
    const paths = async (yaml: string) => {
      const e = await runSpecText(p.dir, yaml).then(() => undefined, (x: unknown) => x);
      expect(e).toBeInstanceOf(SpecErrors);
      return (e as SpecErrors).errors.map((x) => x.specPath);
    };
    expect(await paths(KENDALL)).toEqual(['stages[3].pairs[0].covariates', 'stages[3].pairs[1].y', 'stages[3].pairs[1].covariates', 'stages[3].pairs[3].x']);
    expect(await paths(AFTER_COLUMN)).toEqual(['stages[3].variables[0]', 'stages[3].from', 'stages[4].correlations[0].y', 'stages[4].file']);
  });
});

describe('alliance validate goes on past ingest\'s misspelled column names', () => {
  it('lists them with the later stages\' problems, in one round', () => {
    // the columns of line 3 depend on the checkout's path, written into it
    const at = (line: number, value: string) => `line ${line}, column ${INGEST_NAMES.split('\n')[line - 1]!.indexOf(value) + 1}`;
    const file = join(REPO, 'data-samples/rom-small.csv');
    expect(validateLines('ingest-names.yaml')).toEqual([
      'error: the pipeline spec has 4 problems:',
      `  ingest-names.yaml, ${at(3, '[sitee]')}: stages[0].text: column 'sitee' is not in ${file}. Did you mean 'site'?`,
      `  ingest-names.yaml, ${at(3, 'patiant')}: stages[0].columns.patient: column 'patiant' is not in ${file}. Did you mean 'patient'?`,
      `  ingest-names.yaml, ${at(5, 'phq_totl')}: stages[2].outcome: column 'phq_totl' is not in table 'scored'. Did you mean 'phq_total'?`,
      `  ingest-names.yaml, ${at(6, 'wai_totl')}: stages[3].variables[0]: column 'wai_totl' is not in table 'scored'. Did you mean 'wai_total' or 'wai_goal'?`,
    ]);
  });
});

describe('alliance validate goes on after a failing list entry in growth, within-patient and export-summary', () => {
  it('lists the later entries\' misspelled columns too', () => {
    expect(validateLines('entries.yaml')).toEqual([
      'error: the pipeline spec has 6 problems:',
      "  entries.yaml, line 6, column 54: stages[3].variables[0]: 'session' is the model's time term; growth models a session-level score over sessions",
      "  entries.yaml, line 6, column 63: stages[3].variables[1]: column 'wai_totl' is not in table 'scored'. Did you mean 'wai_total' or 'wai_goal'?",
      '  entries.yaml, line 7, column 58: stages[4].pairs[0].lag: yAs: improvement needs lag ≥ 1 (change from session t to t + lag)',
      "  entries.yaml, line 7, column 113: stages[4].pairs[1].x: column 'wai_totl' is not in table 'scored'. Did you mean 'wai_total' or 'wai_goal'?",
      '  entries.yaml, line 8, column 132: stages[5].differences[0].groups: name two different groups',
      "  entries.yaml, line 8, column 158: stages[5].differences[1].variable: column 'wai_totl_mean' is not in table 'patients'. Did you mean 'wai_total_mean' or 'wai_total_n'?",
    ]);
  });
});

describe('alliance validate lists every independent option problem of sudden and ruptures', () => {
  it('lists them all', () => {
    expect(validateLines('sequential.yaml')).toEqual([
      'error: the pipeline spec has 6 problems:',
      "  sequential.yaml, line 6, column 35: stages[3].from: table 'patients' has no session column",
      "  sequential.yaml, line 6, column 5: stages[3].direction: 'wai_total_mean' is not an instrument score; give direction: decrease or increase",
      "  sequential.yaml, line 6, column 5: stages[3].crit1: 'wai_total_mean' is not an instrument score, so there is no default reliability: give crit1 (points, {reliability, sd} or none)",
      "  sequential.yaml, line 7, column 37: stages[4].from: table 'patients' has no session column",
      "  sequential.yaml, line 7, column 5: stages[4].reliability: preset 'rci' needs a reliability (give reliability:)",
      "  sequential.yaml, line 7, column 93: stages[4].rules: rule name 'rci' is used twice",
    ]);
  });
});
