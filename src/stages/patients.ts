import { Type } from '@sinclair/typebox';
import { sqlIdent, type NumericColumns } from '../engine/duckdb-session.ts';
import { tableName, type ColumnKind, type TableShape, lacksSeriesRoles } from '../engine/table-shape.ts';
import { oneThreadScan } from '../engine/one-thread-scan.ts';
import { summarizeColumn, type ColumnSummary } from '../stats/descriptive/index.ts';
import { patientSummaries } from '../stats/patients/index.ts';
import { rowsByCode } from '../engine/rows-by-code.ts';
import type { ReportSection } from '../report/types.ts';
import type { StageDefinition } from './stage-definition.ts';

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
 * Stage `patients`: one row per patient. The outcome and alliance columns are read in one scan,
 * put in (patient, session) order and summarised by the typed-array kernel patientSummaries
 * (src/stats/patients); the grouping roles are aggregated in SQL; the two are joined by patient code.
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
    ctx.requireColumn(src, o.outcome, 'outcome', 'number');
    o.alliance.forEach((a, i) => ctx.requireColumn(src, a, `alliance[${i}]`, 'number'));
    const lacks = lacksSeriesRoles(src);
    if (lacks) ctx.fail('from', `table '${o.from}' ${lacks}`);
    return { table: shape(o, src, ctx.stageId) };
  },
  async run(o, ctx) {
    const src = ctx.table(o.from);
    const k = o.session ?? 3;
    const outcome = o.outcome;
    const higher = o.outcomeHigherIsBetter ?? src.instruments.find((i) => i.scales.some((s) => `${i.prefix}_${s}` === outcome))?.higherIsBetter ?? false;
    const sign: 1 | -1 = higher ? 1 : -1;
    const q = sqlIdent;
    const roleCols = (['therapist', 'site', 'modality'] as const).filter((r) => src.roles[r]);
    const name = tableName(ctx.stageId);
    const t = q(tableName(o.from));
    // every row's patient code (0…P−1 in patient id order) with its session, outcome and alliance
    // scores, read in one scan and put in (patient, session) order in JS: the table's own codes
    // when it carries them, else the distinct ids numbered here
    const levels = src.patientCodes ? src.patientCodes.levels : `${name}__levels`;
    const values = [outcome, ...o.alliance].map((c, j) => `d.${q(c)} AS v${j}`).join(', ');
    let read: NumericColumns | undefined;
    if (src.patientCodes) {
      read = await ctx.db.readNumeric(`SELECT d.${q(src.patientCodes.column)} AS code, d.session AS t, ${values} FROM ${t} d`);
    } else {
      await ctx.db.run(`CREATE TABLE ${q(levels)} AS SELECT patient, (row_number() OVER (ORDER BY patient) - 1)::INTEGER AS code FROM (SELECT DISTINCT patient FROM ${t})`);
      read = await ctx.db.readNumeric(`SELECT k.code, d.session AS t, ${values} FROM ${t} d JOIN ${q(levels)} k ON d.patient IS NOT DISTINCT FROM k.patient`);
    }
    const P = Number(await ctx.db.scalar(`SELECT count(*) FROM ${q(levels)}`));
    const { columns } = read;
    const sorted = rowsByCode({ code: new Int32Array(columns.code), keys: [columns.t], values: [outcome, ...o.alliance].map((_, j) => columns[`v${j}`]) });
    const [y, ...a] = sorted.values;
    const s = patientSummaries({ code: sorted.code, session: sorted.keys[0], outcome: y, alliance: a }, { k, sign, patients: P });
    const numeric: Record<string, Float64Array> = {
      n_sessions: s.nSessions,
      first_session: s.firstSession,
      last_session: s.lastSession,
      [`${outcome}_n`]: s.outcomeN,
      [`${outcome}_baseline`]: s.baseline,
      [`${outcome}_final`]: s.final,
      [`${outcome}_at_${k}`]: s.atK,
    };
    o.alliance.forEach((c, j) => {
      const al = s.alliance[j];
      Object.assign(numeric, { [`${c}_s${k}`]: al.atK, [`${c}_first${k}`]: al.firstK, [`${c}_mean`]: al.mean, [`${c}_slope`]: al.slope, [`${c}_n`]: al.n });
    });
    Object.assign(numeric, {
      [`${outcome}_change`]: s.change,
      [`${outcome}_improvement`]: s.improvement,
      [`${outcome}_prior_improvement`]: s.priorImprovement,
      [`${outcome}_later_improvement`]: s.laterImprovement,
    });
    await ctx.db.writeNumeric(`${name}__values`, numeric);
    // the grouping roles by patient: min(r), replaced below by mode(r) for the few patients whose
    // rows name several values (min <> max is count(DISTINCT r) > 1 without per-patient hash sets)
    const roles = `${name}__roles`;
    const roleRows = q(src.rolesFrom ?? tableName(o.from));
    if (roleCols.length) {
      await ctx.db.run(
        `CREATE TABLE ${q(roles)} AS SELECT patient, ${roleCols.map((r) => `min(${r}) AS ${r}, coalesce(min(${r}) <> max(${r}), false) AS __multi_${r}`).join(', ')} FROM ${roleRows} GROUP BY patient`,
      );
    }
    const multi = roleCols.length
      ? ((await ctx.db.rows(`SELECT ${roleCols.map((r) => `count(*) FILTER (WHERE __multi_${r})::DOUBLE AS ${r}`).join(', ')} FROM ${q(roles)}`))[0] as Record<string, number>)
      : {};
    // one thread, stored order: mode() breaks ties by the order it meets the values in
    const from = oneThreadScan(roleRows);
    for (const r of roleCols) {
      if (multi[r] === 0) continue;
      await ctx.db.run(
        `UPDATE ${q(roles)} AS p SET ${r} = m.v FROM (SELECT patient, mode(${r}) AS v FROM ${from} WHERE patient IN (SELECT patient FROM ${q(roles)} WHERE __multi_${r}) GROUP BY patient) m
         WHERE p.patient = m.patient`,
      );
    }
    await ctx.db.run(
      `CREATE TABLE ${q(name)} AS SELECT l.patient, ${roleCols.map((r) => `r.${r}, `).join('')}${Object.keys(numeric).map((c) => `v.${q(c)}`).join(', ')}
       FROM ${q(`${name}__values`)} v JOIN ${q(levels)} l ON l.code = v._i${roleCols.length ? ` LEFT JOIN ${q(roles)} r ON r.patient = l.patient` : ''}
       WHERE v.n_sessions > 0 ORDER BY v._i`,
    );
    for (const helper of [`${name}__values`, ...(roleCols.length ? [roles] : []), ...(src.patientCodes ? [] : [levels])]) await ctx.db.run(`DROP TABLE ${q(helper)}`);
    const checks = s.counts;
    for (const r of roleCols) {
      ctx.ledger.add({ stage: ctx.stageId, action: 'altered', unit: 'patients', count: multi[r], reason: `several-${PLURAL[r]}`, detail: `patients whose sessions name more than one ${r}: the most frequent ${r} is used` });
    }
    ctx.ledger.add({ stage: ctx.stageId, action: 'flagged', unit: 'patients', count: checks.noChange, reason: 'fewer-than-two-outcome-scores', detail: `${outcome}: change is missing for patients with fewer than two outcome scores` });
    ctx.ledger.add({ stage: ctx.stageId, action: 'flagged', unit: 'patients', count: checks.noneByK, reason: 'no-score-by-session-k', detail: `${outcome}: the score at session ${k} and prior and later improvement are missing for patients whose first score is after session ${k}` });
    ctx.ledger.add({ stage: ctx.stageId, action: 'flagged', unit: 'patients', count: checks.noPrior, reason: 'no-score-between-baseline-and-k', detail: `${outcome}: prior improvement is missing for patients with no score after the baseline up to session ${k}` });
    ctx.ledger.add({ stage: ctx.stageId, action: 'flagged', unit: 'patients', count: checks.noLater, reason: 'no-score-after-session-k', detail: `${outcome}: later improvement is missing for patients with no score after session ${k}` });
    const summarized = summaryColumns(outcome, o.alliance);
    // codes without rows (none when the codes were numbered on this table) are not patients here
    const withRows = checks.patients === P ? undefined : s.nSessions.map((v) => (v > 0 ? 1 : 0));
    const summary: Record<string, ColumnSummary> = {};
    for (const [c] of summarized) summary[c] = summarizeColumn(withRows ? numeric[c].filter((_, i) => withRows[i] === 1) : numeric[c]);
    return {
      table: shape(o, src, ctx.stageId),
      result: { patients: checks.patients, withoutChange: checks.noChange, session: k, outcome, outcomeHigherIsBetter: higher, signConvention: 'improvement columns are oriented so that positive values mean clinical improvement', summary },
      sections: [summarySection(ctx.stageId, summarized, summary)],
      methods: [
        `Per-patient outcome change was computed as the last minus the first available ${outcome} score, oriented so that positive values indicate improvement; prior improvement ran from the first score to the last score at a session numbered up to ${k} (missing when that was the first score) and later improvement from there to the last score (missing when no score followed session ${k}); alliance predictors were the score at session ${k}, the mean of the sessions numbered up to ${k}, the mean over treatment and the OLS slope across sessions.`,
        'Per-patient variables were described by their mean, SD (n − 1 denominator), median and quartiles (sample quantiles of type 7; Hyndman & Fan, 1996).',
      ],
      citations: [{ key: 'hyndman1996', text: 'Hyndman, R. J., & Fan, Y. (1996). Sample quantiles in statistical packages. The American Statistician, 50(4), 361–365. https://doi.org/10.1080/00031305.1996.10473566' }],
    };
  },
};

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
