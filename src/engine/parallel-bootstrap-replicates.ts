import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { bootstrapReplicates, prepareBootstrapReplicates, type BootstrapMethod } from '../stats/bootstrap/index.ts';
import { claimReplicateChunks, type ReplicateJob } from './claim-replicate-chunks.ts';
import { startModuleWorker } from './start-module-worker.ts';

export interface ParallelBootstrapOptions {
  /**
   * Threads in all, this one included (default: up to 4 of the machine's cores when the
   * bootstrap takes at least PARALLEL_DRAWS draws, else 1). The replicates do not depend on it.
   */
  threads?: number;
}

/**
 * Draws (reps·n) from which the bootstrap uses worker threads by default: 5·10^7 draws took about
 * 0.45 s on one thread with rng.tally (about 0.17 s with createLaneTally since; not re-tuned); a
 * bundled worker costs about 50 ms of CPU and 60–250 ms of wall time to start (measured), so at 2·10^7 (the 10,000-patient demo) it saved no wall time. Under tsx a
 * worker costs several hundred ms of CPU to start, but no wall time: this thread does not wait
 * for it.
 */
const PARALLEL_DRAWS = 50_000_000;
/** Draws per chunk: about 20 ms of work, so the threads finish within a chunk of each other. */
const CHUNK_DRAWS = 2 ** 21;
const MAX_THREADS = 4;

/**
 * `bootstrapReplicates(method, x, y, reps, seed)` computed on several threads, bit for bit the
 * same replicates: resample b is always drawn from its own place in the seed's stream
 * (`prepareBootstrapReplicates` jumps there), whichever thread takes it. The replicates are cut
 * into chunks of about 2·10^6 draws that this thread and the workers claim one at a time from a
 * shared counter, writing into shared memory; a thread that is slow to start or held up by other
 * load takes fewer chunks, and this thread never waits for a worker to start. At the 100,000-
 * patient demo's size (2000 × 99,719 draws) two threads took 0.67 s instead of 1.24 s (rng.tally) on an
 * otherwise idle 2-core machine, for 6% more CPU; when other processes keep a core busy they
 * gain nothing (and lose nothing measurable). With one thread, or below
 * PARALLEL_DRAWS draws by default, it is plain `bootstrapReplicates` on this thread. A worker
 * that fails (e.g. cannot load) leaves its unfinished chunks to this thread, so the result is
 * the same. Throws as `bootstrapReplicates` for bad input.
 * @example const t = await parallelBootstrapReplicates('pearson', x, y, 2000, 1); // equals bootstrapReplicates('pearson', x, y, 2000, 1)
 */
export async function parallelBootstrapReplicates(
  method: BootstrapMethod,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  reps: number,
  seed: number,
  options: ParallelBootstrapOptions = {},
): Promise<Float64Array> {
  const n = x.length;
  const threads = options.threads ?? (reps * n >= PARALLEL_DRAWS ? Math.min(availableParallelism(), MAX_THREADS) : 1);
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`parallelBootstrapReplicates: threads must be a positive integer, got ${threads}`);
  // whole groups of the four resamples that createLaneTally draws side by side
  const chunkReps = 4 * Math.max(1, Math.ceil(CHUNK_DRAWS / n / 4));
  const chunks = Math.ceil(reps / chunkReps);
  // invalid reps (and one thread, or a single chunk) go the single-threaded way, which throws as documented
  if (threads === 1 || !Number.isInteger(reps) || reps < 1 || chunks < 2 || x.length !== y.length) return bootstrapReplicates(method, x, y, reps, seed);
  const job: ReplicateJob = {
    method,
    x: shared(x),
    y: shared(y),
    seed,
    reps,
    chunkReps,
    control: new Int32Array(new SharedArrayBuffer(4 * (1 + chunks))),
    out: new Float64Array(new SharedArrayBuffer(8 * reps)),
  };
  const workers: Worker[] = [];
  const settled: Promise<unknown>[] = [];
  try {
    for (let i = 0; i < Math.min(threads - 1, chunks - 1); i++) {
      const w = startModuleWorker(new URL('./bootstrap-worker.ts', import.meta.url), 'bootstrapWorker', { data: job });
      workers.push(w);
      // the first of: its chunk count, a failure (then 'exit' follows) or its exit
      settled.push(new Promise((resolve) => (w.once('message', resolve), w.on('error', resolve), w.once('exit', resolve))));
    }
    const fill = prepareBootstrapReplicates(method, x, y, seed);
    claimReplicateChunks(fill, job);
    if (!allWritten(job.control)) await Promise.all(settled);
    // chunks a failed worker claimed but did not write
    for (let c = 0; c < chunks; c++) {
      if (Atomics.load(job.control, 1 + c) === 1) continue;
      const from = c * chunkReps;
      const to = Math.min(reps, from + chunkReps);
      fill(from, to, job.out.subarray(from, to));
    }
    return job.out.slice();
  } finally {
    // a worker still starting is not needed any more; one that is done is ending anyway
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

function shared(v: ArrayLike<number>): Float64Array {
  const s = new Float64Array(new SharedArrayBuffer(8 * v.length));
  s.set(v);
  return s;
}

function allWritten(control: Int32Array): boolean {
  for (let c = 1; c < control.length; c++) if (Atomics.load(control, c) === 0) return false;
  return true;
}
