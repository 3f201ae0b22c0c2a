import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | null | undefined;

/**
 * A full garbage collection of this thread's V8 heap, now. Node has no API for it; V8's own
 * `gc()` is made available (the `--expose-gc` flag, set at run time, gives new contexts the
 * function, which collects the heap of the isolate that calls it). It is taken from a fresh context
 * by a constant expression of this file, the one use of Node's vm module in the sources (the derive test
 * holds it to that text: nothing from a spec or a data file is ever evaluated). Returns false,
 * collecting nothing, where V8 does not provide it.
 *
 * Why a run needs it: typed arrays a stage lets go (sorted copies, model matrices, result
 * buffers) live outside V8's heap, and V8 schedules major collections by its heap's growth, so
 * their memory stays with the process until one happens: at 100,000 patients 100–170 MB of them
 * were still held when later stages began (process.memoryUsage().arrayBuffers 203 MB after
 * within-between, 47 MB after a collection).
 * @example if (process.memoryUsage().arrayBuffers > limit) collectGarbage();
 */
export function collectGarbage(): boolean {
  if (gc === undefined) {
    setFlagsFromString('--expose-gc');
    const f: unknown = runInNewContext('typeof gc === "function" ? gc : null');
    gc = typeof f === 'function' ? (f as () => void) : null;
  }
  if (gc === null) return false;
  gc();
  return true;
}

/**
 * Array memory beyond the arrays still in use (`keptBytes`: e.g. the session's kept columns) above
 * which collectLetGoArrays collects. The arrays a stage keeps are small next to the session-length
 * columns it reads and lets go (10 MB each at 1.3 M rows), so memory above that is mostly arrays
 * let go. Collecting whenever it is exceeded at a stage's end took the 100,000-patient demo's peak
 * RSS from 711–745 to 631–648 MB in three alternating runs each, in the same or less wall time
 * (9.50–10.09 → 9.23–9.63 s); collecting after every stage gave the same peak for about 0.3 s more.
 */
export const GARBAGE_BYTES = 64 * 1024 * 1024;

/**
 * collectGarbage when more than GARBAGE_BYTES of array memory is held beyond `keptBytes`; returns
 * whether it collected. Called at a stage's end and before a model's session-length copies are
 * made (fit-mixed-on-table), so that the memory of the arrays let go is reused rather than added to.
 */
export function collectLetGoArrays(keptBytes: number): boolean {
  return process.memoryUsage().arrayBuffers - keptBytes > GARBAGE_BYTES && collectGarbage();
}
