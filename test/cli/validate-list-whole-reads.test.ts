// `alliance validate` lists every problem of a spec at once (README "Pipelines": validate "reports
// every problem at once with its spec path"). Some plans read a list option as a whole (a spread,
// `new Set(list)`, `for…of`, `.forEach`, `.map`) outside checkApart/eachEntry, so one entry in doubt
// (a number among file or column names, see readingInDoubt) ended the plan there and hid the
// problems of the entries after it, or of the options checked after it, until it was fixed. Those
// plans now read the list entry by entry (checkEach), skipping only the entries in doubt.
// Expected: the exact problems of one run, each once with its spec path and message.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, tempProject } from '../helpers/temp-project.ts';
import { validateSpecErrors } from '../helpers/validate-spec-errors.ts';
import { ROM_SMALL_SCORED } from '../helpers/rom-small-scored.ts';

const ROM = join(REPO, 'data-samples/rom-small.csv');
const BCG = join(REPO, 'data-samples/meta/bcg.csv');
const SITES = join(REPO, 'data-samples/meta/sites');

const p = tempProject();
afterAll(() => p.dispose());

describe('validate: a list entry in doubt no longer hides the checks read after it', () => {
  it('ingest text: a number among the text columns and a misspelled patient column', async () => {
    const errors = await validateSpecErrors(p.dir, `name: t\nstages:\n  - { id: sessions, type: ingest, file: ${ROM}, text: [3, modality], columns: { patient: patiend } }\n`);
    expect(errors).toEqual([
      { specPath: 'stages[0].text[0]', message: 'must be text (got 3)' },
      { specPath: 'stages[0].columns.patient', message: `column 'patiend' is not in ${ROM}. Did you mean 'patient'?` },
    ]);
  });

  it('import-studies text: a number among the text columns and a misspelled column after it', async () => {
    const errors = await validateSpecErrors(p.dir, `name: t\nstages:\n  - { id: studies, type: import-studies, file: ${BCG}, text: [3, alloc, allocc] }\n`);
    expect(errors).toEqual([
      { specPath: 'stages[0].text[0]', message: 'must be text (got 3)' },
      { specPath: 'stages[0].text', message: `column 'allocc' is not in ${BCG}. Did you mean 'alloc'?` },
    ]);
  });

  it('import-summaries files: a number among the files and a missing file after it', async () => {
    const errors = await validateSpecErrors(p.dir, `name: t\nstages:\n  - { id: pooled, type: import-summaries, files: [3, ${join(SITES, 'S01.summary.json')}, ${join(SITES, 'S09.summary.json')}] }\n`);
    expect(errors).toEqual([
      { specPath: 'stages[0].files[0]', message: 'must be text (got 3)' },
      { specPath: 'stages[0].files[2]', message: expect.stringContaining(`input file "${join(SITES, 'S09.summary.json')}" was not found`) as unknown as string },
    ]);
  });

  it('export-summary correlations: a wrong-typed y in one entry and two later entries with the same label', async () => {
    const errors = await validateSpecErrors(
      p.dir,
      `${ROM_SMALL_SCORED}  - { id: patients, type: patients, from: scored, outcome: phq_total, alliance: [wai_total] }
  - { id: x, type: export-summary, from: patients, site: A, correlations: [{ x: wai_total_mean, y: 3 }, { x: wai_total_mean, y: phq_total_improvement }, { x: wai_total_mean, y: phq_total_improvement }] }\n`,
    );
    expect(errors).toEqual([
      { specPath: 'stages[3].correlations[0].y', message: 'must be text (got 3)' },
      { specPath: 'stages[3].correlations', message: "two exported analyses share the label 'wai_total_mean × phq_total_improvement'; give each a distinct label" },
    ]);
  });
});
