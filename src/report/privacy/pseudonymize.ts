import { hash } from 'node:crypto';

/**
 * Stable pseudonyms for patient or therapist identifiers, for tooltips and tables that must
 * not show real ids: `P-` followed by the leading hex digits of SHA-256(salt ‖ 0x00 ‖ id).
 * The same id, salt and id set always give the same pseudonym; the same id gets the same
 * pseudonym wherever it appears. At least four hex digits are used, more for large sets
 * (about 2·log16(n), the birthday bound) and more again until the distinct ids of the set get
 * distinct pseudonyms; so the length depends on the set, not only on the id. The salt must be non-empty and should be
 * kept out of the report (otherwise short ids can be recovered by trying them all).
 * One digest per distinct id; the width is found on the leading digits as numbers (no string
 * per id and width), so 100,000 ids cost little more than their hashes.
 * @example pseudonymize(['A17', 'B02', 'A17'], 'demo-salt') // ["P-486c", "P-17b1", "P-486c"]
 */
export function pseudonymize(ids: readonly string[], salt: string, prefix = 'P-'): string[] {
  if (salt.length === 0) throw new RangeError('pseudonymize: salt must be a non-empty string');
  const distinct = new Map<string, number>();
  const digests: string[] = [];
  const which = new Int32Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    let k = distinct.get(id);
    if (k === undefined) {
      k = digests.length;
      distinct.set(id, k);
      digests.push(hash('sha256', `${salt}\u0000${id}`, 'hex'));
    }
    which[i] = k;
  }
  // Start near the birthday bound (16^w ≈ n²), where collisions become unlikely.
  const width = distinctWidth(digests, Math.max(4, Math.ceil(Math.log2(Math.max(2, digests.length)) / 2)));
  const names = digests.map((d) => prefix + d.slice(0, width));
  return Array.from(which, (k) => names[k]!);
}

/** Hex digits exact in a double: 16^13 = 2^52. */
const EXACT_DIGITS = 13;

/** The least width ≥ `from` at which the leading hex digits of the digests are all distinct (64 at most). */
function distinctWidth(digests: readonly string[], from: number): number {
  const m = digests.length;
  let width = from;
  if (width <= EXACT_DIGITS) {
    // The leading `width` digits as an integer, one more digit per step.
    const lead = new Float64Array(m);
    for (let k = 0; k < m; k++) {
      let v = 0;
      for (let c = 0; c < width; c++) v = v * 16 + hexDigit(digests[k]!.charCodeAt(c));
      lead[k] = v;
    }
    for (;;) {
      if (allDistinct(lead)) return width;
      if (width === EXACT_DIGITS) break;
      for (let k = 0; k < m; k++) lead[k] = lead[k]! * 16 + hexDigit(digests[k]!.charCodeAt(width));
      width++;
    }
    width++;
  }
  for (; width < 64; width++) {
    const seen = new Set<string>();
    for (const d of digests) seen.add(d.slice(0, width));
    if (seen.size === m) break;
  }
  return width;
}

function hexDigit(c: number): number {
  return c <= 57 ? c - 48 : c - 87;
}

function allDistinct(values: Float64Array): boolean {
  const sorted = values.slice().sort();
  for (let k = 1; k < sorted.length; k++) if (sorted[k] === sorted[k - 1]) return false;
  return true;
}
