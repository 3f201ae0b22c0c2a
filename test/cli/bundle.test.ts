// The launcher's CLI bundle (src/cli/bundle.js): built from the sources, used only while no source
// is newer, and interchangeable with running the sources through tsx.
import { statSync, utimesSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, REPO } from '../helpers/temp-project.ts';
import { createFigurePool } from '../../src/report/chart/create-figure-pool.ts';
import { renderVegaLiteToSvg, renderSvgToPng, withChartConfig } from '../../src/report/index.ts';
// @ts-expect-error plain-JS module without type declarations (it runs before anything is compiled)
import { buildBundle, freshBundle } from '../../src/cli/bundle.js';

type Bundle = { alliance: string; 'figure-worker': string } | undefined;

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: REPO, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('CLI bundle', () => {
  it('is fresh after a build and stale once a source it contains is newer', async () => {
    const built = (await buildBundle()) as NonNullable<Bundle>;
    expect(built.alliance.endsWith('alliance.mjs')).toBe(true);
    expect(built['figure-worker'].endsWith('figure-worker.mjs')).toBe(true);
    expect(freshBundle() as Bundle).toEqual(built);
    const source = join(REPO, 'src/stats/errors.ts');
    const { atime, mtime } = statSync(source);
    try {
      const later = new Date(Date.now() + 5000);
      utimesSync(source, later, later);
      expect(freshBundle() as Bundle).toBeUndefined();
    } finally {
      utimesSync(source, atime, mtime);
    }
    expect(freshBundle() as Bundle).toEqual(built);
  }, 60_000);

  it('runs figure workers from the bundled worker with the same bytes as this thread', async () => {
    const built = ((freshBundle() as Bundle) ?? (await buildBundle())) as NonNullable<Bundle>;
    const spec = withChartConfig({ data: { values: [{ k: 'a', n: 3 }, { k: 'b', n: 5 }] }, mark: 'bar', encoding: { x: { field: 'k', type: 'nominal' }, y: { field: 'n', type: 'quantitative' } } });
    const g = globalThis as { allianceBundle?: { figureWorker: string } };
    g.allianceBundle = { figureWorker: built['figure-worker'] };
    const pool = createFigurePool(1);
    try {
      const fig = await pool.render({ spec, png: {} });
      const svg = await renderVegaLiteToSvg(spec);
      expect(fig.svg).toBe(svg);
      expect(Buffer.from(fig.png!).equals(renderSvgToPng(svg))).toBe(true);
    } finally {
      await pool.close();
      delete g.allianceBundle;
    }
  }, 60_000);

  it('gives the same output as the sources run through tsx', () => {
    for (const args of [['--help'], ['compare-correlations', '--r1', '.6', '--n1', '2700', '--r2', '.65', '--n2', '2700', '--json'], ['validate', 'pipelines/demo.yaml']]) {
      const bundled = run(args);
      const sources = run(args, { ALLIANCE_NO_BUNDLE: '1' });
      expect(bundled.status, bundled.stderr).toBe(0);
      expect({ status: bundled.status, stdout: bundled.stdout }).toEqual({ status: sources.status, stdout: sources.stdout });
    }
  }, 120_000);

  it('reports a user error the same way from the bundle', () => {
    const bundled = run(['validate', 'pipelines/no-such-pipeline.yaml']);
    const sources = run(['validate', 'pipelines/no-such-pipeline.yaml'], { ALLIANCE_NO_BUNDLE: '1' });
    expect(bundled.status).not.toBe(0);
    expect(bundled).toEqual(sources);
  }, 120_000);
});
