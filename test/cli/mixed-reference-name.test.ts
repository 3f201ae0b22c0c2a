// `mixed`'s `reference:` option and `alliance mixed --reference` used to ignore a name that is not a
// factor of the formula (`Modality` for `modality`, a numeric covariate): the fit ran with the
// default reference and no word. Reference: the README promise that every user error is one clear
// message naming the spec path (exit 1) or the option (usage error, exit 2), with no partial output.
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempProject } from '../helpers/temp-project.ts';

// 6 therapists × 8 patients (one session each); modality CBT or IPT by patient, x a numeric covariate
const rows = ['patient,session,therapist,modality,x,y'];
for (let t = 1; t <= 6; t++)
  for (let p = 1; p <= 8; p++) rows.push(`P${t}${p},1,T${t},${p % 2 ? 'CBT' : 'IPT'},${(t * 5 + p * 3) % 7},${(t * 13 + p * 7) % 11 + (p % 2) * 2}`);
const spec = (reference: string) => `name: ref
stages:
  - { id: d, type: ingest, file: pat.csv }
  - { id: m, type: mixed, from: d, formula: "y ~ modality + x + (1 | therapist)", reference: ${reference} }
`;
const project = tempProject({ 'pat.csv': rows.join('\n') + '\n', 'case.yaml': spec('{ Modality: IPT }'), 'numeric.yaml': spec('{ x: "1" }'), 'ok.yaml': spec('{ modality: IPT }') });
afterAll(() => project.dispose());
const formula = 'y ~ modality + x + (1 | therapist)';

describe('alliance mixed --reference refuses a name that is not a factor of the formula', () => {
  it('a wrongly spelled factor: usage error with a did-you-mean', () => {
    const r = cli(['mixed', project.path('pat.csv'), '--formula', formula, '--reference', 'Modality=IPT']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`error: --reference: 'Modality' is not a factor of the formula '${formula}' (its factors: modality); a reference level is for a text column of a model term. Did you mean 'modality'?`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a numeric covariate is not a factor', () => {
    const r = cli(['mixed', project.path('pat.csv'), '--formula', formula, '--reference', 'x=1']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`error: --reference: 'x' is numeric in the formula '${formula}' (its factors: modality)`);
  });

  it('the right name still sets the reference (R: relevel(factor(modality), "IPT") names the coefficient modalityCBT)', () => {
    const r = cli(['mixed', project.path('pat.csv'), '--formula', formula, '--reference', 'modality=IPT', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(Object.keys(JSON.parse(r.stdout).fixed)).toEqual(['(Intercept)', 'modalityCBT', 'x']);
  });
});

describe('stage mixed: reference names are checked at plan time, at reference.<name>', () => {
  it('validate names the spec path and suggests the factor', () => {
    const r = cli(['validate', 'case.yaml'], project.dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`stages[1].reference.Modality: 'Modality' is not a factor of the formula '${formula}' (its factors: modality); a reference level is for a text column of a model term. Did you mean 'modality'?`);
  });

  it('run refuses before writing anything', () => {
    const r = cli(['run', 'numeric.yaml', '--out', 'out-numeric', '--quiet'], project.dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`stages[1].reference.x: 'x' is numeric in the formula '${formula}'`);
    expect(existsSync(project.path('out-numeric'))).toBe(false);
  });

  it('a factor of the formula passes', () => {
    const r = cli(['validate', 'ok.yaml'], project.dir);
    expect(r.status, r.stderr).toBe(0);
  });
});
