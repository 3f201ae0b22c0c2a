import type { Citation } from '../report/types.ts';

/**
 * A questionnaire described as data: items, response range, reverse keys, subscales,
 * aggregation, missing-item rule, norms and citation. Scoring SQL is generated from this
 * (src/stages/score.ts); nothing about an instrument is hard-coded elsewhere.
 */
export interface InstrumentDefinition {
  key: string;
  name: string;
  /** Number of items, numbered 1..items. */
  items: number;
  /** Response range (inclusive). */
  min: number;
  max: number;
  /** Whether responses must be whole numbers (false for visual-analogue scales). */
  integer: boolean;
  /** 1-based items rescored as (min + max) − x. */
  reverse: number[];
  /**
   * Subscale name → 1-based items. The total always uses every item (with `roundProratedMean`
   * it is the sum of the prorated subscales, which must then partition the items).
   */
  subscales: Record<string, number[]>;
  /** Sum of items (default) or item mean. */
  aggregate: 'sum' | 'mean';
  /**
   * Missing-item rule: a scale is scored when at most this fraction of its items is missing;
   * missing items are replaced by the mean of the answered items of that scale (prorating).
   */
  maxMissingFraction: number;
  /**
   * OQ-45 scoring sheet rule: a missing item is replaced by the rounded mean of the answered
   * items of its subscale, and the total is the sum of the prorated subscales (not prorated from
   * all items), so that it equals the sum of the subscale scores.
   */
  roundProratedMean: boolean;
  /** Direction of the total: true for alliance and well-being, false for symptom scales. */
  higherIsBetter: boolean;
  /** Reliable-change value in total-score points (Jacobson & Truax), if the literature gives one. */
  reliableChange?: number;
  /** Clinical cut-off on the total (a score at or beyond it counts as clinical range). */
  cutoff?: number;
  /** Reliability used for the RCI when none is given in the spec. */
  reliability?: number;
  /** Norms for Jacobson–Truax cut-offs (dysfunctional / functional mean and SD). */
  norms?: { mDys?: number; sdDys?: number; mFunc?: number; sdFunc?: number };
  citation: Citation;
  /** Values in this definition that could not be verified against a primary source. */
  unverified: string[];
  /** Defined in the pipeline spec (`instruments:`): its cut-off and reliabilities are the user's, not published values. */
  definedInSpec?: boolean;
}

/** Fills the defaults of a partial definition. */
export function defineInstrument(
  d: Omit<InstrumentDefinition, 'integer' | 'reverse' | 'subscales' | 'aggregate' | 'maxMissingFraction' | 'roundProratedMean' | 'unverified'> &
    Partial<InstrumentDefinition>,
): InstrumentDefinition {
  const def: InstrumentDefinition = {
    integer: true,
    reverse: [],
    subscales: {},
    aggregate: 'sum',
    maxMissingFraction: 0.2,
    roundProratedMean: false,
    unverified: [],
    ...d,
  };
  checkDefinition(def);
  return def;
}

function checkDefinition(d: InstrumentDefinition): void {
  const first = definitionProblems(d)[0];
  if (first) throw new Error(`instrument ${d.key}: ${first.message}`);
}

/**
 * The range of an instrument's total scored as `aggregate`: min..max for the item mean, k·min..k·max
 * for the sum of k items. Its cut-off and reliable-change value are on the range of its own aggregate.
 * @example totalRange(phq9, 'sum') // [0, 27];  totalRange(phq9, 'mean') // [0, 3]
 */
export function totalRange(d: Pick<InstrumentDefinition, 'items' | 'min' | 'max'>, aggregate: 'sum' | 'mean'): [number, number] {
  const k = aggregate === 'sum' ? d.items : 1;
  return [d.min * k, d.max * k];
}

/**
 * Every problem of a definition, each with the field it lies in (`max`, `reverse`,
 * `subscales.<name>`; the first problem of each field), in that order: max not above min, item
 * numbers outside 1..items, a subscale with no items or repeating one, subscales that must cover
 * every item once (roundProratedMean).
 */
export function definitionProblems(
  d: Pick<InstrumentDefinition, 'items' | 'min' | 'max' | 'reverse' | 'subscales' | 'roundProratedMean'> & Partial<Pick<InstrumentDefinition, 'aggregate' | 'cutoff' | 'reliableChange'>>,
): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  if (!(d.max > d.min)) out.push({ field: 'max', message: 'max must exceed min' });
  else if (d.items >= 1) {
    // the total's range: a cut-off outside it classes every patient alike, and a reliable-change
    // value beyond its width can never be reached (a value on another scale, e.g. a sum-scale cut-off for an item mean)
    const [lo, hi] = totalRange(d, d.aggregate ?? 'sum');
    const scale = `the total's range ${lo} to ${hi} (${d.aggregate === 'mean' ? 'the item mean' : `the sum of ${d.items} items`} from ${d.min} to ${d.max})`;
    if (d.cutoff !== undefined && !(d.cutoff > lo && d.cutoff < hi)) out.push({ field: 'cutoff', message: `cutoff ${d.cutoff} is not inside ${scale}` });
    if (d.reliableChange !== undefined && !(d.reliableChange > 0 && d.reliableChange <= hi - lo)) out.push({ field: 'reliableChange', message: `reliableChange ${d.reliableChange} is not between 0 and the width of ${scale}` });
  }
  const inRange = (i: number) => Number.isInteger(i) && i >= 1 && i <= d.items;
  const badReverse = d.reverse.find((i) => !inRange(i));
  if (badReverse !== undefined) out.push({ field: 'reverse', message: `reverse item ${badReverse} is outside 1..${d.items}` });
  for (const [name, items] of Object.entries(d.subscales)) {
    const bad = items.find((i) => !inRange(i));
    // a subscale scores the mean or sum of its items; with none there is nothing to score
    if (items.length === 0) out.push({ field: `subscales.${name}`, message: `subscale '${name}' lists no items; give at least one item number (1..${d.items})` });
    else if (bad !== undefined) out.push({ field: `subscales.${name}`, message: `subscale '${name}' item ${bad} is outside 1..${d.items}` });
    else if (new Set(items).size !== items.length) out.push({ field: `subscales.${name}`, message: `subscale '${name}' repeats an item` });
  }
  if (d.roundProratedMean) {
    const covered = Object.values(d.subscales).flat().sort((a, b) => a - b);
    if (covered.length !== d.items || covered.some((i, n) => i !== n + 1)) out.push({ field: 'subscales', message: 'roundProratedMean scores the total as the sum of the subscales, which must then use every item exactly once' });
  }
  return out;
}
