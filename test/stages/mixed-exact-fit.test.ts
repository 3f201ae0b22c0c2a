// An outcome fitted exactly (y = 1 + 2·session for every patient) has no likelihood optimum; it
// was reported `converged: true` with only a warning. Reference, R 4 with lme4 1.1.31 and
// lmerTest 3.1.3 on the data below:
//   lme4::lmer(y ~ session + (1 | patient), d)  -> warnings "unable to evaluate scaled gradient",
//     "Problem with Hessian check (infinite or missing values?)"; fit@optinfo$conv$lme4$code = -6
//   lmerTest::lmer(y ~ session + (1 | patient), d) -> Error: "not a positive definite matrix"
// So the fit must say it did not converge: in the kernel, `alliance mixed` text and JSON, and the
// pipeline report's section.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel, lmm } from '../../src/stats/mixed/index.ts';
import { cli, runSpecText, tempProject } from '../helpers/temp-project.ts';

const patients = ['p1', 'p2', 'p3', 'p4'];
const sessions = [1, 2, 3];
const rows = patients.flatMap((p) => sessions.map((s) => ({ p, s, y: 1 + 2 * s })));
const csv = ['patient,session,y', ...rows.map((r) => `${r.p},${r.s},${r.y}`)].join('\n') + '\n';
const formula = 'y ~ session + (1 | patient)';

const project = tempProject({ 'exact.csv': csv });
afterAll(() => project.dispose());

describe('mixed: an exact fit is not reported as converged (lme4 convergence code -6; lmerTest stops)', () => {
  it('kernel: converged is false and the warning says so', () => {
    const fit = lmm(
      buildModel(formula, {
        numeric: { session: Float64Array.from(rows, (r) => r.s), y: Float64Array.from(rows, (r) => r.y) },
        factor: { patient: { codes: Int32Array.from(rows, (r) => patients.indexOf(r.p)), levels: patients } },
      }),
    );
    expect(fit.converged).toBe(false);
    expect(fit.warnings.some((w) => /fits the data exactly.*did not converge/.test(w))).toBe(true);
  });

  it('alliance mixed: the text says NOT CONVERGED and the JSON has converged: false', () => {
    const text = cli(['mixed', project.path('exact.csv'), '--formula', formula]);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout.split('\n')[0]).toContain('NOT CONVERGED');
    const json = cli(['mixed', project.path('exact.csv'), '--formula', formula, '--json']);
    expect(json.status, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout).converged).toBe(false);
  });

  describe('pipeline', () => {
    let results: Record<string, any>;
    beforeAll(async () => {
      const outcome = await runSpecText(
        project.dir,
        `
name: exact
stages:
  - { id: d, type: ingest, file: ${project.path('exact.csv')} }
  - { id: m, type: mixed, from: d, formula: "${formula}" }
  - { id: report, type: report }
`,
      );
      results = outcome.results as Record<string, any>;
    });
    it('results.json and the report section show the fit as not converged', () => {
      expect(results.m.converged).toBe(false);
      const html = readFileSync(project.path('out/index.html'), 'utf8');
      expect(html).toMatch(/fixed effects \([^)]*NOT CONVERGED/);
    });
  });
});
