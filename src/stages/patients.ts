import { Type } from '@sinclair/typebox';
import { sqlIdent, sqlString, type DuckDBSession } from '../engine/duckdb-session.ts';
import { DataError } from '../engine/errors.ts';
import { tableName, type ColumnKind, type ScoredInstrument, type TableShape, lacksSeriesRoles } from '../engine/table-shape.ts';
import { oneThreadScan } from '../engine/one-thread-scan.ts';
import { readKeyCoded } from '../engine/key-codes.ts';
import { seriesSummaries, summarizeColumn, type ColumnSummary } from '../stats/descriptive/index.ts';
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
    keep: Type.Optional(
      Type.Array(Type.String(), {
        minItems: 1,
        description:
          "Patient-level columns of the source carried into the patient table as they are, for covariates and groups (age, gender, diagnosis, randomised arm): each patient's one value, missing when the patient's rows leave it empty. A patient whose rows hold two different values stops the run, naming the patient and the column",
      }),
    ),
  },
  { additionalProperties: false },
);

/**
 * Stage `patients`: one row per patient. The numbers come from one read of the session rows and
 * one pass over them per patient in JS (patientNumbers → seriesSummaries; the alliance means are
 * R's `mean()` to the last bit), the identifiers and grouping roles from a GROUP BY in SQL.
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
 * and is counted in the ledger. Columns under `keep:` (age, gender, …) are carried as the patient's
 * one value over its rows (blank rows aside); two different values stop the run.
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
    // the computed columns, when the options that name them passed the schema (a stage in doubt is still planned)
    const made = Array.isArray(o.alliance) && typeof o.outcome === 'string' ? shape({ ...o, keep: [] }, src, ctx.stageId).columns : new Map<string, ColumnKind>();
    ctx.eachEntry(o.keep ?? [], (c, i) => {
      if (KEPT_ANYWAY.has(c) || made.has(c)) return ctx.problem(`keep[${i}]`, `'${c}' is a column the patient table has anyway${c === 'session' || c === '_row' ? ' (session-level, not a patient-level value)' : ''}; keep: names further patient-level columns of '${o.from}' (age, gender, …)`);
      if ((o.keep ?? []).indexOf(c) !== i) return ctx.problem(`keep[${i}]`, `'${c}' is named twice under keep`);
      ctx.requireColumn(src, c, `keep[${i}]`);
    });
    return { table: shape(o, src, ctx.stageId) };
  },
  async run(o, ctx) {
    const src = ctx.table(o.from);
    const k = o.session ?? 3;
    const outcome = o.outcome;
    const higher = outcomeDirection(o, src) ?? false;
    const sign = higher ? 1 : -1;
    const q = sqlIdent;
    const roleCols = (['therapist', 'site', 'modality'] as const).filter((r) => src.roles[r]);
    const keep = o.keep ?? [];
    const name = tableName(ctx.stageId);
    const ids = `${name}__ids`;
    const numbers = `${name}__numbers`;
    const from = q(tableName(o.from));
    // The identifiers and grouping roles come from SQL, one row per patient in patient order; the
    // numbers (patientNumbers) are in patient-code order, which is the same order. min(r), replaced
    // below by mode(r) for the few patients whose rows name several values; min <> max is
    // count(DISTINCT r) > 1 without the per-patient hash sets. DuckDB groups them on the second
    // connection while patientNumbers reads and computes (100,000-patient demo, three alternating
    // pairs: the stage took 1.08–1.26 s after the numbers, 0.95–1.02 s beside them).
    const idsDone = ctx.db.runBeside(
      `CREATE TABLE ${q(ids)} AS SELECT patient, ${roleCols.map((r) => `min(${r}) AS ${r}, `).join('')}${roleCols.map((r) => `coalesce(min(${r}) <> max(${r}), false) AS __multi_${r}, `).join('')}${keep.map((c, j) => `min(${q(c)}) AS __keep_${j}, coalesce(min(${q(c)}) <> max(${q(c)}), false) AS __keep_multi_${j}, `).join('')}${patientCodeSql(src)} AS __code
       FROM ${from} GROUP BY patient ORDER BY patient`,
    );
    const numbersDone = patientNumbers(ctx.db, src, tableName(o.from), { outcome, alliance: o.alliance, k, sign }, numbers);
    // both settle before either's failure goes on (the session closes after a failed stage)
    const [idsResult, numbersResult] = await Promise.allSettled([idsDone, numbersDone]);
    if (numbersResult.status === 'rejected') throw numbersResult.reason;
    if (idsResult.status === 'rejected') throw idsResult.reason;
    const { present, checks } = numbersResult.value;
    if (keep.length) await refuseVaryingKept(ctx.db, ids, keep, src);
    const { columns: idCodes } = await ctx.db.readNumeric(`SELECT __code FROM ${q(ids)}`);
    if (idCodes.__code!.length !== present.length || idCodes.__code!.some((c, i) => c !== present[i])) throw new Error(`internal: the patients of '${o.from}' and their codes are not in the same order`);
    // mode() keeps the first of tied values it meets: one thread, stored order, the same on every run
    const scan = oneThreadScan(from);
    const multi = roleCols.length
      ? ((await ctx.db.rows(`SELECT ${roleCols.map((r) => `count(*) FILTER (WHERE __multi_${r})::DOUBLE AS multi_${r}`).join(', ')} FROM ${q(ids)}`))[0] as Record<string, number>)
      : {};
    for (const r of roleCols) {
      if (multi[`multi_${r}`] === 0) continue;
      await ctx.db.run(
        `UPDATE ${q(ids)} AS p SET ${r} = m.v FROM (SELECT patient, mode(${r}) AS v FROM ${scan} WHERE patient IN (SELECT patient FROM ${q(ids)} WHERE __multi_${r}) GROUP BY patient) m
         WHERE p.patient = m.patient`,
      );
    }
    // a view side by side: creating one table of both cost about 0.7 s of CPU at 100,000 patients
    await ctx.db.run(`CREATE VIEW ${q(name)} AS SELECT i.patient, ${roleCols.map((r) => `i.${r}, `).join('')}${keep.map((c, j) => `i.__keep_${j} AS ${q(c)}, `).join('')}n.* EXCLUDE (_i) FROM ${q(ids)} AS i POSITIONAL JOIN ${q(numbers)} AS n`);
    for (const r of roleCols) {
      ctx.ledger.add({ stage: ctx.stageId, action: 'altered', unit: 'patients', count: multi[`multi_${r}`], reason: `several-${PLURAL[r]}`, detail: `patients whose sessions name more than one ${r}: the most frequent ${r} is used` });
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

/** Columns every patient table has (or that are session-level), which keep: cannot name. */
const KEPT_ANYWAY = new Set(['patient', 'therapist', 'site', 'modality', 'session', '_row', '_patient_code']);

/**
 * Stops the run at the first patient (in id order) whose rows hold two different values of a
 * column under keep:, naming the patient, the column and two of the values: carrying either one
 * would silently pick a value.
 */
async function refuseVaryingKept(db: DuckDBSession, ids: string, keep: string[], src: TableShape): Promise<void> {
  const q = sqlIdent;
  const first = (await db.rows(`SELECT patient, ${keep.map((_, j) => `__keep_multi_${j} AS m${j}`).join(', ')} FROM ${q(ids)} WHERE ${keep.map((_, j) => `__keep_multi_${j}`).join(' OR ')} ORDER BY patient LIMIT 1`))[0];
  if (!first) return;
  const j = keep.findIndex((_, i) => first[`m${i}`] === true);
  const c = keep[j]!;
  const values = (await db.rows(`SELECT min(${q(c)}) AS a, max(${q(c)}) AS b FROM ${q(tableName(src.id))} WHERE patient = ${sqlString(String(first.patient))}`))[0]!;
  throw new DataError(
    `patient '${String(first.patient)}' has two values of '${c}' (${String(values.a)} and ${String(values.b)}); keep: carries a patient-level column, whose value is the same in every row of a patient (or empty). Correct the data, or derive a per-patient value first`,
    src.file,
    undefined,
    c,
  );
}

/** What patientNumbers computes: the outcome column, the alliance columns, session k and the sign that orients change as improvement. */
interface NumbersOf {
  outcome: string;
  alliance: string[];
  k: number;
  sign: 1 | -1;
}

/**
 * Every per-patient number of the table (seriesSummaries over the session rows, read once and
 * grouped by patient in scan order), written to the table `out` with its columns in the stage's
 * column order, one row per patient that has rows, in code order (`present`: their codes), and
 * the ledger's counts. The alliance means are R's
 * `mean(x, na.rm = TRUE)` to the last bit (DuckDB's avg differs from it in the last bit for about a
 * fifth of the patients when scores are prorated, which can break ties in rank correlations).
 * Without carried codes the rows read here are coded by patient rank in id order (readKeyCoded; see
 * patientCodeSql). A patient's scores are taken in scan order (file order for an
 * ingested table, as R's split keeps it).
 */
async function patientNumbers(db: DuckDBSession, src: TableShape, table: string, of: NumbersOf, out: string): Promise<{ present: Int32Array; checks: Record<string, number> }> {
  const { outcome, alliance, k, sign } = of;
  const t = sqlIdent(table);
  const select = `d.session AS t, d.${sqlIdent(outcome)} AS o, ${alliance.map((a, j) => `d.${sqlIdent(a)} AS v${j}`).join(', ')}`;
  const carried = carriedCodes(src);
  const read: { code: ArrayLike<number>; columns: Record<string, Float64Array> } = carried
    ? await db.readColumns(table, { code: carried, t: 'session', o: outcome, ...Object.fromEntries(alliance.map((a, j) => [`v${j}`, a])) }).then((r) => ({ code: r.columns.code!, columns: r.columns }))
    : await readKeyCoded(db, `${t} AS d`, 'patient', select, `${out}__keys`);
  const rows = rowsByCode({ code: Int32Array.from(read.code), keys: [], values: [read.columns.t!, read.columns.o!, ...alliance.map((_, j) => read.columns[`v${j}`]!)] });
  let levels = 0;
  for (let i = 0; i < rows.code.length; i++) if (rows.code[i]! >= levels) levels = rows.code[i]! + 1;
  const [session, y, ...v] = rows.values;
  const sum = seriesSummaries(rows.code, session!, y!, v, k, levels);
  const o = sum.outcome;
  const change = new Float64Array(levels);
  const improvement = new Float64Array(levels);
  const prior = new Float64Array(levels);
  const later = new Float64Array(levels);
  const checks = { patients: 0, no_change: 0, none_by_k: 0, no_prior: 0, no_later: 0 };
  for (let c = 0; c < levels; c++) {
    const twoOrMore = o.n[c]! >= 2;
    change[c] = twoOrMore ? o.final[c]! - o.baseline[c]! : NaN;
    improvement[c] = twoOrMore ? sign * (o.final[c]! - o.baseline[c]!) : NaN;
    prior[c] = o.atKSession[c]! > o.baselineSession[c]! ? sign * (o.atK[c]! - o.baseline[c]!) : NaN;
    later[c] = o.finalSession[c]! > k ? sign * (o.final[c]! - o.atK[c]!) : NaN;
    if (!(sum.rows[c]! > 0)) continue;
    checks.patients++;
    if (!twoOrMore) checks.no_change++;
    if (o.baselineSession[c]! > k) checks.none_by_k++;
    if (o.atKSession[c] === o.baselineSession[c]) checks.no_prior++;
    if (o.finalSession[c]! <= k) checks.no_later++;
  }
  const columns: Record<string, Float64Array> = {
    n_sessions: sum.rows,
    first_session: sum.firstSession,
    last_session: sum.lastSession,
    [`${outcome}_n`]: o.n,
    [`${outcome}_baseline`]: o.baseline,
    [`${outcome}_final`]: o.final,
    [`${outcome}_at_${k}`]: o.atK,
  };
  alliance.forEach((a, j) => {
    const s = sum.alliance[j]!;
    Object.assign(columns, { [`${a}_s${k}`]: s.atSession, [`${a}_first${k}`]: s.meanToK, [`${a}_mean`]: s.mean, [`${a}_slope`]: s.slope, [`${a}_n`]: s.n });
  });
  Object.assign(columns, { [`${outcome}_change`]: change, [`${outcome}_improvement`]: improvement, [`${outcome}_prior_improvement`]: prior, [`${outcome}_later_improvement`]: later });
  // only the codes that have rows (a table can leave some of the carried codes out)
  const present = Int32Array.from({ length: checks.patients });
  for (let c = 0, j = 0; c < levels; c++) if (sum.rows[c]! > 0) present[j++] = c;
  if (present.length < levels) for (const [key, col] of Object.entries(columns)) columns[key] = Float64Array.from(present, (c) => col[c]!);
  await db.writeNumeric(out, columns);
  return { present, checks };
}

/**
 * The SQL expression that gives a patient's code in a GROUP BY patient over the table `src`
 * describes: the codes the table carries, or else each patient's rank in id order (the codes
 * patientNumbers gives its rows then, through readKeyCoded).
 */
function patientCodeSql(src: TableShape): string {
  const carried = carriedCodes(src);
  return carried ? `min(${sqlIdent(carried)})` : '(row_number() OVER (ORDER BY patient) - 1)';
}

/** The column of patient codes the table carries (TableShape.patientCodes), if it carries one. */
function carriedCodes(src: TableShape): string | undefined {
  return src.patientCodes?.of === 'patient' ? src.patientCodes.column : undefined;
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

/** The scored instrument of the source that produced the column `outcome` (`<prefix>_<scale>`), with the scale. */
function scoringInstrument(outcome: string, src: TableShape): { scored: ScoredInstrument; scale: string } | undefined {
  for (const scored of src.instruments) {
    const scale = scored.scales.find((s) => `${scored.prefix}_${s}` === outcome);
    if (scale !== undefined) return { scored, scale };
  }
  return undefined;
}

/** The instrument, scale and aggregate that scored the outcome column, when the source's score stage did (TableShape.scoredWith). */
function scoredWith(outcome: string, src: TableShape): Pick<TableShape, 'scoredWith'> {
  const by = scoringInstrument(outcome, src);
  if (by) return { scoredWith: new Map([[outcome, { instrument: by.scored.instrument, scale: by.scale, aggregate: by.scored.aggregate }]]) };
  return src.scoredWith?.has(outcome) ? { scoredWith: new Map([[outcome, src.scoredWith.get(outcome)!]]) } : {};
}

/** Whether higher outcome values are better: the option, else the instrument that scored the outcome; undefined when neither says. */
function outcomeDirection(o: { outcome: string; outcomeHigherIsBetter?: boolean }, src: TableShape): boolean | undefined {
  return o.outcomeHigherIsBetter ?? scoringInstrument(o.outcome, src)?.scored.higherIsBetter;
}

function shape(o: { outcome: string; alliance: string[]; session?: number; outcomeHigherIsBetter?: boolean; keep?: string[] }, src: TableShape, id: string): TableShape {
  const k = o.session ?? 3;
  const columns = new Map<string, ColumnKind>([['patient', 'string']]);
  for (const r of ['therapist', 'site', 'modality'] as const) if (src.roles[r]) columns.set(r, 'string');
  for (const c of o.keep ?? []) if (src.columns.has(c)) columns.set(c, src.columns.get(c)!);
  for (const c of ['n_sessions', 'first_session', 'last_session']) columns.set(c, 'number');
  const oc = o.outcome;
  for (const s of ['n', 'baseline', 'final', `at_${k}`]) columns.set(`${oc}_${s}`, 'number');
  for (const a of o.alliance) for (const s of [`s${k}`, `first${k}`, 'mean', 'slope', 'n']) columns.set(`${a}_${s}`, 'number');
  for (const s of ['change', 'improvement', 'prior_improvement', 'later_improvement']) columns.set(`${oc}_${s}`, 'number');
  const roles: TableShape['roles'] = { patient: 'patient' };
  for (const r of ['therapist', 'site', 'modality'] as const) if (src.roles[r]) roles[r] = r;
  const higher = outcomeDirection(o, src);
  return {
    id, grain: 'patient', columns, roles, instruments: [], file: src.file,
    missingByDesign: missingByDesign(oc, o.alliance, k),
    needs: needs(oc, o.alliance, k, id),
    lastScores: new Map([[`${oc}_final`, { count: `${oc}_n`, series: oc }]]),
    ...scoredWith(oc, src),
    ...(higher !== undefined ? { higherIsBetter: new Map([[oc, higher]]) } : {}),
  };
}

/**
 * What a patient needs to have each computed column (TableShape.needs), naming the option that
 * sets k: session numbers that skip k (2, 4, 6 …) leave a column such as prior improvement empty
 * for every patient, and a later stage's "no complete rows" then says why.
 */
function needs(oc: string, alliance: string[], k: number, id: string): Map<string, string> {
  const atK = `at a session numbered up to ${k} (stage '${id}', option session)`;
  const m = new Map<string, string>([
    [`${oc}_baseline`, 'an outcome score'],
    [`${oc}_final`, 'an outcome score'],
    [`${oc}_change`, 'outcome scores at two sessions'],
    [`${oc}_improvement`, 'outcome scores at two sessions'],
    [`${oc}_at_${k}`, `an outcome score ${atK}`],
    [`${oc}_prior_improvement`, `an outcome score after the baseline ${atK}`],
    [`${oc}_later_improvement`, `an outcome score ${atK} and one after session ${k}`],
  ]);
  for (const a of alliance) {
    m.set(`${a}_s${k}`, `a score at session number ${k} (stage '${id}', option session)`);
    m.set(`${a}_first${k}`, `a score ${atK}`);
    m.set(`${a}_mean`, 'a score');
    m.set(`${a}_slope`, 'scores at two sessions');
  }
  return m;
}

/**
 * The columns a patient lacks by design, whatever the data quality, and the recorded sessions
 * (rows, whether or not their forms were filled in) that decide it: no change or slope from one
 * session, no later improvement when the last session is at or before session k, nothing at or up
 * to session k (nor prior or later improvement, which start there) when the first session comes
 * after it. A patient with sessions after k but no outcome score there lacks later improvement
 * for missing data, not by design. Conditions that the first and last session cannot decide (a
 * gap in the session numbers) are left out, so such a patient counts as missing data.
 */
function missingByDesign(oc: string, alliance: string[], k: number): Map<string, { when: string; why: string }> {
  const single = `"last_session" <= "first_session"`;
  const late = `"first_session" > ${k}`;
  const by = new Map<string, { when: string; why: string }>();
  const set = (column: string, when: string, whose: string) => by.set(column, { when, why: `patients ${whose}` });
  set(`${oc}_change`, single, 'with one recorded session');
  set(`${oc}_improvement`, single, 'with one recorded session');
  set(`${oc}_at_${k}`, late, `whose first recorded session is after session ${k}`);
  set(`${oc}_prior_improvement`, `${single} OR "first_session" >= ${k}`, `with one recorded session or none before session ${k}`);
  set(`${oc}_later_improvement`, `"last_session" <= ${k} OR ${late}`, `with no recorded session after session ${k}, or none up to it`);
  for (const a of alliance) {
    set(`${a}_s${k}`, `${late} OR "last_session" < ${k}`, `whose recorded sessions all lie before or after session ${k}`);
    set(`${a}_first${k}`, late, `whose first recorded session is after session ${k}`);
    set(`${a}_slope`, single, 'with one recorded session');
  }
  return by;
}
