// compare reads each patient's group and therapist codes together with the values, and counts the
// patients without a group or therapist from the same read. Patients added without a modality or
// with a missing alliance must change nothing but the ledger; a patient without a therapist is in
// every part but the per-therapist meta-regression and the multilevel models. The results are
// checked bit for bit against the run on the data without them (the slow exact path is the
// same stage on pre-filtered data; tolerance 0). A therapist ("T00") whose only patients have no
// modality sorts before every other therapist, so a code numbering that left it out would shift
// every therapist's code against its label.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, runSpecText, tempProject } from '../helpers/temp-project.ts';

const p = tempProject();
afterAll(() => p.dispose());
const spec = (file: string) => `name: missing
seed: 7
stages:
  - { id: pts, type: ingest, file: ${file} }
  - { id: cmp, type: compare, from: pts, by: modality, alliance: alliance, outcome: improvement, minPerTherapist: 4, margin: { r: 0.1, smd: 0.2 } }
`;
const lines = readFileSync(join(REPO, 'test/fixtures/compare-cells/patients.csv'), 'utf8').trimEnd().split('\n');
const extra = [
  '"P0005",1,"T00",,50.1,1.2', // no modality, a therapist seen nowhere else
  '"P0105",1,"T00",,47.3,-0.4',
  '"P0007",1,,"CBT",49.9,0.8', // no therapist
  '"P0500",1,,,51.0,2.0', // neither
  '"P0060",1,"T03","HUM",,1.5', // incomplete pair: no alliance
  '"P0061",1,"T02","CBT",48.2,', // incomplete pair: no outcome
];

async function run(rows: string[], file: string) {
  writeFileSync(p.path(file), [lines[0], ...rows].join('\n') + '\n');
  const out = await runSpecText(p.dir, spec(p.path(file)));
  const ledger = Object.fromEntries(out.ledger.entries.filter((e) => e.stage === 'cmp').map((e) => [e.reason, e.count]));
  return { result: out.results.cmp as any, ledger };
}

describe('compare: patients without a group, a therapist or a complete pair', () => {
  it('leave the results bit for bit as without them and are counted in the ledger', async () => {
    const base = await run(lines.slice(1), 'base.csv');
    // the patient without a therapist is in the correlations and outcome comparisons (found by QA:
    // it was left out of every part), the others in none
    const kept = await run([...lines.slice(1), extra[2]], 'kept.csv');
    const more = await run([...lines.slice(1), ...extra], 'more.csv');
    expect(more.result).toStrictEqual(kept.result);
    expect(more.ledger['missing-modality']).toBe(3);
    expect(more.ledger['missing-therapist']).toBe(1);
    expect(more.ledger['incomplete-pair']).toBe((base.ledger['incomplete-pair'] ?? 0) + 2);
    // the parts with therapists are those of the data without it, bit for bit
    expect(kept.result.metaRegression).toStrictEqual(base.result.metaRegression);
    expect(kept.result.multilevel).toStrictEqual(base.result.multilevel);
    expect(kept.result.pooled.n).toBe(base.result.pooled.n + 1);
    expect(kept.result.correlations.find((g: { group: string }) => g.group === 'CBT').n).toBe(base.result.correlations.find((g: { group: string }) => g.group === 'CBT').n + 1);
    expect(kept.result.pooled.r).not.toBe(base.result.pooled.r);
  });
});
