// A confidence level that is not a whole percentage is named as it is: level 0.975 is a "97.5% CI",
// not the "98% CI" that Math.round(level · 100) printed in the meta, compare, sudden, ruptures and
// trajectories stages (their text, table headers and figure titles; the intervals themselves were
// computed at 97.5%). The TOST interval of compare is 1 − 2α: α = 0.0125 gives 97.5% too.
// formatLevel (src/report/format/format-level.ts) names the level everywhere; correlate,
// reliability and within-patient used it already.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { REPO, runSpecText, tempProject } from '../helpers/temp-project.ts';

const p = tempProject({ 'studies.csv': 'study,r,n\nA,.3,50\nB,.25,80\nC,.4,40\nD,.1,120\n' });
afterAll(() => p.dispose());

it('names a 97.5% level as 97.5% in the report text, tables and figures of every stage that takes a level', async () => {
  await runSpecText(
    p.dir,
    `name: t\nstages:\n` +
      `  - { id: sessions, type: ingest, file: ${join(REPO, 'data-samples/rom-small.csv')} }\n` +
      `  - { id: studies, type: import-studies, file: studies.csv }\n` +
      `  - { id: scored, type: score, from: sessions, instruments: [{ instrument: wai-sr, prefix: wai }, { instrument: phq-9, prefix: phq }] }\n` +
      `  - { id: traj, type: trajectories, from: scored, variables: [wai_total], by: modality, level: 0.975 }\n` +
      `  - { id: patients, type: patients, from: scored, outcome: phq_total, alliance: [wai_total], session: 3 }\n` +
      `  - { id: cmp, type: compare, from: patients, by: modality, alliance: wai_total_first3, outcome: phq_total_improvement, margin: { r: 0.1, smd: 0.2 }, level: 0.975, alpha: 0.0125 }\n` +
      `  - { id: gains, type: sudden, from: scored, score: phq_total, outcome: { from: patients, column: phq_total_improvement }, level: 0.975 }\n` +
      `  - { id: rr, type: ruptures, from: scored, score: wai_total, outcome: { from: patients, column: phq_total_improvement }, level: 0.975 }\n` +
      `  - { id: pooled, type: meta, from: studies, r: r, n: n, study: study, level: 0.975 }\n` +
      `  - { id: report, type: report, png: false }\n`,
  );
  const html = readFileSync(join(p.dir, 'out/index.html'), 'utf8');
  const figures = readdirSync(join(p.dir, 'out/figures'))
    .filter((f) => f.endsWith('.vl.json'))
    .map((f) => readFileSync(join(p.dir, 'out/figures', f), 'utf8'))
    .join('\n');
  for (const text of [html, figures]) expect(text).not.toMatch(/\b98%/);
  // one place per stage (the level reaches each through its own code path)
  expect(html).toMatch(/Across k = 4 studies, r = [^;]*, 97\.5% CI \[/); // meta sentence
  expect(html).toContain('97.5% prediction interval');
  expect(html).toMatch(/TOST against ±0\.1 on the Fisher-z scale \(97\.5% interval\)/); // compare, 1 − 2α
  expect(html).toMatch(/Zou \(2007\) 97\.5% interval/);
  expect(html).toMatch(/Hedges&#39; g with 97\.5% CI/); // ruptures table caption (the apostrophe escaped)
  expect(html).toMatch(/g = [^,]*, 97\.5% CI \[/); // sudden: the outcome comparison's pairs or Welch sentence
  expect(figures).toContain('97.5% CI lower'); // trajectories tooltip
  expect(html).toMatch(/t-based 97\.5% confidence intervals/); // trajectories methods
});
