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
 * Throws StatInputError on a non-finite code.
 * @example groupIndex([7, 3, 7, 9]) // { index: Int32Array [0, 1, 0, 2], sizes: Int32Array [2, 1, 1], groups: 3 }
 */
export function groupIndex(codes: ArrayLike<number>): GroupIndex {
  const n = codes.length;
  const index = new Int32Array(n);
  const seen = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const c = codes[i];
    if (!Number.isFinite(c)) throw new StatInputError(`group code at index ${i} is not a finite number (${c})`);
    let g = seen.get(c);
    if (g === undefined) {
      g = seen.size;
      seen.set(c, g);
    }
    index[i] = g;
  }
  const sizes = new Int32Array(seen.size);
  for (let i = 0; i < n; i++) sizes[index[i]]++;
  return { index, sizes, groups: seen.size };
}
