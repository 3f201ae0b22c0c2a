// Stage `trajectories`: the figure caption names the sessions it draws. It used to say "per session
// (1–20)" from maxSession alone, also for data whose sessions start at 0 or end at 3. Reference:
// the points in results.json (the caption must agree with what is drawn), and the counted noun of
// the report's other captions ("1 cell", "2 cells", not "cells" after any count).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSpecText, tempProject } from '../helpers/temp-project.ts';

const rows = ['patient,session,arm,y'];
for (const p of ['A1', 'A2', 'A3', 'A4', 'A5', 'A6']) for (let s = 0; s <= 3; s++) rows.push(`${p},${s},A,${(p.charCodeAt(1) + s) % 5}`);
// B has 5 patients at session 0 only: one cell below minN 6, withheld
for (const p of ['B1', 'B2', 'B3', 'B4', 'B5']) rows.push(`${p},0,B,${p.charCodeAt(1) % 3}`);
const project = tempProject({ 'sessions.csv': rows.join('\n') + '\n' });
afterAll(() => project.dispose());

const caption = async (options: string): Promise<string> => {
  await runSpecText(project.dir, `name: t\nstages:\n  - { id: d, type: ingest, file: sessions.csv }\n  - { id: tr, type: trajectories, from: d, variables: [y], by: arm, ${options} }\n  - { id: report, type: report }\n`);
  const html = readFileSync(join(project.dir, 'out', 'index.html'), 'utf8');
  return /Mean y per session \([^)]*\)[^<]*/.exec(html)?.[0] ?? '(no caption)';
};

describe('trajectories: the caption names the sessions drawn', () => {
  it('sessions 0–3 of data numbered from 0, with maxSession 20', async () => {
    expect(await caption('minN: 6')).toBe('Mean y per session (0–3) by arm, with 95% confidence bands; cells with fewer than 6 scores are not drawn (1 cell).');
  });

  it('up to maxSession when the data go further', async () => {
    expect(await caption('minN: 2, maxSession: 2')).toBe('Mean y per session (0–2) by arm, with 95% confidence bands; cells with fewer than 2 scores are not drawn (0 cells).');
  });
});
