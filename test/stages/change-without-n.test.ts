// change on a pre–post table that has <outcome>_baseline and <outcome>_final but no <outcome>_n
// (an ingested table, not the patients stage): the option text promises only those two columns,
// yet the run selected phq_total_n and stopped with exit 70 "Binder Error: Referenced column
// phq_total_n not found" after validate had passed. Now each complete pair counts as it is.
// Expectations: the same classification as the identical table with phq_total_n = 2 on every row
// (the patients-stage route), n = 8 complete pairs, 1 patient without a final score in the ledger,
// and the RCI's SD = R sd(c(15, 20, 12, 18, 22, 9, 14, 17)) = 4.2573465914816.
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runSpecText, tempProject } from '../helpers/temp-project.ts';

const p = tempProject();
afterAll(() => p.dispose());

const pairs = [[15, 8], [20, 18], [12, 4], [18, 10], [22, 12], [9, 9], [14, 5], [17, 16], [16, null]] as const;
const spec = (file: string) => `name: c
stages:
  - { id: pts, type: ingest, file: ${join(p.dir, file)} }
  - { id: change, type: change, from: pts, outcome: phq_total, instrument: phq-9 }
`;

it('change runs on a table without <outcome>_n, each complete pair as it is', async () => {
  p.write('no-n.csv', ['patient,session,phq_total_baseline,phq_total_final', ...pairs.map(([b, f], i) => `P${i + 1},1,${b},${f ?? ''}`)].join('\n') + '\n');
  p.write('with-n.csv', ['patient,session,phq_total_baseline,phq_total_final,phq_total_n', ...pairs.map(([b, f], i) => `P${i + 1},1,${b},${f ?? ''},${f === null ? 1 : 2}`)].join('\n') + '\n');
  const without = await runSpecText(p.dir, spec('no-n.csv'));
  const withN = await runSpecText(p.dir, spec('with-n.csv'));
  const a = without.results.change as { n: number; counts: unknown; norms: { sd: number } };
  const b = withN.results.change as { n: number; counts: unknown };
  expect(a.n).toBe(8);
  expect(a.counts).toEqual(b.counts);
  expect(Math.abs(a.norms.sd - 4.2573465914816)).toBeLessThan(1e-12);
  expect(without.ledger.entries.find((e) => e.reason === 'no-pre-post-pair')?.count).toBe(1);
});
