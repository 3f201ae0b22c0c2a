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
