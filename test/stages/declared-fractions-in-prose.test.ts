// A declared fraction is printed as it is, not rounded to a whole percentage:
// - sudden's criterion 2 of 0.255 reads "at least 25.5% of the pre-change score" (Math.round gave 26%);
// - score's "too many missing items" ledger line names the item count, as the prorating line does
//   ("more than 1 of 12 items"), instead of a rounded fraction (maxMissingFraction 1/6 printed "17%"
//   while the rule is ⌊12 · 1/6⌋ = 2 of 12 items, which is "more than 2 of 12").
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { REPO, runSpecText, tempProject } from '../helpers/temp-project.ts';

const p = tempProject({});
afterAll(() => p.dispose());

it('prints criterion 2 and the missing-items rule as declared', async () => {
  await runSpecText(
    p.dir,
    `name: t\nstages:\n` +
      `  - { id: sessions, type: ingest, file: ${join(REPO, 'data-samples/rom-small.csv')} }\n` +
      `  - { id: scored, type: score, from: sessions, instruments: [{ instrument: wai-sr, prefix: wai, maxMissingFraction: 0.1666666666666667 }, { instrument: phq-9, prefix: phq }] }\n` +
      `  - { id: gains, type: sudden, from: scored, score: phq_total, crit2: 0.255 }\n` +
      `  - { id: report, type: report, png: false }\n`,
  );
  const html = readFileSync(join(p.dir, 'out/index.html'), 'utf8');
  expect(html.includes('(2) at least 25.5% of the pre-change score'), 'criterion 2 as declared').toBe(true);
  const results = JSON.parse(readFileSync(join(p.dir, 'out/results.json'), 'utf8')) as { ledger: { reason: string; detail: string }[] };
  const details = results.ledger.filter((e) => e.reason === 'too-many-missing-items').map((e) => e.detail);
  expect(details).toContain('wai_total: score left missing because more than 2 of 12 items were missing');
  expect(details).toContain('wai_task: score left missing because at least one of its 4 items was missing');
  expect(details).toContain('phq_total: score left missing because more than 1 of 9 items were missing');
  expect(/more than \d+% of its items/.test(html), 'no rounded percentage of items').toBe(false);
});
