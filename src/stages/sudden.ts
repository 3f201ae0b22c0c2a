import { HEDGES_1981, WELCH_1951 } from '../report/citations.ts';
import { Type, type Static } from '@sinclair/typebox';
import { sqlIdent, sqlString, type DuckDBSession } from '../engine/duckdb-session.ts';
import { DataError, truncate } from '../engine/errors.ts';
import type { Ledger } from '../engine/ledger.ts';
import { tableName, type TableShape, lacksSeriesRoles } from '../engine/table-shape.ts';
import { rowsByCode } from '../engine/rows-by-code.ts';
import { carriedLevels } from '../engine/key-codes.ts';
import { suddenCourse, type CoursePoint } from '../report/figures/sudden-course.ts';
import { apaF, apaP, apaT, formatCi, formatDf, formatLevel, formatNumber, formatPercentage, formatReliability, roundLikeR } from '../report/format/index.ts';
import { sampleForFigure } from '../report/sample/index.ts';
import type { Citation, ReportBlock } from '../report/types.ts';
import { hedgesGSummary, welchAnova, type FTest, type HedgesG } from '../stats/compare/index.ts';
import { rangeMean, rangeVariance } from '../stats/descriptive/index.ts';
import { pAdjust } from '../stats/multiple-testing/index.ts';
import { averageCourse, CRIT3_CRITICAL, suddenGains, type SuddenGainEvent, type SuddenGainsOptions, type SuddenGainsResult } from '../stats/sudden/index.ts';
import type { PlanContext, RunContext, StageDefinition } from './stage-definition.ts';
import { planSourceTable } from './plan-source-table.ts';
import { checkApart } from './check-apart.ts';
import { byDesignTerms, ledgerLeftOut, tallyByDesign, type ByDesignTerm } from '../engine/missing-by-design.ts';
import { columnsOutput, INLINE_LIMIT } from './row-level-output.ts';

/** `outcome: {from, column}`: a patient-level column compared across the stage's patient groups. */
export const outcomeOption = Type.Object(
  {
    from: Type.String({ description: 'Patient-level stage id (the patients or change stage)' }),
    column: Type.String({ description: 'Outcome column of that table, e.g. phq_total_improvement' }),
  },
  { additionalProperties: false },
);

/**
 * `level` of the outcome comparison. No schema default: the plan must tell a value given from
 * none, as it is refused without an outcome (see planOutcome).
 */
export const outcomeLevelOption = Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, description: 'Confidence level of the outcome comparison (default 0.95); only with outcome' });

const options = Type.Object(
  {
    from: Type.String({ description: 'Session-level stage id (usually the score stage)' }),
    score: Type.String({ description: 'Session-level score column, e.g. phq_total' }),
    direction: Type.Optional(
      Type.Union([Type.Literal('decrease'), Type.Literal('increase')], {
        description: 'Direction of a sudden gain; default from the instrument: decrease for symptom scales (higher is worse), increase for higher-is-better scales',
      }),
    ),
    crit1: Type.Optional(
      Type.Union(
        [
          Type.Number({ minimum: 0, description: 'Least change between consecutive sessions, in score points' }),
          Type.Object(
            {
              // below 1, as ruptures' and `alliance sudden --reliability`: at 1 the cut-off is 0, which every change in the direction of a gain meets
              reliability: Type.Number({ minimum: 0, exclusiveMaximum: 1, description: 'Reliability of the score, below 1 (at 1 the cut-off would be 0)' }),
              sd: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Pre-treatment SD (default: SD of the patients\u2019 first observed scores)' })),
            },
            { additionalProperties: false, description: 'Reliable-change cut-off 1.96·√2·SD·√(1 − reliability)' },
          ),
          Type.Literal('none'),
        ],
        { description: 'Criterion 1; default: reliable change from the instrument reliability and the SD of first scores' },
      ),
    ),
    crit2: Type.Optional(Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Literal(false)], { default: 0.25, description: 'Criterion 2: least change as a fraction of the pre-change score; false switches it off' })),
    crit3: Type.Optional(Type.Boolean({ default: true, description: 'Criterion 3: pre/post window means differ by more than a critical value × pooled SD' })),
    // no schema default, as crit3Critical: a value given is refused with crit3: false
    crit3Adjust: Type.Optional(Type.Boolean({ description: 'true (the default): the critical value is the two-sided α = .05 t value for df = nPre + nPost − 2, so a window with missing scores needs a larger difference; false: the fixed crit3Critical. Not with crit3: false' })),
    // no schema default: the plan must tell a value given (refused where it would be ignored) from none; the kernel's default is CRIT3_CRITICAL
    crit3Critical: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: `Fixed critical value (default ${CRIT3_CRITICAL}, the two-sided α = .05 t critical value for df = 4), used only with crit3Adjust: false` })),
    select: Type.Optional(Type.Union([Type.Literal('largest'), Type.Literal('smallest'), Type.Literal('first'), Type.Literal('last')], { default: 'largest', description: 'The event kept per patient' })),
    fillSessions: Type.Optional(Type.Boolean({ default: true, description: 'Insert absent session numbers (min…max per patient) as missing scores, so windows count planned sessions' })),
    outcome: Type.Optional(outcomeOption),
    level: Type.Optional(outcomeLevelOption),
  },
  { additionalProperties: false },
);

export type SuddenOptions = Static<typeof options>;

/** Session-by-session series read from a table: kernel columns plus the raw id of each patient code. */
export interface SessionSeriesRead {
  ids: Int32Array;
  time: Float64Array;
  score: Float64Array;
  /** Raw patient id (as text) of code k. */
  patients: readonly string[];
  /** Rows inserted for absent session numbers. */
  inserted: number;
  /** Rows dropped for a missing patient id or session. */
  dropped: number;
  /** Outcome per patient code (`NaN` when missing), when requested. */
  outcome?: Float64Array;
  /** Per patient code, 1 where the outcome is missing by design (see SeriesColumns.outcome.byDesign). */
  outcomeByDesign?: Float64Array;
}

export interface SeriesColumns {
  id: string;
  time: string;
  score: string;
  /** Insert absent integer session numbers as missing scores: `true` (error on non-integer times), `false`, or `'auto'` (only when all times are integers). */
  fill: boolean | 'auto';
  /** The outcome column of a patient-level table, with its byDesignTerms (none: it is never missing by design). */
  outcome?: { table: string; patient: string; column: string; byDesign?: ByDesignTerm[] };
  /**
   * Integer patient codes the table carries (see TableShape.patientCodes), for `of` = the id
   * column: `column` numbers the ids 0…k−1 in id order and the table `levels` (columns `of` and
   * `code`) lists each id once. With them the rows are sorted by the integer code instead of the
   * id, and no codes are built.
   */
  codes?: TableShape['patientCodes'];
  /**
   * Where a row came from in the input file, so that an error about rows names them (a duplicate's
   * lines): `sql` gives its data row number (1-based; `rowid + 1` for a table loaded from the file as
   * it is, `_row` for ingest's), `text` the delimited text file whose lines they are (RowPlace.text).
   */
  fileRow?: { sql: string; text?: string };
}

/**
 * Reads (patient, time, score) from a DuckDB table as the sorted columns the sudden-gain and
 * rupture kernels take: patients coded 0…k−1 in id order, rows by time, and (with `fill`) the
 * full session grid min…max per patient, with absent sessions as `NaN` rows. Rows without a
 * patient id or time are dropped (counted); duplicate (patient, time) rows are an error.
 * SQL codes the distinct ids (with each one's row count) and sorts the rows by id and time,
 * reading only time and score per row; the codes per row, the checks and the grid are one
 * O(n) pass in JS.
 */
export async function readSessionSeries(db: DuckDBSession, table: string, c: SeriesColumns, file?: string): Promise<SessionSeriesRead> {
  // The codes table (code, pid): the carried levels table, or one numbered here.
  const carried = c.codes;
  const codes = carried ? carried.levels : `${table}__codes`;
  try {
    const { n, code, time, score, total } = carried ? await readCodedRows(db, table, c, carried) : await readRows(db, table, c, codes);
    // The id as text in the codes table (alias `k.` or none).
    const pid = (k: string) => (carried ? `CAST(${k}${sqlIdent(carried.of)} AS VARCHAR)` : `${k}pid`);
    const patients = carried ? await carriedLevels(db, carried) : ((await db.readStrings(`SELECT ${pid('')} FROM ${sqlIdent(codes)} ORDER BY code`)) as string[]);
    let nonInteger = 0;
    let gridRows = 0;
    let lo = 0;
    for (let i = 0; i < n; i++) {
      const ti = time[i]!;
      if (ti !== Math.floor(ti)) nonInteger++;
      const first = i === 0 || code[i] !== code[i - 1];
      if (first) lo = ti;
      else if (ti === time[i - 1]) throw await duplicateRowError(db, table, c, patients[code[i]!]!, ti, file);
      if (i === n - 1 || code[i + 1] !== code[i]) gridRows += ti - lo + 1;
    }
    let fill = c.fill === 'auto' ? nonInteger === 0 : c.fill;
    if (fill && nonInteger > 0) throw new DataError(`${c.time} has ${nonInteger} non-integer value(s); session numbers are needed to insert absent sessions (set fillSessions: false to use the rows as given)`, file, undefined, c.time);
    if (fill && gridRows > Math.max(1e6, 20 * n)) {
      if (c.fill === 'auto') fill = false;
      else throw new DataError(`filling absent sessions would create ${formatNumber(gridRows, 0)} rows from ${formatNumber(n, 0)}; ${c.time} does not look like a session number (set fillSessions: false)`, file, undefined, c.time);
    }
    // With no session number absent, the grid is the rows as read.
    const out: SessionSeriesRead = fill && gridRows > n ? fillGrid(code, time, score, gridRows, patients) : { ids: code, time, score, patients, inserted: 0, dropped: 0 };
    out.dropped = total - n;
    if (c.outcome) {
      const o = await db.readNumeric(
        `SELECT CAST(o.${sqlIdent(c.outcome.column)} AS DOUBLE) AS v${(c.outcome.byDesign ?? []).map((t, j) => `, ${t.sql}::DOUBLE AS d${j}`).join('')}
         FROM ${sqlIdent(codes)} k LEFT JOIN ${sqlIdent(c.outcome.table)} o ON CAST(o.${sqlIdent(c.outcome.patient)} AS VARCHAR) = ${pid('k.')} ORDER BY k.code`,
      );
      out.outcome = o.columns.v!;
      if (c.outcome.byDesign?.length) out.outcomeByDesign = o.columns.d0!;
    }
    return out;
  } finally {
    if (!carried) await db.run(`DROP TABLE IF EXISTS ${sqlIdent(codes)}`);
  }
}

/**
 * The error for a patient with two rows at one time, naming the rows (the first six) when the
 * table knows its file rows (SeriesColumns.fileRow): they are found again here, on the error path only.
 */
async function duplicateRowError(db: DuckDBSession, table: string, c: SeriesColumns, patient: string, time: number, file: string | undefined): Promise<DataError> {
  const rows = c.fileRow
    ? (await db.readNumeric(`SELECT (${c.fileRow.sql})::DOUBLE AS r FROM ${sqlIdent(table)} WHERE CAST(${sqlIdent(c.id)} AS VARCHAR) = ${sqlString(patient)} AND CAST(${sqlIdent(c.time)} AS DOUBLE) = ${time} ORDER BY r`)).columns.r!
    : new Float64Array(0);
  const count = rows.length > 2 ? `${rows.length} rows` : 'two rows';
  const [row, ...more] = [...rows.subarray(0, 6)];
  return new DataError(`patient '${truncate(patient)}' has ${count} for ${c.time} ${time}; one score per patient and session is needed`, file, row, c.time, { more, text: c.fileRow?.text });
}

/** Rows with a patient id and a finite time, sorted by patient then time: code per row, time, score. */
interface SeriesRows {
  n: number;
  /** Rows of the table, with those dropped for a missing patient id or time. */
  total: number;
  code: Int32Array;
  time: Float64Array;
  score: Float64Array;
}

/**
 * Numbers the ids into `codes` (code, raw id, pid = id as text, rows per id) and reads the rows
 * in id order, as the codes are numbered: code k's rows are the next rows[k] rows.
 */
async function readRows(db: DuckDBSession, table: string, c: SeriesColumns, codes: string): Promise<SeriesRows> {
  const id = `d.${sqlIdent(c.id)}`;
  const t = `CAST(d.${sqlIdent(c.time)} AS DOUBLE)`;
  const valid = `${t} IS NOT NULL AND isfinite(${t})`;
  await db.run(
    `CREATE OR REPLACE TABLE ${sqlIdent(codes)} AS SELECT (row_number() OVER (ORDER BY ${id}) - 1)::INTEGER AS code, ${id} AS raw, CAST(${id} AS VARCHAR) AS pid, count(*) FILTER (WHERE ${valid}) AS rows
     FROM ${sqlIdent(table)} d WHERE ${id} IS NOT NULL GROUP BY ${id}`,
  );
  const base = await db.readNumeric(`SELECT ${t} AS t, CAST(d.${sqlIdent(c.score)} AS DOUBLE) AS y FROM ${sqlIdent(table)} d WHERE ${id} IS NOT NULL AND ${valid} ORDER BY ${id}, t`);
  const rows = (await db.readNumeric(`SELECT rows FROM ${sqlIdent(codes)} ORDER BY code`)).columns.rows!;
  const n = base.n;
  const code = new Int32Array(n);
  for (let k = 0, i = 0; k < rows.length; k++) {
    const end = i + rows[k]!;
    if (end > n) throw new Error(`internal: ${table} has more rows per patient than rows`);
    code.fill(k, i, end);
    i = end;
    if (k === rows.length - 1 && i !== n) throw new Error(`internal: ${table} has ${n} rows but ${i} counted per patient`);
  }
  const total = Number(await db.scalar(`SELECT count(*) FROM ${sqlIdent(table)}`));
  return { n, total, code, time: base.columns.t!, score: base.columns.y! };
}

/**
 * The rows sorted by the carried integer code (the id order) and time, with the code read per row.
 * Read in scan order and sorted here: a table stored in patient and session order (an export
 * usually is) is checked in one pass and needs no sort at all, where ORDER BY would sort every row.
 * Every row is read and those without a code or a finite time are dropped here, which counts
 * the table's rows too: no WHERE for DuckDB to evaluate on each row, and no second scan for count(*).
 */
async function readCodedRows(db: DuckDBSession, table: string, c: SeriesColumns, carried: NonNullable<SeriesColumns['codes']>): Promise<SeriesRows> {
  // readNumeric casts every column to DOUBLE: NULL is NaN.
  const base = await db.readColumns(table, { k: carried.column, t: c.time, y: c.score });
  const total = base.n;
  const k = base.columns.k!;
  let t = base.columns.t!;
  let y = base.columns.y!;
  // t − t is 0 exactly when t is finite (NaN for NULL, NaN or ±Infinity)
  let n = 0;
  for (let i = 0; i < total; i++) if (k[i] === k[i] && t[i]! - t[i]! === 0) n++;
  let code: Int32Array;
  if (n === total) code = new Int32Array(k);
  else {
    code = new Int32Array(n);
    const kept = [new Float64Array(n), new Float64Array(n)] as const;
    for (let i = 0, r = 0; i < total; i++) {
      if (!(k[i] === k[i] && t[i]! - t[i]! === 0)) continue;
      code[r] = k[i]!;
      kept[0][r] = t[i]!;
      kept[1][r++] = y[i]!;
    }
    [t, y] = kept;
  }
  const sorted = rowsByCode({ code, keys: [t], values: [y] });
  return { n, total, code: sorted.code, time: sorted.keys[0]!, score: sorted.values[0]! };
}

/** Expands rows sorted by (code, integer time) to every time from each patient's first to last, `NaN` where absent. */
function fillGrid(code: Int32Array, time: Float64Array, score: Float64Array, gridRows: number, patients: readonly string[]): SessionSeriesRead {
  const ids = new Int32Array(gridRows);
  const t = new Float64Array(gridRows);
  const y = new Float64Array(gridRows).fill(NaN);
  let r = 0;
  for (let i = 0; i < code.length; i++) {
    const first = i === 0 || code[i] !== code[i - 1];
    if (!first) for (let s = time[i - 1]! + 1; s < time[i]!; s++, r++) {
      ids[r] = code[i]!;
      t[r] = s;
    }
    ids[r] = code[i]!;
    t[r] = time[i]!;
    y[r] = score[i]!;
    r++;
  }
  return { ids, time: t, score: y, patients, inserted: gridRows - code.length, dropped: 0 };
}

/** One group's descriptive statistics of the outcome. */
export interface OutcomeGroup {
  group: string;
  n: number;
  mean: number | null;
  sd: number | null;
}

/** A pairwise comparison: Welch t test and Hedges' g (first minus second group). */
export interface OutcomePair {
  first: string;
  second: string;
  t: number | null;
  df: number | null;
  p: number | null;
  pHolm: number | null;
  g: number | null;
  gLower: number | null;
  gUpper: number | null;
  note: string | null;
}

export interface OutcomeComparison {
  column: string;
  /** Patients with an outcome value. */
  n: number;
  missing: number;
  groups: OutcomeGroup[];
  /** Welch's ANOVA across the groups with ≥ 2 patients (null when fewer than 2 such groups or zero variance). */
  welch: { F: number; df1: number; df2: number; p: number } | null;
  pairs: OutcomePair[];
  level: number;
}

/**
 * Compares a per-patient outcome across groups (codes 0…labels.length−1, −1 = left out):
 * group descriptives, Welch's ANOVA (Welch 1951) over the groups with two or more values,
 * and for each requested pair a Welch t test (the two-group Welch ANOVA, t = ±√F) and Hedges'
 * g with its Wald interval; pairwise p values Holm-adjusted within the comparison.
 */
export function compareOutcome(column: string, outcome: ArrayLike<number>, group: ArrayLike<number>, labels: readonly string[], pairs: readonly [number, number][], level = 0.95): OutcomeComparison {
  // Group values as typed arrays, in input order (two passes: count, then fill).
  const size = new Int32Array(labels.length);
  let missing = 0;
  for (let i = 0; i < outcome.length; i++) {
    const g = group[i]!;
    if (g < 0) continue;
    if (Number.isNaN(outcome[i]!)) missing++;
    else size[g]!++;
  }
  const byGroup = Array.from(size, (k) => new Float64Array(k));
  const fill = new Int32Array(labels.length);
  for (let i = 0; i < outcome.length; i++) {
    const g = group[i]!;
    const v = outcome[i]!;
    if (g >= 0 && !Number.isNaN(v)) byGroup[g]![fill[g]!++] = v;
  }
  const groups = byGroup.map((v, k) => {
    const n = v.length;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += v[i]!;
    const m = n ? sum / n : NaN;
    let ss = 0;
    if (n >= 2) for (let i = 0; i < n; i++) ss += (v[i]! - m) ** 2;
    const sd = n >= 2 ? Math.sqrt(ss / (n - 1)) : NaN;
    return { group: labels[k]!, n, mean: n ? m : null, sd: n >= 2 ? sd : null };
  });
  const usable = byGroup.map((v, k) => k).filter((k) => byGroup[k]!.length >= 2 && groups[k]!.sd! > 0);
  let welch: OutcomeComparison['welch'] = null;
  let welchAll: FTest | null = null;
  if (usable.length >= 2) {
    welchAll = welchAnova(...stack(usable.map((k) => byGroup[k]!), usable)).welch;
    welch = { F: welchAll.F, df1: welchAll.df1, df2: welchAll.df2, p: welchAll.p };
  }
  const out: OutcomePair[] = pairs.map(([a, b]) => {
    const x = byGroup[a]!;
    const y = byGroup[b]!;
    const base = { first: labels[a]!, second: labels[b]!, t: null, df: null, p: null, pHolm: null, g: null, gLower: null, gUpper: null };
    if (x.length < 2 || y.length < 2 || !(groups[a]!.sd! > 0) || !(groups[b]!.sd! > 0)) return { ...base, note: 'fewer than two patients (or no variation) in a group' };
    // With just these two groups usable (a < b), the ANOVA above ran on these very values in this order.
    const w = welchAll && usable.length === 2 && usable[0] === a && usable[1] === b ? welchAll : welchAnova(...stack([x, y], [0, 1])).welch;
    const h = hedgesGOfFinite(x, y, level);
    const sign = groups[a]!.mean! >= groups[b]!.mean! ? 1 : -1;
    return { ...base, t: sign * Math.sqrt(w.F), df: w.df2, p: w.p, g: h.g, gLower: h.ciLower, gUpper: h.ciUpper, note: null };
  });
  const tested = out.filter((p) => p.p !== null);
  if (tested.length) {
    const adj = pAdjust(tested.map((p) => p.p!), 'holm');
    tested.forEach((p, i) => (p.pHolm = adj[i]!));
  }
  const n = byGroup.reduce((a, v) => a + v.length, 0);
  return { column, n, missing, groups, welch, pairs: out, level };
}

/**
 * `hedgesG(x, y, level)` for values already known finite (a group with an infinite value has no
 * finite SD and never gets here): the same R-exact means and variances (`rangeMean`,
 * `rangeVariance`), each mean computed once and no second finiteness pass.
 */
function hedgesGOfFinite(x: Float64Array, y: Float64Array, level: number): HedgesG {
  const m1 = rangeMean(x, 0, x.length);
  const m2 = rangeMean(y, 0, y.length);
  return hedgesGSummary({ m1, sd1: Math.sqrt(rangeVariance(x, 0, x.length, m1)), n1: x.length, m2, sd2: Math.sqrt(rangeVariance(y, 0, y.length, m2)), n2: y.length }, level);
}

/** Concatenates groups of values into one column, with each value's group code beside it. */
function stack(parts: readonly Float64Array[], codes: readonly number[]): [Float64Array, Int32Array] {
  const n = parts.reduce((a, v) => a + v.length, 0);
  const values = new Float64Array(n);
  const code = new Int32Array(n);
  let at = 0;
  parts.forEach((v, j) => {
    values.set(v, at);
    code.fill(codes[j]!, at, at + v.length);
    at += v.length;
  });
  return [values, code];
}

/** How the criterion settings are written: as a spec's keys, or as `alliance sudden`'s flags. */
export interface CriterionNames {
  crit1Off: string;
  crit2Off: string;
  crit3Off: string;
  adjust: string;
  adjustOff: string;
  critical: string;
}

/** The stage's spelling of the criterion settings (its plan). */
const SPEC_CRITERIA: CriterionNames = { crit1Off: 'crit1: none', crit2Off: 'crit2: false', crit3Off: 'crit3: false', adjust: 'crit3Adjust', adjustOff: 'crit3Adjust: false', critical: 'crit3Critical' };

/**
 * The criterion settings a run could not use, in the words of `names`, for the stage's plan and
 * `alliance sudden` alike: `allOff` when every criterion is switched off (the kernel refuses to
 * run); `adjust` when criterion 3's adjustment is set with criterion 3 off; `critical` when the
 * fixed critical value is given with criterion 3 off, or while the critical value is adjusted (a
 * t quantile). Each is undefined when it does not apply; the caller reports them in its own order.
 */
export function unusedCriterionSettings(
  s: { crit1Off: boolean; crit2Off: boolean; crit3Off: boolean; adjustGiven: boolean; adjustOff: boolean; criticalGiven: boolean },
  names: CriterionNames,
): { allOff?: string; adjust?: string; critical?: string } {
  const { crit1Off, crit2Off, crit3Off, adjust, adjustOff, critical } = names;
  const crit3Setting = (setting: string) => `${setting} is a criterion-3 setting and ${crit3Off} switches criterion 3 off; drop ${setting} or ${crit3Off}`;
  return {
    allOff: s.crit1Off && s.crit2Off && s.crit3Off ? `${crit1Off}, ${crit2Off} and ${crit3Off} switch every criterion off; keep at least one of the three criteria` : undefined,
    adjust: s.adjustGiven && s.crit3Off ? crit3Setting(adjust) : undefined,
    critical: !s.criticalGiven ? undefined : s.crit3Off ? crit3Setting(critical) : s.adjustOff ? undefined : `${critical} is only used with ${adjustOff} (otherwise the critical value comes from a t distribution); add ${adjustOff} or drop ${critical}`,
  };
}

/**
 * Checks an `outcome: {from, column}` option in plan, and the `level` of its comparison: without
 * an outcome there is nothing to compare, so a level given was ignored.
 */
export function planOutcome(options: { outcome?: { from: string; column: string }; level?: number }, ctx: PlanContext): void {
  const o = options.outcome;
  if (!o) {
    // read only here: a level in doubt (a schema problem) leaves the outcome's checks to run
    if (options.level !== undefined) ctx.problem('level', 'level is the confidence level of the outcome comparison, and no outcome is given; add outcome: {from, column} or drop level');
    return;
  }
  const t = ctx.table(o.from, 'outcome.from');
  ctx.requireColumn(t, o.column, 'outcome.column', 'number');
  if (t.grain !== 'patient' && t.grain !== 'other') ctx.fail('outcome.from', `table '${o.from}' has one row per ${t.grain}; the outcome needs one row per patient (e.g. the patients stage)`);
  if (!t.columns.has(t.roles.patient ?? 'patient')) ctx.fail('outcome.from', `table '${o.from}' has no patient column`);
}

/**
 * The plan checks sudden and ruptures share: the session-level table `o.from` with patient and
 * session columns and the numeric `o.score` (problems recorded, the plan goes on); returns the
 * instrument scored into `o.score`, if any, or undefined when `o.from` is no table (its problem
 * recorded: the checks that need no table still run).
 */
export function planSeriesSource(o: { from: string; score: string }, ctx: PlanContext) {
  const src = planSourceTable(ctx, o.from, 'from');
  if (!src) return undefined;
  ctx.requireColumn(src, o.score, 'score', 'number');
  const lacks = lacksSeriesRoles(src);
  if (lacks) ctx.problem('from', `table '${o.from}' ${lacks}`);
  return { inst: instrumentOf(src, o.score) };
}

/** The instrument scored into `column` (prefix match `<prefix>_…`), if any. */
export function instrumentOf(shape: TableShape, column: string) {
  return shape.instruments.find((i) => column.startsWith(`${i.prefix}_`));
}

/** The series columns of a stage reading `o.score` from `o.from` (patient and session roles), with the outcome join. */
export function stageSeriesColumns(o: { from: string; score: string; fillSessions?: boolean; outcome?: { from: string; column: string } }, ctx: RunContext): SeriesColumns {
  const src = ctx.table(o.from);
  const out = o.outcome ? ctx.table(o.outcome.from) : undefined;
  const id = src.roles.patient!;
  const codes = src.patientCodes;
  return {
    id,
    time: src.roles.session!,
    score: o.score,
    fill: o.fillSessions ?? true,
    outcome: o.outcome ? { table: tableName(o.outcome.from), patient: out!.roles.patient ?? 'patient', column: o.outcome.column, byDesign: byDesignTerms(out!, [o.outcome.column]) } : undefined,
    codes: codes && codes.of === id ? codes : undefined,
    fileRow: src.columns.has('_row') ? { sql: '_row' } : undefined,
  };
}

export interface SuddenComputation {
  series: SessionSeriesRead;
  result: SuddenGainsResult;
  /** How crit1 was set, for the report. */
  crit1Source: string;
  outcome: OutcomeComparison | null;
}

/** The kernel options of a sudden spec, resolving crit1 (number, reliable change with a given or first-score SD, or none). */
function kernelOptions(o: SuddenOptions, direction: 'decrease' | 'increase', series: SessionSeriesRead, reliability: number | undefined): { options: SuddenGainsOptions; crit1Source: string } {
  let crit1: SuddenGainsOptions['crit1'];
  let crit1Source: string;
  const c = o.crit1;
  if (c === 'none') {
    crit1 = null;
    crit1Source = 'not applied';
  } else if (typeof c === 'number') {
    crit1 = c;
    crit1Source = 'as given';
  } else {
    const rel = c?.reliability ?? reliability;
    if (rel === undefined) throw new DataError('crit1: give a cut-off in points or a reliability (the instrument has none)');
    const sd = c?.sd ?? firstScoreSd(series);
    crit1 = { reliability: rel, sd };
    crit1Source = `the reliable-change value for reliability ${formatReliability(rel)} and SD ${roundLikeR(sd, 3)}, ${c?.sd !== undefined ? 'as given' : 'the SD of the patients\u2019 first observed scores'}`;
  }
  return {
    options: {
      direction,
      crit1,
      crit2: o.crit2 === false ? null : (o.crit2 ?? 0.25),
      crit3: o.crit3 ?? true,
      crit3Adjust: o.crit3Adjust ?? true,
      crit3Critical: o.crit3Critical ?? CRIT3_CRITICAL,
      select: o.select ?? 'largest',
    },
    crit1Source,
  };
}

function firstScoreSd(s: SessionSeriesRead): number {
  // Each patient's first present score, in row order; sums in that order (as a reduce would).
  let k = 0;
  let sum = 0;
  const first = new Float64Array(s.patients.length);
  let last = -1;
  for (let i = 0; i < s.ids.length; i++) {
    if (s.ids[i] === last || Number.isNaN(s.score[i]!)) continue;
    last = s.ids[i]!;
    first[k++] = s.score[i]!;
    sum += s.score[i]!;
  }
  const m = sum / k;
  let ss = 0;
  for (let j = 0; j < k; j++) ss += (first[j]! - m) ** 2;
  if (k < 2) throw new DataError(`crit1: the SD of the patients' first scores needs at least two patients with a score, and ${k === 0 ? 'no patient has one' : 'one patient has'}; give crit1.sd or a cut-off in points`);
  const sd = Math.sqrt(ss / (k - 1));
  if (!(sd > 0)) throw new DataError(`crit1: the patients' first scores are all ${m} (SD 0), so the reliable-change cut-off would be 0; give crit1.sd or a cut-off in points`);
  return sd;
}

/**
 * Sudden gains on a table: reads the series (session grid filled), resolves crit1, runs
 * `suddenGains` and, with an outcome, compares patients with and without a sudden gain.
 * Used by the `sudden` stage and `alliance sudden` (one code path).
 */
export async function computeSudden(
  db: DuckDBSession,
  table: string,
  cols: SeriesColumns,
  o: SuddenOptions,
  direction: 'decrease' | 'increase',
  reliability?: number,
  ledger?: Ledger,
  stageId = 'sudden',
  file?: string,
): Promise<SuddenComputation> {
  const series = await readSessionSeries(db, table, cols, file);
  ledger?.add({ stage: stageId, action: 'excluded', unit: 'rows', count: series.dropped, reason: 'no-patient-or-session', detail: `${cols.score}: rows without a patient id or ${cols.time} cannot be placed in a series` });
  ledger?.add({ stage: stageId, action: 'flagged', unit: 'sessions', count: series.inserted, reason: 'absent-session', detail: `${cols.score}: session numbers absent between a patient's first and last session were inserted as missing scores (intervals touching them are not tested)` });
  if (series.ids.length === 0) throw new DataError(`no rows with a patient id and ${cols.time}`, file);
  ledgerMissingOutcome(series, cols, ledger, stageId);
  const { options, crit1Source } = kernelOptions(o, direction, series, reliability);
  const result = suddenGains(series, options);
  let outcome: OutcomeComparison | null = null;
  if (series.outcome) {
    // Patients without a single testable interval could not have had a sudden gain: left out.
    const { nEvents, nTested } = result.patients;
    const group = new Int8Array(nEvents.length);
    for (let p = 0; p < group.length; p++) group[p] = nEvents[p]! > 0 ? 0 : nTested[p]! > 0 ? 1 : -1;
    ledgerUnusablePatients(series, (p) => group[p] === -1, ledger, stageId, {
      missing: { reason: 'no-testable-interval', detail: `${cols.score}: patients with no testable interval because of missing scores, left out of the outcome comparison` },
      structural: { reason: 'series-too-short', detail: `${cols.score}: patients whose complete series is too short for any testable interval, left out of the outcome comparison` },
    });
    outcome = compareOutcome(cols.outcome!.column, series.outcome, group, ['sudden gain', 'no sudden gain'], [[0, 1]], o.level ?? 0.95);
  }
  return { series, result, crit1Source, outcome };
}

/**
 * Counts, in the ledger, the patients with an outcome value that `unusable` leaves out: as
 * `excluded` when their series misses a score (an absent or blank session), so `--strict` stops on
 * them, and as `not-applicable` when their series is complete, so only its length or shape (one
 * session, no spread) rules them out. Patients without an outcome are counted by ledgerMissingOutcome.
 */
export function ledgerUnusablePatients(
  series: SessionSeriesRead,
  unusable: (p: number) => boolean,
  ledger: Ledger | undefined,
  stageId: string,
  text: Record<'missing' | 'structural', { reason: string; detail: string }>,
  requireOutcome = true,
): void {
  if (!ledger) return;
  const gap = new Uint8Array(series.patients.length);
  for (let i = 0; i < series.score.length; i++) if (Number.isNaN(series.score[i]!)) gap[series.ids[i]!] = 1;
  let missing = 0;
  let structural = 0;
  for (let p = 0; p < gap.length; p++) {
    if (!unusable(p) || (requireOutcome && series.outcome && Number.isNaN(series.outcome[p]!))) continue;
    if (gap[p]) missing++;
    else structural++;
  }
  ledger.add({ stage: stageId, action: 'excluded', unit: 'patients', count: missing, ...text.missing });
  ledger.add({ stage: stageId, action: 'not-applicable', unit: 'patients', count: structural, ...text.structural });
}

/**
 * Counts, in the ledger, the patients left out of outcome comparisons for want of an outcome value:
 * as `not-applicable` those the outcome's table lacks it for by design (TableShape.missingByDesign),
 * the others as `excluded`. With `among`, only those patients: a stage that counts some patients
 * as left out for another reason first (ruptures: too few scores) passes the others, so that no
 * patient is counted twice in its ledger.
 */
export function ledgerMissingOutcome(series: SessionSeriesRead, cols: SeriesColumns, ledger: Ledger | undefined, stageId: string, among: (p: number) => boolean = () => true): void {
  if (!series.outcome || !cols.outcome) return;
  const outcome = series.outcome;
  const lacks = (p: number) => among(p) && Number.isNaN(outcome[p]!);
  const terms = series.outcomeByDesign ? (cols.outcome.byDesign ?? []) : [];
  const byDesign = tallyByDesign(terms, series.outcomeByDesign ? [series.outcomeByDesign] : [], outcome.length, lacks);
  let missing = 0;
  for (let p = 0; p < outcome.length; p++) if (lacks(p)) missing++;
  ledgerLeftOut(ledger, {
    stage: stageId, unit: 'patients', leftOut: missing, byDesign,
    notApplicable: `${cols.outcome.column}: patients without an outcome value by design are left out of the outcome comparison`,
    excluded: { reason: 'no-outcome', detail: `${cols.outcome.column}: patients without an outcome value are left out of the outcome comparison` },
  });
}

const TANG: Citation = { key: 'tang1999', text: 'Tang, T. Z., & DeRubeis, R. J. (1999). Sudden gains and critical sessions in cognitive-behavioral therapy for depression. Journal of Consulting and Clinical Psychology, 67(6), 894–904. https://doi.org/10.1037/0022-006X.67.6.894' };
const LUTZ: Citation = { key: 'lutz2013', text: 'Lutz, W., Ehrlich, T., Rubel, J., Hallwachs, N., Röttger, M.-A., Jorasz, C., Mocanu, S., Vocks, S., Schulte, D., & Tschitsaz-Stucki, A. (2013). The ups and downs of psychotherapy: Sudden gains and sudden losses identified with session reports. Psychotherapy Research, 23(1), 14–24. https://doi.org/10.1080/10503307.2012.693837' };
const WIEDEMANN: Citation = { key: 'wiedemann2020', text: 'Wiedemann, M., Thew, G. R., Stott, R., & Ehlers, A. (2020). suddengains: An R package to identify sudden gains in longitudinal data. PLOS ONE, 15(3), e0230276. https://doi.org/10.1371/journal.pone.0230276' };

/** Most events listed in the report's events table. */
const EVENT_ROWS = 25;

/**
 * Stage `sudden`: sudden gains (or losses) in a session-by-session score by the three criteria
 * of Tang & DeRubeis (1999), each switchable, with suddengains' conventions (see `suddenGains`).
 * Absent session numbers are inserted as missing scores first. Results: every event (patients
 * pseudonymous unless identifiers are on), counts, the selected event per patient, the average
 * course −3…+3 around the selected events, and optionally an outcome compared between patients
 * with and without a sudden gain (Welch t, Hedges g).
 */
export const sudden: StageDefinition<typeof options> = {
  type: 'sudden',
  summary: 'Sudden gains or losses (Tang & DeRubeis 1999 criteria) with their average course and relation to outcome',
  options,
  plan(o, ctx) {
    // independent checks: each problem is recorded and the next check runs, apart from those reading an option in doubt
    let source: ReturnType<typeof planSeriesSource>;
    checkApart(
      () => (source = planSeriesSource(o, ctx)),
      () => {
        if (source && !o.direction && !source.inst) ctx.problem('direction', `'${o.score}' is not an instrument score; give direction: decrease or increase`);
      },
      () => {
        if (!source) return;
        const { inst } = source;
        if (o.crit1 === undefined && inst && inst.instrument) {
          const def = ctx.instrument(inst.instrument, 'crit1');
          if (def.reliability === undefined) ctx.problem('crit1', `${def.name} has no default reliability; give crit1 (points or {reliability})`);
        }
        if (o.crit1 === undefined && !inst) ctx.problem('crit1', `'${o.score}' is not an instrument score, so there is no default reliability: give crit1 (points, {reliability, sd} or none)`);
      },
      () => {
        if (typeof o.crit1 === 'object' && o.crit1.reliability === undefined) ctx.problem('crit1.reliability', 'reliability is required');
      },
      () => {
        // every criterion off (the kernel refuses to run), or a criterion-3 setting the run would ignore
        const unused = unusedCriterionSettings(
          { crit1Off: o.crit1 === 'none', crit2Off: o.crit2 === false, crit3Off: o.crit3 === false, adjustGiven: o.crit3Adjust !== undefined, adjustOff: o.crit3Adjust === false, criticalGiven: o.crit3Critical !== undefined },
          SPEC_CRITERIA,
        );
        if (unused.allOff) ctx.problem('crit1', unused.allOff);
        if (unused.adjust) ctx.problem('crit3Adjust', unused.adjust);
        if (unused.critical) ctx.problem('crit3Critical', unused.critical);
      },
      () => planOutcome(o, ctx),
    );
    return {};
  },
  async run(o, ctx) {
    const src = ctx.table(o.from);
    const inst = instrumentOf(src, o.score);
    const def = inst ? ctx.instrument(inst.instrument) : undefined;
    const direction = o.direction ?? (inst!.higherIsBetter ? 'increase' : 'decrease');
    const comp = await computeSudden(
      ctx.db,
      tableName(o.from),
      stageSeriesColumns(o, ctx),
      o,
      direction,
      def?.reliability,
      ctx.ledger,
      ctx.stageId,
      src.file,
    );
    const { series, result, crit1Source, outcome } = comp;
    const labels = await ctx.pseudonyms(series.patients, 'patient');
    const s = result.settings;
    const noun = inst ? ((direction === 'decrease') === !inst.higherIsBetter ? 'sudden gains' : 'sudden losses') : `sudden ${direction}s`;
    const one = noun.endsWith('losses') ? 'sudden loss' : noun.slice(0, -1);
    const nPatients = result.patients.id.length;
    const tested = result.patients.nTested.reduce((a, b) => a + b, 0);
    const withEvent = result.selected.length;
    const reversals = result.events.filter((e) => e.reversal).length;
    const patientsTested = result.patients.nTested.reduce((a, k) => a + (k > 0 ? 1 : 0), 0);
    const pctOf = (k: number) => (nPatients ? (100 * k) / nPatients : null);
    const counts = { patients: nPatients, patientsTested, intervalsTested: tested, events: result.events.length, patientsWithEvent: withEvent, percentPatients: nPatients ? (100 * withEvent) / nPatients : 0, reversals, insertedSessions: series.inserted };
    const course = result.selected.length ? averageCourse(result.selected.map((e) => e.around), 3) : null;
    const coursePoints: CoursePoint[] = course ? Array.from(course.offset, (off, k) => ({ series: noun, offset: off, n: course.n[k]!, mean: roundLikeR(course.mean[k]!, 3), sd: roundLikeR(course.sd[k]!, 3) })).filter((p) => p.n > 0) : [];
    const critText = [
      s.crit1Cutoff !== null ? `(1) a change of at least ${roundLikeR(s.crit1Cutoff, 2)} points between consecutive sessions (${crit1Source})` : null,
      s.crit2 !== null ? `(2) at least ${formatPercentage(s.crit2)} of the pre-change score` : null,
      s.crit3 ? `(3) the mean of up to three sessions before differing from the mean of up to three after by more than ${s.crit3Adjust ? 'a t critical value (two-sided α = .05, df = n_pre + n_post − 2, adjusted for missing scores; Lutz et al., 2013)' : `${s.crit3Critical}`} times the pooled SD` : null,
    ].filter(Boolean);
    const blocks: ReportBlock[] = [
      { kind: 'text', text: `${cap(noun)} in ${o.score} (${direction === 'decrease' ? 'a drop' : 'a rise'} between consecutive sessions) by the criteria of Tang and DeRubeis (1999): ${critText.join('; ')}. An interval is tested only when both scores are present; each event is dated at the session where the post-change score was observed.${series.inserted ? ` ${series.inserted} absent session number(s) were inserted as missing scores.` : ''}` },
      {
        kind: 'table',
        id: `${ctx.stageId}-counts`,
        caption: `${cap(noun)} in ${o.score}: counts`,
        columns: [
          { key: 'measure', label: 'Measure' },
          { key: 'n', label: 'n', format: 'int' },
          { key: 'percent', label: '% of patients', format: 'num1' },
        ],
        rows: [
          { measure: 'Patients', n: counts.patients, percent: null },
          { measure: 'Patients with at least one testable interval', n: counts.patientsTested, percent: pctOf(counts.patientsTested) },
          { measure: 'Intervals tested', n: counts.intervalsTested, percent: null },
          { measure: `Events (${noun})`, n: counts.events, percent: null },
          { measure: 'Patients with at least one event', n: counts.patientsWithEvent, percent: pctOf(counts.patientsWithEvent) },
          { measure: 'Events followed by a reversal', n: counts.reversals, percent: null },
        ],
      },
    ];
    if (course) {
      blocks.push({
        kind: 'figure',
        id: `${ctx.stageId}-course`,
        title: `Average course of ${o.score} around ${noun}`,
        description: `Mean ${o.score} at sessions −3 to +3 around each patient's selected event (${s.select}; offset 0 is the post-change session) over ${formatNumber(result.selected.length, 0)} patients; the number of scores per offset is in the tooltip.`,
        spec: suddenCourse({ points: coursePoints, yTitle: o.score, title: `${o.score} around ${noun}`, zeroLabel: 'post-change session' }),
      });
      const shown = sampleForFigure(result.events, EVENT_ROWS, ctx.seed, 'events');
      blocks.push({
        kind: 'table',
        id: `${ctx.stageId}-events`,
        caption: `${cap(noun)}: ${shown.sampled ? `a random sample of ${EVENT_ROWS} of the ${result.events.length} events (seed ${ctx.seed}); all are in results.json` : 'all events'}${ctx.identifiers ? '' : '; patients pseudonymous'}`,
        columns: [
          { key: 'patient', label: 'Patient' },
          { key: 'session', label: 'Session', format: 'int' },
          { key: 'pre', label: 'Pre', format: 'num1' },
          { key: 'post', label: 'Post', format: 'num1' },
          { key: 'magnitude', label: 'Magnitude', format: 'num1' },
          { key: 'reversal', label: 'Reversal' },
        ],
        rows: shown.rows.map((e) => ({ patient: labels[e.id]!, session: e.time, pre: e.pre, post: e.post, magnitude: e.magnitude, reversal: e.reversal ? 'yes' : 'no' })),
      });
    }
    const applied = critText.length < 3 ? ` (criteria ${critText.map((t) => t!.slice(1, 2)).join(' and ')} only)` : '';
    const methods = [`${cap(noun)} in ${o.score} were identified with the criteria of Tang and DeRubeis (1999)${applied}, following the conventions of the suddengains package (Wiedemann et al., 2020)${s.crit3 && s.crit3Adjust ? ', with the criterion-3 critical value adjusted for missing scores (Lutz et al., 2013)' : ''}.`];
    const citations: Citation[] = [TANG, WIEDEMANN, ...(s.crit3 && s.crit3Adjust ? [LUTZ] : [])];
    if (outcome) {
      blocks.push(outcomeTable(`${ctx.stageId}-outcome`, `${outcome.column} by ${one} (patients with at least one vs none among those with a testable interval)`, outcome));
      const p = outcome.pairs[0]!;
      if (p.t !== null) blocks.push({ kind: 'text', text: `${outcome.column}: patients with a ${one} vs without, Welch ${apaT({ t: p.t, df: p.df!, p: p.p! })}, Hedges' g = ${fmt(p.g!)}, ${formatLevel(outcome.level)} CI ${formatCi([p.gLower!, p.gUpper!], 2)}.` });
      methods.push(`${outcome.column} was compared between patients with and without a ${one} with Welch's t test (Welch, 1951) and Hedges' g (Hedges, 1981).`);
      citations.push(WELCH_1951, HEDGES_1981);
    }
    const files: Record<string, string> = {};
    return {
      files,
      result: {
        score: o.score,
        direction,
        settings: { ...s, crit1Source },
        identifiers: ctx.identifiers ? 'raw' : 'pseudonymous',
        counts,
        events: eventsOutput(`${ctx.stageId}-events`, result.events, labels, files),
        selected: eventsOutput(`${ctx.stageId}-selected`, result.selected, labels, files),
        course: coursePoints.map(({ offset, n, mean, sd }) => ({ offset, n, mean, sd })),
        outcome,
      },
      sections: [{ id: ctx.stageId, title: `${cap(noun)} (${o.score})`, blocks }],
      methods,
      citations,
    };
  },
};

/** Events as rows (patient label first): inline objects up to INLINE_LIMIT, else a CSV written from their columns. */
function eventsOutput(name: string, events: readonly SuddenGainEvent[], labels: readonly string[], files: Record<string, string>) {
  if (events.length <= INLINE_LIMIT) {
    return events.map((e) => ({ patient: labels[e.id]!, position: e.position, session: e.time, preSession: e.preTime, pre: e.pre, post: e.post, magnitude: e.magnitude, relative: e.relative, meanPre: e.meanPre, meanPost: e.meanPost, nPre: e.nPre, nPost: e.nPost, pooledSd: finiteOrNull(e.pooledSd), critical: finiteOrNull(e.critical), reversal: e.reversal }));
  }
  const n = events.length;
  // One pass over the events into typed columns (not one accessor closure per column).
  const [id, position, nPre, nPost] = [0, 0, 0, 0].map(() => new Int32Array(n)) as [Int32Array, Int32Array, Int32Array, Int32Array];
  const [session, preSession, pre, post, magnitude, relative, meanPre, meanPost, pooledSd, critical] = Array.from({ length: 10 }, () => new Float64Array(n)) as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  const reversal = new Uint8Array(n);
  const sdPresent = new Uint8Array(n);
  const criticalPresent = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const e = events[i]!;
    id[i] = e.id;
    position[i] = e.position;
    session[i] = e.time;
    preSession[i] = e.preTime;
    pre[i] = e.pre;
    post[i] = e.post;
    magnitude[i] = e.magnitude;
    relative[i] = e.relative;
    meanPre[i] = e.meanPre;
    meanPost[i] = e.meanPost;
    nPre[i] = e.nPre;
    nPost[i] = e.nPost;
    pooledSd[i] = e.pooledSd;
    critical[i] = e.critical;
    reversal[i] = e.reversal ? 1 : 0;
    sdPresent[i] = Number.isFinite(e.pooledSd) ? 1 : 0;
    criticalPresent[i] = Number.isFinite(e.critical) ? 1 : 0;
  }
  return columnsOutput(
    name,
    events.length,
    [
      { key: 'patient', text: labels, code: id },
      { key: 'position', number: position },
      { key: 'session', number: session },
      { key: 'preSession', number: preSession },
      { key: 'pre', number: pre },
      { key: 'post', number: post },
      { key: 'magnitude', number: magnitude },
      { key: 'relative', number: relative },
      { key: 'meanPre', number: meanPre },
      { key: 'meanPost', number: meanPost },
      { key: 'nPre', number: nPre },
      { key: 'nPost', number: nPost },
      { key: 'pooledSd', number: pooledSd, present: sdPresent },
      { key: 'critical', number: critical, present: criticalPresent },
      { key: 'reversal', bool: reversal },
    ],
    files,
  );
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** The report table of an outcome comparison: group descriptives, then pairwise tests. */
export function outcomeTable(id: string, caption: string, c: OutcomeComparison, groupLabel = 'Group'): ReportBlock {
  const pct = formatLevel(c.level);
  const rows = c.groups.map((g) => ({ group: g.group, n: g.n, mean: g.mean, sd: g.sd }));
  return {
    kind: 'table',
    id,
    caption,
    columns: [
      { key: 'group', label: groupLabel },
      { key: 'n', label: 'n', format: 'int' },
      { key: 'mean', label: 'M', format: 'num2' },
      { key: 'sd', label: 'SD', format: 'num2' },
    ],
    rows,
    note: [
      c.welch ? `Welch's ANOVA ${apaF({ f: c.welch.F, df1: c.welch.df1, df2: c.welch.df2, p: c.welch.p })}.` : '',
      ...c.pairs.map((p) => (p.g === null ? `${p.first} vs ${p.second}: ${p.note}.` : `${p.first} vs ${p.second}: g = ${fmt(p.g)}, ${pct} CI ${formatCi([p.gLower!, p.gUpper!], 2)}, Welch t(${formatDf(p.df!)}) = ${fmt(p.t!)}, Holm-adjusted ${apaP(p.pHolm!)}.`)),
      c.missing ? `${c.missing} patient(s) without an outcome value left out.` : '',
    ]
      .filter(Boolean)
      .join(' '),
  };
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function fmt(x: number): string {
  return x.toFixed(2).replace('-', '\u2212');
}

