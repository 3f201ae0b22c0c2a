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
   * For items that are not whole numbers (`integer: false`) the sum held exactly, as a
   * STRUCT(h DOUBLE, l DOUBLE) whose h + l is the exact sum (see exactSum); `scoreFrom` reads it.
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

/** How many of a scale's `items` may be missing for its score still to be prorated: ⌊items · fraction⌋ (the 1e-9 keeps 12 · 1/6 at 2). */
export function allowedMissing(items: number, fraction: number): number {
  return Math.floor(items * fraction + 1e-9);
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
    const allowed = allowedMissing(k, maxMissingFraction);
    const answered = `(${items.map((i) => `(${sqlIdent(itemColumns[i - 1])} IS NOT NULL)::INTEGER`).join(' + ')})`;
    // Whole-number items add up exactly left to right. Items that are not (visual-analogue scales)
    // are summed exactly as a pair of doubles (exactSum), from which the scores are rounded once.
    const exact = def.integer ? undefined : exactSum(items.map((i) => `coalesce(${item(i)}, 0)::DOUBLE`), Math.max(Math.abs(def.min), Math.abs(def.max)));
    const sum = exact ?? `(${items.map((i) => `coalesce(${item(i)}, 0)`).join(' + ')})`;
    // the sum as one double, and the answered items' mean, from a column (or expression) holding `sum`
    const total = (s: string) => (exact ? roundedSum(s) : s);
    const meanOf = (a: string, s: string) => (exact ? exactMean(s, `NULLIF(${a}, 0)`) : `(${s} / NULLIF(${a}, 0))`);
    // The prorated sum of the scale. With the rounded mean (OQ-45): the answered items plus that
    // whole number for each missing one. Otherwise the mean of the answered items times the number
    // of items, evaluated as R's rowMeans(items, na.rm = TRUE) * k: (s / a) * k gives R's double for
    // every prorated sum of every shipped instrument, where s + (k − a)·(s / a) — the same number on
    // paper — differed in the last bit for 853 of 3,651 (test/instruments/prorating-as-r.test.ts).
    const proratedSum = (a: string, s: string) => {
      const mean = meanOf(a, s);
      const filled = def.roundProratedMean ? `(${total(s)} + (${k} - ${a}) * round(${mean}))` : `(${mean} * ${k})`;
      return `CASE WHEN ${a} = ${k} THEN ${total(s)} WHEN ${k} - ${a} <= ${allowed} THEN ${filled} ELSE NULL END`;
    };
    // the item mean of the scale, as R's rowMeans(items, na.rm = TRUE): s / a, complete or prorated
    const proratedMean = (a: string, s: string) =>
      def.roundProratedMean ? `((${proratedSum(a, s)}) / ${k})` : `CASE WHEN ${k} - ${a} <= ${allowed} THEN ${meanOf(a, s)} ELSE NULL END`;
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

/**
 * SQL: the exact sum of `terms` (DOUBLE expressions, each at most `bound` in magnitude) as a
 * STRUCT(h, l) of two doubles with h + l equal to it, by an error-free split of each term: h_i is
 * the term rounded to a multiple of 2^−g by adding and subtracting 1.5·2^(52−g) (Rump, Ogita &
 * Oishi 2008, "Accurate floating-point summation part I", doi:10.1137/050645671, ExtractScalar), and
 * l_i = term − h_i exactly. With 2^(53−g) ≥ max(k, 4)·(bound + 1), every partial sum of the h_i is
 * a multiple of 2^−g below 2^53·2^−g, so h = Σ h_i is exact; each |l_i| ≤ 2^−(g+1), so l = Σ l_i is
 * exact whenever every nonzero term is at least k·2^−(g+2) in magnitude (its lowest bit is then at
 * least k·2^−(g+54)): for 4 items up to 10 that is 7·10⁻¹⁵, for 36 up to 1000 6·10⁻¹¹ — any
 * response with at most 10 decimals. One rounding of h + l is then the correctly rounded sum, which
 * is R's rowSums(items) whenever R's 80-bit accumulator (64-bit significand) holds every partial
 * sum exactly, i.e. the bits from the largest partial sum's top bit down to the lowest bit of any
 * item span at most 64: 4 items 0–10 with one decimal span at most 62 (2^5 down to 0.1's 2^−55), so
 * ORS and SRS equal R always. Wider spans can differ from R in the last bit where R's accumulator
 * itself rounds: none in 200,000 seeded rows each of 4 items 0–10 and 10 items 0–100 with two
 * decimals, 6 in 200,000 of 30 items 0–1000 with two decimals.
 * Three additions per term; the running sum left to right would differ from R in the last bit
 * (ORS items 0, 6.4, 9.8, 8.8 sum to 25.000000000000004 left to right, rowSums gives 25).
 * @example exactSum(['coalesce("ors1", 0)::DOUBLE', …], 10) // {'h': (… + …), 'l': (… + …)}
 */
function exactSum(terms: string[], bound: number): string {
  const b = Math.ceil(Math.log2(Math.max(terms.length, 4) * (bound + 1)));
  const c = `${1.5 * 2 ** (b - 1)}::DOUBLE`; // 1.5·2^(52−g) with g = 53 − b
  const high = (t: string) => `((${t} + ${c}) - ${c})`;
  return `{'h': (${terms.map(high).join(' + ')}), 'l': (${terms.map((t) => `(${t} - ${high(t)})`).join(' + ')})}`;
}

/** SQL: the correctly rounded sum held by an exactSum pair `p` (h + l, rounded once). */
function roundedSum(p: string): string {
  return `(struct_extract(${p}, 'h') + struct_extract(${p}, 'l'))`;
}

/**
 * SQL: the exact sum held by the exactSum pair `p` divided by `n` (a whole number below 2^27),
 * correctly rounded but for quotients within 2^−52 of an ulp of a rounding midpoint. The pair is
 * first made s + e with s = fl(h + l) (TwoSum, Knuth TAOCP vol. 2, 4.2.2); q0 = fl(s / n) and its
 * remainder ρ = s − q0·n, which is a double (Boldo & Daumas 2003), computed exactly from Veltkamp's
 * 26-bit halves of q0 (each times n is exact; s − qh·n is exact by Sterbenz); the quotient is
 * q0 + (ρ + e) / n. R's rowMeans divides its 80-bit sum in 80 bits and rounds that to a double:
 * the two differ only where that 80-bit quotient lands exactly on a midpoint between two doubles
 * and ties-to-even picks the other one (or where R's 80-bit sum itself was rounded, see exactSum):
 * for the shapes of test/fixtures/decimal-sums-as-r and 200,000 seeded rows each of 4 items 0–10
 * and 10 items 0–100 with two decimals this never happened (1 of 200,000 for 30 items 0–1000 with
 * two decimals, a row whose 80-bit sum was rounded).
 * @example exactMean('__score_sum_0', 'NULLIF(__score_answered_0, 0)')
 */
function exactMean(p: string, n: string): string {
  const [h, l] = [`struct_extract(${p}, 'h')`, `struct_extract(${p}, 'l')`];
  const s = `(${h} + ${l})`;
  const z = `(${s} - ${h})`;
  const e = `((${h} - (${s} - ${z})) + (${l} - ${z}))`;
  const q0 = `(${s} / ${n})`;
  const c = `(134217729.0::DOUBLE * ${q0})`;
  const qh = `(${c} - (${c} - ${q0}))`;
  const rho = `((${s} - ${qh} * ${n}) - (${q0} - ${qh}) * ${n})`;
  return `(${q0} + (${rho} + ${e}) / ${n})`;
}
