import { hash } from 'node:crypto';
import { pseudonymize } from './pseudonymize.ts';

/**
 * Display labels for the levels of a grouping column (`by: therapist` in trajectories or compare):
 * the levels themselves, unless the column holds patient or therapist identifiers and the report
 * may not show them (README "Privacy"); then stable pseudonyms, `P-…` for patients and `T-…` for
 * therapists, salted with the seed and every level so they cannot be reversed by hashing
 * candidate ids. `(missing)` and other non-identifier labels listed in `keep` stay as they are.
 * The i-th label belongs to the i-th level, so codes into `levels` index the labels too.
 * @example identifierLabels(['T01', 'T02'], 'therapist', false, 1) // ['T-…', 'T-…'] (two distinct pseudonyms)
 */
export function identifierLabels(
  levels: readonly string[],
  role: 'patient' | 'therapist' | undefined,
  identifiers: boolean,
  seed: number,
  keep: readonly string[] = ['(missing)'],
): string[] {
  if (!role || identifiers) return levels.slice();
  const ids = levels.filter((l) => !keep.includes(l));
  const salt = hash('sha256', `alliance-levels\u0000${role}\u0000${seed}\u0000${ids.join('\u0000')}`, 'hex');
  const pseudonyms = pseudonymize(ids, salt, role === 'patient' ? 'P-' : 'T-');
  const names = new Map(ids.map((id, i) => [id, pseudonyms[i]!]));
  return levels.map((l) => names.get(l) ?? l);
}
