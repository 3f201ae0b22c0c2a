import { listWords } from '../engine/errors.ts';

/**
 * Spelling suggestions for misspelled spec keys, stage types, options,
 * function names and column names.
 *
 * Distance is the optimal-string-alignment form of the Damerau–Levenshtein
 * distance (insertions, deletions, substitutions and transpositions of two
 * adjacent characters each cost 1; Damerau 1964, doi:10.1145/363958.363994),
 * computed case-insensitively. A candidate is offered only when its distance
 * is at most max(1, floor(word.length / 3)), so short words tolerate one typo
 * and longer ones proportionally more. A word of 5 or more characters that
 * begins a longer candidate (`maxMissing` of `maxMissingFraction`) is offered
 * too, after the close spellings.
 */

export interface DidYouMeanOptions {
  /** How many suggestions at most (default 3, at least 1). */
  max?: number;
}

/**
 * The closest candidates to `word`, best first (ties keep the candidates'
 * order), at most `max` of them; an empty array when none is close enough.
 *
 * @example
 * didYouMean('corelate', ['ingest', 'correlate', 'mixed']); // ['correlate']
 * didYouMean('maxMissing', ['items', 'maxMissingFraction']); // ['maxMissingFraction']
 * didYouMean('xyz', ['ingest', 'correlate']); // []
 */
export function didYouMean(word: string, candidates: Iterable<string>, options: DidYouMeanOptions = {}): string[] {
  const max = Math.max(1, Math.floor(options.max ?? 3));
  const needle = word.toLowerCase();
  const limit = Math.max(1, Math.floor(needle.length / 3));
  const seen = new Set<string>();
  const scored: { name: string; distance: number; order: number }[] = [];
  const rows: Int32Array[] = [];
  for (const name of candidates) {
    if (seen.has(name)) continue;
    seen.add(name);
    const hay = name.toLowerCase();
    const distance = Math.abs(hay.length - needle.length) > limit ? limit + 1 : osaDistance(needle, hay, limit, rows);
    if (distance <= limit) scored.push({ name, distance, order: scored.length });
    else if (needle.length >= 5 && hay.startsWith(needle)) scored.push({ name, distance: limit + 0.5, order: scored.length });
  }
  scored.sort((a, b) => a.distance - b.distance || a.order - b.order);
  return scored.slice(0, max).map((s) => s.name);
}

/**
 * A sentence to append to an error message: ` Did you mean 'x'?`,
 * ` Did you mean 'x' or 'y'?`, or `''` when nothing is close.
 *
 * @example
 * `unknown stage type 'corelate'.${formatSuggestion('corelate', ['correlate'])}`
 * // "unknown stage type 'corelate'. Did you mean 'correlate'?"
 */
export function formatSuggestion(word: string, candidates: Iterable<string>, options: DidYouMeanOptions = {}): string {
  const found = didYouMean(word, candidates, options).map((c) => `'${c}'`);
  if (found.length === 0) return '';
  return ` Did you mean ${listWords(found, 'or')}?`;
}

/** OSA distance with early exit once every cell of a row exceeds `limit`; `rows` are reused buffers. */
function osaDistance(a: string, b: string, limit: number, rows: Int32Array[]): number {
  const n = a.length;
  const m = b.length;
  if (rows.length === 0 || rows[0].length < m + 1) rows.splice(0, 3, new Int32Array(m + 1), new Int32Array(m + 1), new Int32Array(m + 1));
  let [prev2, prev, cur] = rows;
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= m; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1))
        d = Math.min(d, prev2[j - 2] + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > limit) return limit + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[m];
}
