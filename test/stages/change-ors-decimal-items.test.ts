// change on ORS totals scored from visual-analogue items (one decimal): the classification equals R's.
// R: rowSums(matrix(c(0, 6.4, 9.8, 8.8), 1)) and rowSums(matrix(c(0, 6.6, 9.7, 8.7), 1)) both give 25,
// and rowSums(matrix(c(5, 5, 5, 5), 1)) gives 20; with the ORS reliable change 5 (|post − pre| ≥ 5) and
// cut-off 25 (a score equal to it is still clinical), both patients are 'improved' (a third, 19 to 20,
// is 'unchanged'). The left-to-right
// double sum gave 25.000000000000004 ('recovered') and 24.999999999999996 (change below 5: 'unchanged').
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runSpecText, tempProject } from '../helpers/temp-project.ts';

const p = tempProject();
afterAll(() => p.dispose());

it('ORS change categories from decimal items equal those from R rowSums', async () => {
  const rows = [
    ['P1', 1, [5, 5, 5, 5]],
    ['P1', 2, [0, 6.4, 9.8, 8.8]],
    ['P2', 1, [5, 5, 5, 5]],
    ['P2', 2, [0, 6.6, 9.7, 8.7]],
    ['P3', 1, [5, 5, 5, 4]],
    ['P3', 2, [5, 5, 5, 5]],
  ] as const;
  p.write('ors.csv', ['patient,session,ors1,ors2,ors3,ors4,srs1,srs2,srs3,srs4', ...rows.map(([id, s, x]) => `${id},${s},${x.join(',')},9.1,9.2,9.3,9.4`)].join('\n') + '\n');
  const out = await runSpecText(
    p.dir,
    `name: ors-change
stages:
  - { id: sessions, type: ingest, file: ${join(p.dir, 'ors.csv')} }
  - id: scored
    type: score
    from: sessions
    instruments: [{ instrument: ors }, { instrument: srs }]
  - { id: patients, type: patients, from: scored, outcome: ors_total, alliance: [srs_total], session: 1 }
  - { id: change, type: change, from: patients, outcome: ors_total, instrument: ors }
`,
  );
  const change = out.results.change as { counts: { category: string; n: number }[] };
  expect(Object.fromEntries(change.counts.map((c) => [c.category, c.n]))).toEqual({ recovered: 0, improved: 2, unchanged: 1, deteriorated: 0 });
});
