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
