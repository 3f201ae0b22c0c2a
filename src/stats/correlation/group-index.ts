import { StatInputError } from '../errors.ts';

/** Dense group numbers 0…groups − 1 (in order of first appearance) and the size of each group. */
export interface GroupIndex {
  index: Int32Array;
  sizes: Int32Array;
  groups: number;
}

/**
 * Maps arbitrary numeric group codes (patient ids, Int32Array or any ArrayLike<number>) to dense
 * group numbers in one O(n) pass, for the grouped kernels (`rmcorr`, `statsByWithinBetween`).
 * Codes that are integers 0…4n (e.g. patient numbers) are looked up in a typed array, others in
 * a Map; the numbering is the same either way. Throws StatInputError on a non-finite code.
 * @example groupIndex([7, 3, 7, 9]) // { index: Int32Array [0, 1, 0, 2], sizes: Int32Array [2, 1, 1], groups: 3 }
 */
export function groupIndex(codes: ArrayLike<number>): GroupIndex {
  const n = codes.length;
  const index = new Int32Array(n);
  let max = 0;
  for (let i = 0; i < n; i++) {
    const c = codes[i];
    if (!Number.isFinite(c)) throw new StatInputError(`group code at index ${i} is not a finite number (${c})`);
    // -1 marks codes that are not small non-negative integers
    if (max >= 0) max = Number.isInteger(c) && c >= 0 && c <= 4 * n ? Math.max(max, c) : -1;
  }
  let groups = 0;
  if (max >= 0) {
    // group number + 1 per code, 0 while unseen
    const slot = new Int32Array(max + 1);
    for (let i = 0; i < n; i++) {
      const c = codes[i];
      if (slot[c] === 0) slot[c] = ++groups;
      index[i] = slot[c] - 1;
    }
  } else {
    const seen = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const c = codes[i];
      let g = seen.get(c);
      if (g === undefined) {
        g = seen.size;
        seen.set(c, g);
      }
      index[i] = g;
    }
    groups = seen.size;
  }
  const sizes = new Int32Array(groups);
  for (let i = 0; i < n; i++) sizes[index[i]]++;
  return { index, sizes, groups };
}
