import { Type, type Static } from '@sinclair/typebox';
import { FISHER_1921, HOLM_1979 } from '../report/citations.ts';
import { sqlIdent, type DuckDBSession } from '../engine/duckdb-session.ts';
import type { Ledger } from '../engine/ledger.ts';
import { listWords } from '../engine/errors.ts';
import { parallelBootstrapReplicates } from '../engine/parallel-bootstrap-replicates.ts';
import { tableName, type TableShape } from '../engine/table-shape.ts';
import { byDesignTerms, countByDesign, describeMissing, ledgerLeftOut } from '../engine/missing-by-design.ts';
import { apaCorrelation, apaP, apaZ, formatCi, formatLevel, formatNumber, formatR, roundLikeR } from '../report/format/index.ts';
import { scatterWithFit } from '../report/figures/scatter-with-fit.ts';
import type { Citation, ReportBlock } from '../report/types.ts';
import { sampleForFigure } from '../report/sample/index.ts';
import { StatInputError, TooFewError } from '../stats/errors.ts';
import { bootstrapCorrelation, type BootstrapCorrelationResult } from '../stats/bootstrap/index.ts';
import { kendall, partialCorrelation, pearson, spearman, unitScaled } from '../stats/correlation/index.ts';
import { qt } from '../stats/distributions/index.ts';
import { pAdjust } from '../stats/multiple-testing/index.ts';
import { olsBand } from '../stats/regression/index.ts';
import type { StageDefinition } from './stage-definition.ts';
import { planSourceTable } from './plan-source-table.ts';
import { checkApart } from './check-apart.ts';
import { planPatientLevel, refuseRepeatedPatients } from './patient-level-from.ts';

export const correlateOptions = Type.Object(
  {
    from: Type.String({ description: 'Id of a stage with one row per patient (usually `patients` or `change`) whose table holds the variables; session-level tables are refused (within-patient handles them)' }),
    pairs: Type.Array(
      Type.Object(
        {
          x: Type.String({ description: 'Predictor column (e.g. wai_total_first3)' }),
          y: Type.String({ description: 'Outcome column (e.g. phq_total_improvement), another column than x' }),
          covariates: Type.Optional(Type.Array(Type.String(), { description: 'Columns partialled out (partial correlation): neither x nor y, each listed once' })),
          label: Type.Optional(Type.String()),
        },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
    method: Type.Optional(Type.Union([Type.Literal('pearson'), Type.Literal('spearman'), Type.Literal('kendall')], { default: 'pearson' })),
    level: Type.Optional(Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.95, description: 'Confidence level' })),
    exact: Type.Optional(
      Type.Boolean({
        description:
          "Spearman and Kendall p values, as cor.test's exact (only with method spearman or kendall, and for the pairs without covariates: Pearson p values and partial correlations' come from the t test). Unset (R's exact = NULL): exact for untied pairs (Kendall n < 50; Spearman n ≤ 9 counted, n ≤ 1290 by the AS 89 Edgeworth series), asymptotic otherwise. true: the same for Spearman; Kendall exact for untied pairs at any n up to 1000. false: always the t (Spearman) or normal (Kendall) approximation",
      }),
    ),
    // no schema default: the plan must tell a value given (refused with one pair) from none
    adjust: Type.Optional(Type.Union([Type.Literal('holm'), Type.Literal('BH'), Type.Literal('bonferroni'), Type.Literal('none')], { description: 'Multiple-testing adjustment across the pairs of this stage (default holm); not with a single pair' })),
    bootstrap: Type.Optional(
      Type.Object(
        {
          reps: Type.Optional(Type.Integer({ minimum: 10, maximum: 1_000_000, default: 2000, description: 'Bootstrap replicates (resamples of patients); replicates × complete rows at most 1e10, e.g. 10,000 replicates of 10^6 patients' })),
          intervals: Type.Optional(
            Type.Array(Type.Union([Type.Literal('percentile'), Type.Literal('bca')]), { minItems: 1, uniqueItems: true, default: ['percentile', 'bca'], description: 'Intervals shown in the report (results.json always carries both)' }),
          ),
        },
        { additionalProperties: false, description: 'Seeded nonparametric bootstrap intervals (percentile and BCa) for each pair without covariates; the seed is the pipeline seed' },
      ),
    ),
  },
  { additionalProperties: false },
);

export type CorrelateOptions = Static<typeof correlateOptions>;

export interface CorrelationRow {
  x: string;
  y: string;
  label: string;
  method: 'pearson' | 'spearman' | 'kendall';
  covariates: string[];
  n: number;
  missingPairs: number;
  r: number;
  ciLower: number;
  ciUpper: number;
  t: number | null;
  z: number | null;
  df: number | null;
  p: number;
  /**
   * Where p comes from: `t` (Pearson, partial, Spearman's t approximation), `normal` (Kendall's z),
   * `exact` (Kendall's T or Spearman's S over all rankings), `edgeworth` (Spearman, AS 89).
   */
  pMethod: 't' | 'normal' | 'exact' | 'edgeworth';
  pAdjusted: number;
  level: number;
  apa: string;
  /** Bootstrap intervals (null without `bootstrap`, and for partial correlations). */
  bootstrap: CorrelationBootstrap | null;
}

/** The bootstrap part of a correlation row: both intervals with the seed and replicates behind them. */
export type CorrelationBootstrap = Pick<BootstrapCorrelationResult, 'reps' | 'valid' | 'seed' | 'se' | 'bias' | 'percentileLower' | 'percentileUpper' | 'bcaLower' | 'bcaUpper' | 'percentileExtreme' | 'bcaExtreme'>;

/** Where computeCorrelations' results go and how they are named (all optional). */
export interface CorrelationContext {
  /** Ledger for the rows left out (none: not counted, e.g. a quick command). */
  ledger?: Ledger;
  /** Stage id in ledger entries (default 'correlate'). */
  stageId?: string;
  /** Bootstrap seed (default 1). */
  seed?: number;
  pairAt?: (index: number) => string;
  /** The source table's columns missing by design (TableShape.missingByDesign). */
  missingByDesign?: TableShape['missingByDesign'];
  /** What a row needs for each computed column of the source (TableShape.needs), for the message of a pair left with too few rows. */
  needs?: TableShape['needs'];
  /** The source as that message names it, e.g. "table 'patients'" (default: none, "the 40 rows"). */
  source?: string;
}

/**
 * Computes the correlations of a correlate spec on a DuckDB table: complete cases per pair
 * (the incomplete ones counted in the ledger), Pearson/Spearman/Kendall or partial
 * correlations, and the multiple-testing adjustment across pairs. Used by the `correlate`
 * stage and by `alliance correlate` (one code path). With `o.bootstrap`, every pair without
 * covariates also gets `bootstrapCorrelation` percentile and BCa intervals drawn with `seed`
 * (the same seed for each pair, so a pair re-run alone reproduces its interval); a large
 * bootstrap draws its replicates on worker threads (`parallelBootstrapReplicates`, the same
 * replicates as on one thread). With `pairAt`, a pair the kernels refuse (too few complete pairs,
 * a constant column) is named in the error by `pairAt(index)`, e.g. the spec path of the entry.
 * Rows left out because they lack a column by design (`missingByDesign`, the table shape's) go to
 * the ledger as `not-applicable`, the other incomplete rows as `excluded`.
 */
export async function computeCorrelations(db: DuckDBSession, table: string, o: CorrelateOptions, context: CorrelationContext = {}): Promise<{ rows: CorrelationRow[]; data: { x: Float64Array; y: Float64Array }[] }> {
  const { ledger, stageId = 'correlate', seed = 1, pairAt, missingByDesign, needs, source } = context;
  const method = o.method ?? 'pearson';
  const level = o.level ?? 0.95;
  const exact = o.exact;
  const rows: CorrelationRow[] = [];
  const data: { x: Float64Array; y: Float64Array }[] = [];
  for (const [index, pair] of o.pairs.entries()) {
    const covs = pair.covariates ?? [];
    const cols = [pair.x, pair.y, ...covs];
    const terms = byDesignTerms({ missingByDesign }, cols);
    const { n: total, columns } = await db.readNumeric(`SELECT ${cols.map((c, i) => `${sqlIdent(c)} AS c${i}`).join(', ')} FROM ${sqlIdent(table)}`);
    // complete cases: one typed pass per column over a shared row mask
    const all = cols.map((_, j) => columns[`c${j}`]);
    const complete = new Uint8Array(total).fill(1);
    for (const c of all) for (let i = 0; i < total; i++) if (Number.isNaN(c[i])) complete[i] = 0;
    let kept = 0;
    for (let i = 0; i < total; i++) kept += complete[i];
    const pick = (c: Float64Array) => {
      const out = new Float64Array(kept);
      for (let i = 0, k = 0; i < total; i++) if (complete[i]) out[k++] = c[i];
      return out;
    };
    const [x, y, ...z] = all.map(pick);
    const missingPairs = total - kept;
    // a term holds only where its column is missing, i.e. on a row left out here
    const byDesign = await countByDesign(db, sqlIdent(table), terms);
    const named = `${pair.x} × ${pair.y}${covs.length ? ` | ${covs.join(', ')}` : ''}`;
    ledgerLeftOut(ledger, {
      stage: stageId, unit: 'patients', leftOut: missingPairs, byDesign,
      notApplicable: `${named}: rows without a value by design left out of this correlation`,
      excluded: { reason: 'incomplete-pair', detail: `${named}: rows with a missing value left out of this correlation` },
    });
    let r: number, lo: number, hi: number, p: number, t: number | null = null, zval: number | null = null, df: number | null = null;
    let pMethod: CorrelationRow['pMethod'] = 't';
    try {
      if (covs.length) {
        if (method === 'kendall') throw new Error('partial Kendall correlations are not supported; use pearson or spearman');
        const res = partialCorrelation(x, y, z, { method, level });
        ({ r, ciLower: lo, ciUpper: hi, p, t, df } = res);
      } else if (method === 'pearson') {
        const res = pearson(x, y, { level });
        ({ r, ciLower: lo, ciUpper: hi, p, t, df } = res);
      } else if (method === 'spearman') {
        const res = spearman(x, y, { level, exact });
        ({ r, ciLower: lo, ciUpper: hi, p, t, df, pMethod } = res);
      } else {
        const res = kendall(x, y, { level, exact });
        ({ r, ciLower: lo, ciUpper: hi, p, pMethod } = res);
        zval = res.z;
      }
    } catch (e) {
      if (!(e instanceof StatInputError)) throw e;
      // too few complete rows: which columns the others lacked, and what those columns need
      const why = e instanceof TooFewError && missingPairs > 0 ? `. ${describeMissing(cols, all, { needs, source })}` : '';
      if (pairAt || why) throw new StatInputError(`${pairAt ? `${pairAt(index)}: ` : ''}${e.message}${why}`);
      throw e;
    }
    rows.push({
      x: pair.x,
      y: pair.y,
      label: pair.label ?? `${pair.x} × ${pair.y}${covs.length ? ` | ${covs.join(', ')}` : ''}`,
      method,
      covariates: covs,
      n: kept,
      missingPairs,
      r,
      ciLower: lo,
      ciUpper: hi,
      t,
      z: zval,
      df,
      p,
      pMethod,
      pAdjusted: p,
      level,
      apa: '',
      bootstrap: o.bootstrap && !covs.length ? await bootstrapPart(x, y, method, level, checkedReps(o.bootstrap.reps ?? 2000, kept, index, pairAt), seed) : null,
    });
    data.push({ x, y });
  }
  const adjust = o.adjust ?? 'holm';
  if (rows.length > 1 && adjust !== 'none') {
    const adj = pAdjust(rows.map((r) => r.p), adjust);
    rows.forEach((r, i) => (r.pAdjusted = adj[i]));
  }
  for (const r of rows) r.apa = correlationSentence(r);
  return { rows, data };
}

/** The symbol of a correlation in APA sentences and table headings. */
const SYMBOL: Record<CorrelationRow['method'], string> = { pearson: 'r', spearman: 'rs', kendall: 'τ' };
/** Method and adjustment names as the report writes them (proper names). */
const METHOD_NAME: Record<CorrelationRow['method'], string> = { pearson: 'Pearson', spearman: 'Spearman', kendall: 'Kendall' };
const ADJUST_NAME: Record<Exclude<NonNullable<CorrelateOptions['adjust']>, 'none'>, string> = { holm: 'Holm', BH: 'Benjamini–Hochberg', bonferroni: 'Bonferroni' };

const KNIGHT_1966: Citation = { key: 'knight1966', text: 'Knight, W. R. (1966). A computer method for calculating Kendall\u2019s tau with ungrouped data. Journal of the American Statistical Association, 61(314), 436–439. https://doi.org/10.1080/01621459.1966.10480879' };
const FIELLER_1957: Citation = { key: 'fieller1957', text: 'Fieller, E. C., Hartley, H. O., & Pearson, E. S. (1957). Tests for rank correlation coefficients. I. Biometrika, 44(3/4), 470–481. https://doi.org/10.1093/biomet/44.3-4.470' };

const KENDALL_1938: Citation = { key: 'kendall1938', text: 'Kendall, M. G. (1938). A new measure of rank correlation. Biometrika, 30(1–2), 81–93. https://doi.org/10.1093/biomet/30.1-2.81' };
const BEST_ROBERTS_1975: Citation = { key: 'best1975', text: 'Best, D. J., & Roberts, D. E. (1975). Algorithm AS 89: The upper tail probabilities of Spearman\u2019s rho. Journal of the Royal Statistical Society: Series C (Applied Statistics), 24(3), 377–379.' };

const FISHER_Z_INTERVALS = 'given Fisher-z confidence intervals with standard error 1/√(n − 3) (Fisher, 1921)';

/**
 * The methods sentence of a stage's correlations: how each p value used was obtained (only those
 * its rows used, in `pMethods`; Kendall's exact range by the stage's `exact`) and the intervals
 * (those of the kernels).
 */
function methodSentence(method: CorrelationRow['method'], pMethods: Set<CorrelationRow['pMethod']>, exact: boolean | undefined): string {
  if (method === 'pearson') return `Pearson correlations were tested with t tests on n − 2 df and ${FISHER_Z_INTERVALS}`;
  const mixed = pMethods.size > 1;
  if (method === 'spearman') {
    const tests = [
      pMethods.has('exact') ? 'the exact null distribution of S = Σd² over all n! rankings (untied pairs, n ≤ 9)' : '',
      pMethods.has('edgeworth') ? 'the Edgeworth series approximation of Best and Roberts (1975) to the null distribution of S = Σd² (untied pairs, 10 ≤ n ≤ 1290)' : '',
      pMethods.has('t') || !pMethods.size ? `the t approximation on n − 2 df${mixed ? ' (the other pairs)' : ''}` : '',
    ].filter(Boolean);
    return `Spearman rank correlations were tested with ${listWords(tests)} and ${FISHER_Z_INTERVALS}`;
  }
  const tests = [
    pMethods.has('exact') ? `the exact null distribution of the number of concordant pairs (Kendall, 1938; untied pairs${exact ? '' : ', n < 50'})` : '',
    pMethods.has('normal') ? `the normal approximation z = S/√Var(S), the variance of S corrected for ties${mixed ? ' (the other pairs)' : ''}` : '',
  ].filter(Boolean);
  return `Kendall's tau-b was computed with Knight's (1966) algorithm and tested with ${listWords(tests)}; its confidence intervals are Fisher-z intervals (Fisher, 1921) with the standard error √(0.437/(n − 4)) of Fieller et al. (1957)`;
}

/**
 * A correlation row as an APA sentence: with `adjustedBy` (the adjustment's name) the p value is
 * marked unadjusted and followed by the adjusted one, e.g. "p = .005 (unadjusted; Holm-adjusted
 * p = .007)"; without it, the sentence of results.json and `alliance correlate`.
 */
function correlationSentence(r: CorrelationRow, adjustedBy?: string): string {
  const sym = SYMBOL[r.method];
  // apaCorrelation and apaZ end with the p value
  const adjusted = adjustedBy ? ` (unadjusted; ${adjustedBy}-adjusted ${apaP(r.pAdjusted)})` : '';
  return r.df !== null
    ? `${apaCorrelation({ r: r.r, df: r.df, ciLower: r.ciLower, ciUpper: r.ciUpper, p: r.p, level: r.level, exact: r.pMethod === 'exact' }).replace(/^r\(/, `${r.covariates.length ? 'partial ' : ''}${sym}(`)}${adjusted}`
    : `${sym} = ${formatR(r.r)}, ${formatLevel(r.level)} CI ${formatCi([r.ciLower, r.ciUpper])}, ${r.pMethod === 'exact' ? `exact ${apaP(r.p)}` : apaZ({ z: r.z ?? NaN, p: r.p })}${adjusted}, N = ${formatNumber(r.n, 0)}`;
}

/**
 * What is wrong with a pair's choice of columns whatever the data: y the same column as x (it
 * correlates 1 with itself), or a covariate that is x or y, or listed twice (partialled out of
 * itself it leaves nothing to correlate). `at` is the option under the pair (`y`, `covariates[1]`).
 * @example pairColumnProblems({ x: 'a', y: 'a' }) // [{ at: 'y', message: "the same column as x ('a'): … name two different columns" }]
 */
export function pairColumnProblems(p: { x: string; y: string; covariates?: string[] }): { at: string; message: string }[] {
  const out: { at: string; message: string }[] = [];
  if (p.y === p.x) out.push({ at: 'y', message: `the same column as x ('${p.x}'): a column correlates 1 with itself; name two different columns` });
  (p.covariates ?? []).forEach((c, j, all) => {
    if (c === p.x || c === p.y) out.push({ at: `covariates[${j}]`, message: `'${c}' is also ${c === p.x ? 'x' : 'y'} of this pair; a column partialled out of itself leaves nothing to correlate` });
    else if (all.indexOf(c) < j) out.push({ at: `covariates[${j}]`, message: `repeats '${c}' (also entry [${all.indexOf(c)}]); list each once` });
  });
  return out;
}

/**
 * Stage `correlate`: alliance–outcome correlations (Pearson with Fisher-z interval and t test,
 * Spearman, Kendall, partial correlations), with Holm or Benjamini–Hochberg adjustment across
 * the stage's pairs, a scatter plot with the OLS fit per pair, and an APA sentence per result.
 */
export const correlate: StageDefinition<typeof correlateOptions> = {
  type: 'correlate',
  summary: 'Correlations (Pearson, Spearman, Kendall, partial) with intervals and multiplicity adjustment',
  options: correlateOptions,
  plan(o, ctx) {
    const src = planSourceTable(ctx, o.from, 'from');
    // a row is a patient (n, df, the ledger's unit): scored session rows are nested in patients, and
    // treating them as independent understates every p value; within-patient handles them
    // (a study table is correlated across studies)
    if (src && src.grain !== 'study') planPatientLevel(o.from, src, ctx, 'correlate', 'within-patient and within-between correlate session-level scores');
    ctx.eachEntry(o.pairs, (p, i) => {
      if (src) {
        ctx.requireColumn(src, p.x, `pairs[${i}].x`, 'number');
        ctx.requireColumn(src, p.y, `pairs[${i}].y`, 'number');
        (p.covariates ?? []).forEach((c, j) => ctx.requireColumn(src, c, `pairs[${i}].covariates[${j}]`, 'number'));
      }
      if ((p.covariates ?? []).length && o.method === 'kendall') ctx.fail(`pairs[${i}].covariates`, 'partial correlations are available for pearson and spearman, not kendall');
      for (const q of pairColumnProblems(p)) ctx.problem(`pairs[${i}].${q.at}`, q.message);
    });
    // partial correlations: the options only the other pairs use were ignored when every pair has covariates
    const allPartial = () => o.pairs.every((p) => (p.covariates ?? []).length > 0);
    checkApart(
      () => {
        // exact chooses how Spearman's and Kendall's p values are computed; Pearson's come from the t
        // test whatever it says, so beside pearson it was ignored; so are partial correlations' (a
        // Kendall pair with covariates is refused above), so with covariates on every pair it was too
        if (o.exact === undefined) return;
        if ((o.method ?? 'pearson') === 'pearson') {
          ctx.problem('exact', 'exact is only used with method spearman or kendall, and method pearson (the default) takes its p values from the t test; set method: spearman or kendall, or drop exact');
        } else if (o.method === 'spearman' && allPartial()) {
          ctx.problem('exact', 'exact is only used for pairs without covariates, and every pair of this stage has covariates (a partial correlation takes its p value from the t test); drop exact, or add a pair without covariates');
        }
      },
      () => {
        // the p values are adjusted across two pairs or more: with one, adjust changed nothing
        if (o.adjust !== undefined && o.pairs.length === 1) ctx.problem('adjust', 'adjust is the multiple-testing adjustment across the pairs of this stage, and it has one pair, whose p value is used as it is; drop adjust, or add pairs');
      },
      () => {
        // computeCorrelations bootstraps the pairs without covariates only
        if (o.bootstrap && allPartial()) ctx.problem('bootstrap', 'bootstrap intervals are drawn for pairs without covariates only, and every pair of this stage has covariates (a partial correlation has its Fisher-z interval only); drop bootstrap, or add a pair without covariates');
      },
    );
    return {};
  },
  async run(o, ctx) {
    // an ingested file with one row per session is session-level by its rows, not its shape
    if (ctx.table(o.from).grain === 'session') await refuseRepeatedPatients(o.from, ctx, 'correlate');
    const { rows, data } = await computeCorrelations(ctx.db, tableName(o.from), o, {
      ledger: ctx.ledger,
      stageId: ctx.stageId,
      seed: ctx.seed,
      pairAt: (i) => `pairs[${i}] (${o.pairs[i]!.x} × ${o.pairs[i]!.y})`,
      missingByDesign: ctx.table(o.from).missingByDesign,
      needs: ctx.table(o.from).needs,
      source: `table '${o.from}'`,
    });
    const blocks: ReportBlock[] = [];
    const shown = o.bootstrap ? (o.bootstrap.intervals ?? ['percentile', 'bca']) : [];
    // the bootstrap ran for the pairs without covariates; with none, the methods do not describe it
    const booted = Boolean(o.bootstrap) && rows.some((r) => r.bootstrap);
    const bca = booted && shown.includes('bca');
    const pct = formatLevel(rows[0].level);
    const adjust = o.adjust ?? 'holm';
    const adjustedBy = rows.length > 1 && adjust !== 'none' ? ADJUST_NAME[adjust] : undefined;
    const method = rows[0].method;
    blocks.push({
      kind: 'table',
      id: `${ctx.stageId}-correlations`,
      caption: `Correlations (${METHOD_NAME[method]}${adjustedBy ? `; p adjusted by ${adjustedBy}` : ''})`,
      columns: [
        { key: 'label', label: 'Pair', format: 'text' },
        { key: 'n', label: 'n', format: 'int' },
        { key: 'r', label: SYMBOL[method], format: 'r' },
        { key: 'ciLower', label: 'CI lower', format: 'r' },
        { key: 'ciUpper', label: 'CI upper', format: 'r' },
        { key: 'p', label: 'p', format: 'p' },
        { key: 'pAdjusted', label: 'p (adj.)', format: 'p' },
        ...(shown.includes('percentile') ? [{ key: 'percentileLower', label: `Percentile ${pct} lower`, format: 'r' as const }, { key: 'percentileUpper', label: `Percentile ${pct} upper`, format: 'r' as const }] : []),
        ...(shown.includes('bca') ? [{ key: 'bcaLower', label: `BCa ${pct} lower`, format: 'r' as const }, { key: 'bcaUpper', label: `BCa ${pct} upper`, format: 'r' as const }] : []),
      ],
      rows: rows.map((r) => ({
        label: r.label,
        n: r.n,
        r: r.r,
        ciLower: r.ciLower,
        ciUpper: r.ciUpper,
        p: r.p,
        pAdjusted: r.pAdjusted,
        percentileLower: r.bootstrap?.percentileLower ?? null,
        percentileUpper: r.bootstrap?.percentileUpper ?? null,
        bcaLower: r.bootstrap?.bcaLower ?? null,
        bcaUpper: r.bootstrap?.bcaUpper ?? null,
      })),
      note: `Positive correlations with improvement columns mean that a stronger alliance goes with more improvement.${booted ? ` Bootstrap intervals: ${o.bootstrap!.reps ?? 2000} resamples of patients, seed ${ctx.seed}${rows.some((r) => !r.bootstrap) ? '; not computed for partial correlations (empty cells)' : ''}.` : o.bootstrap ? ' Bootstrap intervals were not computed: every pair is a partial correlation (empty cells).' : ''}`,
    });
    const sentences = rows.map((r) => correlationSentence(r, adjustedBy));
    rows.forEach((r, i) => {
      const b = r.bootstrap;
      const boot = b ? [shown.includes('percentile') ? `percentile ${formatCi([b.percentileLower, b.percentileUpper])}` : '', shown.includes('bca') ? `BCa ${formatCi([b.bcaLower, b.bcaUpper])}` : ''].filter(Boolean).join(', ') : '';
      blocks.push({ kind: 'text', text: `${r.label}: ${sentences[i]}${boot ? `; bootstrap ${pct} CI ${boot}` : ''}.${b ? bootstrapCaveats(b, shown) : ''}` });
    });
    rows.forEach((r, i) => {
      if (r.covariates.length) return;
      const d = data[i];
      const sample = sampleForFigure(Array.from({ length: d.x.length }, (_, j) => j), 5000, ctx.seed, 'patients');
      const points = sample.rows.map((j) => ({ x: roundLikeR(d.x[j], 3), y: roundLikeR(d.y[j], 3) }));
      blocks.push({
        kind: 'figure',
        id: `${ctx.stageId}-scatter-${i + 1}`,
        title: `${r.y} by ${r.x}`,
        description: `Scatter plot of ${r.y} against ${r.x} for ${formatNumber(r.n, 0)} patients with the least-squares line and its ${formatLevel(r.level)} confidence band; ${sentences[i]}.${sample.note ? ` ${sample.note.replace(/\.$/, '')}; the line and band use all patients.` : ''}`,
        spec: scatterWithFit({ points, xTitle: r.x, yTitle: r.y, title: r.label, band: olsBand(d.x, d.y, qt((1 + r.level) / 2, r.n - 2)) }),
      });
    });
    return {
      result: { method, level: rows[0].level, adjust, bootstrap: o.bootstrap ? { reps: o.bootstrap.reps ?? 2000, seed: ctx.seed, intervals: ['percentile', 'bca'] } : null, signConvention: 'positive = better alliance goes with better outcome when y is an improvement column', correlations: rows },
      sections: [{ id: ctx.stageId, title: `Alliance–outcome correlations (${ctx.stageId})`, blocks }],
      methods: [
        `${methodSentence(method, new Set(rows.filter((r) => !r.covariates.length).map((r) => r.pMethod)), o.exact)}${rows.some((r) => r.covariates.length) ? '; partial correlations removed the listed covariates (t tests on n − 2 − q df and standard error 1/√(n − 3 − q) for q covariates)' : ''}${adjustedBy ? `; p values were adjusted across the ${rows.length} tests (${adjust === 'holm' ? 'Holm, 1979' : adjust === 'BH' ? 'Benjamini & Hochberg, 1995' : 'Bonferroni'})` : ''}.`,
        ...(booted ? [bootstrapMethods(shown, o.bootstrap!.reps ?? 2000, ctx.seed)] : []),
      ],
      citations: [
        FISHER_1921,
        ...(method === 'kendall' ? [KNIGHT_1966, FIELLER_1957] : []),
        ...(rows.some((r) => r.method === 'kendall' && r.pMethod === 'exact') ? [KENDALL_1938] : []),
        ...(rows.some((r) => r.pMethod === 'edgeworth') ? [BEST_ROBERTS_1975] : []),
        ...(booted ? [{ key: 'efron1979', text: 'Efron, B. (1979). Bootstrap methods: Another look at the jackknife. The Annals of Statistics, 7(1), 1–26. https://doi.org/10.1214/aos/1176344552' }] : []),
        ...(bca ? [{ key: 'efron1987', text: 'Efron, B. (1987). Better bootstrap confidence intervals. Journal of the American Statistical Association, 82(397), 171–185. https://doi.org/10.1080/01621459.1987.10478410' }] : []),
        ...(adjustedBy && adjust === 'holm' ? [HOLM_1979] : []),
        ...(adjustedBy && adjust === 'BH' ? [{ key: 'benjamini1995', text: 'Benjamini, Y., & Hochberg, Y. (1995). Controlling the false discovery rate: A practical and powerful approach to multiple testing. Journal of the Royal Statistical Society: Series B, 57(1), 289–300.' }] : []),
      ],
    };
  },
};

/**
 * Most draws (replicates × resampled rows) a bootstrap may take: 10^10, about 10 s of Pearson
 * replicates on two threads and 10 min of Kendall or Spearman ones (each ranks its resample), so
 * a pipeline from someone else cannot tie the machine up for days (10^6 replicates of 10^6
 * patients). At 10^6 patients it allows 10,000 replicates.
 */
export const MAX_BOOTSTRAP_DRAWS = 1e10;

/** `reps`, unless its draws on `n` rows exceed MAX_BOOTSTRAP_DRAWS: then a StatInputError naming the pair and the most replicates that fit. */
function checkedReps(reps: number, n: number, index: number, pairAt?: (i: number) => string): number {
  if (reps * n <= MAX_BOOTSTRAP_DRAWS) return reps;
  const fit = Math.floor(MAX_BOOTSTRAP_DRAWS / n);
  const message = `bootstrap: ${reps} replicates of ${n} complete rows are ${(reps * n).toExponential(1)} draws, more than the ${MAX_BOOTSTRAP_DRAWS.toExponential(0).replace('+', '')} supported; at most ${fit} replicates fit this pair`;
  throw new StatInputError(pairAt ? `${pairAt(index)}: ${message}` : message);
}

/** The methods sentence of the bootstrap, naming the intervals the report shows (results.json carries both). */
function bootstrapMethods(shown: readonly string[], reps: number, seed: number): string {
  const bca = shown.includes('bca');
  const kinds = shown.includes('percentile') ? (bca ? 'percentile and bias-corrected and accelerated, BCa; Efron, 1979, 1987' : 'percentile; Efron, 1979') : 'bias-corrected and accelerated, BCa; Efron, 1979, 1987';
  return `Bootstrap confidence intervals (${kinds}) were computed from ${reps} resamples of patients (seed ${seed})${bca ? ', with the acceleration estimated by the jackknife' : ''}.`;
}

/**
 * What a reader must know about a bootstrap's intervals: replicates dropped because a variable was
 * constant in the resample, and shown intervals with an end at the furthest replicate (where R's
 * boot.ci warns "extreme order statistics used as endpoints"). Empty when neither applies.
 */
export function bootstrapCaveats(b: CorrelationBootstrap, shown: readonly string[] = ['percentile', 'bca']): string {
  const out: string[] = [];
  if (b.valid < b.reps) out.push(`${b.reps - b.valid} of ${b.reps} bootstrap resamples had a constant variable and were dropped`);
  const extreme = [shown.includes('percentile') && b.percentileExtreme ? 'percentile' : '', shown.includes('bca') && b.bcaExtreme ? 'BCa' : ''].filter(Boolean);
  if (extreme.length) out.push(extreme.length === 2 ? 'the percentile and BCa intervals reach the most extreme replicate, so more replicates are needed for them' : `the ${extreme[0]} interval reaches the most extreme replicate, so more replicates are needed for it`);
  return out.map((t) => ` ${t[0].toUpperCase()}${t.slice(1)}.`).join('');
}

/** bootstrapCorrelation with its replicates drawn on several threads when there are many (the same replicates as on one). */
async function bootstrapPart(xIn: Float64Array, yIn: Float64Array, method: CorrelationRow['method'], level: number, reps: number, seed: number): Promise<CorrelationBootstrap> {
  // the replicates bootstrapCorrelation expects: of the samples at unit scale where they are far from it
  const x = unitScaled(xIn);
  const y = unitScaled(yIn);
  const replicates = await parallelBootstrapReplicates(method, x, y, reps, seed);
  const b = bootstrapCorrelation(x, y, { reps, seed, level, method, replicates });
  return { reps: b.reps, valid: b.valid, seed: b.seed, se: b.se, bias: b.bias, percentileLower: b.percentileLower, percentileUpper: b.percentileUpper, bcaLower: b.bcaLower, bcaUpper: b.bcaUpper, percentileExtreme: b.percentileExtreme, bcaExtreme: b.bcaExtreme };
}
