// `alliance validate` names each bad column of a list entry on its own line (README "Pipelines":
// validate "reports every problem at once with its spec path"). Before, a correlate pair
// `{ x: wai_totl, y: phq_totl }` gave one line (pairs[0].x) and hid pairs[0].y; the same held for
// within-patient pairs[i].x/.y and export-summary correlations[i].x/.y and differences[i].variable/.by,
// because the plan kept one column problem per list entry instead of one per spec path.
// Expected: one line per bad column with its spec path, YAML position (the column of the value in
// the text above) and did-you-mean (rom-small.csv has wai1..wai12 and phq1..phq9).
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { cli, REPO, tempProject } from '../helpers/temp-project.ts';

const SPEC = `name: pairs
stages:
  - { id: sessions, type: ingest, file: ${join(REPO, 'data-samples/rom-small.csv')} }
  - { id: wp, type: within-patient, from: sessions, pairs: [{ x: wai01, y: phq01 }] }
  - id: cor
    type: correlate
    from: sessions
    pairs:
      - { x: wai01, y: phq01 }
`;
const p = tempProject({ 'pipeline.yaml': SPEC });
afterAll(() => p.dispose());

/** `alliance validate` on a pipeline of stages after ingesting rom-small.csv as `sessions`: its stderr lines (exit 1 expected). */
function validateLines(name: string, stages: string): string[] {
  const q = tempProject({ 'pipeline.yaml': `name: ${name}\nstages:\n  - { id: sessions, type: ingest, file: ${join(REPO, 'data-samples/rom-small.csv')} }\n${stages}` });
  try {
    const r = cli(['validate', 'pipeline.yaml'], q.dir);
    expect(r.status).toBe(1);
    return r.stderr.trimEnd().split('\n');
  } finally {
    q.dispose();
  }
}

describe('alliance validate: both columns of one pair are located', () => {
  it('lists pairs[0].x and pairs[0].y of within-patient and correlate, each with its did-you-mean', () => {
    const r = cli(['validate', 'pipeline.yaml'], p.dir);
    expect(r.status).toBe(1);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('error: the pipeline spec has 4 problems:');
    expect(lines.slice(1)).toEqual([
      "  pipeline.yaml, line 4, column 66: stages[1].pairs[0].x: column 'wai01' is not in table 'sessions'. Did you mean 'wai1', 'wai10' or 'wai11'?",
      "  pipeline.yaml, line 4, column 76: stages[1].pairs[0].y: column 'phq01' is not in table 'sessions'. Did you mean 'phq1'?",
      "  pipeline.yaml, line 9, column 14: stages[2].pairs[0].x: column 'wai01' is not in table 'sessions'. Did you mean 'wai1', 'wai10' or 'wai11'?",
      "  pipeline.yaml, line 9, column 24: stages[2].pairs[0].y: column 'phq01' is not in table 'sessions'. Did you mean 'phq1'?",
    ]);
  });

  // score: each listed item column is located at its own list entry (items[2], items[8]); before,
  // the first missing item of an instrument hid the others
  it('lists each missing item column of a listed score instrument, each with its did-you-mean', () => {
    expect(
      validateLines(
        'items',
        `  - id: scored
    type: score
    from: sessions
    instruments:
      - { instrument: phq-9, items: [phq1, phq2, phqx3, phq4, phq5, phq6, phq7, phq8, phqy9] }
`,
      ),
    ).toEqual([
      'error: the pipeline spec has 2 problems:',
      "  pipeline.yaml, line 8, column 50: stages[1].instruments[0].items[2]: column 'phqx3' is not in table 'sessions'. Did you mean 'phq3'?",
      "  pipeline.yaml, line 8, column 87: stages[1].instruments[0].items[8]: column 'phqy9' is not in table 'sessions'. Did you mean 'phq9'?",
    ]);
  });

  // a pair no data can make sense of: found by validate, not after ingest as r = 1 or a singular fit
  it('names a correlate pair whose y is its x, and covariates that are x or y or repeated', () => {
    expect(
      validateLines(
        'same',
        `  - id: cor
    type: correlate
    from: sessions
    pairs:
      - { x: wai1, y: wai1 }
      - { x: wai1, y: phq1, covariates: [phq2, phq1, phq2] }
`,
      ),
    ).toEqual([
      'error: the pipeline spec has 3 problems:',
      "  pipeline.yaml, line 8, column 23: stages[1].pairs[0].y: the same column as x ('wai1'): a column correlates 1 with itself; name two different columns",
      "  pipeline.yaml, line 9, column 48: stages[1].pairs[1].covariates[1]: 'phq1' is also y of this pair; a column partialled out of itself leaves nothing to correlate",
      "  pipeline.yaml, line 9, column 54: stages[1].pairs[1].covariates[2]: repeats 'phq2' (also entry [0]); list each once",
    ]);
    // within-patient: a column with itself in the same session is refused, lagged it is a carry-over question
    expect(validateLines('wpsame', '  - { id: wp, type: within-patient, from: sessions, pairs: [{ x: wai1, y: wai1 }, { x: wai1, y: wai1, lag: 1 }] }\n')).toEqual([
      'error: the pipeline spec has 1 problem:',
      "  pipeline.yaml, line 4, column 75: stages[1].pairs[0].y: the same column as x ('wai1') in the same session: a column correlates 1 with itself; name another column, or give a lag to relate it to a later session",
    ]);
    // compare and within-between: alliance and outcome one column
    expect(
      validateLines(
        'roles',
        `  - { id: wb, type: within-between, from: sessions, alliance: wai1, outcome: wai1 }
  - { id: p, type: patients, from: sessions, outcome: phq1, alliance: [wai1] }
  - { id: c, type: compare, from: p, alliance: wai1_mean, outcome: wai1_mean, margin: { r: 0.1, smd: 0.2 } }
`,
      ),
    ).toEqual([
      'error: the pipeline spec has 2 problems:',
      "  pipeline.yaml, line 4, column 78: stages[1].outcome: the same column as alliance ('wai1'): the model adjusts next-session outcome for this session's, so alliance and outcome must be different columns",
      "  pipeline.yaml, line 6, column 68: stages[3].outcome: the same column as alliance ('wai1_mean'): it correlates 1 with itself in every group; name the outcome column",
    ]);
    // the quick command: usage errors naming the flag
    const data = join(REPO, 'data-samples/rom-small.csv');
    expect(cli(['correlate', data, '-x', 'wai1', '-y', 'wai1']).stderr).toMatch(/^error: --y wai1: the same column as x \('wai1'\): a column correlates 1 with itself; name two different columns\n/);
    expect(cli(['correlate', data, '-x', 'wai1', '-y', 'phq1', '--covariates', 'wai1']).stderr).toMatch(/^error: --covariates wai1: 'wai1' is also x of this pair; a column partialled out of itself leaves nothing to correlate\n/);
    const twice = cli(['correlate', data, '-x', 'wai1', '-y', 'phq1', '--covariates', 'phq2,phq2']);
    expect([twice.status, twice.stderr]).toEqual([2, "error: --covariates lists 'phq2' twice\nRun 'alliance correlate --help' for usage.\n"]);
  });
});
