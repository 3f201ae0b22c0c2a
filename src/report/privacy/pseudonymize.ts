import { hash } from 'node:crypto';

/**
 * Stable pseudonyms for patient or therapist identifiers, for tooltips and tables that must
 * not show real ids: `P-` followed by the leading hex digits of SHA-256(salt ‖ 0x00 ‖ id).
 * The same id, salt and id set always give the same pseudonym; the same id gets the same
 * pseudonym wherever it appears. At least four hex digits are used, more for large sets
 * (about 2·log16(n), the birthday bound) and more again until the distinct ids of the set get
 * distinct pseudonyms; so the length depends on the set, not only on the id. The salt must be non-empty and should be
 * kept out of the report (otherwise short ids can be recovered by trying them all).
 * @example pseudonymize(['A17', 'B02', 'A17'], 'demo-salt') // ["P-486c", "P-17b1", "P-486c"]
 */
export function pseudonymize(ids: readonly string[], salt: string, prefix = 'P-'): string[] {
  if (salt.length === 0) throw new RangeError('pseudonymize: salt must be a non-empty string');
  const digests = new Map<string, string>();
  for (const id of ids) {
    if (!digests.has(id)) digests.set(id, hash('sha256', `${salt}\u0000${id}`, 'hex'));
  }
  // Start near the birthday bound (16^w ≈ n²), where collisions become unlikely.
  let width = Math.max(4, Math.ceil(Math.log2(Math.max(2, digests.size)) / 2));
  while (width < 64) {
    const seen = new Set<string>();
    for (const d of digests.values()) seen.add(d.slice(0, width));
    if (seen.size === digests.size) break;
    width++;
  }
  return ids.map((id) => prefix + digests.get(id)!.slice(0, width));
}
