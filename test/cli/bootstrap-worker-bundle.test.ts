// The bundled bootstrap worker (src/cli/bundle.js entry 'bootstrap-worker', published by the
// launcher as globalThis.allianceBundle.bootstrapWorker) against the single-threaded kernel
// bootstrapReplicates: bit for bit the same replicates.
import { describe, expect, it } from 'vitest';
import { parallelBootstrapReplicates } from '../../src/engine/parallel-bootstrap-replicates.ts';
import { bootstrapReplicates } from '../../src/stats/bootstrap/index.ts';
import { createRng } from '../../src/stats/random/index.ts';
import { replicateJob, runOnWorker } from '../engine/run-replicate-job.ts';
// @ts-expect-error plain-JS module without type declarations (it runs before anything is compiled)
import { buildBundle, freshBundle } from '../../src/cli/bundle.js';

describe('bundled bootstrap worker', () => {
  it('computes a job alone and shares one with this thread, equal to bootstrapReplicates', async () => {
    const built = (freshBundle() ?? (await buildBundle())) as Record<string, string>;
    expect(built['bootstrap-worker'].endsWith('bootstrap-worker.mjs')).toBe(true);
    const g = globalThis as { allianceBundle?: { bootstrapWorker: string } };
    g.allianceBundle = { bootstrapWorker: built['bootstrap-worker'] };
    try {
      const rng = createRng(5);
      const x = Float64Array.from({ length: 4000 }, () => Math.round(rng.normal() * 4));
      const y = Float64Array.from(x, (v) => v + Math.round(rng.normal() * 4));
      const job = replicateJob('spearman', x, y, 30, 12, 4);
      expect(await runOnWorker(job)).toBe(8);
      expect(Array.from(job.out)).toEqual(Array.from(bootstrapReplicates('spearman', x, y, 30, 12)));
      const t = await parallelBootstrapReplicates('pearson', x, y, 2000, 12, { threads: 2 });
      expect(Array.from(t)).toEqual(Array.from(bootstrapReplicates('pearson', x, y, 2000, 12)));
    } finally {
      delete g.allianceBundle;
    }
  }, 120_000);
});
