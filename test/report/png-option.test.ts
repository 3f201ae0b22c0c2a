// The report stage's `png: false` skips the 300-dpi PNG exports (and their download links); the default keeps them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, runSpecText, tempProject } from '../helpers/temp-project.ts';

const project = tempProject();
afterAll(() => project.dispose());
const spec = (png: string) => `
name: png
stages:
  - { id: sessions, type: ingest, file: ${join(REPO, 'data-samples/rom-small.csv')} }
  - { id: scored, type: score, from: sessions, instruments: [{ instrument: wai-sr, prefix: wai }, { instrument: phq-9, prefix: phq }] }
  - { id: patients, type: patients, from: scored, outcome: phq_total, alliance: [wai_total] }
  - { id: r, type: correlate, from: patients, pairs: [{ x: wai_total_first3, y: phq_total_improvement }] }
  - { id: report, type: report${png} }
`;

describe('report png option', () => {
  it('png: false writes SVG and Vega-Lite but no PNG, and links none', async () => {
    await runSpecText(project.dir, spec(', png: false'));
    const figs = readdirSync(join(project.dir, 'out', 'figures'));
    expect(figs.some((f) => f.endsWith('.svg'))).toBe(true);
    expect(figs.some((f) => f.endsWith('.png'))).toBe(false);
    expect(readFileSync(join(project.dir, 'out', 'index.html'), 'utf8')).not.toMatch(/PNG \(\d+ dpi\)/);
  });
  it('by default every figure also has a PNG', async () => {
    await runSpecText(project.dir, spec(''));
    const figs = readdirSync(join(project.dir, 'out', 'figures'));
    for (const f of figs.filter((x) => x.endsWith('.svg'))) expect(existsSync(join(project.dir, 'out', 'figures', f.replace(/\.svg$/, '.png'))), f).toBe(true);
  });
});
