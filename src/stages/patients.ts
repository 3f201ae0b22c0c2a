import { Type } from '@sinclair/typebox';
import { sqlIdent, type DuckDBSession } from '../engine/duckdb-session.ts';
import { tableName, type ColumnKind, type TableShape, lacksSeriesRoles } from '../engine/table-shape.ts';
import { oneThreadScan } from '../engine/one-thread-scan.ts';
import { readKeyCoded } from '../engine/key-codes.ts';
import { runMeans, summarizeColumn, type ColumnSummary } from '../stats/descriptive/index.ts';
import { rowsByCode } from '../engine/rows-by-code.ts';
import type { ReportSection } from '../report/types.ts';
import type { StageDefinition } from './stage-definition.ts';
import { checkApart } from './check-apart.ts';

const options = Type.Object(
  {
    from: Type.String({ description: 'Id of the session-level stage (usually the score stage)' }),
    outcome: Type.String({ description: 'Session-level outcome column, e.g. phq_total' }),
    alliance: Type.Array(Type.String(), { minItems: 1, description: 'Session-level alliance columns, e.g. [wai_total, wai_task, wai_bond, wai_goal]' }),
    session: Type.Optional(Type.Integer({ minimum: 1, default: 3, description: 'k for the alliance predictors "at session k" and "mean of sessions ≤ k"' })),
    outcomeHigherIsBetter: Type.Optional(Type.Boolean({ description: 'Direction of the outcome; taken from the instrument definition when omitted' })),
  },
  { additionalProperties: false },
);

/**
 * Stage `patients`: one row per patient, computed in SQL from the session table, except the
 * alliance means, which are R's `mean()` to the last bit (allianceMeans).
 *
 * Outcome (for outcome column `o`): `o_baseline` (first non-missing score), `o_final` (last),
 * `o_change` = final − baseline, `o_improvement` = change oriented so that positive is better
 * (sign flipped for higher-is-worse scales), `o_at_k` (last score at a session ≤ k) and
 * `o_prior_improvement` = improvement from baseline to `o_at_k` (symptom change before the
 * alliance rating: the reverse-causation control; missing when `o_at_k` is the baseline score itself)
 * and `o_later_improvement` from `o_at_k` to final (missing when no score follows session k).
 *
 * Alliance (for each column `a`): `a_s<k>` (score at session number k), `a_first<k>` (mean of
 * sessions numbered ≤ k), `a_mean` (mean over treatment), `a_slope` (OLS slope per session;
 * missing with fewer than two scores).
 * A patient whose rows name several therapists, sites or modalities keeps the most frequent one
 * and is counted in the ledger.
 */
/** Plural of each grouping role, for the ledger reason `several-<plural>` (written out, so modality → modalities). */
const PLURAL = { therapist: 'therapists', site: 'sites', modality: 'modalities' } as const;

export const patients: StageDefinition<typeof options> = {
  type: 'patients',
  summary: 'Per-patient summaries: baseline, final, change, alliance at session k, early and mean alliance, slope; their descriptive statistics (n, mean, SD, min, quartiles, max; results: summary) in the report',
  options,
  plan(o, ctx) {
    const src = ctx.table(o.from, 'from');
    checkApart(
      () => ctx.requireColumn(src, o.outcome, 'outcome', 'number'),
      () => ctx.eachEntry(o.alliance, (a, i) => ctx.requireColumn(src, a, `alliance[${i}]`, 'number')),
    );
    const lacks = lacksSeriesRoles(src);
    if (lacks) ctx.fail('from', `table '${o.from}' ${lacks}`);
    return { table: shape(o, src, ctx.stageId) };
  },
  async run(o, ctx) {
    const src = ctx.table(o.from);
    const k = o.session ?? 3;
    const outcome = o.outcome;
    const higher = o.outcomeHigherIsBetter ?? src.instruments.find((i) => i.scales.some((s) => `${i.prefix}_${s}` === outcome))?.higherIsBetter ?? false;
    const sign = higher ? 1 : -1;
    const q = sqlIdent;
    const O = q(outcome);
    const roleCols = (['therapist', 'site', 'modality'] as const).filter((r) => src.roles[r]);
    // [expression, column]: the SQL aggregates, in the table's column order; null marks a mean
    // computed in JS (allianceMeans) and joined in
    const parts: [string | null, string][] = [
      ['patient', 'patient'],
      // min(r), replaced below by mode(r) for the few patients whose rows name several values;
      // min <> max is count(DISTINCT r) > 1 without the per-patient hash sets
      ...roleCols.map((r): [string, string] => [`min(${r})`, r]),
      ...roleCols.map((r): [string, string] => [`coalesce(min(${r}) <> max(${r}), false)`, `__multi_${r}`]),
      ['count(*)::DOUBLE', 'n_sessions'],
      ['min(session)', 'first_session'],
      ['max(session)', 'last_session'],
      [`count(${O})::DOUBLE`, `${outcome}_n`],
      [`arg_min(${O}, session) FILTER (WHERE ${O} IS NOT NULL)`, `${outcome}_baseline`],
      [`arg_max(${O}, session) FILTER (WHERE ${O} IS NOT NULL)`, `${outcome}_final`],
      [`arg_max(${O}, session) FILTER (WHERE ${O} IS NOT NULL AND session <= ${k})`, `${outcome}_at_${k}`],
      // sessions of the baseline, at-k and final scores: prior and later improvement need a later score
      [`min(session) FILTER (WHERE ${O} IS NOT NULL)`, '__base_session'],
      [`max(session) FILTER (WHERE ${O} IS NOT NULL AND session <= ${k})`, '__atk_session'],
      [`max(session) FILTER (WHERE ${O} IS NOT NULL)`, '__final_session'],
    ];
    for (const a of o.alliance) {
      const A = q(a);
      parts.push(
        [`max(${A}) FILTER (WHERE session = ${k})`, `${a}_s${k}`],
        [null, `${a}_first${k}`],
        [null, `${a}_mean`],
        // regr_slope is NaN, not NULL, for a single score: missing, as R's lm gives NA
        [`CASE WHEN isfinite(regr_slope(${A}, session)) THEN regr_slope(${A}, session) END`, `${a}_slope`],
        [`count(${A})::DOUBLE`, `${a}_n`],
      );
    }
    const name = tableName(ctx.stageId);
    const b = q(`${outcome}_baseline`);
    const f = q(`${outcome}_final`);
    const atk = q(`${outcome}_at_${k}`);
    const means = `${name}__means`;
    const code = await allianceMeans(ctx.db, src, tableName(o.from), o.alliance, k, means);
    // one thread, stored order: the per-patient slopes sum in the same order on every run
    const from = oneThreadScan(q(tableName(o.from)));
    const meanColumn = new Map(o.alliance.flatMap((a, j): [string, string][] => [[`${a}_first${k}`, `__first${j}`], [`${a}_mean`, `__mean${j}`]]));
    // Written once, with the helper columns (__…) the checks below read, which are then dropped
    // (dropping a column rewrites nothing): a temporary table of the aggregates, copied into the
    // stored one, cost about 0.1–0.2 s more at 100,000 patients.
    await ctx.db.run(
      `CREATE TABLE ${q(name)} AS SELECT ${parts.map(([expr, c]) => (expr === null ? `m.${meanColumn.get(c)} AS ${q(c)}` : `g.${q(c)}`)).join(', ')},
        CASE WHEN ${q(`${outcome}_n`)} >= 2 THEN ${f} - ${b} END AS ${q(`${outcome}_change`)},
        CASE WHEN ${q(`${outcome}_n`)} >= 2 THEN ${sign} * (${f} - ${b}) END AS ${q(`${outcome}_improvement`)},
        CASE WHEN __atk_session > __base_session THEN ${sign} * (${atk} - ${b}) END AS ${q(`${outcome}_prior_improvement`)},
        CASE WHEN __final_session > ${k} THEN ${sign} * (${f} - ${atk}) END AS ${q(`${outcome}_later_improvement`)}
       FROM (SELECT ${parts.flatMap(([expr, c]) => (expr === null ? [] : [`${expr} AS ${q(c)}`])).join(', ')}, ${code} AS __code FROM ${from} GROUP BY patient) AS g
       LEFT JOIN ${q(means)} AS m ON m._i = g.__code ORDER BY patient`,
    );
    await ctx.db.run(`DROP TABLE ${q(means)}`);
    const checks = (await ctx.db.rows(
      `SELECT count(*)::DOUBLE AS patients, count(*) FILTER (WHERE ${q(`${outcome}_n`)} < 2)::DOUBLE AS no_change,
       count(*) FILTER (WHERE __base_session > ${k})::DOUBLE AS none_by_k,
       count(*) FILTER (WHERE __atk_session = __base_session)::DOUBLE AS no_prior,
       count(*) FILTER (WHERE __final_session <= ${k})::DOUBLE AS no_later,
       ${roleCols.map((r) => `count(*) FILTER (WHERE __multi_${r})::DOUBLE AS multi_${r}`).join(', ') || '0 AS none'} FROM ${q(name)}`,
    ))[0] as Record<string, number>;
    for (const r of roleCols) {
      if (checks[`multi_${r}`] === 0) continue;
      await ctx.db.run(
        `UPDATE ${q(name)} AS p SET ${r} = m.v FROM (SELECT patient, mode(${r}) AS v FROM ${from} WHERE patient IN (SELECT patient FROM ${q(name)} WHERE __multi_${r}) GROUP BY patient) m
         WHERE p.patient = m.patient`,
      );
    }
    for (const helper of [...roleCols.map((r) => `__multi_${r}`), '__base_session', '__atk_session', '__final_session']) await ctx.db.run(`ALTER TABLE ${q(name)} DROP COLUMN ${helper}`);
    for (const r of roleCols) {
      ctx.ledger.add({ stage: ctx.stageId, action: 'altered', unit: 'patients', count: checks[`multi_${r}`], reason: `several-${PLURAL[r]}`, detail: `patients whose sessions name more than one ${r}: the most frequent ${r} is used` });
    }
    ctx.ledger.add({ stage: ctx.stageId, action: 'flagged', unit: 'patients', count: checks.no_change, reason: 'fewer-than-two-outcome-scores', detail: `${outcome}: change is missing for patients with fewer than two outcome scores` });
    ctx.ledger.add({ stage: ctx.stageId, action: 'flagged', unit: 'patients', count: checks.none_by_k, reason: 'no-score-by-session-k', detail: `${outcome}: the score at session ${k} and prior and later improvement are missing for patients whose first score is after session ${k}` });
    ctx.ledger.add({ stage: ctx.stageId, action: 'flagged', unit: 'patients', count: checks.no_prior, reason: 'no-score-between-baseline-and-k', detail: `${outcome}: prior improvement is missing for patients with no score after the baseline up to session ${k}` });
    ctx.ledger.add({ stage: ctx.stageId, action: 'flagged', unit: 'patients', count: checks.no_later, reason: 'no-score-after-session-k', detail: `${outcome}: later improvement is missing for patients with no score after session ${k}` });
    const summarized = summaryColumns(outcome, o.alliance);
    const { columns } = await ctx.db.readNumeric(`SELECT ${summarized.map(([c], j) => `${q(c)} AS c${j}`).join(', ')} FROM ${q(name)}`);
    const summary: Record<string, ColumnSummary> = {};
    summarized.forEach(([c], j) => (summary[c] = summarizeColumn(columns[`c${j}`])));
    return {
      table: shape(o, src, ctx.stageId),
      result: { patients: checks.patients, withoutChange: checks.no_change, session: k, outcome, outcomeHigherIsBetter: higher, signConvention: 'improvement columns are oriented so that positive values mean clinical improvement', summary },
      sections: [summarySection(ctx.stageId, summarized, summary)],
      methods: [
        `Per-patient outcome change was computed as the last minus the first available ${outcome} score, oriented so that positive values indicate improvement; prior improvement ran from the first score to the last score at a session numbered up to ${k} (missing when that was the first score) and later improvement from there to the last score (missing when no score followed session ${k}); alliance predictors were the score at session ${k}, the mean of the sessions numbered up to ${k}, the mean over treatment and the OLS slope across sessions.`,
        'Per-patient variables were described by their mean, SD (n − 1 denominator), median and quartiles (sample quantiles of type 7; Hyndman & Fan, 1996).',
      ],
      citations: [{ key: 'hyndman1996', text: 'Hyndman, R. J., & Fan, Y. (1996). Sample quantiles in statistical packages. The American Statistician, 50(4), 361–365. https://doi.org/10.1080/00031305.1996.10473566' }],
    };
  },
};

/**
 * The per-patient means of the alliance columns, over treatment and over sessions numbered ≤ k,
 * as R's `mean(x, na.rm = TRUE)` of each patient's scores (runMeans; DuckDB's avg differs from it
 * in the last bit for about a fifth of the patients when scores are prorated, which can break ties
 * in rank correlations). Written to the table `out` (`_i` = patient code; `__mean<j>`, `__first<j>`
 * for alliance column j) and returns the SQL expression that gives a patient's code in a GROUP BY
 * patient over `table`: the codes the table carries, or else each patient's rank in id order,
 * which the rows read here are coded with too. A patient's scores are averaged in scan order (file
 * order for an ingested table, as R's split keeps it).
 */
async function allianceMeans(db: DuckDBSession, src: TableShape, table: string, alliance: string[], k: number, out: string): Promise<string> {
  const t = sqlIdent(table);
  const values = alliance.map((a, j) => `d.${sqlIdent(a)} AS v${j}`).join(', ');
  const carried = src.patientCodes?.of === 'patient' ? src.patientCodes.column : undefined;
  // without carried codes, the patients' ranks in id order (readKeyCoded: the rows stay in scan order)
  const read: { code: ArrayLike<number>; columns: Record<string, Float64Array> } = carried
    ? await db.readNumeric(`SELECT d.${sqlIdent(carried)} AS code, d.session AS t, ${values} FROM ${t} AS d`).then((r) => ({ code: r.columns.code!, columns: r.columns }))
    : await readKeyCoded(db, `${t} AS d`, 'patient', `d.session AS t, ${values}`, `${out}__keys`);
  const rows = rowsByCode({ code: Int32Array.from(read.code), keys: [], values: [read.columns.t!, ...alliance.map((_, j) => read.columns[`v${j}`]!)] });
  let levels = 0;
  for (let i = 0; i < rows.code.length; i++) if (rows.code[i]! >= levels) levels = rows.code[i]! + 1;
  const [session, ...v] = rows.values;
  const columns: Record<string, Float64Array> = {};
  const early = new Float64Array(rows.code.length);
  v.forEach((y, j) => {
    columns[`__mean${j}`] = runMeans(rows.code, y, levels);
    for (let i = 0; i < y.length; i++) early[i] = session[i]! <= k ? y[i]! : NaN;
    columns[`__first${j}`] = runMeans(rows.code, early, levels);
  });
  await db.writeNumeric(out, columns);
  return carried ? `min(${sqlIdent(carried)})` : '(row_number() OVER (ORDER BY patient) - 1)';
}

/** The per-patient columns the summary describes, each with its description. */
function summaryColumns(outcome: string, alliance: string[]): [string, string][] {
  return [
    ['n_sessions', 'Sessions per patient'],
    [`${outcome}_baseline`, `First available ${outcome}`],
    [`${outcome}_final`, `Last available ${outcome}`],
    [`${outcome}_change`, `${outcome}: final − baseline`],
    ...alliance.map((a): [string, string] => [`${a}_mean`, `${a}: mean over treatment`]),
  ];
}

function summarySection(id: string, summarized: [string, string][], summary: Record<string, ColumnSummary>): ReportSection {
  return {
    id,
    title: `Per-patient summaries (${id})`,
    blocks: [
      {
        kind: 'table',
        id: `${id}-summary`,
        caption: 'Per-patient summary',
        columns: [
          { key: 'variable', label: 'Variable' },
          { key: 'description', label: 'Description' },
          { key: 'n', label: 'n', format: 'int' },
          { key: 'mean', label: 'M', format: 'num2' },
          { key: 'sd', label: 'SD', format: 'num2' },
          { key: 'median', label: 'Mdn', format: 'num2' },
          { key: 'q1', label: 'Q1', format: 'num2' },
          { key: 'q3', label: 'Q3', format: 'num2' },
          { key: 'min', label: 'Min', format: 'num2' },
          { key: 'max', label: 'Max', format: 'num2' },
        ],
        rows: summarized.map(([variable, description]) => {
          const { n, mean, sd, median, q1, q3, min, max } = summary[variable];
          return { variable, description, n, mean, sd, median, q1, q3, min, max };
        }),
        note: 'One row per patient; n counts patients with a value. SD with n − 1; quartiles by R\'s default quantile type 7 (Hyndman & Fan, 1996).',
      },
    ],
  };
}

function shape(o: { outcome: string; alliance: string[]; session?: number }, src: TableShape, id: string): TableShape {
  const k = o.session ?? 3;
  const columns = new Map<string, ColumnKind>([['patient', 'string']]);
  for (const r of ['therapist', 'site', 'modality'] as const) if (src.roles[r]) columns.set(r, 'string');
  for (const c of ['n_sessions', 'first_session', 'last_session']) columns.set(c, 'number');
  const oc = o.outcome;
  for (const s of ['n', 'baseline', 'final', `at_${k}`]) columns.set(`${oc}_${s}`, 'number');
  for (const a of o.alliance) for (const s of [`s${k}`, `first${k}`, 'mean', 'slope', 'n']) columns.set(`${a}_${s}`, 'number');
  for (const s of ['change', 'improvement', 'prior_improvement', 'later_improvement']) columns.set(`${oc}_${s}`, 'number');
  const roles: TableShape['roles'] = { patient: 'patient' };
  for (const r of ['therapist', 'site', 'modality'] as const) if (src.roles[r]) roles[r] = r;
  return { id, grain: 'patient', columns, roles, instruments: [], file: src.file };
}
