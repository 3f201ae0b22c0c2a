/**
 * A reliability coefficient as it was given (its own digits, e.g. an instrument's .89 or a user's
 * .905), without the leading zero APA drops for values that cannot exceed 1 (APA Publication
 * Manual, 7th ed., §6.36). Values outside [0, 1] are a caller error and throw.
 * @example formatReliability(0.89) // ".89"
 * @example formatReliability(1) // "1"
 */
export function formatReliability(r: number): string {
  if (!(r >= 0 && r <= 1)) throw new RangeError(`formatReliability: value must lie in [0, 1], got ${r}`);
  return String(r).replace(/^0(?=\.)/, '');
}
