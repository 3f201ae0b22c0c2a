// collectGarbage (src/engine/collect-garbage.ts) must really collect: the run calls it after a stage
// whose let-go arrays exceed the kept columns by 64 MB, to lower the next stage's peak memory
// (README, performance). Reference: process.memoryUsage().arrayBuffers, which counts array memory
// V8 still holds, before and after; 64 MB of unreachable arrays must be gone after the call.
import { expect, it } from 'vitest';
import { collectGarbage } from '../../src/engine/collect-garbage.ts';

it('frees typed arrays nothing refers to any more', () => {
  const mb = () => process.memoryUsage().arrayBuffers / 1048576;
  expect(collectGarbage()).toBe(true);
  const before = mb();
  let arrays: Float64Array[] | null = Array.from({ length: 8 }, (_, i) => new Float64Array(1048576).fill(i)); // 64 MB
  expect(mb() - before).toBeGreaterThan(60);
  expect(arrays.length).toBe(8);
  arrays = null;
  // without the collection they stay (V8 schedules major collections by its own heap, which they are not in)
  expect(mb() - before).toBeGreaterThan(60);
  expect(collectGarbage()).toBe(true);
  expect(mb() - before).toBeLessThan(4);
});
