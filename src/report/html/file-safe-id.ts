/**
 * Turns an id from a spec into a name safe for files and HTML ids: ASCII letters, digits, `-`
 * and `_` only (every other run of characters becomes one `-`), lower-cased, no leading or
 * trailing `-` or `_`, at most 64 characters; `fallback` when nothing is left.
 * Windows device names (`con`, `nul`, …) get `-file` appended. A name listed in
 * `taken` gets a numeric suffix (`-2`, `-3`, …) and is added to it, so ids stay unique.
 * @example fileSafeId('Alliance → Outcome (WAI-SR)') // "alliance-outcome-wai-sr"
 * @example fileSafeId('../../etc/passwd') // "etc-passwd"
 */
export function fileSafeId(id: string, taken?: Set<string>, fallback = 'item'): string {
  let base = id
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '')
    .slice(0, 64)
    .replace(/[-_]+$/, '');
  if (base === '') base = fallback;
  if (/^(con|prn|aux|nul|com\d|lpt\d)$/.test(base)) base += '-file';
  if (!taken) return base;
  let name = base;
  for (let k = 2; taken.has(name); k++) name = `${base}-${k}`;
  taken.add(name);
  return name;
}
