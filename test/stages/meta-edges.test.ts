// Stage `meta` edge cases against metafor 3.8-1 (test/fixtures/meta-stage-edges/metafor-edges.json, written by
// metafor-edges.R in that folder on the CSVs beside it), tolerance 1e-6 relative:
//  - subgroups with test knha where one subgroup's studies agree exactly (Knapp–Hartung scale factor 0; metafor:
//    se = 0, infinite t): that subgroup gets null statistics and a note naming it, the overall model and the other
//    subgroup equal rma(yi, vi, test = "knha"), and the test of subgroup differences is not computed (two
//    subgroups) or compares the subgroups that have estimates (three);
//  - measure COR with DL + knha: the raw-correlation CI and PI bounds below −1 equal metafor's and a note says the
//    intervals extend beyond the possible range of r, in the result and in the report.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MetaAnalysis } from '../../src/stages/meta.ts';
import type { ReportBlock } from '../../src/report/types.ts';
import { REPO, runSpecText, tempProject } from '../helpers/temp-project.ts';

const DIR = join(REPO, 'test/fixtures/meta-stage-edges');
const fx = JSON.parse(readFileSync(join(DIR, 'metafor-edges.json'), 'utf8'));

function close(actual: number | null | undefined, expected: number, label: string): void {
  expect(typeof actual === 'number' && Math.abs(actual - expected) <= Math.max(1e-9, 1e-6 * Math.abs(expected)), `${label}: ${actual} vs metafor ${expected}`).toBe(true);
}

let project: ReturnType<typeof tempProject> | undefined;
afterEach(() => project?.dispose());

async function run(file: string, meta: string) {
  project = tempProject({ 'studies.csv': readFileSync(join(DIR, file), 'utf8') });
  const out = await runSpecText(project.dir, `name: t\nstages:\n  - { id: studies, type: import-studies, file: studies.csv }\n  - id: pooled\n    type: meta\n    from: studies\n    r: r\n    n: n\n${meta}`);
  const a = out.results.pooled as MetaAnalysis;
  const blocks = out.stages.find((s) => s.id === 'pooled')!.output.sections![0].blocks as ReportBlock[];
  const text = blocks.map((b) => (b.kind === 'text' ? b.text : b.kind === 'table' ? `${b.note ?? ''}` : '')).join('\n');
  return { a, text };
}

describe('meta stage: a subgroup whose Knapp–Hartung scale factor is 0', () => {
  it('keeps the overall model and the other subgroup (metafor), nulls the failing subgroup with a note naming it', async () => {
    const { a, text } = await run('knha-subgroups.csv', '    test: knha\n    subgroup: g\n');
    const X = fx.knhaSubgroups;
    for (const key of ['estimate', 'se', 'zval', 'pval', 'ciLower', 'ciUpper', 'tau2', 'I2', 'Q', 'Qp'] as const) close(a[key], X.overall[key], `overall ${key}`);
    const [cbt, pd] = a.subgroups!.groups;
    expect(cbt.level).toBe('cbt');
    for (const key of ['estimate', 'se', 'pval', 'ciLower', 'ciUpper', 'tau2', 'I2', 'Q', 'Qp'] as const) close(cbt[key], X.cbt[key], `cbt ${key}`);
    for (const key of ['estimate', 'ciLower', 'ciUpper'] as const) close(cbt.r![key], X.cbt.r[key], `cbt r.${key}`);
    expect(cbt.note).toBeNull();
    // metafor: se 0 and a non-finite t for pd — no usable inference, so the row is null
    expect([X.pdSe, X.pdZvalFinite]).toEqual([0, false]);
    expect(pd).toMatchObject({ level: 'pd', k: 2, estimate: null, se: null, pval: null, ciLower: null, ciUpper: null, tau2: null, I2: null, Q: null, Qp: null, r: null });
    expect(pd.note).toMatch(/^subgroup g = pd not computed: Knapp–Hartung scale factor is 0/);
    expect(a.subgroups).toMatchObject({ Qbetween: null, df: null, p: null });
    expect(a.notes).toEqual(expect.arrayContaining([pd.note, expect.stringMatching(/test of subgroup differences not computed: fewer than two subgroups of g have estimates \(pd/)]));
    expect(text).toMatch(/g = pd: no estimate \(Knapp–Hartung scale factor is 0/);
    expect(text).toMatch(/Test of subgroup differences not computed/);
  });
});

describe('meta stage: a failed subgroup among three', () => {
  it('compares the two fitted subgroups in the Q test between them (metafor FE model on their estimates) and says so', async () => {
    const { a, text } = await run('knha-subgroups3.csv', '    test: knha\n    subgroup: g\n');
    const X = fx.knhaThreeGroups;
    const g = a.subgroups!;
    expect(g.groups.map((x) => x.level)).toEqual(['cbt', 'pd', 'psy']);
    expect(g.groups[1].estimate).toBeNull();
    close(g.groups[0].estimate, X.estimate[0], 'cbt estimate');
    close(g.groups[2].se, X.se[1], 'psy se');
    close(g.Qbetween, X.Qbetween, 'Qbetween');
    close(g.p, X.p, 'Qbetween p');
    expect(g.df).toBe(X.df);
    expect(a.notes.join('\n')).toMatch(/test of subgroup differences compares the 2 subgroups of g with estimates; left out: pd/);
    expect(text).toMatch(/Test of subgroup differences \(subgroups with estimates\): Q\(1\) = 1\.81/);
  });
});

describe('meta stage: raw correlations (COR) with interval bounds beyond ±1', () => {
  it('reports metafor\'s bounds unchanged and notes that they extend beyond the possible range', async () => {
    const { a, text } = await run('cor-negative.csv', '    measure: COR\n    method: DL\n    test: knha\n');
    const X = fx.corNegative;
    for (const key of ['estimate', 'se', 'ciLower', 'ciUpper', 'tau2', 'piLower', 'piUpper'] as const) close(a[key], X[key], key);
    close(a.r!.ciLower, X.ciLower, 'r.ciLower');
    close(a.r!.piLower, X.piLower, 'r.piLower');
    expect(X.ciLower).toBeLessThan(-1);
    const note = /the pooled confidence interval \[−1\.028, −0\.901\] and the pooled prediction interval \[−1\.065, −0\.863\] extend beyond the possible range of r \(−1 to 1\).*measure ZCOR/;
    expect(a.notes.join('\n')).toMatch(note);
    expect(text).toMatch(note);
    expect(text).toMatch(/r = −\.96, 95% CI \[−1\.03, −\.90\]/);
  });

  it('adds no such note when the raw-correlation intervals stay within ±1', async () => {
    const { a } = await run('knha-subgroups.csv', '    measure: COR\n');
    expect(a.notes.join('\n')).not.toMatch(/possible range/);
  });
});

describe('meta stage: test t with no residual degrees of freedom', () => {
  // metafor (rma(yi, vi, mods, method = "FE", test = "t") with k = p; test/fixtures/rma-no-residual-df) fits the model
  // but leaves every p-value and interval NA, so the stage has nothing to report and says why; Egger's model on two
  // studies has k = p too (metafor: regtest p NA), so the small-study checks note it instead of reporting a p.
  async function runInline(csv: string, meta: string) {
    project = tempProject({ 'studies.csv': csv });
    return runSpecText(project.dir, `name: t\nstages:\n  - { id: studies, type: import-studies, file: studies.csv }\n  - id: pooled\n    type: meta\n    from: studies\n    r: r\n    n: n\n${meta}`);
  }
  it('refuses a meta-regression with as many coefficients as studies, naming k and p', async () => {
    await expect(runInline('study,r,n,x\nA,0.2,50,0\nB,0.35,80,1\n', '    method: FE\n    test: t\n    mods: [x]\n')).rejects.toThrow(/k − p ≥ 1 degrees of freedom \(k = 2 studies, p = 2 coefficients\)/);
  });
  it("pools two studies and notes that Egger's test has no degrees of freedom", async () => {
    const out = await runInline('study,r,n\nA,0.2,50\nB,0.35,80\n', '    method: FE\n    test: t\n    bias: true\n');
    const a = out.results.pooled as MetaAnalysis;
    expect(a.k).toBe(2);
    expect(a.pval).toBeGreaterThan(0);
    expect(a.bias!.egger).toBeNull();
    expect(a.notes).toEqual(expect.arrayContaining([expect.stringMatching(/Egger's test not computed: its model has as many coefficients as studies/)]));
  });
});
