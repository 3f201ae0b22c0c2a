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
 * order. Integer codes in a compact range use a lookup table (O(n + range)); other codes a hash
 * map and a sort of the k distinct codes (O(n + k log k)).
 * Throws StatInputError on a non-finite code.
 * @example groupIndex([3, 1, 3]) // { codes: [1, 3], index: [1, 0, 1], size: [1, 2] }
 */
export function groupIndex(groups: ArrayLike<number>): GroupIndex {
  const n = groups.length;
  let lo = Infinity;
  let hi = -Infinity;
  let integer = true;
  for (let i = 0; i < n; i++) {
    const c = groups[i];
    if (!Number.isFinite(c)) throw new StatInputError(`group code [${i}] is not a finite number (${c})`);
    if (c < lo) lo = c;
    if (c > hi) hi = c;
    if (integer && !Number.isInteger(c)) integer = false;
  }
  const index = new Uint32Array(n);
  let codes: Float64Array;
  if (integer && hi - lo < Math.max(1024, 4 * n)) {
    // small integer codes: a direct lookup table instead of hashing
    const slot = new Int32Array(hi - lo + 1).fill(-1);
    for (let i = 0; i < n; i++) slot[groups[i] - lo] = 0;
    let m = 0;
    for (let j = 0; j < slot.length; j++) if (slot[j] === 0) slot[j] = m++;
    codes = new Float64Array(m);
    for (let j = 0; j < slot.length; j++) if (slot[j] >= 0) codes[slot[j]] = j + lo;
    for (let i = 0; i < n; i++) index[i] = slot[groups[i] - lo];
  } else {
    const seen = new Map<number, number>();
    for (let i = 0; i < n; i++) seen.set(groups[i], 0);
    codes = Float64Array.from(seen.keys()).sort();
    codes.forEach((c, k) => seen.set(c, k));
    for (let i = 0; i < n; i++) index[i] = seen.get(groups[i])!;
  }
  const size = new Uint32Array(codes.length);
  for (let i = 0; i < n; i++) size[index[i]]++;
  return { codes, index, size };
}
