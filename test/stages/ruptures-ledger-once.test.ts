// The ruptures ledger counted a patient with fewer than two alliance scores and no outcome value
// twice, under too-few-scores and under no-outcome, so the report's per-stage total of excluded
// patients was too high (found by QA). A patient that is not evaluable is now counted once, under
// too-few-scores (it is out of the rupture rates and the outcome comparison); no-outcome counts the
// evaluable patients without an outcome. The data are counted by hand:
//   P1: 3 alliance scores, outcome       → in everything
//   P2: 3 alliance scores, one outcome score only (no improvement) → no-outcome
//   P3: 1 alliance score (2 rows, one blank), 2 outcome scores → too-few-scores
//   P4: 1 alliance score (2 rows, one blank), 1 outcome score  → too-few-scores only (was both)
import { afterAll, describe, expect, it } from 'vitest';
import { runSpecText, tempProject } from '../helpers/temp-project.ts';

const csv = [
  'patient,session,alliance,symptoms',
  'P1,1,3,15', 'P1,2,4,12', 'P1,3,5,9',
  'P2,1,2,14', 'P2,2,3,', 'P2,3,4,',
  'P3,1,3,16', 'P3,2,,11',
  'P4,1,4,13', 'P4,2,,',
].join('\n') + '\n';
const project = tempProject({ 'data.csv': csv });
afterAll(() => project.dispose());

describe('ruptures: each left-out patient counted once in the ledger', () => {
  it('not evaluable: too-few-scores only; evaluable without an outcome: no-outcome', async () => {
    const run = await runSpecText(project.dir, `name: t
stages:
  - { id: s, type: ingest, file: data.csv }
  - { id: patients, type: patients, from: s, outcome: symptoms, outcomeHigherIsBetter: false, alliance: [alliance] }
  - { id: ruptures, type: ruptures, from: s, score: alliance, outcome: { from: patients, column: symptoms_improvement } }
`);
    const count = (reason: string) => run.ledger.entries.filter((e) => e.stage === 'ruptures' && e.reason === reason).reduce((n, e) => n + e.count, 0);
    expect(count('too-few-scores') + count('series-too-short')).toBe(2);
    expect(count('no-outcome')).toBe(1);
  });
});
