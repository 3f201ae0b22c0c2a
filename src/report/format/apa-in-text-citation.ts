/**
 * The author–date part of an APA in-text citation, read from a reference list entry in APA
 * style (APA Publication Manual, 7th ed., §8.17): one author "Surname, 2006", two "A & B, 2006",
 * three or more "A et al., 2006"; a group author as written. Returns `undefined` when the text
 * does not start with authors followed by "(year" — the caller then shows the key.
 * @example apaInTextCitation('Hatcher, R. L., & Gillaspy, J. A. (2006). Development and validation …') // "Hatcher & Gillaspy, 2006"
 * @example apaInTextCitation('Kroenke, K., Spitzer, R. L., & Williams, J. B. W. (2001). The PHQ-9 …') // "Kroenke et al., 2001"
 */
export function apaInTextCitation(reference: string): string | undefined {
  const m = /^(.+?)\s*\((\d{4}[a-z]?|n\.d\.)[^)]*\)/.exec(reference.trim());
  if (!m) return undefined;
  const authors = m[1]!;
  const year = m[2]!;
  const parts = authors
    .split(/,\s*/)
    .map((p) => p.replace(/^&\s*/, '').trim())
    .filter((p) => p !== '');
  const isInitials = (p: string): boolean => /^(\p{Lu}\.(\s?-?\p{Lu}\.)*\s?)+$/u.test(p);
  const surnames = parts.some(isInitials) ? parts.filter((p) => !isInitials(p)) : [authors.replace(/\.$/, '')];
  if (surnames.length === 0) return undefined;
  const who = surnames.length === 1 ? surnames[0] : surnames.length === 2 ? `${surnames[0]} & ${surnames[1]}` : `${surnames[0]} et al.`;
  return `${who}, ${year}`;
}
