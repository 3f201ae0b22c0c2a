import { sqlIdent } from '../engine/duckdb-session.ts';
import type { InstrumentDefinition } from './instrument-definition.ts';

export interface ScaleSql {
  scale: string;
  /** SQL expression for the scale score (NULL when too many items are missing). */
  score: string;
  /** SQL boolean: the score was prorated (some items missing, score still computed). */
  prorated: string;
  /** SQL boolean: some but too many items missing, so the score is NULL. */
  tooManyMissing: string;
  /** SQL boolean: every item of the scale is missing (form not completed). */
  allMissing: string;
  items: number[];
  /** SQL: how many of the scale's items are answered. */
  answered: string;
  /**
   * SQL: the sum of the scale's answered items (reverse-keyed), missing items counted as 0; for
   * a total made of prorated subscales (`roundProratedMean`), the sum of the prorated subscale sums.
   */
  sum: string;
  /**
   * The score written in terms of two columns that hold `answered` and `sum`: a query that
   * computes those once in a subquery and scores from them does not evaluate them up to four
   * times per row, as `score` does. The same value as `score`.
   */
  scoreFrom(answered: string, sum: string): string;
  /**
   * `prorated`, `tooManyMissing` and `allMissing` written in terms of a column holding `answered`
   * and one holding the score (as `scoreFrom` computes it): the same conditions, so a table that
   * stores both can be counted without the item columns.
   */
  countsFrom(answered: string, score: string): { prorated: string; tooManyMissing: string; allMissing: string };
}

/**
 * Generates the SQL that scores one instrument from its item columns: reverse keys
 * ((min + max) − x), subscale and total sums (or means), and prorating — when at most
 * `maxMissingFraction` of a scale's items are missing, the sum is the mean of the answered items
 * times the number of items (each missing item replaced by that mean), as R's
 * `rowMeans(items, na.rm = TRUE) * k`, and the mean is the answered items' mean. With more missing
 * items the score is NULL.
 *
 * An instrument that rounds that mean (`roundProratedMean`, the OQ-45 scoring sheet: "replace
 * with the rounded mean of the remaining items in that subscale") prorates its subscales only:
 * its total is the sum of the prorated subscale scores, NULL when any subscale is NULL, so that
 * total = SD + IR + SR holds. Its subscales partition the items (checked by defineInstrument),
 * so the total's own limit never binds (⌊a⌋ + ⌊b⌋ + ⌊c⌋ ≤ ⌊a + b + c⌋) and is not applied.
 * @example scaleSql(waiSr, ['wai1', …, 'wai12'], 'sum') // total, task, bond, goal expressions
 */
export function scaleSql(def: InstrumentDefinition, itemColumns: string[], aggregate: 'sum' | 'mean', maxMissingFraction = def.maxMissingFraction): ScaleSql[] {
  const all = Array.from({ length: def.items }, (_, i) => i + 1);
  const reverse = new Set(def.reverse);
  const item = (i: number) => {
    const c = sqlIdent(itemColumns[i - 1]);
    return reverse.has(i) ? `(${def.min + def.max} - ${c})` : c;
  };
  const parts = (items: number[]) => {
    const k = items.length;
    const allowed = Math.floor(k * maxMissingFraction + 1e-9);
    const answered = `(${items.map((i) => `(${sqlIdent(itemColumns[i - 1])} IS NOT NULL)::INTEGER`).join(' + ')})`;
    const sum = `(${items.map((i) => `coalesce(${item(i)}, 0)`).join(' + ')})`;
    // The prorated sum of the scale. With the rounded mean (OQ-45): the answered items plus that
    // whole number for each missing one. Otherwise the mean of the answered items times the number
    // of items, evaluated as R's rowMeans(items, na.rm = TRUE) * k: (s / a) * k gives R's double for
    // every prorated sum of every shipped instrument, where s + (k − a)·(s / a) — the same number on
    // paper — differed in the last bit for 853 of 3,651 (test/instruments/prorating-as-r.test.ts).
    const proratedSum = (a: string, s: string) => {
      const mean = `(${s} / NULLIF(${a}, 0))`;
      const filled = def.roundProratedMean ? `(${s} + (${k} - ${a}) * round(${mean}))` : `(${mean} * ${k})`;
      return `CASE WHEN ${a} = ${k} THEN ${s} WHEN ${k} - ${a} <= ${allowed} THEN ${filled} ELSE NULL END`;
    };
    // the item mean of the scale, as R's rowMeans(items, na.rm = TRUE): s / a, complete or prorated
    const proratedMean = (a: string, s: string) =>
      def.roundProratedMean ? `((${proratedSum(a, s)}) / ${k})` : `CASE WHEN ${k} - ${a} <= ${allowed} THEN (${s} / NULLIF(${a}, 0)) ELSE NULL END`;
    return { k, allowed, answered, sum, proratedSum, proratedMean };
  };
  const perItem = (k: number, value: string) => (aggregate === 'mean' ? `((${value}) / ${k})` : value);
  const own = ([scale, items]: [string, number[]]): ScaleSql => {
    const { k, allowed, answered, sum, proratedSum, proratedMean } = parts(items);
    const scoreFrom = (a: string, s: string) => (aggregate === 'mean' ? proratedMean(a, s) : proratedSum(a, s));
    const countsFrom = (a: string) => ({ prorated: `(${a} < ${k} AND ${k} - ${a} <= ${allowed})`, tooManyMissing: `(${a} > 0 AND ${k} - ${a} > ${allowed})`, allMissing: `(${a} = 0)` });
    return { scale, items, score: scoreFrom(answered, sum), ...countsFrom(answered), answered, sum, scoreFrom, countsFrom };
  };
  const subscales = Object.entries(def.subscales).map(own);
  if (!def.roundProratedMean) return [own(['total', all]), ...subscales];
  // the total from the prorated subscale sums: `sum` is their sum (NULL when one is NULL), and a
  // total is prorated when an item is missing but every subscale was scored
  const k = def.items;
  const answered = `(${subscales.map((s) => s.answered).join(' + ')})`;
  const sum = `(${subscales.map((s) => `(${parts(s.items).proratedSum(s.answered, s.sum)})`).join(' + ')})`;
  // (the total is NULL exactly when its sum is)
  const countsFrom = (a: string, score: string) => ({ prorated: `(${a} < ${k} AND ${score} IS NOT NULL)`, tooManyMissing: `(${a} > 0 AND ${score} IS NULL)`, allMissing: `(${a} = 0)` });
  const total: ScaleSql = {
    scale: 'total',
    items: all,
    score: perItem(k, sum),
    ...countsFrom(answered, `(${sum})`),
    answered,
    sum,
    scoreFrom: (_a, s) => perItem(k, s),
    countsFrom,
  };
  return [total, ...subscales];
}
