// `alliance validate` lists every independent option problem of a meta stage (README "Pipelines":
// validate "reports every problem at once with its spec path"). The meta plan's checks (columns,
// r/n and yi/vi/sei pairing, the three-level model's method, test and subgroup) used to throw at
// the first non-column problem, so a three-level spec with a misspelled yi and vi, method DL, test
// knha and a subgroup listed the columns and the method only; a spec with both r and yi stopped
// before checking its study column. Expected: one line per problem, in the order the options are
// checked, with the YAML line/column of the value in the spec text below.
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { REPO, tempProject } from '../helpers/temp-project.ts';
import { validateFailureLines } from '../helpers/validate-spec-errors.ts';

const head = (file: string) => `name: meta-problems
stages:
  - id: studies
    type: import-studies
    file: ${join(REPO, 'data-samples/meta', file)}
`;
const THREE_LEVEL = `${head('bcg.csv')}  - { id: m, type: meta, from: studies, yi: yy, vi: vv, method: DL, test: knha, subgroup: ablat, threeLevel: { study: study } }
`;
const PAIRING = `${head('molloy2014.csv')}  - { id: m, type: meta, from: studies, r: r, yi: r, study: studyy }
  - { id: none, type: meta, from: studies, study: studyy }
`;
const project = tempProject({ 'three-level.yaml': THREE_LEVEL, 'pairing.yaml': PAIRING });
afterAll(() => project.dispose());

const validateLines = (file: string) => validateFailureLines(file, project.dir);

describe('alliance validate lists every independent option problem of a meta stage', () => {
  it('misspelled yi and vi, and the three-level model with method DL, test knha and a subgroup', () => {
    expect(validateLines('three-level.yaml')).toEqual([
      'error: the pipeline spec has 5 problems:',
      "  three-level.yaml, line 6, column 45: stages[1].yi: column 'yy' is not in table 'studies'. Did you mean 'yi'?",
      "  three-level.yaml, line 6, column 53: stages[1].vi: column 'vv' is not in table 'studies'. Did you mean 'vi'?",
      '  three-level.yaml, line 6, column 65: stages[1].method: the three-level model is fitted by REML or ML, not DL',
      "  three-level.yaml, line 6, column 75: stages[1].test: the three-level model supports test 'z' or 't'",
      '  three-level.yaml, line 6, column 91: stages[1].subgroup: subgroups are fitted with the univariate model; drop threeLevel or use the column in mods',
    ]);
  });

  it('r without n, r beside yi, no effect columns at all, and a misspelled study column', () => {
    expect(validateLines('pairing.yaml')).toEqual([
      'error: the pipeline spec has 5 problems:',
      '  pairing.yaml, line 6, column 5: stages[1].n: correlations need both `r` and `n`',
      '  pairing.yaml, line 6, column 51: stages[1].yi: give either `r` + `n` or `yi` + `vi`/`sei`, not both',
      "  pairing.yaml, line 6, column 61: stages[1].study: column 'studyy' is not in table 'studies'. Did you mean 'study'?",
      '  pairing.yaml, line 7, column 5: stages[2].r: name the effect-size columns: `r` + `n` (correlations) or `yi` + `vi`/`sei`',
      "  pairing.yaml, line 7, column 51: stages[2].study: column 'studyy' is not in table 'studies'. Did you mean 'study'?",
    ]);
  });
});
