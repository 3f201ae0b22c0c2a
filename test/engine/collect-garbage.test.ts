// collectGarbage (src/engine/collect-garbage.ts) must really collect: the run calls it after a stage
// whose let-go arrays exceed the kept columns by 64 MB, to lower the next stage's peak memory
// (README, performance). Reference: process.memoryUsage().arrayBuffers, which counts array memory
// V8 still holds, before and after; 64 MB of unreachable arrays must be gone after the call.
import { expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { collectGarbage, collectLetGoArrays, GARBAGE_BYTES } from '../../src/engine/collect-garbage.ts';

const mb = () => process.memoryUsage().arrayBuffers / 1048576;

/** 64 MB of typed arrays, made in a frame of their own (so no register of the test's frame refers to one). */
function makeArrays(): Float64Array[] {
  return Array.from({ length: 8 }, (_, i) => new Float64Array(1048576).fill(i));
}

/**
 * The array memory once V8 has released what its collections found unreachable: it frees the
 * arrays' memory on a background thread after a collection (its array-buffer sweeper), which on a
 * loaded machine can take a moment (CI once saw 56 MB still counted straight after the call). Read
 * until two reads 20 ms apart agree, for at most 3 s.
 */
async function settledMb(): Promise<number> {
  let last = mb();
  for (const deadline = Date.now() + 3000; Date.now() < deadline; ) {
    await sleep(20);
    const now = mb();
    if (now === last) break;
    last = now;
  }
  return last;
}

it('frees typed arrays nothing refers to any more', async () => {
  expect(collectGarbage()).toBe(true);
  const before = await settledMb();
  const holder: { arrays: Float64Array[] | null } = { arrays: makeArrays() };
  // they survive a collection, which moves them to V8's old generation, as a stage's arrays are
  // moved while the stage runs: minor collections, which V8 makes as the test goes on, leave them
  expect(collectGarbage()).toBe(true);
  expect(holder.arrays?.length).toBe(8);
  holder.arrays = null;
  // without a full collection they stay (V8 schedules those by its own heap, which they are not in)
  expect((await settledMb()) - before).toBeGreaterThan(60);
  expect(collectGarbage()).toBe(true);
  expect((await settledMb()) - before).toBeLessThan(4);
});

// collectLetGoArrays, called at a stage's end and before a model's copies are made (fit-mixed-on-table),
// collects only when more than GARBAGE_BYTES (64 MB) of array memory is held beyond the kept bytes
it('collectLetGoArrays collects the arrays let go only beyond the kept bytes', async () => {
  expect(collectGarbage()).toBe(true);
  const holder: { arrays: Float64Array[] | null } = { arrays: [...makeArrays(), ...makeArrays()] };
  expect(collectGarbage()).toBe(true);
  holder.arrays = null;
  const held = process.memoryUsage().arrayBuffers;
  // 128 MB let go, but counted as kept: no collection, and they stay
  expect(collectLetGoArrays(held)).toBe(false);
  expect(collectLetGoArrays(held - GARBAGE_BYTES)).toBe(false);
  expect(held - ((await settledMb()) * 1048576)).toBeLessThan(4 * 1048576);
  // counted as let go: collected
  expect(collectLetGoArrays(held - GARBAGE_BYTES - 1048576)).toBe(true);
  expect(held - ((await settledMb()) * 1048576)).toBeGreaterThan(120 * 1048576);
});
