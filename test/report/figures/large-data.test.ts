/**
 * Large data (issue 8): the demo pipeline on a simulated 20,000-patient export (`alliance simulate
 * --patients 20000`, ~258,000 session rows) writes an index.html under 10 MB, no figure embeds more
 * than 10,000 inline data rows (figures sample or aggregate above that), and every figure that
 * shows a subset says so in its description. Not timed: the run takes about a minute.
 */
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSpec } from '../../../src/spec/load-spec.ts';
import { runPipeline } from '../../../src/engine/run-pipeline.ts';
import { cli } from '../../helpers/temp-project.ts';

const OUT = resolve('test/output/large-report');
const CSV = join(OUT, 'rom-20000.csv');
const REPORT = join(OUT, 'report');
const MAX_ROWS = 10_000;

/** Inline rows of a Vega-Lite spec: the largest single `values` array and the total over all of them. */
function inlineRows(spec: unknown): { largest: number; total: number } {
  let largest = 0;
  let total = 0;
  const walk = (v: unknown, key: string): void => {
    if (Array.isArray(v)) {
      if (key === 'values') {
        largest = Math.max(largest, v.length);
        total += v.length;
      } else for (const x of v) walk(x, '');
    } else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(spec, '');
  return { largest, total };
}

describe('report of a 20,000-patient run', () => {
  let figures: { file: string; spec: { description?: string }; rows: { largest: number; total: number } }[] = [];
  beforeAll(async () => {
    rmSync(OUT, { recursive: true, force: true });
    const sim = cli(['simulate', '--patients', '20000', '--seed', '8', '--out', CSV]);
    expect(sim.status, sim.stderr).toBe(0);
    await runPipeline(loadSpec(resolve('pipelines/demo.yaml'), { data: CSV }), { outDir: REPORT, quiet: true });
    figures = readdirSync(join(REPORT, 'figures'))
      .filter((f) => f.endsWith('.vl.json'))
      .map((file) => {
        const spec = JSON.parse(readFileSync(join(REPORT, 'figures', file), 'utf8')) as { description?: string };
        return { file, spec, rows: inlineRows(spec) };
      });
  }, 900_000);

  it('simulated 20,000 patients', () => {
    const lines = readFileSync(CSV, 'utf8').split('\n');
    expect(new Set(lines.slice(1, -1).map((l) => l.split(',')[2])).size).toBe(20_000);
  });

  it('writes an index.html under 10 MB', () => {
    const bytes = statSync(join(REPORT, 'index.html')).size;
    expect(bytes).toBeGreaterThan(1_000_000); // the bundled Vega libraries alone are about 1 MB
    expect(bytes).toBeLessThan(10 * 1024 * 1024);
  });

  it('embeds at most 10,000 data rows in every figure', () => {
    expect(figures.length).toBeGreaterThanOrEqual(15);
    const tooBig = figures.filter((f) => f.rows.total > MAX_ROWS).map((f) => `${f.file}: ${f.rows.total} rows`);
    expect(tooBig).toEqual([]);
  });

  it('states the sampling rule in every figure that shows a subset of a large table', () => {
    // With 20,000 patients and ~258,000 sessions, a figure with thousands of inline rows is a
    // sample of patients or sessions, and its description must say so (issue 8).
    const sampled = figures.filter((f) => f.rows.largest >= 2000);
    expect(sampled.length).toBeGreaterThan(0);
    const silent = sampled.filter((f) => !/sample/i.test(f.spec.description ?? '')).map((f) => f.file);
    expect(silent).toEqual([]);
  });
});

describe('conditional modes of a 20,000-patient run (README: per-patient lists above 20,000 rows go to data/*.csv)', () => {
  type Ranef = { group: string; terms: string[]; nLevels: number; values?: number[][]; file?: string; rows?: number };
  const results = () => JSON.parse(readFileSync(join(REPORT, 'results.json'), 'utf8')) as { stages: Record<string, Record<string, unknown>> };

  it('growth (20,000 patients × 2 terms) writes each model’s modes to a CSV beside results.json', () => {
    const models = results().stages.growth.models as Record<string, { ranef: Ranef[] }>;
    for (const [v, m] of Object.entries(models)) {
      const [r] = m.ranef;
      expect(r.values, v).toBeUndefined();
      expect(r.file).toBe(`data/growth-${v.replace(/_/g, '-')}-ranef-patient.csv`);
      const lines = readFileSync(join(REPORT, r.file!), 'utf8').trimEnd().split(/\r?\n/);
      expect(lines[0]).toBe('(Intercept),session'); // no level column: identifiers are off
      expect(lines.length - 1).toBe(r.nLevels);
      expect(r.rows).toBe(r.nLevels);
      expect(r.nLevels).toBeGreaterThan(19_000);
      const cells = lines.slice(1).map((l) => l.split(',').map(Number));
      expect(cells.every((c) => c.length === 2 && c.every(Number.isFinite))).toBe(true);
    }
  });

  it('within-between (one term per patient, at most 20,000 modes) keeps them inline', () => {
    const [r] = (results().stages.state_trait.model as { ranef: Ranef[] }).ranef;
    expect(r.file).toBeUndefined();
    expect(r.values).toHaveLength(r.nLevels);
  });
});
