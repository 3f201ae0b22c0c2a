import { formatNumber } from './format-number.ts';

/**
 * A count with its noun in the singular or the regular English plural, the count with commas
 * between thousands (APA Publication Manual, 7th ed., §6.38): "1 patient", "299 patients",
 * "2 therapies", "3 boxes", "2,918 observations". The last word of a phrase is the one inflected.
 * @example formatCount(2, 'input file') // "2 input files"
 */
export function formatCount(n: number, noun: string): string {
  const count = formatNumber(n, 0);
  if (n === 1) return `${count} ${noun}`;
  if (/[^aeiou]y$/i.test(noun)) return `${count} ${noun.slice(0, -1)}ies`;
  return `${count} ${noun}${/(s|x|z|ch|sh)$/i.test(noun) ? 'es' : 's'}`;
}
