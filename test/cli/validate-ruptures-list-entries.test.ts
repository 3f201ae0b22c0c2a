// `alliance validate` lists every problem of a spec at once (README "Pipelines": validate "reports
// every problem at once with its spec path"). The ruptures plan read `presets` and `rules` as a whole
// (`presets.includes('rci')`, a spread and `.map` for the duplicate-name check), so one entry in
// doubt (a misspelled preset, a rule with a bad threshold type, see readingInDoubt) ended those
// checks and hid their problems until it was fixed. They now read the lists entry by entry
// (checkEach), skipping only the entries in doubt.
// Expected: the exact problems of one run, each once with its spec path and message (the messages
// of src/stages/ruptures.ts's plan).
import { afterAll, describe, expect, it } from 'vitest';
import { tempProject } from '../helpers/temp-project.ts';
import { validateSpecErrors } from '../helpers/validate-spec-errors.ts';
import { ROM_SMALL_SCORED } from '../helpers/rom-small-scored.ts';

const p = tempProject();
afterAll(() => p.dispose());

describe('validate ruptures: a presets or rules entry in doubt no longer hides the list checks', () => {
  it('rci among the presets after a misspelled one, on a score of no instrument and without reliability', async () => {
    // wai1 is a raw item of the ingested table: no instrument, so no reliability to fall back on
    const errors = await validateSpecErrors(p.dir, `${ROM_SMALL_SCORED}  - { id: r, type: ruptures, from: sessions, score: wai1, presets: [gumz2021x, rci] }\n`);
    expect(errors).toEqual([
      { specPath: 'stages[2].presets[0]', message: "must be one of 'stiles2004', 'strauss2006', 'gumz2012', 'rci' (got 'gumz2021x'). Did you mean 'gumz2012'?" },
      { specPath: 'stages[2].reliability', message: "preset 'rci' needs a reliability (give reliability:)" },
    ]);
  });

  it('rci among the presets after a number', async () => {
    const errors = await validateSpecErrors(p.dir, `${ROM_SMALL_SCORED}  - { id: r, type: ruptures, from: sessions, score: wai1, presets: [3, rci] }\n`);
    expect(errors).toEqual([
      { specPath: 'stages[2].presets[0]', message: 'must be text (got 3)' },
      { specPath: 'stages[2].presets[0]', message: "must be one of 'stiles2004', 'strauss2006', 'gumz2012', 'rci'" },
      { specPath: 'stages[2].reliability', message: "preset 'rci' needs a reliability (give reliability:)" },
    ]);
  });

  it('two custom rules with the same name after a rule with a misspelled threshold type', async () => {
    const errors = await validateSpecErrors(
      p.dir,
      `${ROM_SMALL_SCORED}  - id: r
    type: ruptures
    from: scored
    score: wai_total
    presets: [gumz2012]
    rules:
      - { name: drop, threshold: { type: absolut, value: 5 } }
      - { name: dip, threshold: { type: absolute, value: 4 } }
      - { name: dip, threshold: { type: absolute, value: 6 } }
`,
    );
    expect(errors).toEqual([
      { specPath: 'stages[2].rules[0].threshold.type', message: "must be one of 'sd', 'rci', 'absolute' (got 'absolut'). Did you mean 'absolute'?" },
      { specPath: 'stages[2].rules', message: "rule name 'dip' is used twice" },
    ]);
  });
});
