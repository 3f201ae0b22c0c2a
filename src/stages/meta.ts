import { Type, type Static } from '@sinclair/typebox';
import { FISHER_1921, VIECHTBAUER_2010 } from '../report/citations.ts';
import { sqlIdent, type DuckDBSession } from '../engine/duckdb-session.ts';
import type { Ledger } from '../engine/ledger.ts';
import { listWords } from '../engine/errors.ts';
import { identifierRole, tableName, type TableShape } from '../engine/table-shape.ts';
import type { PseudonymsOf } from '../engine/run-pseudonyms.ts';
import { cumulativePlot } from '../report/figures/cumulative-plot.ts';
import { forestPlot, type ForestRow } from '../report/figures/forest-plot.ts';
import { funnelPlot } from '../report/figures/funnel-plot.ts';
import { leaveOneOutPlot } from '../report/figures/leave-one-out-plot.ts';
import { apaEstimate, apaP, formatCi, formatLevel, formatNumber, formatR } from '../report/format/index.ts';
import type { Citation, ReportBlock } from '../report/types.ts';
import { qnorm } from '../stats/distributions/index.ts';
import { firstDependentColumn } from '../stats/linalg/index.ts';
import { StatInputError } from '../stats/errors.ts';
import { corToEffect, cumul, failsafe, influence, leave1out, ranktest, regtest, rma, rmaThreeLevel, trimfill, zcorToR, type RmaMethod, type RmaResult, type RmaTest, type RmaThreeLevelResult } from '../stats/meta/index.ts';
import type { StageDefinition } from './stage-definition.ts';
import { checkApart, checkEach } from './check-apart.ts';
import { planSourceTable } from './plan-source-table.ts';

const METHODS = ['FE', 'EE', 'DL', 'HE', 'HS', 'SJ', 'ML', 'REML', 'EB', 'PM'] as const;

export const metaOptions = Type.Object(
  {
    from: Type.String({ description: 'Id of the stage whose table holds one row per study (import-studies or import-summaries)' }),
    study: Type.Optional(Type.String({ description: 'Column with the study label (forest plot, messages); default: `study` when the table has it, else the row number' })),
    r: Type.Optional(Type.String({ description: 'Correlation column (with `n`)' })),
    n: Type.Optional(Type.String({ description: 'Sample-size column (with `r`)' })),
    // no schema default: the plan must tell a value given (refused with yi) from none
    measure: Type.Optional(Type.Union([Type.Literal('ZCOR'), Type.Literal('COR')], { description: "Correlations (r + n) are pooled as Fisher's z (ZCOR, the default; back-transformed to r) or as raw r (COR); not with yi" })),
    yi: Type.Optional(Type.String({ description: 'Generic effect-size column (with `vi` or `sei`)' })),
    vi: Type.Optional(Type.String({ description: 'Sampling-variance column' })),
    sei: Type.Optional(Type.String({ description: 'Standard-error column' })),
    method: Type.Optional(Type.Union(METHODS.map((m) => Type.Literal(m)), { default: 'REML', description: 'Equal-effects (FE/EE) or the τ² estimator' })),
    test: Type.Optional(Type.Union([Type.Literal('z'), Type.Literal('t'), Type.Literal('knha')], { default: 'z', description: 'Normal, t (k − p df) or Knapp–Hartung tests and intervals' })),
    level: Type.Optional(Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.95, description: 'Confidence level' })),
    mods: Type.Optional(Type.Array(Type.String(), { minItems: 1, uniqueItems: true, description: 'Moderator columns (meta-regression): text columns become treatment contrasts, numbers are used as they are. A moderator that is constant, or that the columns before it already determine, stops the run naming it (metafor drops it with a warning)' })),
    subgroup: Type.Optional(Type.String({ description: 'Column defining subgroups: a separate fit per subgroup and the Q test between them' })),
    threeLevel: Type.Optional(
      Type.Object({ study: Type.String({ description: 'Column identifying the study of each effect size (several effects per study)' }) }, { additionalProperties: false, description: 'Three-level model: random effects for studies and for effects within studies (REML or ML)' }),
    ),
    bias: Type.Optional(Type.Boolean({ default: false, description: "Small-study checks: Egger's regression test, rank correlation test, trim-and-fill, fail-safe N" })),
    sensitivity: Type.Optional(Type.Boolean({ default: false, description: 'Leave-one-out, cumulative meta-analysis and influence diagnostics' })),
    cumulativeOrder: Type.Optional(Type.String({ description: 'Numeric column giving the order of the cumulative meta-analysis (e.g. year), with sensitivity: true; default: table order' })),
    onInvalid: Type.Optional(Type.Union([Type.Literal('error'), Type.Literal('exclude')], { default: 'error', description: 'Studies with impossible values (|r| ≥ 1, n too small, vi ≤ 0): stop with an error naming them, or leave them out (counted in the ledger)' })),
  },
  { additionalProperties: false },
);

export type MetaOptions = Static<typeof metaOptions>;

/** One study as analysed (model scale). */
export interface MetaStudy {
  row: number;
  label: string;
  yi: number;
  vi: number;
  /** Weight in percent (metafor's weights(): 1/(vᵢ + τ²) shares; three-level models diag(M⁻¹) shares). */
  weight: number;
  r: number | null;
  n: number | null;
  subgroup: string | null;
  cluster: string | null;
}

export interface MetaCoefficient {
  name: string;
  estimate: number;
  se: number;
  zval: number;
  pval: number;
  ciLower: number;
  ciUpper: number;
}

/** One subgroup's fit; the statistics are null when the fit failed (the reason is in `note` and the analysis notes). */
export interface MetaSubgroup {
  level: string;
  k: number;
  estimate: number | null;
  se: number | null;
  pval: number | null;
  ciLower: number | null;
  ciUpper: number | null;
  tau2: number | null;
  I2: number | null;
  Q: number | null;
  Qp: number | null;
  r: { estimate: number; ciLower: number; ciUpper: number } | null;
  note: string | null;
}

/** Everything the `meta` stage and `alliance meta` compute (metafor naming where one exists). */
export interface MetaAnalysis {
  input: 'correlation' | 'generic';
  measure: 'ZCOR' | 'COR' | 'GEN';
  model: 'rma.uni' | 'rma.mv';
  method: RmaMethod;
  test: RmaTest;
  level: number;
  k: number;
  estimate: number;
  se: number;
  /** z or t statistic of the first coefficient (intercept). */
  zval: number;
  pval: number;
  ciLower: number;
  ciUpper: number;
  ddf: number | null;
  tau2: number;
  seTau2: number | null;
  /**
   * Q-profile interval for τ². `lowerSign`/`upperSign` are metafor's `lb.sign`/`ub.sign`: '>' when
   * the bound lies beyond the search limit max(100, 10·τ̂²) and the number shown is that limit, '<'
   * (both bounds 0) when the interval is the null set; null when the number is the bound itself.
   */
  tau2CI: { lower: number; upper: number; lowerSign: '<' | '>' | null; upperSign: '<' | '>' | null } | null;
  I2: number | null;
  H2: number | null;
  Q: number;
  Qdf: number;
  Qp: number;
  piLower: number | null;
  piUpper: number | null;
  r: { estimate: number; ciLower: number; ciUpper: number; piLower: number | null; piUpper: number | null } | null;
  coefficients: MetaCoefficient[];
  QM: number | null;
  QMdf: [number, number | null] | null;
  QMp: number | null;
  R2: number | null;
  /** Three-level models: [between studies, within studies]. */
  sigma2: [number, number] | null;
  /** Three-level models: multilevel I² split by level (%). */
  I2Levels: { between: number; within: number } | null;
  nClusters: number | null;
  studies: MetaStudy[];
  /** Q test between the subgroups that have estimates; null when fewer than two have. */
  subgroups: { column: string; groups: MetaSubgroup[]; Qbetween: number | null; df: number | null; p: number | null } | null;
  bias: MetaBias | null;
  sensitivity: MetaSensitivity | null;
  excluded: { row: number; study: string; reason: string }[];
  notes: string[];
}

export interface MetaBias {
  /**
   * Egger's test of the univariate intercept-only model of the same method and test: `z` holds
   * the test statistic, a t statistic with `ddf` degrees of freedom when `test` is 't' (the
   * model's test t or knha, as metafor's regtest reports it), a z statistic (`ddf` null) otherwise.
   */
  egger: { z: number; p: number; ddf: number | null; test: 'z' | 't'; limitEstimate: number | null } | null;
  ranktest: { tau: number; p: number } | null;
  trimfill: { k0: number; side: 'left' | 'right'; estimate: number; se: number; ciLower: number; ciUpper: number; filled: { yi: number; vi: number }[] } | null;
  failsafe: { fsnum: number; p: number } | null;
}

export interface MetaSensitivity {
  leave1out: { study: string; estimate: number; se: number; pval: number; ciLower: number; ciUpper: number; tau2: number; I2: number; Q: number }[];
  cumulative: { study: string; k: number; estimate: number; ciLower: number; ciUpper: number; tau2: number; I2: number }[];
  influence: { study: string; rstudent: number; cooks: number; hat: number; dffits: number; influential: boolean | null }[] | null;
}

/** A column of the study table, as read (numbers NaN when missing, text null when missing). */
type Col = { kind: 'number'; values: Float64Array } | { kind: 'string'; values: (string | null)[] };

/**
 * Runs a meta-analysis spec on a study-level DuckDB table: reads the columns, builds effect
 * sizes (escalc ZCOR/COR or yi with vi/sei), leaves out studies with a missing value (ledger,
 * with their labels), refuses or leaves out impossible ones (`onInvalid`), builds treatment
 * contrasts for text moderators, and fits `rma` (or `rmaThreeLevel`), subgroups, small-study
 * checks and sensitivity analyses. Used by the `meta` stage and by `alliance meta` (one code path).
 */
export async function computeMeta(db: DuckDBSession, table: string, shape: TableShape, o: MetaOptions, ledger?: Ledger, stageId = 'meta', pseudonyms?: PseudonymsOf): Promise<MetaAnalysis> {
  const cols = await readColumns(db, table, shape, o);
  // patient or therapist ids as study labels, clusters, subgroups or moderator levels reach the
  // report (forest plot, tables, ledger, coefficient names): the run's pseudonyms unless it shows ids
  if (pseudonyms)
    for (const [name, col] of cols) {
      const role = identifierRole(shape, name);
      if (role && col.kind === 'string') {
        const ids = col.values.filter((v): v is string => v !== null);
        const named = await pseudonyms(ids, role);
        let k = 0;
        col.values = col.values.map((v) => (v === null ? null : named[k++]!));
      }
    }
  return analyseColumns(cols, o, ledger, stageId);
}

async function readColumns(db: DuckDBSession, table: string, shape: TableShape, o: MetaOptions): Promise<Map<string, Col>> {
  const wanted = new Set<string>();
  for (const c of [studyColumn(o, shape), o.r, o.n, o.yi, o.vi, o.sei, o.subgroup, o.threeLevel?.study, o.cumulativeOrder, ...(o.mods ?? [])]) if (c) wanted.add(c);
  const names = [...wanted];
  const order = shape.columns.has('_row') ? 'ORDER BY "_row"' : '';
  const select = names.map((c, i) => (shape.columns.get(c) === 'string' ? `${sqlIdent(c)}::VARCHAR AS c${i}` : `${sqlIdent(c)}::DOUBLE AS c${i}`));
  const rows = await db.rows(`SELECT ${select.join(', ') || '1 AS c0'} FROM ${sqlIdent(table)} ${order}`);
  const out = new Map<string, Col>();
  names.forEach((c, i) => {
    const key = `c${i}`;
    if (shape.columns.get(c) === 'string') out.set(c, { kind: 'string', values: rows.map((r) => (r[key] == null ? null : String(r[key]))) });
    else out.set(c, { kind: 'number', values: Float64Array.from(rows, (r) => (r[key] == null ? NaN : Number(r[key]))) });
  });
  out.set('__k', { kind: 'number', values: new Float64Array(rows.length) });
  return out;
}

/** The columns a study needs a value in, with their option paths: a row missing one is left out. */
function neededColumns(o: MetaOptions): [optionPath: string, column: string][] {
  const all: [string, string | undefined][] = [['r', o.r], ['n', o.n], ['yi', o.yi], ['vi', o.vi], ['sei', o.sei], ...(o.mods ?? []).map((m, i): [string, string] => [`mods[${i}]`, m]), ['subgroup', o.subgroup], ['threeLevel.study', o.threeLevel?.study]];
  return all.filter((x): x is [string, string] => Boolean(x[1]));
}

function studyColumn(o: MetaOptions, shape: TableShape): string | undefined {
  return o.study ?? (shape.columns.has('study') ? 'study' : undefined);
}

function text(col: Col | undefined, i: number): string | null {
  if (!col) return null;
  if (col.kind === 'string') return col.values[i];
  const v = col.values[i];
  return Number.isNaN(v) ? null : String(v);
}

function analyseColumns(cols: Map<string, Col>, o: MetaOptions, ledger: Ledger | undefined, stageId: string): MetaAnalysis {
  const total = cols.get('__k')!.values.length;
  const studyCol = o.study ? cols.get(o.study) : cols.get('study');
  // rows are counted in the data, after the header: 'data row 2' is line 3 of a CSV file
  const labelOf = (i: number) => text(studyCol, i) ?? `data row ${i + 1}`;
  const num = (c: string | undefined) => (c ? (cols.get(c) as Extract<Col, { kind: 'number' }>).values : undefined);
  const isCor = Boolean(o.r);
  const measure = isCor ? (o.measure ?? 'ZCOR') : 'GEN';
  const excluded: MetaAnalysis['excluded'] = [];
  const keep: number[] = [];
  const missingNeeded = neededColumns(o).map(([, c]) => c);
  const invalid: { i: number; why: string }[] = [];
  const r = num(o.r), n = num(o.n), y = num(o.yi), v = num(o.vi), s = num(o.sei);
  for (let i = 0; i < total; i++) {
    const miss = missingNeeded.filter((c) => text(cols.get(c), i) === null);
    if (miss.length) {
      excluded.push({ row: i + 1, study: labelOf(i), reason: `missing ${miss.join(', ')}` });
      continue;
    }
    const why = isCor ? invalidCorrelation(r![i], n![i], measure as 'ZCOR' | 'COR') : invalidGeneric(y![i], v ? v[i] : s![i], v ? 'vi' : 'sei');
    if (why) {
      invalid.push({ i, why });
      continue;
    }
    keep.push(i);
  }
  if (invalid.length && (o.onInvalid ?? 'error') === 'error') {
    const list = invalid.slice(0, 5).map(({ i, why }) => `${text(studyCol, i) === null ? '' : `study '${labelOf(i)}', `}data row ${i + 1}: ${why}`).join('; ');
    throw new StatInputError(`${invalid.length} stud${invalid.length === 1 ? 'y has' : 'ies have'} impossible values: ${list}${invalid.length > 5 ? '; …' : ''}. Fix the data, or leave such rows out (onInvalid: exclude in a pipeline, --on-invalid exclude on the command line)`);
  }
  for (const { i, why } of invalid) excluded.push({ row: i + 1, study: labelOf(i), reason: why });
  excluded.sort((a, b) => a.row - b.row);
  const missingRows = excluded.filter((e) => e.reason.startsWith('missing'));
  ledger?.add({ stage: stageId, action: 'excluded', unit: 'studies', count: missingRows.length, reason: 'missing-value', detail: missingRows.map((e) => `${e.study} (${e.reason})`).join('; ') });
  ledger?.add({ stage: stageId, action: 'excluded', unit: 'studies', count: invalid.length, reason: 'impossible-value', detail: invalid.map(({ i, why }) => `${labelOf(i)} (${why})`).join('; ') });
  const k = keep.length;
  if (k === 0) throw new StatInputError(`no study left to pool (${formatNumber(total, 0)} rows, ${formatNumber(excluded.length, 0)} left out)`);

  let yi: Float64Array, vi: Float64Array;
  if (isCor) ({ yi, vi } = corToEffect(Float64Array.from(keep, (i) => r![i]), Float64Array.from(keep, (i) => n![i]), measure as 'ZCOR' | 'COR'));
  else {
    yi = Float64Array.from(keep, (i) => y![i]);
    vi = Float64Array.from(keep, (i) => (v ? v[i] : s![i] ** 2));
  }
  const level = o.level ?? 0.95;
  const method = (o.method ?? 'REML') as RmaMethod;
  const test = (o.test ?? 'z') as RmaTest;
  const design = o.mods ? buildDesign(cols, o.mods, keep) : null;
  const subgroupOf = (i: number) => (o.subgroup ? text(cols.get(o.subgroup), i) : null);
  const clusterOf = (i: number) => (o.threeLevel ? text(cols.get(o.threeLevel.study), i) : null);
  const notes: string[] = [];

  let base: Omit<MetaAnalysis, 'studies' | 'subgroups' | 'bias' | 'sensitivity' | 'excluded' | 'notes' | 'input' | 'measure' | 'r'>;
  let weights: Float64Array;
  let fit0: RmaResult | null = null;
  if (o.threeLevel) {
    if (method !== 'REML' && method !== 'ML') throw new StatInputError(`the three-level model is fitted by REML or ML, not ${method}`);
    if (test === 'knha') throw new StatInputError("the three-level model supports test 'z' or 't', not 'knha'");
    const fit = rmaThreeLevel({ yi, vi, study: keep.map((i) => clusterOf(i)!), mods: design?.rows, method, test, level });
    base = fromThreeLevel(fit, design?.names, method, test);
    weights = fit.weights;
    notes.push(...fit.notes);
  } else {
    const fit = rma({ yi, vi, mods: design?.rows, method, test, level });
    // metafor fits an equal-effects model with k = p under test t, but with no p-value or interval to report
    if (fit.ddf === 0) throw new StatInputError(`test 't' needs k − p ≥ 1 degrees of freedom (k = ${fit.k} studies, p = ${fit.p} coefficients): its tests and intervals are undefined; use test 'z' or fewer moderators`);
    base = fromRma(fit, design?.names);
    weights = fit.weights;
    notes.push(...fit.notes);
    const signNote = tau2CiNote(base.tau2CI);
    if (signNote) notes.push(signNote);
    if (fit.interceptOnly) fit0 = fit;
  }
  let rSummary: MetaAnalysis['r'] = null;
  if (isCor && base.coefficients.length === 1) {
    if (measure === 'ZCOR') {
      const t = zcorToR({ predict: { pred: base.estimate, se: base.se, ciLower: base.ciLower, ciUpper: base.ciUpper, piLower: base.piLower, piUpper: base.piUpper } });
      rSummary = { estimate: t.estimate, ciLower: t.ciLower, ciUpper: t.ciUpper, piLower: t.piLower, piUpper: t.piUpper };
    } else rSummary = { estimate: base.estimate, ciLower: base.ciLower, ciUpper: base.ciUpper, piLower: base.piLower, piUpper: base.piUpper };
  }
  const studies: MetaStudy[] = keep.map((i, j) => ({
    row: i + 1,
    label: labelOf(i),
    yi: yi[j],
    vi: vi[j],
    weight: weights[j],
    r: r ? r[i] : null,
    n: n ? n[i] : null,
    subgroup: subgroupOf(i),
    cluster: clusterOf(i),
  }));

  let subgroups: MetaAnalysis['subgroups'] = null;
  if (o.subgroup) subgroups = fitSubgroups(studies, o.subgroup, method, test, level, measure, notes);
  if (measure === 'COR') {
    const outside = [
      ...(rSummary ? corIntervalsOutside(rSummary, 'the pooled ', '') : []),
      ...(subgroups?.groups ?? []).flatMap((g) => (g.r ? corIntervalsOutside(g.r, 'the ', ` of subgroup ${subgroups!.column} = ${g.level}`) : [])),
    ];
    if (outside.length) notes.push(`${listWords(outside)} extend${outside.length === 1 ? 's' : ''} beyond the possible range of r (−1 to 1): raw-correlation (COR) intervals are normal approximations, reported as metafor computes them; measure ZCOR (Fisher's z, back-transformed) keeps intervals inside the range`);
  }

  let bias: MetaBias | null = null;
  if (o.bias) {
    const uni = fit0 ?? rma({ yi, vi, method, test, level });
    bias = smallStudy(uni, notes);
    if (o.threeLevel || design) notes.push('small-study checks use the intercept-only univariate model of the same method (nesting and moderators ignored)');
  }
  let sensitivity: MetaSensitivity | null = null;
  if (o.sensitivity) {
    const uni = fit0 ?? rma({ yi, vi, method, test, level });
    const order = o.cumulativeOrder ? cumulativeOrder(num(o.cumulativeOrder)!, keep) : keep.map((_, j) => j);
    sensitivity = sensitivityAnalyses(uni, studies, order);
    if (o.threeLevel || design) notes.push('sensitivity analyses use the intercept-only univariate model of the same method');
  }
  return { input: isCor ? 'correlation' : 'generic', measure, ...base, r: rSummary, studies, subgroups, bias, sensitivity, excluded, notes };
}

/** Explains a τ² interval bound printed with metafor's sign ('>' beyond the search limit, '<' for the null set); null when neither bound has one. */
function tau2CiNote(ci: MetaAnalysis['tau2CI']): string | null {
  if (!ci) return null;
  if (ci.upperSign === '<') return 'the Q-profile confidence interval for τ² is the null set: Q at τ² = 0 already falls below the lower critical value, so both bounds lie below 0 (shown as <0.0000, as metafor prints them)';
  if (ci.upperSign !== '>') return null;
  const limit = formatNumber(ci.upper, 4);
  return `${ci.lowerSign === '>' ? 'both bounds' : 'the upper bound'} of the Q-profile confidence interval for τ² lie${ci.lowerSign === '>' ? '' : 's'} beyond the search limit ${limit} (shown as >${limit}, as metafor prints ${ci.lowerSign === '>' ? 'them' : 'it'})`;
}

/** The τ² interval as metafor prints it, each bound with its sign: `[0.0000, >100.0000]`. */
function tau2CiText(ci: NonNullable<MetaAnalysis['tau2CI']>): string {
  return `[${ci.lowerSign ?? ''}${formatNumber(ci.lower, 4)}, ${ci.upperSign ?? ''}${formatNumber(ci.upper, 4)}]`;
}

/** The omnibus moderator test as APA text: F(df1, df2) under a t or Knapp–Hartung test (metafor's F), χ²(df) under z (metafor's QM). */
function moderatorTest(a: MetaAnalysis): string {
  const [df1, df2] = a.QMdf!;
  return `${df2 === null ? `χ²(${df1})` : `F(${df1}, ${df2})`} = ${fmt(a.QM)}, ${apaP(a.QMp!)}${a.R2 !== null ? `, R² = ${fmt(a.R2, 1)}%` : ''}`;
}

/** Names the raw-correlation intervals (CI, PI) with a bound outside [−1, 1], e.g. "the pooled confidence interval [−1.028, −0.901]". */
function corIntervalsOutside(r: { ciLower: number; ciUpper: number; piLower?: number | null; piUpper?: number | null }, before: string, after: string): string[] {
  const out: string[] = [];
  const beyond = (x: number | null | undefined) => x != null && Math.abs(x) > 1;
  if (beyond(r.ciLower) || beyond(r.ciUpper)) out.push(`${before}confidence interval${after} ${formatCi([r.ciLower, r.ciUpper], 3)}`);
  if (beyond(r.piLower) || beyond(r.piUpper)) out.push(`${before}prediction interval${after} ${formatCi([r.piLower!, r.piUpper!], 3)}`);
  return out;
}

function invalidCorrelation(r: number, n: number, measure: 'ZCOR' | 'COR'): string | null {
  if (!(Math.abs(r) < 1)) return `|r| = ${Math.abs(r)} (${Math.abs(r) === 1 ? 'a perfect correlation has no finite Fisher z or sampling variance' : 'a correlation lies between −1 and 1'})`;
  const minN = measure === 'ZCOR' ? 4 : 2;
  if (!(n >= minN)) return `n = ${n} (${measure === 'ZCOR' ? "Fisher's z needs n > 3" : 'r needs n > 1'})`;
  return null;
}

function invalidGeneric(y: number, v: number, name: 'vi' | 'sei'): string | null {
  if (!Number.isFinite(y)) return `yi = ${y} is not finite`;
  if (!(v > 0 && Number.isFinite(v))) return `${name} = ${v} (must be positive)`;
  return null;
}

/** Treatment contrasts for text moderators (levels sorted, first is the reference), numbers as they are; R's `model.matrix` naming. */
function buildDesign(cols: Map<string, Col>, mods: string[], keep: number[]): { rows: Float64Array[]; names: string[] } {
  const names = ['intrcpt'];
  // what each column after the intercept is: a numeric moderator, or one level of a text moderator
  const columns: { mod: string; level?: string }[] = [];
  const parts: ((i: number) => number[])[] = [];
  for (const m of mods) {
    const col = cols.get(m)!;
    if (col.kind === 'number') {
      names.push(m);
      columns.push({ mod: m });
      parts.push((i) => [col.values[i]]);
    } else {
      const levels = [...new Set(keep.map((i) => col.values[i]!))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      if (levels.length < 2) throw new StatInputError(`moderator '${m}' has a single level ('${levels[0]}') among the studies analysed`);
      for (const l of levels.slice(1)) {
        names.push(`${m}${l}`);
        columns.push({ mod: m, level: String(l) });
      }
      parts.push((i) => levels.slice(1).map((l) => (col.values[i] === l ? 1 : 0)));
    }
  }
  const rows = keep.map((i) => Float64Array.from([1, ...parts.flatMap((f) => f(i))]));
  refuseRedundantColumn(rows, names, columns);
  return { rows, names };
}

/**
 * Stops on the first design column that the columns before it already span (firstDependentColumn),
 * naming it: metafor drops such redundant predictors with a warning and fits a smaller model; here
 * the model is not changed behind the user's back.
 */
function refuseRedundantColumn(rows: Float64Array[], names: string[], columns: { mod: string; level?: string }[]): void {
  // more coefficients than studies: the fit says so in those terms (k > p), not as a redundancy
  if (names.length > rows.length) return;
  const j = firstDependentColumn(rows);
  // the intercept (j = 0) is never redundant: every study has it
  if (j < 1) return;
  const c = columns[j - 1]!;
  const what = c.level === undefined ? `moderator '${c.mod}'` : `level '${c.level}' of moderator '${c.mod}' (column '${names[j]}')`;
  const why = rows.every((r) => r[j] === rows[0]![j])
    ? `is constant (${rows[0]![j]} in every study analysed), so it adds nothing to the intercept`
    : `is a linear combination of ${listWords(names.slice(0, j).map((n) => `'${n}'`))} among the studies analysed`;
  throw new StatInputError(`${what} ${why}; the model cannot separate them. metafor drops such a redundant predictor with a warning; alliance leaves the choice to you: remove it from the moderators`);
}

function coefficientsOf(fit: { beta: number[]; se: number[]; zval: number[]; pval: number[]; ciLower: number[]; ciUpper: number[] }, names?: string[]): MetaCoefficient[] {
  return fit.beta.map((b, j) => ({ name: names?.[j] ?? 'intrcpt', estimate: b, se: fit.se[j], zval: fit.zval[j], pval: fit.pval[j], ciLower: fit.ciLower[j], ciUpper: fit.ciUpper[j] }));
}

type FitLike = Pick<RmaResult, 'k' | 'p' | 'level' | 'beta' | 'se' | 'zval' | 'pval' | 'ciLower' | 'ciUpper' | 'ddf' | 'QE' | 'QEdf' | 'QEp' | 'QM' | 'QMdf' | 'QMp' | 'predict'>;

/** The fields shared by rma.uni and rma.mv fits. */
function headline(fit: FitLike, names?: string[]) {
  const mods = fit.p > 1;
  return {
    level: fit.level,
    k: fit.k,
    estimate: fit.beta[0],
    se: fit.se[0],
    zval: fit.zval[0],
    pval: fit.pval[0],
    ciLower: fit.ciLower[0],
    ciUpper: fit.ciUpper[0],
    ddf: fit.ddf,
    Q: fit.QE,
    Qdf: fit.QEdf,
    Qp: fit.QEp,
    piLower: fit.predict?.piLower ?? null,
    piUpper: fit.predict?.piUpper ?? null,
    coefficients: coefficientsOf(fit, names),
    QM: mods ? fit.QM : null,
    QMdf: mods ? fit.QMdf : null,
    QMp: mods ? fit.QMp : null,
  };
}

function fromRma(fit: RmaResult, names?: string[]) {
  return {
    ...headline(fit, names),
    model: 'rma.uni' as const,
    method: fit.method,
    test: fit.test,
    tau2: fit.tau2,
    seTau2: fit.seTau2,
    tau2CI: fit.tau2CI ? { lower: fit.tau2CI.lower, upper: fit.tau2CI.upper, lowerSign: fit.tau2CI.lowerSign || null, upperSign: fit.tau2CI.upperSign || null } : null,
    I2: fit.I2 as number | null,
    H2: fit.H2 as number | null,
    R2: fit.R2,
    sigma2: null,
    I2Levels: null,
    nClusters: null,
  };
}

function fromThreeLevel(fit: RmaThreeLevelResult, names: string[] | undefined, method: RmaMethod, test: RmaTest) {
  return {
    ...headline(fit, names),
    model: 'rma.mv' as const,
    method,
    test,
    tau2: fit.sigma2[0] + fit.sigma2[1],
    seTau2: null,
    tau2CI: null,
    I2: fit.I2.total as number | null,
    I2Levels: { between: fit.I2.between, within: fit.I2.within },
    H2: null,
    R2: null,
    sigma2: fit.sigma2,
    nClusters: fit.nStudies,
  };
}

/**
 * Separate fits per subgroup (same method and test) and the Q test between the subgroup estimates
 * (equal-effects model on them; Borenstein et al. 2009, ch. 19). A subgroup whose fit fails (e.g. a
 * Knapp–Hartung scale factor of 0 when its studies agree exactly) gets null statistics and a note;
 * the Q test then compares the subgroups that have estimates.
 */
function fitSubgroups(studies: MetaStudy[], column: string, method: RmaMethod, test: RmaTest, level: number, measure: string, notes: string[]): NonNullable<MetaAnalysis['subgroups']> {
  const levels = [...new Set(studies.map((s) => s.subgroup!))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const groups: MetaSubgroup[] = levels.map((l) => {
    const sub = studies.filter((s) => s.subgroup === l);
    const usable = sub.length > 1 || method === 'FE' || method === 'EE';
    const what = `subgroup ${column} = ${l}`;
    const before = notes.length;
    const fit = attempt(what, notes, () => rma({ yi: sub.map((s) => s.yi), vi: sub.map((s) => s.vi), method: usable ? method : 'FE', test: sub.length > 1 ? test : 'z', level }));
    if (!fit) return { level: l, k: sub.length, estimate: null, se: null, pval: null, ciLower: null, ciUpper: null, tau2: null, I2: null, Q: null, Qp: null, r: null, note: notes[before] };
    const t = measure === 'ZCOR' ? zcorToR(fit) : null;
    const h = headline(fit);
    return {
      level: l,
      k: h.k,
      estimate: h.estimate,
      se: h.se,
      pval: h.pval,
      ciLower: h.ciLower,
      ciUpper: h.ciUpper,
      tau2: fit.tau2,
      I2: fit.I2,
      Q: h.Q,
      Qp: h.Qp,
      r: t ? { estimate: t.estimate, ciLower: t.ciLower, ciUpper: t.ciUpper } : measure === 'COR' ? { estimate: h.estimate, ciLower: h.ciLower, ciUpper: h.ciUpper } : null,
      note: null,
    };
  });
  if (groups.length < 2) return { column, groups, Qbetween: 0, df: 0, p: 1 };
  const fitted = groups.filter((g) => g.estimate !== null);
  const failed = groups.filter((g) => g.estimate === null).map((g) => g.level);
  if (fitted.length < 2) {
    notes.push(`test of subgroup differences not computed: fewer than two subgroups of ${column} have estimates (${failed.join(', ')} could not be fitted)`);
    return { column, groups, Qbetween: null, df: null, p: null };
  }
  if (failed.length) notes.push(`test of subgroup differences compares the ${fitted.length} subgroups of ${column} with estimates; left out: ${failed.join(', ')} (no estimate)`);
  const between = rma({ yi: fitted.map((g) => g.estimate!), sei: fitted.map((g) => g.se!), method: 'FE' });
  return { column, groups, Qbetween: between.QE, df: between.QEdf, p: between.QEp };
}

/** Runs one analysis; a StatInputError (too few studies, …) becomes a note and a null result. */
function attempt<T>(what: string, notes: string[], f: () => T): T | null {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof StatInputError)) throw e;
    notes.push(`${what} not computed: ${e.message}`);
    return null;
  }
}

function smallStudy(fit: RmaResult, notes: string[]): MetaBias {
  let eg = attempt("Egger's test", notes, () => regtest(fit, 'rma'));
  if (eg && eg.ddf === 0) {
    notes.push("Egger's test not computed: its model has as many coefficients as studies, so no residual degrees of freedom for a t test");
    eg = null;
  }
  const rk = attempt('rank correlation test', notes, () => ranktest(fit.yi, fit.vi));
  const tf = attempt('trim-and-fill', notes, () => trimfill(fit));
  const fs = attempt('fail-safe N', notes, () => failsafe(fit.yi, fit.vi));
  const filled: { yi: number; vi: number }[] = [];
  tf?.fill.forEach((f, i) => f && filled.push({ yi: tf.yi[i], vi: tf.vi[i] }));
  return {
    egger: eg && { z: eg.zval, p: eg.pval, ddf: eg.ddf, test: fit.test === 'z' ? 'z' : 't', limitEstimate: eg.est },
    ranktest: rk && { tau: rk.tau, p: rk.pval },
    trimfill: tf && { k0: tf.k0, side: tf.side, estimate: tf.estimate, se: tf.se, ciLower: tf.ciLower, ciUpper: tf.ciUpper, filled },
    failsafe: fs && { fsnum: fs.fsnum, p: fs.pval },
  };
}

function cumulativeOrder(values: Float64Array, keep: number[]): number[] {
  const idx = keep.map((_, j) => j);
  // stable sort by the order column; missing values last (metafor's order())
  return idx.sort((a, b) => {
    const va = values[keep[a]], vb = values[keep[b]];
    if (Number.isNaN(va)) return Number.isNaN(vb) ? a - b : 1;
    if (Number.isNaN(vb)) return -1;
    return va - vb || a - b;
  });
}

/** Leave-one-out, cumulative and influence analyses of the intercept-only model (metafor's `leave1out`, `cumul`, `influence`). */
function sensitivityAnalyses(fit: RmaResult, studies: MetaStudy[], order: number[]): MetaSensitivity {
  const k = fit.k;
  const leave: MetaSensitivity['leave1out'] = [];
  if (k > 1) {
    const l = leave1out(fit);
    for (let i = 0; i < k; i++) leave.push({ study: studies[i].label, estimate: l.estimate[i], se: l.se[i], pval: l.pval[i], ciLower: l.ciLower[i], ciUpper: l.ciUpper[i], tau2: l.tau2[i], I2: l.I2[i], Q: l.Q[i] });
  }
  const c = cumul(fit, order);
  const cumulative = Array.from(c.order, (i, j) => ({ study: studies[i].label, k: j + 1, estimate: c.estimate[j], ciLower: c.ciLower[j], ciUpper: c.ciUpper[j], tau2: c.tau2[j], I2: c.I2[j] }));
  let infl: MetaSensitivity['influence'] = null;
  if (k > 2) {
    const f = influence(fit);
    infl = studies.map((s, i) => ({ study: s.label, rstudent: f.rstudent[i], cooks: f.cookD[i], hat: f.hat[i], dffits: f.dffits[i], influential: f.isInfluential[i] }));
  }
  return { leave1out: leave, cumulative, influence: infl };
}

/** Egger's statistic as APA text: `z = 1.02, p = .307`, or `t(14) = 0.96, p = .353` under a t or Knapp–Hartung test. */
function eggerStat(e: NonNullable<MetaBias['egger']>): string {
  return `${e.test === 'z' ? 'z' : `t(${e.ddf})`} = ${fmt(e.z)}, ${apaP(e.p)}`;
}

/** The flat JSON `alliance meta --json` prints (model scale; `r` on the correlation scale). */
export function metaQuickJson(a: MetaAnalysis): Record<string, unknown> {
  const out: Record<string, unknown> = {
    k: a.k,
    model: a.model,
    measure: a.measure,
    method: a.method,
    test: a.test,
    level: a.level,
    estimate: a.estimate,
    se: a.se,
    [a.test === 'z' ? 'zval' : 'tval']: a.zval,
    ...(a.ddf !== null ? { df: a.ddf } : {}),
    pval: a.pval,
    ciLower: a.ciLower,
    ciUpper: a.ciUpper,
    tau2: a.tau2,
    tau2CI: a.tau2CI,
    I2: a.I2,
    H2: a.H2,
    Q: a.Q,
    Qdf: a.Qdf,
    Qp: a.Qp,
    piLower: a.piLower,
    piUpper: a.piUpper,
  };
  if (a.r) out.r = a.r;
  if (a.coefficients.length > 1) {
    Object.assign(out, { QM: a.QM, QMdf: a.QMdf, QMp: a.QMp, R2: a.R2, coefficients: a.coefficients });
  }
  if (a.sigma2) Object.assign(out, { sigma2: a.sigma2, I2Levels: a.I2Levels, studies: a.nClusters });
  if (a.bias) {
    // `z` kept for compatibility: it holds a t statistic with `df` degrees of freedom when `test` is 't'
    out.egger = a.bias.egger && { z: a.bias.egger.z, p: a.bias.egger.p, df: a.bias.egger.ddf, test: a.bias.egger.test };
    out.ranktest = a.bias.ranktest;
    out.trimfill = a.bias.trimfill ? { k0: a.bias.trimfill.k0, side: a.bias.trimfill.side, estimate: a.bias.trimfill.estimate } : null;
    out.failsafe = a.bias.failsafe;
  }
  out.excluded = a.excluded;
  if (a.notes.length) out.notes = a.notes;
  return out;
}

const CITE: Record<string, Citation> = {
  viechtbauer2010: VIECHTBAUER_2010,
  viechtbauer2005: { key: 'viechtbauer2005', text: 'Viechtbauer, W. (2005). Bias and efficiency of meta-analytic variance estimators in the random-effects model. Journal of Educational and Behavioral Statistics, 30(3), 261–293. https://doi.org/10.3102/10769986030003261' },
  dersimonian1986: { key: 'dersimonian1986', text: 'DerSimonian, R., & Laird, N. (1986). Meta-analysis in clinical trials. Controlled Clinical Trials, 7(3), 177–188. https://doi.org/10.1016/0197-2456(86)90046-2' },
  hedges1983: { key: 'hedges1983', text: 'Hedges, L. V. (1983). A random effects model for effect sizes. Psychological Bulletin, 93(2), 388–395. https://doi.org/10.1037/0033-2909.93.2.388' },
  hunter2004: { key: 'hunter2004', text: 'Hunter, J. E., & Schmidt, F. L. (2004). Methods of meta-analysis: Correcting error and bias in research findings (2nd ed.). Sage.' },
  sidik2005: { key: 'sidik2005', text: 'Sidik, K., & Jonkman, J. N. (2005). Simple heterogeneity variance estimation for meta-analysis. Journal of the Royal Statistical Society: Series C, 54(2), 367–384. https://doi.org/10.1111/j.1467-9876.2005.00489.x' },
  morris1983: { key: 'morris1983', text: 'Morris, C. N. (1983). Parametric empirical Bayes inference: Theory and applications. Journal of the American Statistical Association, 78(381), 47–55. https://doi.org/10.1080/01621459.1983.10477920' },
  paule1982: { key: 'paule1982', text: 'Paule, R. C., & Mandel, J. (1982). Consensus values and weighting factors. Journal of Research of the National Bureau of Standards, 87(5), 377–385. https://doi.org/10.6028/jres.087.022' },
  knapp2003: { key: 'knapp2003', text: 'Knapp, G., & Hartung, J. (2003). Improved tests for a random effects meta-regression with a single covariate. Statistics in Medicine, 22(17), 2693–2710. https://doi.org/10.1002/sim.1482' },
  higgins2002: { key: 'higgins2002', text: 'Higgins, J. P. T., & Thompson, S. G. (2002). Quantifying heterogeneity in a meta-analysis. Statistics in Medicine, 21(11), 1539–1558. https://doi.org/10.1002/sim.1186' },
  viechtbauer2007: { key: 'viechtbauer2007', text: 'Viechtbauer, W. (2007). Confidence intervals for the amount of heterogeneity in meta-analysis. Statistics in Medicine, 26(1), 37–52. https://doi.org/10.1002/sim.2514' },
  fisher1921: FISHER_1921,
  egger1997: { key: 'egger1997', text: 'Egger, M., Davey Smith, G., Schneider, M., & Minder, C. (1997). Bias in meta-analysis detected by a simple, graphical test. BMJ, 315(7109), 629–634. https://doi.org/10.1136/bmj.315.7109.629' },
  begg1994: { key: 'begg1994', text: 'Begg, C. B., & Mazumdar, M. (1994). Operating characteristics of a rank correlation test for publication bias. Biometrics, 50(4), 1088–1101. https://doi.org/10.2307/2533446' },
  duval2000: { key: 'duval2000', text: 'Duval, S., & Tweedie, R. (2000). Trim and fill: A simple funnel-plot-based method of testing and adjusting for publication bias in meta-analysis. Biometrics, 56(2), 455–463. https://doi.org/10.1111/j.0006-341X.2000.00455.x' },
  rosenthal1979: { key: 'rosenthal1979', text: 'Rosenthal, R. (1979). The "file drawer problem" and tolerance for null results. Psychological Bulletin, 86(3), 638–641. https://doi.org/10.1037/0033-2909.86.3.638' },
  viechtbauer2010b: { key: 'viechtbauer2010b', text: 'Viechtbauer, W., & Cheung, M. W.-L. (2010). Outlier and influence diagnostics for meta-analysis. Research Synthesis Methods, 1(2), 112–125. https://doi.org/10.1002/jrsm.11' },
  konstantopoulos2011: { key: 'konstantopoulos2011', text: 'Konstantopoulos, S. (2011). Fixed effects and variance components estimation in three-level meta-analysis. Research Synthesis Methods, 2(1), 61–76. https://doi.org/10.1002/jrsm.35' },
  peters2008: { key: 'peters2008', text: 'Peters, J. L., Sutton, A. J., Jones, D. R., Abrams, K. R., & Rushton, L. (2008). Contour-enhanced meta-analysis funnel plots help distinguish publication bias from other causes of asymmetry. Journal of Clinical Epidemiology, 61(10), 991–996. https://doi.org/10.1016/j.jclinepi.2007.11.010' },
  raudenbush2009: { key: 'raudenbush2009', text: 'Raudenbush, S. W. (2009). Analyzing effect sizes: Random-effects models. In H. Cooper, L. V. Hedges, & J. C. Valentine (Eds.), The handbook of research synthesis and meta-analysis (2nd ed., pp. 295–315). Russell Sage Foundation.' },
  borenstein2009: { key: 'borenstein2009', text: 'Borenstein, M., Hedges, L. V., Higgins, J. P. T., & Rothstein, H. R. (2009). Introduction to meta-analysis. Wiley.' },
};

const ESTIMATOR: Record<string, [string, string]> = {
  DL: ['the DerSimonian–Laird estimator (DerSimonian & Laird, 1986)', 'dersimonian1986'],
  HE: ['the Hedges estimator (Hedges, 1983)', 'hedges1983'],
  HS: ['the Hunter–Schmidt estimator (Hunter & Schmidt, 2004)', 'hunter2004'],
  SJ: ['the Sidik–Jonkman estimator (Sidik & Jonkman, 2005)', 'sidik2005'],
  ML: ['maximum likelihood (Viechtbauer, 2005)', 'viechtbauer2005'],
  REML: ['restricted maximum likelihood (Viechtbauer, 2005)', 'viechtbauer2005'],
  EB: ['the empirical Bayes estimator (Morris, 1983)', 'morris1983'],
  PM: ['the Paule–Mandel estimator (Paule & Mandel, 1982)', 'paule1982'],
};

/** Methods sentences (each citing its method) and the citations they use. */
export function metaMethods(a: MetaAnalysis): { methods: string[]; citations: Citation[] } {
  const keys = new Set<string>(['viechtbauer2010']);
  const parts: string[] = [];
  const effect = a.measure === 'ZCOR' ? "correlations were converted to Fisher's z (Fisher, 1921) and back-transformed to r for reporting" : a.measure === 'COR' ? 'raw correlations were pooled with their large-sample variances' : 'effect sizes were pooled with their sampling variances';
  if (a.measure === 'ZCOR') keys.add('fisher1921');
  const lvl = formatLevel(a.level);
  let model: string;
  if (a.model === 'rma.mv') {
    model = `a three-level random-effects model (effects nested in ${a.nClusters} studies; Konstantopoulos, 2011) was fitted by ${a.method === 'REML' ? 'restricted maximum likelihood' : 'maximum likelihood'}`;
    keys.add('konstantopoulos2011');
  } else if (a.method === 'FE' || a.method === 'EE') model = 'an equal-effects model (inverse-variance weights) was fitted';
  else {
    const [txt, key] = ESTIMATOR[a.method];
    model = `a random-effects model was fitted with τ² estimated by ${txt}, its ${lvl} confidence interval by the Q-profile method (Viechtbauer, 2007), and heterogeneity summarised by Q, I² and H² (Higgins & Thompson, 2002)`;
    keys.add(key).add('viechtbauer2007').add('higgins2002');
  }
  const tests = a.test === 'knha' ? '; tests and intervals used the Knapp–Hartung adjustment (Knapp & Hartung, 2003)' : a.test === 't' ? '; tests and intervals used t distributions with k − p degrees of freedom' : '';
  if (a.test === 'knha') keys.add('knapp2003');
  const mods = a.coefficients.length > 1 ? `; the moderators (${a.coefficients.slice(1).map((c) => c.name).join(', ')}; text moderators as treatment contrasts) entered a meta-regression with an omnibus test of all moderators${a.R2 !== null ? ' and a pseudo-R² (Raudenbush, 2009)' : ''}` : '';
  if (a.R2 !== null && a.coefficients.length > 1) keys.add('raudenbush2009');
  parts.push(`For the meta-analysis (metafor-equivalent computations; Viechtbauer, 2010), ${effect}; ${model}${mods}${tests}.`);
  if (a.subgroups) {
    parts.push(`Subgroups defined by ${a.subgroups.column} were pooled separately and compared with a Q test between subgroups (Borenstein et al., 2009).`);
    keys.add('borenstein2009');
  }
  if (a.bias) {
    parts.push(`Small-study effects were examined with a contour-enhanced funnel plot (Peters et al., 2008), Egger's regression test (Egger et al., 1997), the rank correlation test (Begg & Mazumdar, 1994)${a.bias.trimfill ? ', trim-and-fill (Duval & Tweedie, 2000)' : ''}${a.bias.failsafe ? " and Rosenthal's (1979) fail-safe N" : ''}.`);
    keys.add('peters2008').add('egger1997').add('begg1994');
    if (a.bias.trimfill) keys.add('duval2000');
    if (a.bias.failsafe) keys.add('rosenthal1979');
  }
  if (a.sensitivity) {
    parts.push(`Robustness was checked with leave-one-out and cumulative analyses${a.sensitivity.influence ? ' and influence diagnostics (Viechtbauer & Cheung, 2010)' : ''}.`);
    if (a.sensitivity.influence) keys.add('viechtbauer2010b');
  }
  return { methods: parts, citations: [...keys].map((k) => CITE[k]) };
}

function fmt(x: number | null, d = 2): string {
  return x === null || !Number.isFinite(x) ? '—' : formatNumber(x, d);
}

/** A correlation in APA style; a raw-correlation (COR) bound beyond ±1 keeps its leading digit instead of failing. */
function rText(x: number): string {
  return Math.abs(x) <= 1 ? formatR(x) : formatNumber(x, 2);
}

function rCi(lower: number, upper: number): string {
  return `[${rText(lower)}, ${rText(upper)}]`;
}

/** APA sentence for the pooled result. */
export function metaApa(a: MetaAnalysis): string {
  const level = a.level / 100;
  const main = a.r
    ? `r = ${rText(a.r.estimate)}, ${formatLevel(a.level)} CI ${rCi(a.r.ciLower, a.r.ciUpper)}`
    : apaEstimate({ symbol: a.coefficients.length > 1 ? 'b₀' : 'estimate', estimate: a.estimate, ciLower: a.ciLower, ciUpper: a.ciUpper, level });
  const stat = `${a.test === 'z' ? 'z' : `t(${a.ddf})`} = ${fmt(a.zval)}, ${apaP(a.pval)}`;
  const het = a.model === 'rma.mv'
    ? `σ²(between) = ${fmt(a.sigma2![0], 4)}, σ²(within) = ${fmt(a.sigma2![1], 4)}, Q(${a.Qdf}) = ${fmt(a.Q)}, ${apaP(a.Qp)}`
    : a.method === 'FE' || a.method === 'EE'
      ? `Q(${a.Qdf}) = ${fmt(a.Q)}, ${apaP(a.Qp)}, I² = ${fmt(a.I2, 1)}%`
      : `τ² = ${fmt(a.tau2, 4)}${a.tau2CI ? ` ${tau2CiText(a.tau2CI)}` : ''}, I² = ${fmt(a.I2, 1)}%, Q(${a.Qdf}) = ${fmt(a.Q)}, ${apaP(a.Qp)}`;
  const qm = a.QM !== null ? `; moderators: ${moderatorTest(a)}` : '';
  const pi = a.piLower !== null && a.coefficients.length === 1 ? `; ${formatLevel(a.level)} prediction interval ${a.r ? rCi(a.r.piLower!, a.r.piUpper!) : formatCi([a.piLower, a.piUpper!], 2)}` : '';
  return `Across k = ${a.k} ${a.model === 'rma.mv' ? `effect sizes from ${a.nClusters} ${a.nClusters === 1 ? 'study' : 'studies'}` : a.k === 1 ? 'study' : 'studies'}, ${main}, ${stat}; ${het}${qm}${pi}.`;
}

/**
 * Checks a meta spec against the study table's columns (plan) or a loaded file (quick command).
 * The checks do not depend on one another: each problem goes to `problem` and the next check runs,
 * so the plan (ctx.problem) lists them all; the quick command's `problem` throws at the first.
 */
export function checkMetaOptions(o: MetaOptions, require: (column: string, optionPath: string, kind?: 'number' | 'string') => void, problem: (optionPath: string, message: string) => void): void {
  // apart: an option in doubt (a stage with a schema problem, see checkApart) skips only its own checks
  checkApart(
    () => {
      if (o.r || o.n) {
        if (!o.r || !o.n) problem(o.r ? 'n' : 'r', 'correlations need both `r` and `n`');
        if (o.yi || o.vi || o.sei) problem('yi', 'give either `r` + `n` or `yi` + `vi`/`sei`, not both');
        if (o.r) require(o.r, 'r', 'number');
        if (o.n) require(o.n, 'n', 'number');
      } else if (o.yi) {
        if (!o.vi === !o.sei) problem(o.vi ? 'sei' : 'vi', 'give exactly one of `vi` (sampling variance) or `sei` (standard error) with `yi`');
        require(o.yi, 'yi', 'number');
        if (o.vi) require(o.vi, 'vi', 'number');
        if (o.sei) require(o.sei, 'sei', 'number');
      } else problem('r', 'name the effect-size columns: `r` + `n` (correlations) or `yi` + `vi`/`sei`');
    },
    () => o.study && require(o.study, 'study'),
    () => checkEach(o.mods ?? [], (m, i) => require(m, `mods[${i}]`)),
    () => o.subgroup && require(o.subgroup, 'subgroup'),
    () => o.cumulativeOrder && require(o.cumulativeOrder, 'cumulativeOrder', 'number'),
    () => {
      // computeMeta converts correlations by measure, and generic effect sizes as they are: beside yi it was ignored
      if (o.measure !== undefined && o.yi && !o.r && !o.n) problem('measure', 'measure says how correlations (r + n) are pooled, and yi gives effect sizes, pooled as they are; drop measure');
    },
    () => {
      // the cumulative meta-analysis is one of the sensitivity analyses: without them its order was ignored
      if (o.cumulativeOrder && !o.sensitivity) problem('cumulativeOrder', 'cumulativeOrder orders the cumulative meta-analysis, which runs with the sensitivity analyses; add sensitivity: true or drop cumulativeOrder');
    },
    () => {
      if (!o.threeLevel) return;
      require(o.threeLevel.study, 'threeLevel.study');
      const m = o.method ?? 'REML';
      if (m !== 'REML' && m !== 'ML') problem('method', `the three-level model is fitted by REML or ML, not ${m}`);
      if (o.test === 'knha') problem('test', "the three-level model supports test 'z' or 't'");
      if (o.subgroup) problem('subgroup', 'subgroups are fitted with the univariate model; drop threeLevel or use the column in mods');
    },
  );
}

function studyRows(a: MetaAnalysis, ci: (s: MetaStudy) => [number, number], toR: boolean): ForestRow[] {
  const back = (x: number) => (toR ? Math.tanh(x) : x);
  return a.studies.map((s) => {
    const [lo, hi] = ci(s);
    return { kind: 'study' as const, label: s.label, group: s.subgroup, estimate: back(s.yi), lower: back(lo), upper: back(hi), weight: s.weight };
  });
}

/**
 * Stage `meta`: random- and equal-effects meta-analysis and meta-regression of a study table
 * (metafor's rma.uni / rma.mv with every estimator and test), subgroups, small-study checks and
 * sensitivity analyses, with forest, funnel, leave-one-out and cumulative plots. Studies with a
 * missing value are left out and listed in the ledger; impossible values stop the run unless
 * `onInvalid: exclude`.
 */
export const meta: StageDefinition<typeof metaOptions> = {
  type: 'meta',
  summary: 'Meta-analysis of study-level effects (r + n or yi + vi/sei): all τ² estimators, z/t/Knapp–Hartung, moderators, subgroups, three-level, bias and sensitivity',
  options: metaOptions,
  plan(o, ctx) {
    const src = planSourceTable(ctx, o.from, 'from');
    checkMetaOptions(o, (c, p, kind) => src && ctx.requireColumn(src, c, p, kind), ctx.problem);
    return {};
  },
  async run(o, ctx) {
    const src = ctx.table(o.from);
    const a = await computeMeta(ctx.db, tableName(o.from), src, o, ctx.ledger, ctx.stageId, ctx.pseudonyms);
    const { methods, citations } = metaMethods(a);
    return { result: a, sections: [{ id: ctx.stageId, title: `Meta-analysis (${ctx.stageId})`, blocks: metaBlocks(a, ctx.stageId) }], methods, citations };
  },
};

const TEST_NAME: Record<RmaTest, string> = { z: 'z tests', t: 't tests', knha: 'Knapp–Hartung t tests' };

/** Report blocks: APA text, tables and the figures. */
export function metaBlocks(a: MetaAnalysis, id: string): ReportBlock[] {
  const blocks: ReportBlock[] = [{ kind: 'text', text: metaApa(a) }];
  const toR = a.measure === 'ZCOR';
  const scale = a.input === 'correlation' ? 'Correlation r' : 'Effect size';
  const zc = -qnorm((1 - a.level / 100) / 2);
  const lvl = formatLevel(a.level);
  if (a.excluded.length) blocks.push({ kind: 'text', text: `Left out: ${a.excluded.map((e) => `${e.study} (${e.reason})`).join('; ')}.` });
  if (a.notes.length) blocks.push({ kind: 'text', text: `Notes: ${a.notes.join('; ')}.` });
  blocks.push({
    kind: 'table',
    id: `${id}-model`,
    caption: `${a.model === 'rma.mv' ? 'Three-level' : a.method === 'FE' || a.method === 'EE' ? 'Equal-effects' : 'Random-effects'} model (method ${a.method}, ${TEST_NAME[a.test]}), coefficients on the ${a.measure === 'ZCOR' ? "Fisher's z" : a.measure === 'COR' ? 'correlation' : 'effect-size'} scale`,
    columns: [
      { key: 'name', label: 'Coefficient', format: 'text' },
      { key: 'estimate', label: 'Estimate', format: 'num3' },
      { key: 'se', label: 'SE', format: 'num3' },
      { key: 'zval', label: a.test === 'z' ? 'z' : 't', format: 'num2' },
      { key: 'pval', label: 'p', format: 'p' },
      { key: 'ciLower', label: `${lvl} CI lower`, format: 'num3' },
      { key: 'ciUpper', label: `${lvl} CI upper`, format: 'num3' },
    ],
    rows: a.coefficients.map((c) => ({ name: c.name, estimate: c.estimate, se: c.se, zval: c.zval, pval: c.pval, ciLower: c.ciLower, ciUpper: c.ciUpper })),
    note: [
      a.sigma2 ? `σ²(between studies) = ${fmt(a.sigma2[0], 4)}, σ²(within) = ${fmt(a.sigma2[1], 4)}` : `τ² = ${fmt(a.tau2, 4)}${a.tau2CI ? ` ${tau2CiText(a.tau2CI)}` : ''}`,
      a.I2 !== null ? `I² = ${fmt(a.I2, 1)}%` : '',
      a.H2 !== null ? `H² = ${fmt(a.H2)}` : '',
      `Q(${a.Qdf}) = ${fmt(a.Q)}, ${apaP(a.Qp)}`,
      a.QM !== null ? `moderators: ${moderatorTest(a)}` : '',
      a.piLower !== null && a.coefficients.length === 1 ? `${lvl} prediction interval ${formatCi([a.piLower, a.piUpper!], 3)}${a.r ? ` (r: ${rCi(a.r.piLower!, a.r.piUpper!)})` : ''}` : '',
    ].filter(Boolean).join('; ') + '.',
  });
  if (a.subgroups) {
    blocks.push({
      kind: 'table',
      id: `${id}-subgroups`,
      caption: `Subgroups by ${a.subgroups.column}`,
      columns: [
        { key: 'level', label: a.subgroups.column, format: 'text' },
        { key: 'k', label: 'k', format: 'int' },
        { key: 'estimate', label: a.r ? 'r' : 'Estimate', format: a.r ? 'r' : 'num3' },
        { key: 'ciLower', label: `${lvl} CI lower`, format: a.r ? 'r' : 'num3' },
        { key: 'ciUpper', label: `${lvl} CI upper`, format: a.r ? 'r' : 'num3' },
        { key: 'tau2', label: 'τ²', format: 'num4' },
        { key: 'I2', label: 'I² (%)', format: 'num1' },
      ],
      rows: a.subgroups.groups.map((g) => ({ level: g.level, k: g.k, estimate: g.r?.estimate ?? g.estimate, ciLower: g.r?.ciLower ?? g.ciLower, ciUpper: g.r?.ciUpper ?? g.ciUpper, tau2: g.tau2, I2: g.I2 })),
      note: [
        ...a.subgroups.groups.filter((g) => g.note).map((g) => `${a.subgroups!.column} = ${g.level}: no estimate (${g.note!.replace(/^.*? not computed: /, '')})`),
        a.subgroups.Qbetween === null ? 'Test of subgroup differences not computed (fewer than two subgroups have estimates)' : `Test of subgroup differences${a.subgroups.groups.some((g) => g.note) ? ' (subgroups with estimates)' : ''}: Q(${a.subgroups.df}) = ${fmt(a.subgroups.Qbetween)}, ${apaP(a.subgroups.p!)}`,
      ].join('. ') + '.',
    });
  }
  // forest plot
  const rows = studyRows(a, (s) => [s.yi - zc * Math.sqrt(s.vi), s.yi + zc * Math.sqrt(s.vi)], toR);
  const back = (x: number) => (toR ? Math.tanh(x) : x);
  const summaries: ForestRow[] = [];
  let shown = rows.length > 300 ? rows.slice(0, 300) : rows;
  if (a.subgroups) {
    // studies grouped by subgroup, each group followed by its summary diamond
    const grouped: ForestRow[] = [];
    for (const g of a.subgroups.groups) {
      grouped.push(...shown.filter((r) => r.group === g.level));
      if (g.estimate !== null) grouped.push({ kind: 'subgroup', label: `${a.subgroups.column} = ${g.level} (k = ${g.k})`, group: g.level, estimate: back(g.estimate), lower: back(g.ciLower!), upper: back(g.ciUpper!), weight: null });
    }
    shown = grouped;
  }
  const pooled = a.coefficients.length === 1;
  if (pooled) {
    summaries.push({ kind: 'overall', label: `${a.model === 'rma.mv' ? 'Three-level' : a.method === 'FE' || a.method === 'EE' ? 'Equal-effects' : 'Random-effects'} model (${a.method})`, group: null, estimate: back(a.estimate), lower: back(a.ciLower), upper: back(a.ciUpper), weight: null });
    if (a.piLower !== null) summaries.push({ kind: 'pi', label: `${lvl} prediction interval`, group: null, estimate: back(a.estimate), lower: back(a.piLower), upper: back(a.piUpper!), weight: null });
  }
  blocks.push({
    kind: 'figure',
    id: `${id}-forest`,
    title: 'Forest plot',
    description: `Forest plot of ${a.k} ${a.model === 'rma.mv' ? 'effect sizes' : 'studies'}: each study's ${toR ? 'correlation' : 'effect'} with its ${lvl} confidence interval, square size proportional to its weight${a.subgroups ? ', subgroup summaries' : ''}${pooled ? `, the pooled estimate as a diamond${a.piLower !== null ? ' and the prediction interval as a bar' : ''}` : ''}.${rows.length > 300 ? ` Only the first 300 of ${rows.length} studies are drawn; the summaries use all.` : ''} ${metaApa(a)}`,
    spec: forestPlot({ rows: [...shown, ...summaries], xTitle: scale, title: 'Forest plot', reference: 0 }),
  });
  if (a.bias) {
    const b = a.bias;
    blocks.push({
      kind: 'figure',
      id: `${id}-funnel`,
      title: 'Contour-enhanced funnel plot',
      description: `Funnel plot of ${a.k} effect sizes (model scale${toR ? ", Fisher's z" : ''}) against their standard errors, with shaded regions where a study would be significant at p < .10, .05 and .01 (two-sided), and the pooled estimate with its pseudo confidence limits.${b.trimfill && b.trimfill.k0 > 0 ? ` Hollow points: ${b.trimfill.k0} studies imputed by trim-and-fill.` : ''}${b.egger ? ` Egger's test: ${eggerStat(b.egger)}.` : ''}`,
      spec: funnelPlot({ points: a.studies.map((s) => ({ yi: s.yi, sei: Math.sqrt(s.vi), filled: false })).concat((b.trimfill?.filled ?? []).map((f) => ({ yi: f.yi, sei: Math.sqrt(f.vi), filled: true }))), estimate: a.estimate, xTitle: toR ? "Fisher's z" : scale, title: 'Contour-enhanced funnel plot' }),
    });
    blocks.push({
      kind: 'text',
      text: `Small-study checks: ${[
        b.egger ? `Egger's regression test ${eggerStat(b.egger)}` : "Egger's test not computed (too few studies)",
        b.ranktest ? `rank correlation test τ = ${fmt(b.ranktest.tau)}, ${apaP(b.ranktest.p)}` : '',
      ].filter(Boolean).join('; ')}${b.trimfill ? `; trim-and-fill estimated ${b.trimfill.k0} missing studies on the ${b.trimfill.side} side (adjusted estimate ${a.r ? `r = ${rText(toR ? Math.tanh(b.trimfill.estimate) : b.trimfill.estimate)}` : fmt(b.trimfill.estimate, 3)})` : ''}${b.failsafe ? `; fail-safe N = ${Math.round(b.failsafe.fsnum)}` : ''}.`,
    });
  }
  if (a.sensitivity) {
    const s = a.sensitivity;
    if (s.leave1out.length) {
      blocks.push({
        kind: 'figure',
        id: `${id}-leave-one-out`,
        title: 'Leave-one-out analysis',
        description: `Pooled ${toR ? 'correlation' : 'estimate'} with its ${lvl} confidence interval after omitting each study in turn (${s.leave1out.length} refits); the vertical line is the estimate from all studies. Range: ${fmt(back(Math.min(...s.leave1out.map((l) => l.estimate))))} to ${fmt(back(Math.max(...s.leave1out.map((l) => l.estimate))))}.`,
        spec: leaveOneOutPlot({ rows: s.leave1out.slice(0, 300).map((l) => ({ label: `without ${l.study}`, estimate: back(l.estimate), lower: back(l.ciLower), upper: back(l.ciUpper) })), overall: back(a.estimate), xTitle: scale, title: 'Leave-one-out' }),
      });
    }
    blocks.push({
      kind: 'figure',
      id: `${id}-cumulative`,
      title: 'Cumulative meta-analysis',
      description: `Pooled ${toR ? 'correlation' : 'estimate'} with its ${lvl} confidence interval as studies are added one at a time in ${a.studies.length > 0 ? 'the stated order' : 'table order'} (${s.cumulative.length} steps).`,
      spec: cumulativePlot({ rows: s.cumulative.slice(0, 300).map((c) => ({ label: `+ ${c.study}`, k: c.k, estimate: back(c.estimate), lower: back(c.ciLower), upper: back(c.ciUpper) })), xTitle: scale, title: 'Cumulative meta-analysis' }),
    });
    if (s.influence) {
      const flagged = s.influence.filter((x) => x.influential);
      const unassessed = s.influence.filter((x) => x.influential === null);
      const notAssessed = unassessed.length ? `; ${unassessed.length} stud${unassessed.length === 1 ? 'y' : 'ies'} (${unassessed.map((f) => f.study).join(', ')}) could not be assessed, as the model could not be refitted without ${unassessed.length === 1 ? 'it' : 'them'}` : '';
      blocks.push({ kind: 'text', text: `Influence diagnostics (Viechtbauer & Cheung, 2010): ${flagged.length ? `${flagged.length} influential stud${flagged.length === 1 ? 'y' : 'ies'} (${flagged.map((f) => f.study).join(', ')})` : 'no study was flagged as influential'}${notAssessed}.` });
      const back = (x: number) => (toR ? Math.tanh(x) : x);
      blocks.push({
        kind: 'table',
        id: `${id}-influence`,
        caption: 'Leave-one-out estimates and influence diagnostics per study',
        columns: [
          { key: 'study', label: 'Study', format: 'text' },
          { key: 'without', label: toR ? 'r without the study' : 'Estimate without the study', format: toR ? 'r' : 'num3' },
          { key: 'tau2', label: 'τ² without', format: 'num4' },
          { key: 'rstudent', label: 'Studentized residual', format: 'num2' },
          { key: 'cooks', label: "Cook's distance", format: 'num3' },
          { key: 'hat', label: 'Hat value', format: 'num3' },
          { key: 'influential', label: 'Influential', format: 'text' },
        ],
        rows: s.influence.map((x, i) => ({ study: x.study, without: s.leave1out[i] ? back(s.leave1out[i].estimate) : null, tau2: s.leave1out[i]?.tau2 ?? null, rstudent: x.rstudent, cooks: x.cooks, hat: x.hat, influential: x.influential ? 'yes' : x.influential === null ? 'not assessed' : '' })),
        note: 'Influential: flagged by any of the criteria of Viechtbauer and Cheung (2010), as metafor\'s influence().',
      });
    }
  }
  return blocks;
}

/** The quick command's flag for a stage option path (`threeLevel.study` → `--three-level`, `mods[1]` → `--mods`). */
export function metaFlag(optionPath: string): string {
  return `--${optionPath.replace(/\[\d+\]$/, '').replace(/^threeLevel\.study$/, 'three-level').replace(/^cumulativeOrder$/, 'cumulative-order')}`;
}

/**
 * `alliance meta FILE`: loads a study-level file into a fresh DuckDB session, checks the columns
 * the way the stage's plan does, refuses a needed column with no value in any row (naming the file
 * and the column), and runs {@link computeMeta} with small-study checks.
 */
export async function metaOnFile(file: string, o: Omit<MetaOptions, 'from'>): Promise<MetaAnalysis> {
  const { DuckDBSession } = await import('../engine/duckdb-session.ts');
  const { loadTable, refuseCodedNumbers, requireFileColumn, requireFileValues } = await import('../engine/load-table.ts');
  const { DataError } = await import('../engine/errors.ts');
  const db = await DuckDBSession.create();
  try {
    const shape = await loadTable(db, file, 'studies', [o.r, o.n, o.yi, o.vi, o.sei].filter((c): c is string => Boolean(c)));
    await db.lock();
    const opts: MetaOptions = { from: 'studies', bias: true, ...o };
    checkMetaOptions(
      opts,
      (c, p, kind) => requireFileColumn(shape, c, metaFlag(p), kind ?? shape.columns.get(c) ?? 'number'),
      (p, msg) => {
        throw new DataError(`${metaFlag(p)}: ${msg}`, file);
      },
    );
    // a needed column empty in every row leaves every study out: name it rather than 'no study left
    // to pool'; one of numbers and 'NA' codes would be taken for categories (a moderator's levels)
    for (const [p, c] of neededColumns(opts)) {
      refuseCodedNumbers(shape, c, metaFlag(p));
      requireFileValues(shape, c, metaFlag(p));
    }
    return await computeMeta(db, 'studies', shape, opts);
  } finally {
    db.close();
  }
}
