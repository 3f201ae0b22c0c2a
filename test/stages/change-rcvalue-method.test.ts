// change reads rcValue only under method: fixed. Under method rci, given or the default once a
// reliability is known (reliability:, or the instrument's), an rcValue was accepted and ignored:
// results.json was identical for rcValue 6 and 20. It is now a spec problem at stages[i].rcValue,
// named by `alliance validate` with its YAML line, saying which method applies and why.
// The other way round, reliability and sd are read only under method: rci; under method fixed,
// given or the default when no reliability is known, they were accepted and ignored (results.json
// carried reliability and sd null whatever was given), and are now spec problems too.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, runSpecText, tempProject } from '../helpers/temp-project.ts';
import { validateFailureLines, validateSpecErrors } from '../helpers/validate-spec-errors.ts';

const project = tempProject();
afterAll(() => project.dispose());
const DATA = join(REPO, 'data-samples/rom-small.csv');

/** A pipeline scoring PHQ-9 and classifying change in phq_total with `change` options. */
const spec = (change: string) => `name: t
stages:
  - { id: sessions, type: ingest, file: ${DATA} }
  - { id: scored, type: score, from: sessions, instruments: [{ instrument: wai-sr, prefix: wai }, { instrument: phq-9, prefix: phq }] }
  - { id: patients, type: patients, from: scored, outcome: phq_total, alliance: [wai_total] }
  - id: change
    type: change
    from: patients
    outcome: phq_total
${change}`;

describe('change: rcValue only with method: fixed', () => {
  it('method: rci given: alliance validate names rcValue, its line, and method', () => {
    project.write('rci.yaml', spec('    instrument: phq-9\n    method: rci\n    rcValue: 6\n'));
    expect(validateFailureLines('rci.yaml', project.dir)).toEqual([
      'error: the pipeline spec has 1 problem:',
      '  rci.yaml, line 12, column 14: stages[3].rcValue: rcValue is only used with method: fixed, and method: rci derives the reliable-change value from the reliability and SD; set method: fixed or drop rcValue',
    ]);
  });

  it('rci by default: says which reliability made it the method', async () => {
    expect(await validateSpecErrors(project.dir, spec('    instrument: phq-9\n    rcValue: 6\n'))).toEqual([
      { specPath: 'stages[3].rcValue', message: 'rcValue is only used with method: fixed, and without method: the stage uses rci, as instrument phq-9 has a reliability (.89); add method: fixed or drop rcValue' },
    ]);
    expect(await validateSpecErrors(project.dir, spec('    reliability: 0.8\n    rcValue: 6\n'))).toEqual([
      { specPath: 'stages[3].rcValue', message: 'rcValue is only used with method: fixed, and without method: the stage uses rci, as reliability: is given; add method: fixed or drop rcValue' },
    ]);
  });

  it('method: fixed uses it, and without a reliability fixed is the default', async () => {
    const fixed = (await runSpecText(project.dir, spec('    instrument: phq-9\n    method: fixed\n    rcValue: 5\n'))).results.change as { norms: { method: string; rcValue: number } };
    expect(fixed.norms).toMatchObject({ method: 'fixed-rc-value', rcValue: 5 });
    expect(await validateSpecErrors(project.dir, spec('    rcValue: 5\n'))).toEqual([]);
  });
});

const FIXED = "method: fixed takes the reliable-change value in points (rcValue, or the instrument's)";

describe('change: reliability and sd only with method: rci', () => {
  it('method: fixed given: alliance validate names both options, their lines, and method', () => {
    project.write('fixed.yaml', spec('    instrument: phq-9\n    method: fixed\n    reliability: 0.8\n    sd: 5\n'));
    expect(validateFailureLines('fixed.yaml', project.dir)).toEqual([
      'error: the pipeline spec has 2 problems:',
      `  fixed.yaml, line 12, column 18: stages[3].reliability: reliability is only used with method: rci, and ${FIXED}; set method: rci or drop reliability`,
      `  fixed.yaml, line 13, column 9: stages[3].sd: sd is only used with method: rci, and ${FIXED}; set method: rci or drop sd`,
    ]);
  });

  it('fixed by default: says that no reliability is known', async () => {
    expect(await validateSpecErrors(project.dir, spec('    rcValue: 5\n    sd: 5\n'))).toEqual([
      { specPath: 'stages[3].sd', message: 'sd is only used with method: rci, and without method: the stage uses fixed, as no reliability is known (no instrument: is given); give reliability: or drop sd' },
    ]);
  });

  it('takes them under rci, given or the default once a reliability is known', async () => {
    for (const options of ['    instrument: phq-9\n    sd: 5\n', '    reliability: 0.8\n    sd: 5\n', '    method: rci\n    reliability: 0.8\n']) {
      expect(await validateSpecErrors(project.dir, spec(options))).toEqual([]);
    }
  });
});
