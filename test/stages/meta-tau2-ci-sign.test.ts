// Stage `meta` and `alliance meta`: a Q-profile bound for τ² that metafor 3.8-1 prints with a sign keeps it
// (results.json, the quick command's JSON and text, the report), the omnibus moderator test is labelled F under
// Knapp–Hartung and χ² under z, and the model table's caption is a complete phrase. References (metafor 3.8-1,
// tolerance 1e-6 relative):
//  - confint(rma(c(0.4589646, -0.1311098), c(1.710935, 1.369688)))$random["tau^2", ]: 0, 0, >100 (ub.sign ">")
//  - confint(rma(c(-115.0057, -9.8746, 0.5898), c(363.9, 0.01897, 0.6852), method = "DL")): tau^2 ci.lb and
//    ci.ub both >646.7637609697 (lb.sign = ub.sign = ">", the search limit 10·τ̂²)
//  - confint(rma(c(0.1, 0.1001, 0.0999), c(0.1, 0.1, 0.1))): <0.0000 <0.0000, ci.null TRUE (lb.sign = ub.sign = "<")
//  - rma(measure = "ZCOR", ri = r, ni = n, mods = ~ meanage + design, data = molloy2014, test = "knha"):
//    "F(df1 = 2, df2 = 13) = 0.5546, p-val = 0.5873"; with test "z": QM = 1.224372 (df = 2), p = 0.5421643
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { metaQuickJson, type MetaAnalysis } from '../../src/stages/meta.ts';
import type { ReportBlock } from '../../src/report/types.ts';
import { cli, REPO, runSpecText, tempProject } from '../helpers/temp-project.ts';

let project: ReturnType<typeof tempProject> | undefined;
afterEach(() => project?.dispose());

const close = (actual: number, expected: number, label: string) =>
  expect(Math.abs(actual - expected) <= Math.max(1e-9, 1e-6 * Math.abs(expected)), `${label}: ${actual} vs metafor ${expected}`).toBe(true);

function csv(yi: number[], vi: number[]): string {
  return `study,yi,vi\n${yi.map((y, i) => `S${i + 1},${y},${vi[i]}`).join('\n')}\n`;
}

async function runMeta(file: string, body: string, content: string) {
  project?.dispose();
  project = tempProject({ [file]: content });
  const out = await runSpecText(project.dir, `name: t\nstages:\n  - { id: studies, type: import-studies, file: ${file} }\n  - id: pooled\n    type: meta\n    from: studies\n${body}`);
  const a = out.results.pooled as MetaAnalysis;
  const blocks = out.stages.find((s) => s.id === 'pooled')!.output.sections![0].blocks as ReportBlock[];
  const model = blocks.find((b) => b.kind === 'table' && b.id === 'pooled-model') as Extract<ReportBlock, { kind: 'table' }>;
  const apa = (blocks[0] as Extract<ReportBlock, { kind: 'text' }>).text;
  return { a, model, apa };
}

const GEN = '    yi: yi\n    vi: vi\n';

describe('meta: a τ² interval bound beyond the search limit or below 0 keeps metafor\'s sign', () => {
  it("upper bound beyond 100 (multisite-central's pooled_modality): upperSign '>', printed >100.0000", async () => {
    const { a, model, apa } = await runMeta('s.csv', GEN, csv([0.4589646, -0.1311098], [1.710935, 1.369688]));
    close(a.tau2CI!.lower, 0, 'lower');
    close(a.tau2CI!.upper, 100, 'upper');
    expect(a.tau2CI!.lowerSign).toBeNull();
    expect(a.tau2CI!.upperSign).toBe('>');
    expect(apa).toContain('τ² = 0.0000 [0.0000, >100.0000]');
    expect(model.note).toContain('τ² = 0.0000 [0.0000, >100.0000]');
    expect(a.notes.join('; ')).toContain('the upper bound of the Q-profile confidence interval for τ² lies beyond the search limit 100.0000');
  });

  it("both bounds beyond the limit 10·τ̂² (DL): lowerSign and upperSign '>'", async () => {
    const { a, apa } = await runMeta('s.csv', `${GEN}    method: DL\n`, csv([-115.0057, -9.8746, 0.5898], [363.9, 0.01897, 0.6852]));
    close(a.tau2CI!.lower, 646.7637609697, 'lower');
    close(a.tau2CI!.upper, 646.7637609697, 'upper');
    expect([a.tau2CI!.lowerSign, a.tau2CI!.upperSign]).toEqual(['>', '>']);
    expect(apa).toContain('[>646.7638, >646.7638]');
  });

  it("null set (Q(0) below the lower critical value): lowerSign and upperSign '<', printed <0.0000", async () => {
    const { a, model } = await runMeta('s.csv', GEN, csv([0.1, 0.1001, 0.0999], [0.1, 0.1, 0.1]));
    expect([a.tau2CI!.lower, a.tau2CI!.upper]).toEqual([0, 0]);
    expect([a.tau2CI!.lowerSign, a.tau2CI!.upperSign]).toEqual(['<', '<']);
    expect(model.note).toContain('τ² = 0.0000 [<0.0000, <0.0000]');
    expect(a.notes.join('; ')).toContain('null set');
  });

  it('an ordinary interval has no sign', async () => {
    const { a, apa } = await runMeta('molloy.csv', '    r: r\n    n: n\n', readFileSync(join(REPO, 'data-samples/meta/molloy2014.csv'), 'utf8'));
    expect([a.tau2CI!.lowerSign, a.tau2CI!.upperSign]).toEqual([null, null]);
    expect(apa).not.toMatch(/[<>]\d/);
  });

  it('alliance meta: the JSON carries the signs and the text prints them', () => {
    project = tempProject({ 's.csv': csv([0.4589646, -0.1311098], [1.710935, 1.369688]) });
    const json = cli(['meta', project.path('s.csv'), '--yi', 'yi', '--vi', 'vi', '--json']);
    expect(json.stderr).toBe('');
    const out = JSON.parse(json.stdout) as { tau2CI: { lower: number; upper: number; lowerSign: string | null; upperSign: string | null } };
    expect(out.tau2CI.lowerSign).toBeNull();
    expect(out.tau2CI.upperSign).toBe('>');
    close(out.tau2CI.upper, 100, 'upper');
    const text = cli(['meta', project.path('s.csv'), '--yi', 'yi', '--vi', 'vi']);
    expect(text.stdout).toContain('[0.0000, >100.0000]');
  });
});

describe('meta: the omnibus moderator test is labelled by its distribution', () => {
  const molloy = () => readFileSync(join(REPO, 'data-samples/meta/molloy2014.csv'), 'utf8');
  it('Knapp–Hartung: F(2, 13) = 0.55 in the table note and the text (metafor: F(df1 = 2, df2 = 13) = 0.5546)', async () => {
    const { a, model, apa } = await runMeta('molloy.csv', '    r: r\n    n: n\n    mods: [meanage, design]\n    test: knha\n', molloy());
    expect(a.QMdf).toEqual([2, 13]);
    expect(model.note).toContain('moderators: F(2, 13) = 0.55, p = .587');
    expect(model.note).not.toContain('QM(');
    expect(apa).toContain('moderators: F(2, 13) = 0.55, p = .587');
    expect(metaQuickJson(a).QMdf).toEqual([2, 13]);
  });

  it('z: χ²(2) = 1.22 in the table note and the text (metafor: QM(df = 2) = 1.2244, p = 0.5422)', async () => {
    const { model, apa } = await runMeta('molloy.csv', '    r: r\n    n: n\n    mods: [meanage, design]\n', molloy());
    expect(model.note).toContain('moderators: χ²(2) = 1.22, p = .542');
    expect(apa).toContain('moderators: χ²(2) = 1.22, p = .542');
  });
});

describe('meta: the model table caption is a complete phrase', () => {
  it('names the estimation method, the tests and the scale of the coefficients', async () => {
    const { model } = await runMeta('s.csv', GEN, csv([0.4589646, -0.1311098], [1.710935, 1.369688]));
    expect(model.caption).toBe('Random-effects model (method REML, z tests), coefficients on the effect-size scale');
    const { model: knha } = await runMeta('molloy.csv', '    r: r\n    n: n\n    test: knha\n', readFileSync(join(REPO, 'data-samples/meta/molloy2014.csv'), 'utf8'));
    expect(knha.caption).toBe("Random-effects model (method REML, Knapp–Hartung t tests), coefficients on the Fisher's z scale");
  });
});
