import { Type } from '@sinclair/typebox';
import { stageWhere } from '../engine/errors.ts';
import { sqlIdent, type DuckDBSession } from '../engine/duckdb-session.ts';
import { tableName, lacksSeriesRoles } from '../engine/table-shape.ts';
import { oneThreadScan } from '../engine/one-thread-scan.ts';
import { fitMixedOnRows, fitMixedOnTable } from './fit-mixed-on-table.ts';
import { rowsByCode } from '../engine/rows-by-code.ts';
import { codedMeans, keyMeans, keyRanksSql } from '../engine/key-codes.ts';
import { apaT, formatNumber } from '../report/format/index.ts';
import { LME4_CITATIONS, lme4Method, mixedBlocks, mixedResultJson } from './mixed-report.ts';
import type { StageDefinition } from './stage-definition.ts';
import { checkApart } from './check-apart.ts';

const options = Type.Object(
  {
    from: Type.String({ description: 'Session-level stage id (e.g. the score stage)' }),
    alliance: Type.String({ description: 'Session-level alliance column, e.g. wai_total' }),
    outcome: Type.String({ description: 'Session-level symptom column, e.g. phq_total (another column than alliance)' }),
    lag: Type.Optional(Type.Integer({ minimum: 1, maximum: 5, default: 1, description: 'Outcome is taken this many recorded sessions later' })),
    detrend: Type.Optional(Type.Boolean({ default: false, description: "Remove each patient's linear alliance trend from the within-patient part and add session as a covariate (Falkenström et al. 2017)" })),
    REML: Type.Optional(Type.Boolean({ default: true })),
  },
  { additionalProperties: false },
);

/**
 * Stage `within-between`: does the alliance predict next-session symptoms within patients
 * (state-like) and between patients (trait-like)? Alliance is split into the patient's mean and
 * the session's deviation from it (person-mean centring, Curran & Bauer 2011); the outcome is
 * the score `lag` recorded sessions later; current symptoms are controlled:
 *   y(t+lag) ~ alliance_within + alliance_between + y(t) [+ session] + (1 | patient).
 * With `detrend`, each patient's own linear alliance trend is removed from the within part.
 * Short panels with a lagged outcome carry dynamic-panel (Nickell) bias; see Falkenström et al. (2017).
 */
export const withinBetween: StageDefinition<typeof options> = {
  type: 'within-between',
  summary: 'Within- vs between-patient (state vs trait) effects of alliance on next-session symptoms, multilevel',
  options,
  plan(o, ctx) {
    const src = ctx.table(o.from, 'from');
    checkApart(
      () => ctx.requireColumn(src, o.alliance, 'alliance', 'number'),
      () => ctx.requireColumn(src, o.outcome, 'outcome', 'number'),
    );
    // the model holds the outcome at t as well as alliance at t: one column in both roles leaves them inseparable
    if (o.outcome === o.alliance) ctx.problem('outcome', `the same column as alliance ('${o.alliance}'): the model adjusts next-session outcome for this session's, so alliance and outcome must be different columns`);
    const lacks = lacksSeriesRoles(src);
    if (lacks) ctx.problem('from', `table '${o.from}' ${lacks}`);
    return {};
  },
  async run(o, ctx) {
    const lag = o.lag ?? 1;
    const A = sqlIdent(o.alliance);
    const Y = sqlIdent(o.outcome);
    const src = ctx.table(o.from);
    // partitions by the integer patient codes the source carries, when it does (the same partitions, cheaper)
    const codes = src.patientCodes;
    const by = codes ? sqlIdent(codes.column) : 'patient';
    // Each patient's mean of the alliance is R's mean() of its scores in stored order, computed in JS
    // (runMeans; DuckDB's avg differed from it in the last bit for about a fifth of the patients).
    // With detrend, each patient's linear trend by GROUP BY over a one-thread scan, then given to
    // each of its rows: its sums run in stored order on every run. A window aggregate would not
    // (DuckDB's window operator reorders each partition's rows itself; see oneThreadScan).
    const source = oneThreadScan(sqlIdent(tableName(o.from)));
    // one alliance score (or all at one session): no trend, a flat line through the mean, so the
    // within part is 0 as without detrend (DuckDB gives a NULL intercept and a NaN slope there,
    // which dropped those rows from the model under the wrong ledger reason)
    const trend = `coalesce(regr_intercept(${A}, session), avg(${A})) AS __intercept, CASE WHEN isfinite(regr_slope(${A}, session)) THEN regr_slope(${A}, session) ELSE 0 END AS __slope`;
    const formula = `y_next ~ alliance_within + alliance_between + y_now${o.detrend ? ' + session' : ''} + (1 | patient)`;
    const shape = {
      id: ctx.stageId,
      grain: 'session' as const,
      columns: new Map([['patient', 'string' as const], ['session', 'number' as const], ['y_now', 'number' as const], ['y_next', 'number' as const], ['alliance_within', 'number' as const], ['alliance_between', 'number' as const]]),
      roles: { patient: 'patient', session: 'session' },
      instruments: [],
      patientCodes: codes,
    };
    const fitOptions = {
      REML: o.REML,
      progress: ctx.progress,
      locate: { file: src.file, at: stageWhere(ctx.specPath, ctx.stageId, 'within-between'), names: { y_next: `${o.outcome} ${lag} session(s) later`, y_now: o.outcome, alliance_within: `${o.alliance} within`, alliance_between: `${o.alliance} between` } },
    };
    let fitted: Awaited<ReturnType<typeof fitMixedOnRows>>;
    let pastEnd: number, sourcePatients: number, shortPatients: number;
    if (codes) {
      // the trends in SQL (above), the rest on the rows read once: each patient's mean, its rows
      // put in session order (rowsByCode), the lead `lag` rows later and the centring in one pass
      const trendSql = o.detrend ? `SELECT ${by} AS code, ${trend} FROM ${source} GROUP BY ${by}` : null;
      const lagged = await laggedRows(ctx.db, tableName(o.from), codes.column, o.alliance, o.outcome, trendSql, lag);
      // the model's columns are held by `lagged` alone, and let go once the fit has its sorted copies
      fitted = await fitMixedOnRows(ctx.db, shape, formula, Object.assign(lagged, { letGo: true }), fitOptions);
      [pastEnd, sourcePatients, shortPatients] = lagged.counts;
    } else {
      const means = `${tableName(ctx.stageId)}__means`;
      const patientMean = await patientMeansTable(ctx.db, sqlIdent(tableName(o.from)), A, means);
      const within = o.detrend ? `${A} - (p.__intercept + p.__slope * session)` : `${A} - m.__mean`;
      const rel = `(SELECT s.patient, session, ${Y} AS y_now, lead(${Y}, ${lag}) OVER (PARTITION BY s.${by} ORDER BY session) AS y_next,
                    ${within} AS alliance_within, m.__mean AS alliance_between
                    FROM ${source} AS s LEFT JOIN (${patientMean}) AS m ON s.patient = m.patient
                    ${o.detrend ? `LEFT JOIN (SELECT ${by} AS __key, ${trend} FROM ${source} GROUP BY ${by}) AS p ON s.${by} = p.__key` : ''})`;
      // the subquery keeps every row of the source, so its patient levels are the source's
      try {
        fitted = await fitMixedOnTable(ctx.db, rel, shape, formula, { ...fitOptions, levelsFrom: sqlIdent(tableName(o.from)) });
      } finally {
        await ctx.db.run(`DROP TABLE IF EXISTS ${sqlIdent(means)}`);
      }
      // each patient's last `lag` rows have no outcome `lag` sessions later by design; the other dropped rows miss a value
      [pastEnd, sourcePatients, shortPatients] = await perPatientCounts(ctx.db, sqlIdent(tableName(o.from)), by, lag);
    }
    const { fit, dropped } = fitted;
    const usedPatients = fit.ngroups.patient ?? 0;
    const noRowPatients = sourcePatients - usedPatients;
    ctx.ledger.add({ stage: ctx.stageId, action: 'excluded', unit: 'sessions', count: dropped - pastEnd, reason: 'no-lagged-pair', detail: `${o.alliance} at t with ${o.outcome} at t+${lag}: session rows missing ${o.alliance} or ${o.outcome} at t, or ${o.outcome} ${lag} recorded session(s) later` });
    ctx.ledger.add({ stage: ctx.stageId, action: 'not-applicable', unit: 'sessions', count: pastEnd, reason: 'no-later-session', detail: `${o.alliance} at t with ${o.outcome} at t+${lag}: each patient's last ${lag} recorded session(s), which have no session ${lag} later` });
    ctx.ledger.add({ stage: ctx.stageId, action: 'excluded', unit: 'patients', count: noRowPatients - shortPatients, reason: 'no-usable-row', detail: `${o.alliance} at t with ${o.outcome} at t+${lag}: patients with more than ${lag === 1 ? '1 recorded session' : `${lag} recorded sessions`} but not one session with ${o.alliance} and ${o.outcome} at t and ${o.outcome} ${lag} recorded session(s) later, because of missing values, left out of the model` });
    ctx.ledger.add({ stage: ctx.stageId, action: 'not-applicable', unit: 'patients', count: shortPatients, reason: 'no-usable-row', detail: `${o.alliance} at t with ${o.outcome} at t+${lag}: patients with only ${lag === 1 ? '1 recorded session' : `1 to ${lag} recorded sessions`}, which have no session ${lag} later, left out of the model` });
    const wi = fit.fixed.alliance_within;
    const be = fit.fixed.alliance_between;
    const text = `Within patients (state-like), a session with alliance one point above the patient's own ${o.detrend ? 'trend' : 'mean'} was followed by ${o.outcome} ${wi.estimate >= 0 ? 'higher' : 'lower'} by ${formatNumber(Math.abs(wi.estimate), 3)} points ${lag} session(s) later (SE ${formatNumber(wi.se, 3)}, ${apaT(wi)}), controlling for current ${o.outcome}; between patients (trait-like), the coefficient of the patient's mean alliance was ${formatNumber(be.estimate, 3)} (SE ${formatNumber(be.se, 3)}). For a symptom scale, negative coefficients mean that better alliance goes with fewer later symptoms.`;
    const files: Record<string, string> = {};
    return {
      result: { formula: `${o.outcome}(t+${lag}) ~ ${o.alliance}_within + ${o.alliance}_between + ${o.outcome}(t)${o.detrend ? ' + session' : ''} + (1 | patient)`, lag, detrend: Boolean(o.detrend), patients: usedPatients, noRowPatients, within: wi, between: be, model: mixedResultJson(fit, ctx.identifiers, { name: ctx.stageId, files }) },
      files,
      sections: [{ id: ctx.stageId, title: `Within- and between-patient effects of ${o.alliance} on later ${o.outcome}`, blocks: [{ kind: 'text', text }, ...mixedBlocks(ctx.stageId, 'Lagged within/between model', fit)] }],
      methods: [
        `Session-level alliance was decomposed into each patient's mean (trait-like; Zilcha-Mano, 2017) and the session's deviation from it (state-like; Curran & Bauer, 2011${o.detrend ? '; deviations from the patient’s linear trend, after Falkenström et al., 2017' : ''}); ${o.outcome} ${lag} session(s) later was regressed on both, controlling for current ${o.outcome}, in a multilevel model with a random patient intercept (${lme4Method(fit.REML)}).`,
      ],
      citations: [
        { key: 'curran2011', text: 'Curran, P. J., & Bauer, D. J. (2011). The disaggregation of within-person and between-person effects in longitudinal models of change. Annual Review of Psychology, 62, 583–619. https://doi.org/10.1146/annurev.psych.093008.100356' },
        ...(o.detrend ? [{ key: 'falkenstrom2017', text: 'Falkenström, F., Finkel, S., Sandell, R., Rubel, J. A., & Holmqvist, R. (2017). Dynamic models of individual change in psychotherapy process research. Journal of Consulting and Clinical Psychology, 85(6), 537–549. https://doi.org/10.1037/ccp0000203' }] : []),
        { key: 'zilchamano2017', text: 'Zilcha-Mano, S. (2017). Is the alliance really therapeutic? Revisiting this question in light of recent methodological advances. American Psychologist, 72(4), 311–325. https://doi.org/10.1037/a0040435' },
        ...LME4_CITATIONS,
      ],
    };
  },
};

/**
 * Per patient of `table` (grouped by `by`): the rows past each patient's end at `lag` (each
 * patient's last `lag` rows, or all of a shorter patient's), the number of patients, and those with
 * `lag` or fewer rows, which have no outcome `lag` sessions later at any row.
 */
async function perPatientCounts(db: DuckDBSession, table: string, by: string, lag: number): Promise<[pastEnd: number, patients: number, short: number]> {
  const sql = `SELECT coalesce(sum(least(n, ${lag})), 0)::DOUBLE AS past_end, count(*)::DOUBLE AS patients, count(*) FILTER (WHERE n <= ${lag})::DOUBLE AS short
               FROM (SELECT count(*) AS n FROM ${table} GROUP BY ${by})`;
  const { columns } = await db.readNumeric(sql);
  return [columns.past_end![0], columns.patients![0], columns.short![0]];
}

/**
 * Each patient's mean of `A` over the rows of `table`, as R's `mean(x, na.rm = TRUE)` of its scores
 * in stored order (keyMeans), written to the table `out` (`_i` = patient code, `__mean`); returns a
 * query of (patient, __mean) over it for a LEFT JOIN on patient. The codes are the patients' ranks
 * in id order, by which the rows read here are coded; a patient without a score has a NULL mean,
 * as with avg.
 */
async function patientMeansTable(db: DuckDBSession, table: string, A: string, out: string): Promise<string> {
  await db.writeNumeric(out, { __mean: await keyMeans(db, table, 'patient', A, `${out}__keys`) });
  return `SELECT c.patient, m.__mean FROM (${keyRanksSql(table, 'patient')}) AS c JOIN ${sqlIdent(out)} AS m ON m._i = c.__code`;
}

/**
 * The model's rows from the source read once, in (patient code, session) order: y_now, y_next
 * (the outcome `lag` rows later within the patient, NaN past its end: LEAD over the patient
 * ordered by session), the alliance's deviation from the patient's mean (or, with a `trendSql`,
 * its linear trend) and the mean; `counts` as perPatientCounts gives them. The mean is R's mean()
 * of the patient's scores in stored order (codedMeans); the trend comes from `trendSql` (code,
 * __intercept, __slope), with the same arithmetic as SQL. A row without a patient code is a patient
 * of its own, without a mean, as in the window and join of SQL.
 */
async function laggedRows(
  db: DuckDBSession,
  table: string,
  codeColumn: string,
  alliance: string,
  outcome: string,
  trendSql: string | null,
  lag: number,
): Promise<{ codes: Float64Array; numeric: Record<string, Float64Array>; counts: [pastEnd: number, patients: number, short: number] }> {
  const detrend = trendSql !== null;
  const per = trendSql === null ? null : (await db.readNumeric(trendSql)).columns;
  const { k, mean, code, t, y, a } = await readInCodeOrder(db, table, codeColumn, alliance, outcome, per?.code);
  const n = code.length;
  const intercept = new Float64Array(k).fill(NaN);
  const slope = new Float64Array(k).fill(NaN);
  per?.code.forEach((c, j) => {
    if (Number.isNaN(c)) return;
    intercept[c + 1] = per.__intercept[j];
    slope[c + 1] = per.__slope[j];
  });
  const yNext = new Float64Array(n);
  const within = new Float64Array(n);
  const between = new Float64Array(n);
  let pastEnd = 0;
  let patients = 0;
  let short = 0;
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && code[j] === code[i]) j++;
    const c = code[i];
    const m = c === 0 ? NaN : mean[c];
    for (let h = i; h < j; h++) {
      yNext[h] = h + lag < j ? y[h + lag] : NaN;
      within[h] = detrend ? a[h] - (intercept[c] + slope[c] * t[h]) : a[h] - m;
      between[h] = m;
    }
    patients++;
    pastEnd += Math.min(j - i, lag);
    if (j - i <= lag) short++;
    i = j;
  }
  const codes = new Float64Array(n);
  for (let i = 0; i < n; i++) codes[i] = code[i] - 1;
  const numeric: Record<string, Float64Array> = { y_next: yNext, alliance_within: within, alliance_between: between, y_now: y };
  if (detrend) numeric.session = t;
  return { codes, numeric, counts: [pastEnd, patients, short] };
}

/**
 * The columns laggedRows needs, read from `table` and put in (patient code, session) order
 * (rowsByCode), with each code's mean of the alliance (codedMeans) taken before, in stored order:
 * R averages a patient's scores in the order it reads them. Codes are shifted by one, so that a
 * row without a code (NaN) is 0 and first, as NULL is in coalesce(code, −1); `k` is one past the
 * largest shifted code of the rows or of `trendCodes`. The columns as read and the shifted codes
 * are this function's own, so they can be collected once it returns (42 MB at 1.3 M rows), before
 * the model's columns are made.
 */
async function readInCodeOrder(db: DuckDBSession, table: string, codeColumn: string, alliance: string, outcome: string, trendCodes: Float64Array | undefined) {
  const read = (await db.readColumns(table, { code: codeColumn, t: 'session', y: outcome, a: alliance })).columns;
  const n = read.code.length;
  const code1 = new Int32Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    code1[i] = Number.isNaN(read.code[i]) ? 0 : read.code[i] + 1;
    if (code1[i] >= k) k = code1[i] + 1;
  }
  if (trendCodes) for (const c of trendCodes) if (!Number.isNaN(c) && c + 2 > k) k = c + 2;
  const mean = codedMeans(code1, read.a, k);
  mean[0] = NaN;
  const { code, keys, values } = rowsByCode({ code: code1, keys: [read.t], values: [read.y, read.a] });
  return { k, mean, code, t: keys[0], y: values[0], a: values[1] };
}
