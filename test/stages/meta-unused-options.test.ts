// meta options read only beside others, accepted and ignored otherwise, now spec problems named by
// `alliance validate` with their YAML lines:
// - measure (ZCOR or COR) converts correlations given as r + n; effect sizes given as yi are pooled
//   as they are (computeMeta's measure 'GEN'), so beside yi it changed nothing.
// - cumulativeOrder orders the cumulative meta-analysis, one of the sensitivity analyses; without
//   sensitivity: true none runs, so it changed nothing.
import { afterAll, describe, expect, it } from 'vitest';
import { tempProject } from '../helpers/temp-project.ts';
import { refusedOnce } from '../helpers/validate-spec-errors.ts';

const project = tempProject({ 'studies.csv': 'study,r,n,yi,vi,year\nA,0.1,50,0.2,0.04,2001\nB,0.3,40,0.5,0.05,2004\nC,0.2,80,0.1,0.02,2010\n' });
afterAll(() => project.dispose());

/** The study table and a meta stage with `options` (YAML flow-mapping entries). */
const spec = (options: string) => `name: t
stages:
  - { id: studies, type: import-studies, file: studies.csv }
  - { id: pooled, type: meta, from: studies, ${options} }
`;

describe('meta: measure only with correlations', () => {
  it('is taken with r + n, and refused beside yi at its spec path and YAML line', async () => {
    expect(await refusedOnce(project, 'measure.yaml', spec('yi: yi, vi: vi, measure: COR'), spec('r: r, n: n, measure: COR'))).toBe(
      '  measure.yaml, line 4, column 71: stages[1].measure: measure says how correlations (r + n) are pooled, and yi gives effect sizes, pooled as they are; drop measure',
    );
  });
});

describe('meta: cumulativeOrder only with sensitivity: true', () => {
  it('is taken with the sensitivity analyses, and refused without them at its spec path and YAML line', async () => {
    expect(await refusedOnce(project, 'order.yaml', spec('r: r, n: n, cumulativeOrder: year'), spec('r: r, n: n, sensitivity: true, cumulativeOrder: year'))).toBe(
      '  order.yaml, line 4, column 75: stages[1].cumulativeOrder: cumulativeOrder orders the cumulative meta-analysis, which runs with the sensitivity analyses; add sensitivity: true or drop cumulativeOrder',
    );
  });
});
