// Runs every shipped pipeline (pipelines/*.yaml) on data-samples/ through the real CLI and checks the
// report folder is complete (issue 2: index.html, figures, results.json, run.lock.json).
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, REPO } from '../helpers/temp-project.ts';

const pipelines = readdirSync(join(REPO, 'pipelines')).filter((f) => f.endsWith('.yaml'));
const outRoot = join(REPO, 'test/output/e2e');
afterAll(() => rmSync(outRoot, { recursive: true, force: true }));

describe('shipped pipelines run end to end on data-samples/', () => {
  it.each(pipelines)('%s', (f) => {
    const out = join(outRoot, f.replace(/\.yaml$/, ''));
    const r = cli(['run', join('pipelines', f), '--out', out, '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    for (const file of ['results.json', 'run.lock.json']) expect(existsSync(join(out, file)), file).toBe(true);
    const lock = JSON.parse(readFileSync(join(out, 'run.lock.json'), 'utf8'));
    expect(lock.inputs.length).toBeGreaterThan(0);
    for (const i of lock.inputs) expect(i.sha256).toMatch(/^[0-9a-f]{64}$/);
    if (existsSync(join(out, 'index.html'))) {
      const html = readFileSync(join(out, 'index.html'), 'utf8');
      expect(html).not.toMatch(/<script[^>]+src=/);
      expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
      const figures = readdirSync(join(out, 'figures'));
      expect(figures.some((x) => x.endsWith('.svg'))).toBe(true);
      expect(figures.some((x) => x.endsWith('.vl.json'))).toBe(true);
    }
  });

  it('the demo report has the required figures and no leftover temporary folders', () => {
    const out = join(outRoot, 'demo');
    const figures = readdirSync(join(out, 'figures'));
    expect(figures).toContain('data-quality.svg');
    expect(figures.some((f) => /scatter/.test(f))).toBe(true);
    expect(readdirSync(outRoot).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });
});
