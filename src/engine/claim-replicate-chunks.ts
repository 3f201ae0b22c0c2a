import type { BootstrapMethod } from '../stats/bootstrap/index.ts';

/** The bootstrap shared by the threads of `parallelBootstrapReplicates`; the arrays on SharedArrayBuffers. */
export interface ReplicateJob {
  method: BootstrapMethod;
  x: Float64Array;
  y: Float64Array;
  seed: number;
  reps: number;
  /** Replicates per chunk; chunk c holds replicates c·chunkReps … min(reps, (c+1)·chunkReps) − 1. */
  chunkReps: number;
  /** [0]: the next chunk to claim; [1 + c]: 1 once chunk c is written. */
  control: Int32Array;
  /** Replicate b at out[b]. */
  out: Float64Array;
}

/**
 * Claims chunks of a shared bootstrap one after the other (an atomic counter, so each chunk goes
 * to exactly one thread) until none is left, computes each with `fill` (from
 * prepareBootstrapReplicates) straight into the shared replicates, and marks it written. Every
 * thread that works on the job runs this loop; a faster thread simply claims more chunks. Returns
 * the number of chunks this thread computed.
 * @example claimReplicateChunks(prepareBootstrapReplicates(job.method, job.x, job.y, job.seed), job) // e.g. 46
 */
export function claimReplicateChunks(fill: (from: number, to: number, out: Float64Array) => Float64Array, job: ReplicateJob): number {
  const { reps, chunkReps, control, out } = job;
  const chunks = control.length - 1;
  let done = 0;
  for (let c = Atomics.add(control, 0, 1); c < chunks; c = Atomics.add(control, 0, 1)) {
    const from = c * chunkReps;
    const to = Math.min(reps, from + chunkReps);
    fill(from, to, out.subarray(from, to));
    Atomics.store(control, 1 + c, 1);
    done++;
  }
  return done;
}
