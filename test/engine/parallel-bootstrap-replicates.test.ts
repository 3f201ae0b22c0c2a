// Bootstrap replicates on worker threads against the single-threaded kernel they must equal bit
// for bit: bootstrapReplicates(method, x, y, reps, seed) (itself checked against resamples drawn
// one at a time in test/stats/bootstrap). Exact equality, NaN replicates included.
import { describe, expect, it } from 'vitest';
import { claimReplicateChunks } from '../../src/engine/claim-replicate-chunks.ts';
import { parallelBootstrapReplicates } from '../../src/engine/parallel-bootstrap-replicates.ts';
import { bootstrapReplicates, prepareBootstrapReplicates } from '../../src/stats/bootstrap/index.ts';
import { createRng } from '../../src/stats/random/index.ts';
import { replicateJob, runOnWorker } from './run-replicate-job.ts';

const rng = createRng(77);
const n = 5000; // chunks of ⌈2^21 / 5000⌉ = 420 replicates
const x = Float64Array.from({ length: n }, () => rng.normal());
const y = Float64Array.from(x, (v) => 0.4 * v + rng.normal());
// questionnaire-like scores: few distinct pairs, so Pearson counts per distinct pair
const xs = Float64Array.from(x, (v) => Math.round(v * 3));
const ys = Float64Array.from(y, (v) => Math.round(v * 2));

describe('bootstrap worker', () => {
  it.each([
    ['pearson', x, y],
    ['pearson', xs, ys],
    ['spearman', xs, ys],
    ['kendall', x, y],
  ] as const)('computes every chunk of a %s job on its own, equal to bootstrapReplicates', async (method, a, b) => {
    const reps = 50;
    const job = replicateJob(method, a, b, reps, 3, 7);
    expect(await runOnWorker(job)).toBe(8);
    expect(Array.from(job.out)).toEqual(Array.from(bootstrapReplicates(method, a, b, reps, 3)));
  });

  it('shares a job with this thread chunk by chunk (both compute some), equal to bootstrapReplicates', async () => {
    const reps = 6000; // about 0.3 s of draws in 600 chunks: this thread joins long before the worker is through
    const job = replicateJob('pearson', xs, ys, reps, 8, 10);
    const worker = runOnWorker(job);
    // let the worker start before this thread claims chunks, so that both take part
    while (Atomics.load(job.control, 0) === 0) await new Promise((r) => setTimeout(r, 5));
    const here = claimReplicateChunks(prepareBootstrapReplicates('pearson', xs, ys, 8), job);
    const there = await worker;
    expect(here).toBeGreaterThan(0);
    expect(there).toBeGreaterThan(0);
    expect(here + there).toBe(600);
    expect(Array.from(job.out)).toEqual(Array.from(bootstrapReplicates('pearson', xs, ys, reps, 8)));
  });
});

describe('parallelBootstrapReplicates', () => {
  it.each([1, 2, 3])('gives bootstrapReplicates bit for bit on %i threads (pearson, with and without distinct pairs; spearman; kendall)', async (threads) => {
    for (const [method, a, b, reps] of [['pearson', x, y, 1500], ['pearson', xs, ys, 1500], ['spearman', x, y, 900], ['kendall', xs, ys, 900]] as const) {
      const t = await parallelBootstrapReplicates(method, a, b, reps, 20261122, { threads });
      expect(Array.from(t)).toEqual(Array.from(bootstrapReplicates(method, a, b, reps, 20261122)));
      expect(t.buffer).toBeInstanceOf(ArrayBuffer); // not the shared memory
    }
  });

  it('keeps NaN replicates (constant resamples) where they fall', async () => {
    const c = Float64Array.from({ length: 3000 }, (_, i) => (i < 2996 ? 0 : 1)); // a resample without the four 1s is constant
    const d = Float64Array.from({ length: 3000 }, (_, i) => i % 5);
    const want = bootstrapReplicates('pearson', c, d, 2000, 5);
    expect(want.filter(Number.isNaN).length).toBeGreaterThan(0);
    expect(Array.from(await parallelBootstrapReplicates('pearson', c, d, 2000, 5, { threads: 2 }))).toEqual(Array.from(want));
  });

  it('computes the chunks of a worker that cannot start on this thread, with the same result', async () => {
    const g = globalThis as { allianceBundle?: { bootstrapWorker?: string } };
    g.allianceBundle = { bootstrapWorker: '/nonexistent/bootstrap-worker.mjs' };
    try {
      const t = await parallelBootstrapReplicates('pearson', x, y, 1500, 4, { threads: 2 });
      expect(Array.from(t)).toEqual(Array.from(bootstrapReplicates('pearson', x, y, 1500, 4)));
    } finally {
      delete g.allianceBundle;
    }
  });

  it('throws as bootstrapReplicates does for bad input, and rejects a bad thread count', async () => {
    await expect(parallelBootstrapReplicates('pearson', x, y.subarray(1), 1500, 1, { threads: 2 })).rejects.toThrow(/^bootstrap: /);
    await expect(parallelBootstrapReplicates('pearson', Float64Array.of(...x.subarray(0, 4999), Number.NaN), y, 1500, 1, { threads: 2 })).rejects.toThrow(/^bootstrap: /);
    await expect(parallelBootstrapReplicates('pearson', x, y, 0, 1, { threads: 2 })).rejects.toThrow(/reps/);
    await expect(parallelBootstrapReplicates('pearson', x, y, 1500, 1, { threads: 0 })).rejects.toThrow(RangeError);
  });
});
