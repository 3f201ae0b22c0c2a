// ruptures: reliability and sd feed the rci preset only (resolveRules passes them to
// rupturePreset('rci') and nowhere else). Beside presets without rci, beside custom rules without
// presets, or when the default presets leave rci out for want of a reliability, they were accepted
// and ignored. Each is now a spec problem at stages[i].reliability / stages[i].sd, named by
// `alliance validate` with its YAML line and what to do.
import { afterAll, describe, expect, it } from 'vitest';
import { tempProject } from '../helpers/temp-project.ts';
import { ROM_SMALL_SCORED } from '../helpers/rom-small-scored.ts';
import { validateFailureLines, validateSpecErrors } from '../helpers/validate-spec-errors.ts';

const project = tempProject();
afterAll(() => project.dispose());

const only = (k: string, why: string, fix: string) => `${k} is only used by the rci preset, ${why}; ${fix} or drop ${k}`;

describe('ruptures: reliability and sd only where the rci preset runs', () => {
  it('presets without rci: alliance validate names both options and their YAML lines', () => {
    project.write(
      'presets.yaml',
      `${ROM_SMALL_SCORED}  - id: r
    type: ruptures
    from: scored
    score: wai_total
    presets: [stiles2004, gumz2012]
    reliability: 0.8
    sd: 5
`,
    );
    const why = 'and presets: [stiles2004, gumz2012] does not name it';
    expect(validateFailureLines('presets.yaml', project.dir)).toEqual([
      'error: the pipeline spec has 2 problems:',
      `  presets.yaml, line 14, column 18: stages[2].reliability: ${only('reliability', why, 'add rci to presets')}`,
      `  presets.yaml, line 15, column 9: stages[2].sd: ${only('sd', why, 'add rci to presets')}`,
    ]);
  });

  it('custom rules without presets, and the default presets without a reliability', async () => {
    const spec = (stage: string) => `${ROM_SMALL_SCORED}  - { id: r, type: ruptures, from: scored, ${stage} }\n`;
    expect(await validateSpecErrors(project.dir, spec("score: wai_total, rules: [{ name: drop, threshold: { type: absolute, value: 3 } }], reliability: 0.8"))).toEqual([
      {
        specPath: 'stages[2].reliability',
        message: only('reliability', "and without presets: the stage runs the custom rules only (a custom rule's rci threshold has its own reliability and sd)", 'add presets: [rci]'),
      },
    ]);
    expect(await validateSpecErrors(project.dir, spec('score: wai1, sd: 5'))).toEqual([
      { specPath: 'stages[2].sd', message: only('sd', "which the default presets leave out without a reliability ('wai1' is not an instrument score)", 'give reliability:') },
    ]);
  });

  it('takes them where rci runs: named, or among the default presets with a reliability known', async () => {
    const valid = `${ROM_SMALL_SCORED}  - { id: named, type: ruptures, from: scored, score: wai1, presets: [rci, stiles2004], reliability: 0.8, sd: 5 }
  - { id: given, type: ruptures, from: scored, score: wai1, reliability: 0.8, sd: 5 }
  - { id: instrument, type: ruptures, from: scored, score: wai_total, sd: 5 }
`;
    expect(await validateSpecErrors(project.dir, valid)).toEqual([]);
  });
});
