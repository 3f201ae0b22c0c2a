// `alliance validate` lists a stage's problems in the order of their lines in the spec, as a reader
// goes through the file. It listed the schema problems (found first) before the plan's column
// problems, so an unknown option on line 18 came before a bad enum value on line 15 and a misspelled
// column on line 17. Problems on one line keep the order found; a data file's problem keeps its place.
import { afterAll, expect, it } from 'vitest';
import { REPO, tempProject } from '../helpers/temp-project.ts';
import { validateFailureLines } from '../helpers/validate-spec-errors.ts';

const p = tempProject({
  'order.yaml': `name: order
stages:
  - id: sessions
    type: ingest
    file: ${REPO}/data-samples/rom-small.csv
  - id: scored
    type: score
    from: sessions
    instruments: [{ instrument: wai-sr, prefix: wai }]
  - id: c
    type: correlate
    from: scored
    pairs:
      - { x: wai_totl, y: wai_bond }
    method: pearsn
    levle: 0.9
`,
});
afterAll(() => p.dispose());

it('lists the problems of a stage by line', () => {
  expect(validateFailureLines('order.yaml', p.dir).map((l) => l.replace(/ Allowed: .*$/, ''))).toEqual([
    'error: the pipeline spec has 4 problems:',
    "  order.yaml, line 12, column 11: stages[2].from: table 'scored' has one row per session; correlate needs one row per patient (point from at a patients or change stage; within-patient and within-between correlate session-level scores)",
    "  order.yaml, line 14, column 14: stages[2].pairs[0].x: column 'wai_totl' is not in table 'scored'. Did you mean 'wai_total' or 'wai_goal'?",
    "  order.yaml, line 15, column 13: stages[2].method: must be one of 'pearson', 'spearman', 'kendall' (got 'pearsn'). Did you mean 'pearson'?",
    "  order.yaml, line 16, column 5: stages[2].levle: unknown option 'levle'. Did you mean 'level'?",
  ]);
});
