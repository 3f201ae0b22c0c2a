// export-summary documents that a cell with fewer than `minN` patients is suppressed (left out and
// counted in the ledger). A site with fewer than 4 complete pairs instead stopped the run with the
// correlation kernel's "pearson: needs at least 4 pairs, got 3". Reference: the stage's documented
// privacy rule (README, export-summary: "smaller cells are suppressed") — here S01 keeps 3 patients
// of data-samples/rom-small.csv, so with minN 10 every analysis must be suppressed, the run must
// succeed, and summary.json must carry no aggregate.
import { readFileSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { REPO, cli, tempProject } from '../helpers/temp-project.ts';

const lines = readFileSync(`${REPO}/data-samples/rom-small.csv`, 'utf8').trimEnd().split('\n');
const header = lines[0].split(',');
const [site, patient] = [header.indexOf('site'), header.indexOf('patient')];
const keptS01 = new Set<string>();
const rows = lines.slice(1).filter((l) => {
  const cells = l.split(',');
  if (cells[site] !== 'S01') return true;
  if (!keptS01.has(cells[patient]) && keptS01.size >= 3) return false;
  keptS01.add(cells[patient]);
  return true;
});
const project = tempProject({ 'few.csv': [lines[0], ...rows].join('\n') + '\n' });
afterAll(() => project.dispose());

it('export-summary: a site with 3 patients (under minN, and under the 4 pairs a correlation needs) has every cell suppressed, not a failed run', () => {
  expect(keptS01.size).toBe(3);
  const out = project.path('out');
  const r = cli(['run', 'pipelines/multisite-site.yaml', '--param', `data=${project.path('few.csv')}`, '--param', 'site=S01', '--out', out, '--quiet']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const summary = JSON.parse(readFileSync(`${out}/summary.json`, 'utf8'));
  expect(summary.correlations).toEqual([]);
  expect(summary.differences).toEqual([]);
  const results = JSON.parse(readFileSync(`${out}/results.json`, 'utf8'));
  expect(results.stages.summary.suppressed).toEqual(['Early alliance × PHQ-9 improvement (n = 3)', 'Mean alliance × PHQ-9 improvement (n = 3)', 'PHQ-9 improvement CBT − IPT (n = 3 and 0)']);
  expect(results.ledger).toContainEqual(expect.objectContaining({ stage: 'summary', action: 'flagged', reason: 'small-cell-suppressed', count: 3 }));
});
