// change with norms: the Jacobson–Truax cut-off c computed from the norms was printed unrounded
// ("cut-off 8.941176470588236") in the text, the methods paragraph and the figure caption. It is
// printed with two decimals like the SD and the reliable-change value of the same text, and
// results.json keeps the full value. Reference: Jacobson & Truax (1991) c = (sdDys·mFunc +
// sdFunc·mDys) / (sdDys + sdFunc) = (9·4 + 8·14.5) / (9 + 8) = 152/17 = 8.941176…, printed 8.94.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runSpecText, tempProject } from '../helpers/temp-project.ts';

const pairs = [[15, 8], [20, 18], [12, 4], [18, 10], [22, 12], [9, 9], [14, 5], [17, 16]];
const p = tempProject({ 'pts.csv': ['patient,session,phq_total_baseline,phq_total_final', ...pairs.map(([b, f], i) => `P${i + 1},1,${b},${f}`)].join('\n') + '\n' });
let html = '';
let caption = '';
let cutoff = NaN;

beforeAll(async () => {
  const run = await runSpecText(
    p.dir,
    `name: c
stages:
  - { id: pts, type: ingest, file: pts.csv }
  - { id: change, type: change, from: pts, outcome: phq_total, instrument: phq-9, norms: { mDys: 14.5, sdDys: 9, mFunc: 4, sdFunc: 8 } }
  - { id: report, type: report }
`,
  );
  cutoff = (run.results.change as { norms: { cutoff: number } }).norms.cutoff;
  html = readFileSync(join(p.dir, 'out/index.html'), 'utf8');
  caption = (JSON.parse(readFileSync(join(p.dir, 'out/figures/change-jacobson-truax.vl.json'), 'utf8')) as { description: string }).description;
});
afterAll(() => p.dispose());

it('results.json keeps the full cut-off 152/17', () => {
  expect(Math.abs(cutoff - 152 / 17)).toBeLessThan(1e-12);
});

it('the text, the methods paragraph and the figure caption print it as 8.94', () => {
  // (the page also embeds the figure's data, which keeps the full value for the rule's position)
  expect(html.match(/clinical cut-off \S+ \(Jacobson–Truax c from the norms\)/)?.[0]).toBe('clinical cut-off 8.94 (Jacobson–Truax c from the norms)');
  expect(html.match(/, cut-off [^)]*\); residualized gain/)?.[0]).toBe(', cut-off 8.94); residualized gain');
  expect(caption.match(/blue lines mark the cut-off [^ ]+ /)?.[0]).toBe('blue lines mark the cut-off 8.94. ');
});
