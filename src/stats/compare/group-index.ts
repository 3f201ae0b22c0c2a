import { StatInputError } from '../errors.ts';

/** Dense group indices for arbitrary numeric group codes. */
export interface GroupIndex {
  /** Distinct codes, ascending. */
  codes: Float64Array;
  /** For each observation, the position of its code in `codes`. */
  index: Uint32Array;
  /** Observations per group. */
  size: Uint32Array;
}

/**
 * Maps numeric group codes (any finite numbers, e.g. modality ids) to 0…k−1 in ascending code
 * order, in one pass plus a sort of the k distinct codes: O(n + k log k).
 * Throws StatInputError on a non-finite code.
 * @example groupIndex([3, 1, 3]) // { codes: [1, 3], index: [1, 0, 1], size: [1, 2] }
 */
export function groupIndex(groups: ArrayLike<number>): GroupIndex {
  const seen = new Map<number, number>();
  for (let i = 0; i < groups.length; i++) {
    const c = groups[i];
    if (!Number.isFinite(c)) throw new StatInputError(`group code [${i}] is not a finite number (${c})`);
    if (!seen.has(c)) seen.set(c, 0);
  }
  const codes = Float64Array.from(seen.keys()).sort();
  codes.forEach((c, k) => seen.set(c, k));
  const index = new Uint32Array(groups.length);
  const size = new Uint32Array(codes.length);
  for (let i = 0; i < groups.length; i++) {
    const k = seen.get(groups[i])!;
    index[i] = k;
    size[k]++;
  }
  return { codes, index, size };
}
