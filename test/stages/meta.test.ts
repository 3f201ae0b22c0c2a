// Stage `meta` in pipelines: subgroups, sensitivity (leave1out, cumul, influence), fail-safe N against
// metafor 3.8-1 (molloyStage in test/fixtures/meta-cli/metafor-cli.json from metafor-cli.R: rma(yi, vi)
// on dat.molloy2014 with escalc ZCOR, leave1out(fit), cumul(fit, order = year), influence(fit), fsn(yi, vi),
// per-subgroup rma() and the FE model on their estimates), tolerance 1e-6; ledger and error paths;
// Vega-Lite schema validity of every figure.
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MetaAnalysis } from '../../src/stages/meta.ts';
import type { ReportBlock } from '../../src/report/types.ts';
import { REPO, runSpecText, tempProject } from '../helpers/temp-project.ts';
import { renderVegaLiteToSvg } from '../../src/report/chart/index.ts';
import { vegaLiteValidator } from '../report/vega-lite-schema.ts';

const fx = JSON.parse(readFileSync(join(REPO, 'test/fixtures/meta-cli/metafor-cli.json'), 'utf8'));
const S = fx.molloyStage;

function closeAll(actual: ArrayLike<number | null>, expected: number[], label: string): void {
  expect(actual.length, `${label} length`).toBe(expected.length);
  expected.forEach((e, i) => expect(actual[i] !== null && Math.abs(actual[i]! - e) <= Math.max(1e-9, 1e-6 * Math.abs(e)), `${label}[${i}]: ${actual[i]} vs metafor ${e}`).toBe(true));
}

let project: ReturnType<typeof tempProject> | undefined;
afterEach(() => project?.dispose());

function withMolloy(extra = ''): { dir: string } {
  project = tempProject({ 'molloy.csv': readFileSync(join(REPO, 'data-samples/meta/molloy2014.csv'), 'utf8') + extra });
  return project;
}

const spec = (meta: string) => `name: t
stages:
  - { id: studies, type: import-studies, file: molloy.csv }
  - id: pooled
    type: meta
    from: studies
${meta}
`;

describe('stage meta on dat.molloy2014', () => {
  it('subgroups, leave-one-out, cumulative, influence and fail-safe N match metafor', async () => {
    const p = withMolloy();
    const out = await runSpecText(p.dir, spec('    r: r\n    n: n\n    subgroup: controls\n    bias: true\n    sensitivity: true\n    cumulativeOrder: year'));
    const a = out.results.pooled as MetaAnalysis;
    const l = a.sensitivity!.leave1out;
    for (const key of ['estimate', 'se', 'pval', 'ciLower', 'ciUpper', 'tau2', 'I2', 'Q'] as const) closeAll(l.map((x) => x[key]), S.leave1out[key], `leave1out.${key}`);
    const c = a.sensitivity!.cumulative;
    expect(c.map((x) => x.study)).toEqual((S.cumul.order as number[]).map((i) => a.studies[i - 1].label));
    for (const key of ['estimate', 'ciLower', 'ciUpper', 'tau2'] as const) closeAll(c.map((x) => x[key]), S.cumul[key], `cumul.${key}`);
    const inf = a.sensitivity!.influence!;
    closeAll(inf.map((x) => x.rstudent), S.influence.rstudent, 'rstudent');
    closeAll(inf.map((x) => x.cooks), S.influence.cooks, 'cooks');
    closeAll(inf.map((x) => x.hat), S.influence.hat, 'hat');
    closeAll(inf.map((x) => x.dffits), S.influence.dffits, 'dffits');
    expect(a.bias!.failsafe!.fsnum).toBe(S.failsafe.fsnum);
    closeAll([a.bias!.failsafe!.p], [S.failsafe.p], 'fsn p');
    const g = a.subgroups!;
    expect(g.groups.map((x) => x.level)).toEqual(S.subgroups.levels);
    expect(g.groups.map((x) => x.k)).toEqual(S.subgroups.k);
    closeAll(g.groups.map((x) => x.estimate), S.subgroups.estimate, 'subgroup estimate');
    closeAll(g.groups.map((x) => x.se), S.subgroups.se, 'subgroup se');
    closeAll(g.groups.map((x) => x.tau2), S.subgroups.tau2, 'subgroup tau2');
    closeAll([g.Qbetween, g.p], [S.subgroups.Qbetween, S.subgroups.QbetweenP], 'Q between');
    expect(g.df).toBe(S.subgroups.QbetweenDf);
  });

  it('reports APA text, methods citing the estimator, and figures valid against the Vega-Lite schema', async () => {
    const p = withMolloy();
    const out = await runSpecText(p.dir, spec('    r: r\n    n: n\n    subgroup: controls\n    bias: true\n    sensitivity: true'));
    const st = out.stages.find((s) => s.id === 'pooled')!.output;
    const blocks = st.sections![0].blocks as ReportBlock[];
    const figures = blocks.filter((b): b is Extract<ReportBlock, { kind: 'figure' }> => b.kind === 'figure');
    expect(figures.map((f) => f.id)).toEqual(['pooled-forest', 'pooled-funnel', 'pooled-leave-one-out', 'pooled-cumulative']);
    const validate = vegaLiteValidator();
    for (const f of figures) {
      expect(validate(f.spec), `${f.id}: ${JSON.stringify(validate.errors?.slice(0, 2))}`).toBe(true);
      const warnings: string[] = [];
      expect(await renderVegaLiteToSvg(f.spec, { onWarning: (m) => warnings.push(m) })).toMatch(/^<svg/);
      expect(warnings, f.id).toEqual([]);
    }
    const text = blocks.filter((b) => b.kind === 'text').map((b) => (b as { text: string }).text).join('\n');
    expect(text).toMatch(/^Across k = 16 studies, r = \.15, 95% CI \[\.09, \.21\], z = 4\.75, p < \.001; τ² = 0\.0081/m);
    expect(st.methods!.join(' ')).toMatch(/restricted maximum likelihood \(Viechtbauer, 2005\)/);
    expect(st.citations!.map((c) => c.key)).toEqual(expect.arrayContaining(['viechtbauer2005', 'egger1997', 'duval2000', 'begg1994', 'rosenthal1979']));
    const forest = figures[0].spec as { data: { values: { kind: string }[] } };
    const kinds = forest.data.values.map((v) => v.kind);
    expect(kinds.filter((k) => k === 'study')).toHaveLength(16);
    // controls = multiple (3 studies) then its diamond, controls = none (13) then its diamond, then the pooled rows
    expect([kinds[3], kinds[17], ...kinds.slice(18)]).toEqual(['subgroup', 'subgroup', 'overall', 'pi']);
  });

  it('cites DerSimonian & Laird and Knapp & Hartung when asked for DL with knha', async () => {
    const p = withMolloy();
    const out = await runSpecText(p.dir, spec('    r: r\n    n: n\n    method: DL\n    test: knha'));
    const st = out.stages.find((s) => s.id === 'pooled')!.output;
    expect(st.methods!.join(' ')).toMatch(/DerSimonian & Laird, 1986\).*Knapp & Hartung, 2003/);
  });

  it('leaves out a study with a missing n and names it in the ledger', async () => {
    const p = withMolloy('"New study 2020",2020,0.3,,none,prospective,40\n');
    const out = await runSpecText(p.dir, spec('    r: r\n    n: n'));
    expect((out.results.pooled as MetaAnalysis).k).toBe(16);
    const e = out.ledger.entries.find((x) => x.stage === 'pooled')!;
    expect(e).toMatchObject({ action: 'excluded', unit: 'studies', count: 1, reason: 'missing-value' });
    expect(e.detail).toMatch(/New study 2020 \(missing n\)/);
  });

  it('without a study column, an impossible value is named by its data row alone', async () => {
    project = tempProject({ 'rn.csv': 'r,n\n.3,50\n1.5,80\n.4,40\n' });
    await expect(runSpecText(project.dir, `name: t\nstages:\n  - { id: studies, type: import-studies, file: rn.csv }\n  - { id: pooled, type: meta, from: studies, r: r, n: n }\n`)).rejects.toThrow(
      /1 study has impossible values: data row 2: \|r\| = 1\.5 \(/,
    );
  });

  it('stops on |r| = 1 naming the study row, or excludes it with onInvalid: exclude', async () => {
    const p = withMolloy('"Perfect 2021",2021,1,50,none,prospective,40\n"Tiny 2022",2022,0.2,3,none,prospective,40\n');
    // 'data row 17' (line 18 of the file, after its header), named with its study; it said 'row 17 (Perfect 2021)', which a
    // spreadsheet or an editor shows as row or line 18
    await expect(runSpecText(p.dir, spec('    r: r\n    n: n'))).rejects.toThrow(/study 'Perfect 2021', data row 17: \|r\| = 1.*study 'Tiny 2022', data row 18: n = 3/);
    const out = await runSpecText(p.dir, spec('    r: r\n    n: n\n    onInvalid: exclude'));
    const a = out.results.pooled as MetaAnalysis;
    expect(a.k).toBe(16);
    expect(a.excluded.map((x) => x.row)).toEqual([17, 18]);
    expect(out.ledger.entries.find((x) => x.reason === 'impossible-value')!.count).toBe(2);
  });

  it('k = 2: pools the two studies and reports which small-study checks could not run', async () => {
    project = tempProject({ 'two.csv': readFileSync(join(REPO, 'data-samples/meta/molloy2014.csv'), 'utf8').split('\n').slice(0, 3).join('\n') + '\n' });
    const out = await runSpecText(project.dir, `name: t\nstages:\n  - { id: studies, type: import-studies, file: two.csv }\n  - { id: pooled, type: meta, from: studies, r: r, n: n, bias: true, sensitivity: true }\n`);
    const a = out.results.pooled as MetaAnalysis;
    expect(a.k).toBe(2);
    expect(a.bias!.egger).toBeNull();
    expect(a.bias!.ranktest).toBeNull();
    expect(a.notes.join(' ')).toMatch(/k = 2: tau\^2 is estimated from two studies.*Egger's test not computed/);
    expect(a.sensitivity!.leave1out).toHaveLength(2);
    // each leave-one-out fit is the other study alone: its own Fisher z
    expect(a.sensitivity!.leave1out[0].estimate).toBeCloseTo(Math.atanh(0.162), 12);
  });

  it('plan rejects a missing column with did-you-mean and mixed effect-size inputs', async () => {
    const p = withMolloy();
    await expect(runSpecText(p.dir, spec('    r: rr\n    n: n'))).rejects.toThrow(/rr/);
    await expect(runSpecText(p.dir, spec('    r: r\n    n: n\n    yi: r\n    vi: n'))).rejects.toThrow(/either `r` \+ `n` or `yi`/);
    await expect(runSpecText(p.dir, spec('    r: r\n    n: n\n    threeLevel: { study: design }\n    method: DL'))).rejects.toThrow(/REML or ML/);
  });

  it('import-studies keeps numeric codes as text when asked; studies with a missing moderator are left out and counted (dat.mcdaniel1994 ~ type)', async () => {
    project = tempProject();
    copyFileSync(join(REPO, 'data-samples/meta/mcdaniel1994.csv'), project.path('mcd.csv'));
    const out = await runSpecText(project.dir, `name: t\nstages:\n  - { id: studies, type: import-studies, file: mcd.csv, text: [study] }\n  - { id: pooled, type: meta, from: studies, r: r, n: n, mods: [type] }\n`);
    const a = out.results.pooled as MetaAnalysis;
    const ex = fx.cases.find((c: { name: string }) => c.name === 'mcdaniel ~ type').expected;
    expect(a.k).toBe(ex.k);
    expect(a.coefficients.map((c) => c.name)).toEqual(ex.coefficients.name);
    closeAll([a.QM!, a.QMp!, a.tau2, ...a.coefficients.map((c) => c.estimate)], [ex.QM, ex.QMp, ex.tau2, ...ex.coefficients.estimate], 'mcdaniel ~ type');
    expect((out.results.studies as { columns: string[] }).columns).toEqual(['study', 'r', 'n', 'type', 'struct']);
    const e = out.ledger.entries.find((x) => x.stage === 'pooled')!;
    expect(e).toMatchObject({ reason: 'missing-value', count: 160 - ex.k });
    expect(e.detail).toMatch(/missing type/);
    expect(a.studies[0].label).toBe('1');
  });

  it('fits the three-level model from a pipeline (dat.crede2010, as alliance meta --three-level)', async () => {
    project = tempProject();
    copyFileSync(join(REPO, 'data-samples/meta/crede2010.csv'), project.path('crede.csv'));
    const out = await runSpecText(project.dir, `name: t\nstages:\n  - { id: studies, type: import-studies, file: crede.csv }\n  - { id: pooled, type: meta, from: studies, r: r, n: n, threeLevel: { study: study } }\n`);
    const a = out.results.pooled as MetaAnalysis;
    const ex = fx.cases.find((c: { name: string }) => c.name === 'crede three-level').expected;
    closeAll([a.estimate, a.se, ...a.sigma2!, a.Q], [ex.estimate, ex.se, ...ex.sigma2, ex.Q], 'three-level');
    expect(a.nClusters).toBe(68);
    // the forest plot's weights are metafor's weights(rma.mv): diag(M⁻¹) shares, not the 1/vi shares
    closeAll(a.studies.map((s) => s.weight), ex.weights, 'weights');
  });
});
