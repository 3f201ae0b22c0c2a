/**
 * Every figure of the REAL demo report (pipelines/demo.yaml on data-samples/rom-small.csv, seeded
 * by the spec's `seed`, run in-process) validates against the installed Vega-Lite schema and
 * matches its snapshot in test/report/__snapshots__/demo/<figure>.vl.json (numbers rounded to
 * 4 significant digits, long inline data summarised: see snapshot-spec.ts), so any unintended
 * change of a figure's spec fails here. After an intended change, review the diff and run
 * `npx vitest run --config test/vitest.config.ts test/report/figures -u`.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { chartConfig, renderVegaLiteToSvg } from '../../../src/report/chart/index.ts';
import { loadSpec } from '../../../src/spec/load-spec.ts';
import { runPipeline } from '../../../src/engine/run-pipeline.ts';
import { vegaLiteValidator } from '../vega-lite-schema.ts';
import { snapshotForm } from './snapshot-spec.ts';

const OUT = resolve('test/output/demo-snapshots');
const SNAPSHOTS = resolve('test/report/__snapshots__/demo');

describe('demo report figures', () => {
  let files: string[] = [];
  beforeAll(async () => {
    rmSync(OUT, { recursive: true, force: true });
    await runPipeline(loadSpec(resolve('pipelines/demo.yaml')), { outDir: OUT, quiet: true });
    files = readdirSync(join(OUT, 'figures'))
      .filter((f) => f.endsWith('.vl.json'))
      .sort();
  });

  it('has a figure for every stage that draws one, and a snapshot for every figure', () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
    const snapshots = (existsSync(SNAPSHOTS) ? readdirSync(SNAPSHOTS) : []).filter((f) => f.endsWith('.vl.json'));
    // A figure that disappeared from the demo leaves a stale snapshot: delete it deliberately.
    for (const s of snapshots) expect(files, `stale snapshot ${s}`).toContain(s);
  });

  it('validates every figure against the Vega-Lite schema', () => {
    const validate = vegaLiteValidator();
    for (const f of files) {
      const spec = JSON.parse(readFileSync(join(OUT, 'figures', f), 'utf8')) as unknown;
      expect(validate(spec), `${f}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
    }
  });

  it('renders every figure without a Vega-Lite or Vega warning', async () => {
    // The engine does not surface the renderer's warnings, so a dropped channel or an ignored
    // property would otherwise go unnoticed until someone opens the console in a browser.
    const warnings: string[] = [];
    for (const f of files) {
      const spec = JSON.parse(readFileSync(join(OUT, 'figures', f), 'utf8')) as Record<string, unknown>;
      await renderVegaLiteToSvg(spec, { onWarning: (m) => warnings.push(`${f}: ${m}`) });
    }
    expect(warnings).toEqual([]);
  });

  it('carries the house chart config in every figure', async () => {
    await expect(`${JSON.stringify(chartConfig, null, 2)}\n`).toMatchFileSnapshot(join(SNAPSHOTS, 'chart-config.json'));
  });

  it('matches the snapshot of every figure spec (rounded to 4 significant digits)', async () => {
    for (const f of files) {
      const spec = JSON.parse(readFileSync(join(OUT, 'figures', f), 'utf8')) as unknown;
      await expect(`${JSON.stringify(snapshotForm(spec), null, 2)}\n`, f).toMatchFileSnapshot(join(SNAPSHOTS, f));
    }
  });
});
