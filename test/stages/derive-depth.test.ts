// README promise: every user error is one clear message naming the spec path, never an internal
// error (exit 70). An audit stopped DuckDB with "Max expression depth limit of 1000 exceeded" from
// specs within the documented limits: one expression `1+1+…+1` of 999 terms (under the 2,000
// characters of the schema) and 300 derived columns chained `c{i}: c{i-1} + 1`. The parser now
// counts every operator in its depth limit (EXPRESSION_LIMITS.maxTreeDepth, 600 levels), derive
// computes independent columns side by side (one subquery level per link of a chain, not per
// column), and refuses a chain longer than MAX_DERIVED_CHAIN (50) at the column that extends it.
import { afterEach, describe, expect, it } from 'vitest';
import { runSpecText, tempProject } from '../helpers/temp-project.ts';
import { validateSpecErrors } from '../helpers/validate-spec-errors.ts';

const xs = [1, 2, 3, 4];
const csv = ['patient,session,x', ...xs.map((x, i) => `P${i % 2},${1 + Math.floor(i / 2)},${x}`)].join('\n');

/** derive stages, each a map of column → expression, chained by `from`. */
const spec = (stages: Record<string, string>[], use: string) => `name: t
stages:
  - { id: sessions, type: ingest, file: data.csv }
${stages.map((cols, k) => `  - id: d${k}\n    type: derive\n    from: ${k ? `d${k - 1}` : 'sessions'}\n    columns:\n${Object.entries(cols).map(([n, e]) => `      ${n}: "${e}"`).join('\n')}`).join('\n')}
  - { id: traj, type: trajectories, from: d${stages.length - 1}, variables: [${use}], minN: 2 }
`;

let project: ReturnType<typeof tempProject> | undefined;
afterEach(() => project?.dispose());

function specErrors(yaml: string): Promise<{ specPath: string; message: string }[]> {
  project = tempProject({ 'data.csv': csv });
  return validateSpecErrors(project.dir, yaml);
}

/** Runs the spec and reads back the mean of `column` at session 1 from the trajectories result. */
async function sessionOneMean(yaml: string, column: string): Promise<number> {
  project = tempProject({ 'data.csv': csv });
  const outcome = await runSpecText(project.dir, yaml);
  const rows = (outcome.results.traj as { trajectories: { variable: string; session: number; mean: number }[] }).trajectories;
  return rows.find((r) => r.variable === column && r.session === 1)!.mean;
}

const chain = (n: number, from = 'x', prefix = 'c', start = 0) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${start + i}`, i === 0 ? `${from} + 1` : `${prefix}${start + i - 1} + 1`]));

describe('derive: expressions and chains deeper than DuckDB allows are refused at validate', () => {
  it('refuses a 999-term sum (1,997 characters) at its column, naming the level limit', async () => {
    const expr = Array(999).fill('1').join('+');
    expect(expr.length).toBeLessThan(2000);
    const errors = await specErrors(spec([{ z: expr }], 'z'));
    expect(errors.map((e) => e.specPath)).toEqual(['stages[1].columns.z']);
    expect(errors[0].message).toMatch(/^expression is more than 600 levels deep at character 1200 \(each operator/);
    // the 1,997-character expression is quoted cut at 120 characters, not whole
    expect(errors[0].message).toContain(` (in expression "${expr.slice(0, 120)}…")`);
  });

  it('computes a 600-term sum, the deepest allowed, at the bottom of a 50-link chain', async () => {
    // session 1 rows hold x = 1 and 2: the mean of 600·x is 900, and c48 adds 49
    const cols = { z: Array(600).fill('x').join('+'), ...chain(49, 'z') };
    expect(await sessionOneMean(spec([cols], 'c48'), 'c48')).toBe(949);
  });

  it('refuses the 51st link of a chain of derived columns, at that column', async () => {
    const errors = await specErrors(spec([chain(60)], 'c59'));
    expect(errors).toEqual([
      {
        specPath: 'stages[1].columns.c50',
        message: "column 'c50' extends a chain of derived columns, each computed from the one before, to 51 links; at most 50 are allowed, as each link nests the SQL deeper. Compute it in fewer steps",
      },
    ]);
  });

  it('counts the links of earlier derive stages', async () => {
    const stages = [0, 1, 2, 3, 4].map((k) => chain(10, k ? `c${10 * k - 1}` : 'x', 'c', 10 * k));
    expect(await specErrors(spec(stages, 'c49'))).toEqual([]);
    const errors = await specErrors(spec([...stages, { c50: 'c49 + 1' }], 'c50'));
    expect(errors.map((e) => e.specPath)).toEqual(['stages[6].columns.c50']);
    expect(errors[0].message).toContain('to 51 links (50 in earlier derive stages)');
  });

  it('computes a chain of 50 links (mean of x + 50 at session 1 is 51.5)', async () => {
    expect(await sessionOneMean(spec([chain(50)], 'c49'), 'c49')).toBe(51.5);
  });

  it('computes 300 columns that do not build on each other, and later columns after them', async () => {
    const cols = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, `x * ${i}`]));
    // k299 = 299·x, mean 448.5 at session 1; last = k299 + k1 = 300·x, mean 450
    expect(await sessionOneMean(spec([{ ...cols, last: 'k299 + k1' }], 'last'), 'last')).toBe(450);
  });
});
