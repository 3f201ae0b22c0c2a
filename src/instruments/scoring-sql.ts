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
  /** SQL: the sum of the scale's answered items (reverse-keyed), missing items counted as 0. */
  sum: string;
  /**
   * The score written in terms of two columns that hold `answered` and `sum`: a query that
   * computes those once in a subquery and scores from them does not evaluate them up to four
   * times per row, as `score` does. The same value as `score`.
   */
  scoreFrom(answered: string, sum: string): string;
}

/**
 * Generates the SQL that scores one instrument from its item columns: reverse keys
 * ((min + max) − x), subscale and total sums (or means), and prorating — when at most
 * `maxMissingFraction` of a scale's items are missing, each missing item is replaced by the
 * mean of the answered items of that scale (rounded first when the instrument says so, as on
 * the OQ-45 scoring sheet). With more missing items the score is NULL.
 * @example scaleSql(waiSr, ['wai1', …, 'wai12'], 'sum') // total, task, bond, goal expressions
 */
export function scaleSql(def: InstrumentDefinition, itemColumns: string[], aggregate: 'sum' | 'mean', maxMissingFraction = def.maxMissingFraction): ScaleSql[] {
  const all = Array.from({ length: def.items }, (_, i) => i + 1);
  const scales: [string, number[]][] = [['total', all], ...Object.entries(def.subscales)];
  const reverse = new Set(def.reverse);
  const item = (i: number) => {
    const c = sqlIdent(itemColumns[i - 1]);
    return reverse.has(i) ? `(${def.min + def.max} - ${c})` : c;
  };
  return scales.map(([scale, items]) => {
    const k = items.length;
    const allowed = Math.floor(k * maxMissingFraction + 1e-9);
    const answered = `(${items.map((i) => `(${sqlIdent(itemColumns[i - 1])} IS NOT NULL)::INTEGER`).join(' + ')})`;
    const sum = `(${items.map((i) => `coalesce(${item(i)}, 0)`).join(' + ')})`;
    const scoreFrom = (a: string, s: string) => {
      const mean = `(${s} / NULLIF(${a}, 0))`;
      const fill = def.roundProratedMean ? `round(${mean})` : mean;
      const total = `(${s} + (${k} - ${a}) * ${fill})`;
      const value = aggregate === 'mean' ? `(${total} / ${k})` : total;
      return `CASE WHEN ${a} = ${k} THEN ${aggregate === 'mean' ? `(${s} / ${k})` : s} WHEN ${k} - ${a} <= ${allowed} THEN ${value} ELSE NULL END`;
    };
    const score = scoreFrom(answered, sum);
    return {
      scale,
      items,
      score,
      prorated: `(${answered} < ${k} AND ${k} - ${answered} <= ${allowed})`,
      tooManyMissing: `(${answered} > 0 AND ${k} - ${answered} > ${allowed})`,
      allMissing: `(${answered} = 0)`,
      answered,
      sum,
      scoreFrom,
    };
  });
}
