// A formula without fixed effects, `y ~ 0 + (1 | g)`, was refused ("has no fixed effects") although
// lme4 fits it: lmer(Reaction ~ 0 + (1 | Subject), sleepstudy). The quick command and the mixed stage
// now fit it; the fixed effects are then {} and nothing downstream trips over that: the text output
// says there are none, --json and results.json carry `fixed: {}`, and the report has the variance
// components (with the fit statistics in their caption) but no empty fixed-effects table.
// Reference values: test/fixtures/mixed/lme4.R ("sleepstudy no fixed effects …" → lme4.json).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, runSpecText, tempProject } from '../helpers/temp-project.ts';
import type { RunOutcome } from '../../src/engine/run-pipeline.ts';
import type { ReportBlock } from '../../src/report/types.ts';
import { fixture } from '../stats/mixed/fixture.ts';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
const ref = (name: string) => fixture.fits.find((f) => f.name === name)!;
const sleep = fixture.data.sleepstudy;
const csv = ['Reaction,Days,Subject', ...sleep.Reaction.map((r, i) => `${r},${sleep.Days[i]},S${sleep.Subject[i]}`)].join('\n') + '\n';

let project: ReturnType<typeof tempProject>;
let run: RunOutcome;
beforeAll(async () => {
  project = tempProject({ 'sleep.csv': csv });
  run = await runSpecText(
    project.dir,
    `
name: nofixed
stages:
  - { id: d, type: ingest, file: sleep.csv, columns: { patient: Subject, session: Days } }
  - { id: slope, type: mixed, from: d, formula: "Reaction ~ 0 + (session | patient)" }
  - { id: ml, type: mixed, from: d, formula: "Reaction ~ -1 + (1 | patient)", REML: false }
  - { id: report, type: report }
`,
  );
}, 120_000);
afterAll(() => project?.dispose());

const output = (id: string) => run.stages.find((s) => s.id === id)!.output;
const blocks = (id: string) => output(id).sections!.flatMap((s) => s.blocks as ReportBlock[]);

describe('alliance mixed: y ~ 0 + (1 | g) is fitted as lme4 fits it', () => {
  it('--json: fixed {}, logLik and AIC as lme4 within 1e-6', () => {
    const r = cli(['mixed', 'sleep.csv', '--formula', 'Reaction ~ 0 + (1 | Subject)', '--json'], project.dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    const R = ref('sleepstudy no fixed effects REML');
    expect(out.fixed).toEqual({});
    expect(rel(out.logLik, R.logLik)).toBeLessThan(1e-6);
    expect(rel(out.REMLcriterion, R.REMLcriterion)).toBeLessThan(1e-6);
    expect(rel(out.AIC, R.AIC)).toBeLessThan(1e-6);
    expect(rel(out.random[0].variance, R.random[0].vcov)).toBeLessThan(1e-4);
  });

  it('text: the fixed effects are said to be none', () => {
    const r = cli(['mixed', 'sleep.csv', '--formula', 'Reaction ~ -1 + (Days | Subject)', '--ml'], project.dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('  Fixed effects: none (the formula has no fixed-effect term)\n');
    expect(r.stdout).toMatch(/^Reaction ~ -1 \+ \(Days \| Subject\) {2}\(ML; 180 obs; 18 Subject groups; logLik -916\.391\)\n/);
    expect(r.stdout).toContain('  Subject: corr((Intercept), Days) = 0.877\n');
  });
});

describe('mixed stage without fixed effects', () => {
  it('results.json: fixed {}, fit as lme4 (logLik within 1e-6)', () => {
    const results = run.results as Record<string, { fixed: object; logLik: number; REML: boolean; BIC: number }>;
    const R = ref('sleepstudy no fixed effects slope REML');
    expect(results.slope.fixed).toEqual({});
    expect(results.slope.REML).toBe(true);
    expect(rel(results.slope.logLik, R.logLik)).toBeLessThan(1e-6);
    expect(rel(results.ml.BIC, ref('sleepstudy no fixed effects -1 ML').BIC)).toBeLessThan(1e-6);
    const saved = JSON.parse(readFileSync(join(project.dir, 'out/results.json'), 'utf8'));
    expect(saved.stages.slope.fixed).toEqual({});
  });

  it('report: no fixed-effects table; the variance components carry the fit statistics; methods cite no Satterthwaite test', () => {
    const tables = blocks('slope').filter((b): b is Extract<ReportBlock, { kind: 'table' }> => b.kind === 'table');
    expect(tables.map((t) => t.id)).toEqual(['slope-random']);
    expect(tables[0].caption).toMatch(/^Reaction ~ 0 \+ \(session \| patient\): variance components \(no fixed effects; REML; 180 observations; 18 patients; log-likelihood −916\.39, AIC 1,840\.8, BIC 1,853\.6; converged; ICC: patient \.990\)$/);
    expect(output('ml').methods).toEqual([
      "The linear mixed model Reaction ~ -1 + (1 | patient), which has no fixed effects, was fitted by maximum likelihood with lme4's profiled-deviance algorithm (Bates et al., 2015).",
    ]);
    expect(output('ml').citations!.map((c) => c.key)).toEqual(['bates2015']);
  });
});
