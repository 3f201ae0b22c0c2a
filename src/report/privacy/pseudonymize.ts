import { createHash } from 'node:crypto';

/**
 * Stable pseudonyms for patient or therapist identifiers, for tooltips and tables that must
 * not show real ids: `P-` followed by the leading hex digits of SHA-256(salt ‖ 0x00 ‖ id).
 * The same id, salt and id set always give the same pseudonym; the same id gets the same
 * pseudonym wherever it appears. Four hex digits are used, or more when needed so that the
 * distinct ids of the set get distinct pseudonyms. The salt must be non-empty and should be
 * kept out of the report (otherwise short ids can be recovered by trying them all).
 * @example pseudonymize(['A17', 'B02', 'A17'], 'study-salt') // e.g. ["P-3c9e", "P-b41d", "P-3c9e"]
 */
export function pseudonymize(ids: readonly string[], salt: string, prefix = 'P-'): string[] {
  if (salt.length === 0) throw new RangeError('pseudonymize: salt must be a non-empty string');
  const digests = new Map<string, string>();
  for (const id of ids) {
    if (!digests.has(id)) digests.set(id, createHash('sha256').update(salt).update('\u0000').update(String(id)).digest('hex'));
  }
  let width = 4;
  while (width < 64) {
    const seen = new Set<string>();
    for (const d of digests.values()) seen.add(d.slice(0, width));
    if (seen.size === digests.size) break;
    width++;
  }
  return ids.map((id) => prefix + digests.get(id)!.slice(0, width));
}
