import type { ReplicateJob } from '../../src/engine/claim-replicate-chunks.ts';
import { startModuleWorker } from '../../src/engine/start-module-worker.ts';
import type { BootstrapMethod } from '../../src/stats/bootstrap/index.ts';

/** A bootstrap job on shared memory, as parallelBootstrapReplicates builds it, with chunks of `chunkReps`. */
export function replicateJob(method: BootstrapMethod, x: ArrayLike<number>, y: ArrayLike<number>, reps: number, seed: number, chunkReps: number): ReplicateJob {
  const shared = (v: ArrayLike<number>) => {
    const s = new Float64Array(new SharedArrayBuffer(8 * v.length));
    s.set(v);
    return s;
  };
  const chunks = Math.ceil(reps / chunkReps);
  return { method, x: shared(x), y: shared(y), seed, reps, chunkReps, control: new Int32Array(new SharedArrayBuffer(4 * (1 + chunks))), out: new Float64Array(new SharedArrayBuffer(8 * reps)) };
}

/** Runs the job on one bootstrap worker alone (bundled when globalThis.allianceBundle names it) and resolves with the chunks it computed. */
export function runOnWorker(job: ReplicateJob): Promise<number> {
  const w = startModuleWorker(new URL('../../src/engine/bootstrap-worker.ts', import.meta.url), 'bootstrapWorker', { data: job });
  return new Promise<number>((resolve, reject) => {
    w.once('message', resolve);
    w.once('error', reject);
  }).finally(() => w.terminate());
}
