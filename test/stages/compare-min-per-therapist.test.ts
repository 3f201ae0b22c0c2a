// compare reads minPerTherapist only for its per-therapist meta-regression, which runs only when the
// table has a therapist column; on a table without one, a minPerTherapist given was accepted and
// changed nothing. It is now a spec problem at stages[i].minPerTherapist; the option lost its
// schema default (5), so that the plan can tell a value given from none.
import { afterAll, describe, expect, it } from 'vitest';
import { tempProject } from '../helpers/temp-project.ts';
import { refusedOnce } from '../helpers/validate-spec-errors.ts';

const rows = Array.from({ length: 12 }, (_, i) => `P${i},${i % 2 ? 'CBT' : 'PDT'},T${i % 3},${30 + i},${(i * 7) % 11}`).join('\n');
const project = tempProject({
  'therapists.csv': `patient,modality,therapist,alliance,outcome\n${rows}\n`,
  'clinicians.csv': `patient,modality,clinician,alliance,outcome\n${rows}\n`,
});
afterAll(() => project.dispose());

/** A patient file read per patient, and a compare stage giving minPerTherapist. */
const spec = (file: string) => `name: t
stages:
  - { id: p, type: ingest, file: ${file}, grain: patient }
  - { id: c, type: compare, from: p, alliance: alliance, outcome: outcome, margin: { r: 0.1, smd: 0.2 }, minPerTherapist: 4 }
`;

describe('compare: minPerTherapist only with a therapist column', () => {
  it('is taken on a table with therapists, and refused without them at its spec path and YAML line', async () => {
    expect(await refusedOnce(project, 'none.yaml', spec('clinicians.csv'), spec('therapists.csv'))).toBe(
      "  none.yaml, line 4, column 123: stages[1].minPerTherapist: minPerTherapist is for the per-therapist meta-regression, which needs a therapist column, and table 'p' has none; drop minPerTherapist",
    );
  });
});
