// Audit: a derived column of huge but finite values (`y * 1e300`, or a chain `c1: x*x + x*x`,
// `c2: c1*c1 + c1*c1`, … that squares its way past 1e154) passed derive, and the next stage that
// computed an SD stopped with DuckDB's "STDDEV_SAMP is out of range" (internal error, exit 70).
// README promise: every user error is one clear message, never an internal error, and every value
// set missing is counted in the data-quality ledger with its reason; `--strict` stops on it.
// derive now treats a finite result beyond ±MAX_MAGNITUDE (1e100, src/engine/max-magnitude.ts) as it treats an
// infinite one: missing, counted as `derived-out-of-range`. Counts below are worked out by hand.
import { afterEach, describe, expect, it } from 'vitest';
import { runSpecText, tempProject } from '../helpers/temp-project.ts';

//   row  y      | y * 1e300        y * 1e100 (limit 1e100)  -y * 1e300
//   1    0      | 0                0                        0
//   2    1e-250 | 1e50             1e-150                   -1e50
//   3    1      | 1e300  (out)     1e100  (kept: = limit)   -1e300 (out)
//   4    2      | 2e300  (out)     2e100  (out)             -2e300 (out)
//   5    0.5    | 5e299  (out)     5e99                     -5e299 (out)
//   6    (none) | missing input, not counted
const csv = 'patient,session,y\nP1,1,0\nP2,1,1e-250\nP1,2,1\nP2,2,2\nP1,3,0.5\nP2,3,\n';

const spec = (columns: string, after = '') => `
name: t
stages:
  - { id: sessions, type: ingest, file: data.csv }
  - id: d
    type: derive
    from: sessions
    columns:
${columns}
${after}`;

let project: ReturnType<typeof tempProject> | undefined;
afterEach(() => project?.dispose());

describe('derive: finite results too large for later statistics', () => {
  it('sets results beyond ±1e100 missing and counts them in the ledger as derived-out-of-range', async () => {
    project = tempProject({ 'data.csv': csv });
    const outcome = await runSpecText(project.dir, spec('      big: y * 1e300\n      edge: y * 1e100\n      neg: -y * 1e300'));
    const columns = (outcome.results.d as { columns: Record<string, { missing: number; notFinite: number; outOfRange: number }> }).columns;
    expect(columns.big).toMatchObject({ missing: 4, notFinite: 0, outOfRange: 3 });
    expect(columns.edge).toMatchObject({ missing: 2, notFinite: 0, outOfRange: 1 });
    expect(columns.neg).toMatchObject({ missing: 4, notFinite: 0, outOfRange: 3 });
    const entries = outcome.ledger.entries.filter((e) => e.reason === 'derived-out-of-range');
    expect(entries.map((e) => [e.stage, e.action, e.unit, e.count, e.detail.split(':')[0]])).toEqual([
      ['d', 'set-missing', 'values', 3, 'big'],
      ['d', 'set-missing', 'values', 1, 'edge'],
      ['d', 'set-missing', 'values', 3, 'neg'],
    ]);
  });

  it('lets a later stage compute SDs of the column instead of stopping with an internal error', async () => {
    // Without the limit, trajectories stopped with "STDDEV_SAMP is out of range" (exit 70).
    // Kept values of big: session 1 holds 0 and 1e50 (mean 5e49); sessions 2 and 3 keep none.
    project = tempProject({ 'data.csv': csv });
    const outcome = await runSpecText(project.dir, spec('      big: y * 1e300', '  - { id: traj, type: trajectories, from: d, variables: [big], minN: 2 }\n'));
    const rows = (outcome.results.traj as { trajectories: { variable: string; session: number; mean: number; n: number }[] }).trajectories;
    expect(rows.filter((r) => r.variable === 'big').map((r) => [r.session, r.n, r.mean])).toEqual([[1, 2, 5e49]]);
  });

  it('handles the audit chain that squares its way past the limit', async () => {
    // x = 2: c_k = 2·c_{k-1}² gives 8, 128, 32768, 2.1e9, 9.2e18, 1.7e38, 5.8e76, 6.7e153 (> 1e100, missing), then
    // missing inputs onwards. x = 0.5 stays 0.5 at every link.
    const chainCsv = 'patient,session,x\nP1,1,2\nP2,1,0.5\nP3,1,0.5\nP1,2,2\nP2,2,0.5\nP3,2,0.5\n';
    const links = Array.from({ length: 10 }, (_, k) => `      c${k}: ${k ? `c${k - 1}*c${k - 1} + c${k - 1}*c${k - 1}` : 'x*x + x*x'}`).join('\n');
    project = tempProject({ 'data.csv': chainCsv });
    const outcome = await runSpecText(project.dir, spec(links, '  - { id: traj, type: trajectories, from: d, variables: [c6, c9], minN: 2 }\n'));
    const columns = (outcome.results.d as { columns: Record<string, { missing: number; outOfRange: number }> }).columns;
    expect(columns.c6).toMatchObject({ missing: 0, outOfRange: 0 });
    expect(columns.c7).toMatchObject({ missing: 2, outOfRange: 2 });
    expect(columns.c8).toMatchObject({ missing: 2, outOfRange: 0 });
    const rows = (outcome.results.traj as { trajectories: { variable: string; session: number; n: number }[] }).trajectories;
    expect(rows.filter((r) => r.variable === 'c9').map((r) => r.n)).toEqual([2, 2]);
  });

  it('--strict stops on a value set missing for its size, naming the stage, reason and column', async () => {
    project = tempProject({ 'data.csv': csv });
    await expect(runSpecText(project.dir, spec('      big: y * 1e300'), { strict: true })).rejects.toThrow(
      /--strict: stages\[1\] \(stage 'd', derive\) set-missing 3 values \(derived-out-of-range\): big: /,
    );
  });
});
