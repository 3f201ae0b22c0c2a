// `alliance validate` lists the problems of every `instruments[i]` entry of a score stage (README
// "Pipelines": validate "reports every problem at once with its spec path"). The plan used to stop
// at the first entry that threw (here the unknown instrument of instruments[0]), hiding the rest.
// Expected: one line per problem, in entry order, at its spec path; within an entry the checks that
// do not follow from one another (a prefix used twice, an item list of the wrong length, a listed
// column that is absent) each get their own line. Line/column are those of the values in BAD below;
// the instrument names and item counts are those of src/instruments/ (GAD-7: 7 items; CORE-10's
// default item columns core101…core1010 from its default prefix 'core10').
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { SpecErrors } from '../../src/engine/errors.ts';
import { REPO, runSpecText, tempProject } from '../helpers/temp-project.ts';
import { validateFailureLines } from '../helpers/validate-spec-errors.ts';

const BAD = `name: score-entries
stages:
  - { id: sessions, type: ingest, file: ${join(REPO, 'data-samples/rom-small.csv')} }
  - { id: scored, type: score, from: sessions, instruments: [{ instrument: phq-9, prefix: phq }, { instrument: wai-sr, prefix: wai }] }
  - id: bad
    type: score
    from: scored
    instruments:
      - { instrument: phq-10, prefix: gad }
      - { instrument: gad-7, prefix: gad, items: [phq1, phq2, phqx] }
      - { instrument: phq-9, prefix: phq }
      - { instrument: core-10 }
      - { instrument: wai-sr, prefix: wai }
`;

const p = tempProject({ 'bad.yaml': BAD });
afterAll(() => p.dispose());

describe('alliance validate lists the problems of every score instruments entry', () => {
  it('prints every entry’s problems, several per entry where they are independent', () => {
    expect(validateFailureLines('bad.yaml', p.dir)).toEqual([
      'error: the pipeline spec has 7 problems:',
      "  bad.yaml, line 9, column 23: stages[2].instruments[0].instrument: unknown instrument 'phq-10'. Did you mean 'phq-9'? Known: wai, wai-s, wai-sr, srs, oq-45, phq-9, gad-7, core-10, ors",
      "  bad.yaml, line 10, column 38: stages[2].instruments[1].prefix: prefix 'gad' is used twice",
      '  bad.yaml, line 10, column 50: stages[2].instruments[1].items: Generalized Anxiety Disorder-7 has 7 items but 3 columns are listed',
      "  bad.yaml, line 10, column 63: stages[2].instruments[1].items[2]: column 'phqx' is not in table 'scored'. Did you mean 'phq1', 'phq2' or 'phq3'?",
      "  bad.yaml, line 11, column 38: stages[2].instruments[2].prefix: output column 'phq_total' already exists in 'scored'; choose another prefix",
      "  bad.yaml, line 12, column 9: stages[2].instruments[3].items: column 'core101' is not in table 'scored'.",
      "  bad.yaml, line 13, column 39: stages[2].instruments[4].prefix: output column 'wai_total' already exists in 'scored'; choose another prefix",
    ]);
  });

  it('stops `run` before any stage with the same spec paths', async () => {
    const e = await runSpecText(p.dir, BAD).then(() => undefined, (x: unknown) => x);
    expect(e).toBeInstanceOf(SpecErrors);
    expect((e as SpecErrors).errors.map((x) => x.specPath)).toEqual([
      'stages[2].instruments[0].instrument',
      'stages[2].instruments[1].prefix',
      'stages[2].instruments[1].items',
      'stages[2].instruments[1].items[2]',
      'stages[2].instruments[2].prefix',
      'stages[2].instruments[3].items',
      'stages[2].instruments[4].prefix',
    ]);
  });
});
