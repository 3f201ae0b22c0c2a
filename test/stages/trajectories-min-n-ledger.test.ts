// Stage `trajectories`: group × session cells with fewer than minN scores are left out of the figure
// and of results.json, but only the figure caption counted them; the data-quality ledger said
// nothing. Reference: the README promise that nothing is lost silently (every withheld value is
// counted in the ledger with its reason), with the action and reason export-summary uses for its
// suppressed small cells ('flagged', 'small-cell-suppressed').
// Data: group A has 6 patients and group B 3, each with sessions 1–3; y is missing for one A patient
// at session 3, so with minN 5: B sessions 1–3 (n = 3) are withheld and A session 3 (n = 5) is kept.
// The count is in the entry's unit, values (session scores): 3 cells × 3 scores = 9 (QA found it
// counted cells, 3, under the unit 'values'). z is y without B's session-3 scores: that cell has
// no z score, so it withholds nothing and is not listed.
import { afterAll, describe, expect, it } from 'vitest';
import { runSpecText, tempProject } from '../helpers/temp-project.ts';

const rows = ['patient,session,arm,y,z'];
const patients = [...['A1', 'A2', 'A3', 'A4', 'A5', 'A6'].map((p) => [p, 'A']), ...['B1', 'B2', 'B3'].map((p) => [p, 'B'])];
patients.forEach(([p, arm], i) => {
  for (let s = 1; s <= 3; s++) {
    const y = p === 'A6' && s === 3 ? '' : String((i * 3 + s * 2) % 7);
    rows.push(`${p},${s},${arm},${y},${arm === 'B' && s === 3 ? '' : y}`);
  }
});
const project = tempProject({ 'sessions.csv': rows.join('\n') + '\n' });
afterAll(() => project.dispose());
const withMinN = (minN: number, variables = 'y') =>
  runSpecText(project.dir, `name: t\nstages:\n  - { id: d, type: ingest, file: sessions.csv }\n  - { id: tr, type: trajectories, from: d, variables: [${variables}], by: arm, maxSession: 3, minN: ${minN} }\n`);

describe('trajectories: cells below minN are counted in the ledger', () => {
  it('one flagged entry per variable naming each withheld cell', async () => {
    const out = await withMinN(5);
    const points = (out.results.tr as { trajectories: { group: string; session: number; n: number }[] }).trajectories;
    expect(points.map((p) => `${p.group}${p.session}:${p.n}`)).toEqual(['A1:6', 'A2:6', 'A3:5']);
    expect(out.ledger.entries.filter((e) => e.stage === 'tr')).toEqual([
      {
        stage: 'tr',
        action: 'flagged',
        unit: 'values',
        count: 9,
        reason: 'small-cell-suppressed',
        detail: 'y: the scores of 3 arm × session cells with fewer than 5 scores (minN), not drawn and left out of the results: B session 1 (n = 3); B session 2 (n = 3); B session 3 (n = 3)',
      },
    ]);
  });

  it('a cell without a score of the variable (the other variable has scores there) is not counted', async () => {
    const out = await withMinN(5, 'y, z');
    const z = out.ledger.entries.find((e) => e.stage === 'tr' && e.detail.startsWith('z:'));
    expect(z).toMatchObject({ count: 6, detail: 'z: the scores of 2 arm × session cells with fewer than 5 scores (minN), not drawn and left out of the results: B session 1 (n = 3); B session 2 (n = 3)' });
  });

  it('no entry when every cell reaches minN', async () => {
    const out = await withMinN(2);
    expect(out.ledger.entries.filter((e) => e.stage === 'tr')).toEqual([]);
  });
});
