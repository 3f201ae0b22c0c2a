import { createRng } from '../../stats/random/index.ts';
import { formatNumber } from '../format/format-number.ts';

export interface FigureSample<T> {
  /** The rows to plot: all of them, or a sample in their original order. */
  rows: T[];
  sampled: boolean;
  /** The rule applied, as a sentence for the figure description ('' when nothing was dropped). */
  note: string;
}

/**
 * Keeps a figure light when the data are large: with more than `max` rows, draws a simple
 * random sample of `max` rows without replacement (a partial Fisher–Yates shuffle, Knuth 1997,
 * TAOCP vol. 2, §3.4.2, over a Uint32Array of indices, seeded with `createRng(seed)`), keeps the
 * sampled rows in their original order, and states the rule in `note` so it can be appended to
 * the figure description. O(n) time; only the index array is allocated.
 * @example sampleForFigure(rows, 5000, 42).note
 * // "The figure shows a simple random sample of 5,000 of the 100,000 rows (seed 42)."
 */
export function sampleForFigure<T>(rows: readonly T[], max: number, seed: number, unit = 'rows'): FigureSample<T> {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`sampleForFigure: max must be a positive integer, got ${max}`);
  const n = rows.length;
  if (n <= max) return { rows: rows.slice(), sampled: false, note: '' };
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  const rng = createRng(seed);
  for (let i = 0; i < max; i++) {
    const j = i + rng.int(n - i);
    const t = idx[i]!;
    idx[i] = idx[j]!;
    idx[j] = t;
  }
  const chosen = idx.subarray(0, max).sort();
  const out: T[] = new Array(max);
  for (let i = 0; i < max; i++) out[i] = rows[chosen[i]!]!;
  const note = `The figure shows a simple random sample of ${formatNumber(max, 0)} of the ${formatNumber(n, 0)} ${unit} (seed ${seed}).`;
  return { rows: out, sampled: true, note };
}
