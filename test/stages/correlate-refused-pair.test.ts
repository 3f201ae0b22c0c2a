// A pair the correlation kernels refuse (no complete pairs, a constant column) stopped the run with
// the kernel's message and the stage, but not which of the stage's pairs it was ("stages[1] (stage
// 'r', correlate): correlation undefined: a variable has zero variance"). README promise: every user
// error is one clear message naming the spec path; here the entry `pairs[i]` and its two columns.
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempProject } from '../helpers/temp-project.ts';

// x and z vary, k is constant, e is blank in every row (numeric, all missing)
const csv = ['patient,session,x,e,k,z', ...Array.from({ length: 12 }, (_, i) => `P${i},1,${i % 7},,3,${(i * 3) % 5}`)].join('\n') + '\n';
const spec = (pairs: string) => `name: c
stages:
  - { id: d, type: ingest, file: d.csv }
  - { id: r, type: correlate, from: d, pairs: [${pairs}] }
`;
const p = tempProject({ 'd.csv': csv, 'constant.yaml': spec('{ x: x, y: z }, { x: x, y: k }'), 'empty.yaml': spec('{ x: x, y: e }') });
afterAll(() => p.dispose());

function runError(file: string): string {
  const r = cli(['run', file, '--out', 'out', '--quiet'], p.dir);
  expect(r.status, r.stderr).toBe(1);
  expect(r.stdout).toBe('');
  return r.stderr;
}

describe('correlate: a pair the kernel refuses is named by its spec path and columns', () => {
  it('a constant column', () => {
    expect(runError('constant.yaml')).toBe("error: stages[1] (stage 'r', correlate): pairs[1] (x × k): correlation undefined: a variable has zero variance\n");
  });

  it('a column with no values', () => {
    expect(runError('empty.yaml')).toBe("error: stages[1] (stage 'r', correlate): pairs[0] (x × e): pearson: needs at least 4 pairs, got 0. All 12 rows of table 'd' lack a value: e in 12\n");
  });
});
