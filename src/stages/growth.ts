import { Type } from '@sinclair/typebox';
import { stageWhere } from '../engine/errors.ts';
import { sqlIdent, type DuckDBSession } from '../engine/duckdb-session.ts';
import { tableName, lacksSeriesRoles } from '../engine/table-shape.ts';
import { growthCurves } from '../report/figures/growth-curves.ts';
import type { ReportBlock } from '../report/types.ts';
import { carriedLevels } from '../engine/key-codes.ts';
import { fitMixedOnRows, fitMixedOnTable } from './fit-mixed-on-table.ts';
import { formulaVariable, type MixedData } from '../stats/mixed/index.ts';
import { quantileContAsDuckDB } from '../stats/descriptive/index.ts';
import { LME4_CITATIONS, lme4Method, mixedBlocks, mixedResultJson } from './mixed-report.ts';
import { fileSlug } from './row-level-output.ts';
import { rowsBySession, rowsForFit } from './growth-fit-rows.ts';
import type { StageDefinition } from './stage-definition.ts';
import { planSourceTable } from './plan-source-table.ts';

const options = Type.Object(
  {
    from: Type.String({ description: 'Session-level stage id' }),
    variables: Type.Array(Type.String(), { minItems: 1, description: 'Session-level variables, e.g. [wai_total, phq_total]' }),
    quadratic: Type.Optional(Type.Boolean({ default: false, description: 'Add a fixed quadratic session term' })),
    sample: Type.Optional(Type.Integer({ minimum: 0, maximum: 500, default: 40, description: 'Individual trajectories drawn (random, pseudonymous)' })),
    REML: Type.Optional(Type.Boolean({ default: true })),
  },
  { additionalProperties: false },
);

/**
 * Stage `growth`: growth curves of alliance and symptoms across sessions with random intercepts
 * and slopes per patient, `v ~ session (+ session²) + (session | patient)`, plotted as the
 * population curve over a sample of individual trajectories.
 */
export const growth: StageDefinition<typeof options> = {
  type: 'growth',
  summary: 'Growth curves with random intercepts and slopes per patient, plotted with the population curve',
  options,
  plan(o, ctx) {
    const src = planSourceTable(ctx, o.from, 'from');
    ctx.eachEntry(o.variables, (v, i) => {
      if (src) ctx.requireColumn(src, v, `variables[${i}]`, 'number');
      if (v.includes('`')) ctx.fail(`variables[${i}]`, `column '${v}' contains a backtick, which a model formula cannot hold; rename it with a derive stage first`);
      if (v === 'session' || (o.quadratic && v === 'session2')) ctx.fail(`variables[${i}]`, `'${v}' is the model's time term; growth models a session-level score over sessions`);
    });
    const lacks = src ? lacksSeriesRoles(src) : '';
    if (lacks) ctx.problem('from', `table '${o.from}' ${lacks}`);
    return {};
  },
  async run(o, ctx) {
    const src = ctx.table(o.from);
    const t = sqlIdent(tableName(o.from));
    const rel = o.quadratic ? `(SELECT *, session * session AS session2 FROM ${t})` : t;
    const shape = o.quadratic ? { ...src, columns: new Map([...src.columns, ['session2', 'number' as const]]) } : src;
    const blocks: ReportBlock[] = [];
    // the distinct patients are sorted before sampling: a hash aggregate's output order varies between
    // runs on multi-threaded scans, which made the seeded sample (and the figure) differ from run to run
    const fits: Record<string, unknown> = {};
    const files: Record<string, string> = {};
    // the criterion the fits used, for the methods sentence (all variables are fitted alike)
    let REML = true;
    const sampleIds = (await ctx.db.rows(`SELECT patient FROM (SELECT DISTINCT patient FROM ${t} ORDER BY patient) USING SAMPLE reservoir(${o.sample ?? 40} ROWS) REPEATABLE (${ctx.seed % 2147483647})`)).map((r) => String(r.patient));
    // the run's pseudonyms: a patient shown here has the same label in the other stages' figures and tables
    const pseudonyms = await ctx.pseudonyms(sampleIds, 'patient');
    const pseud = new Map(sampleIds.map((id, i) => [id, pseudonyms[i]]));
    const sampled = new Set(sampleIds);
    // with the patient codes the table carries, the columns of every variable are read in one scan and
    // each fit puts its rows in the order fitMixedOnTable's read gives them (the same fit), instead of
    // one scan of the table per variable
    const rows = src.patientCodes ? rowsBySession(await sharedRows(ctx.db, tableName(o.from), src.patientCodes.column, [...new Set([...o.variables, 'session'])], o.quadratic === true)) : null;
    // the patient ids in code order, read once for every fit
    const levels = src.patientCodes ? await carriedLevels(ctx.db, src.patientCodes) : undefined;
    for (const v of o.variables) {
      const formula = `${formulaVariable(v)} ~ session${o.quadratic ? ' + session2' : ''} + (session | patient)`;
      const fitOptions = { REML: o.REML, progress: (m: string) => ctx.progress(`${v}: ${m}`), locate: { at: stageWhere(ctx.specPath, ctx.stageId, 'growth') } };
      // the rows without a score are left out before the fit (rowsForFit), the others by its listwise deletion
      const scoredOnly = rows ? rowsForFit(rows, v) : null;
      const fitted = scoredOnly ? await fitMixedOnRows(ctx.db, shape, formula, { ...scoredOnly, levels }, fitOptions) : await fitMixedOnTable(ctx.db, rel, shape, formula, fitOptions);
      const { fit, data } = fitted;
      const dropped = fitted.dropped + (scoredOnly?.dropped ?? 0);
      ctx.ledger.add({ stage: ctx.stageId, action: 'excluded', unit: 'sessions', count: dropped, reason: 'missing-score', detail: `${v}: session rows without a score left out of the growth model` });
      REML = fit.REML;
      fits[v] = mixedResultJson(fit, ctx.identifiers, { name: `${ctx.stageId}-${fileSlug(v)}`, files });
      // the figure's session range and trajectories from the rows the model was read from (every row of the table)
      const scored = scoredRows(data, v, sampled);
      const range = { lo: scored.sessions.length ? scored.min : NaN, hi: quantileContAsDuckDB(scored.sessions, 0.95) };
      const b0 = fit.fixed['(Intercept)'].estimate;
      const b1 = fit.fixed.session.estimate;
      const b2 = o.quadratic ? fit.fixed.session2.estimate : 0;
      const population = [];
      for (let s = range.lo; s <= range.hi; s++) population.push({ session: s, value: b0 + b1 * s + b2 * s * s });
      const ind = trajectories(data, v, scored.sampled);
      const individual = ind.map((r) => ({ id: pseud.get(r.patient) ?? '?', session: r.session, value: r.value }));
      blocks.push(...mixedBlocks(`${ctx.stageId}-${v}`, formula, fit), {
        kind: 'figure',
        id: `${ctx.stageId}-${v}`,
        title: `Growth of ${v}`,
        description: `Population curve of ${v} from the model ${formula} (thick line) over the observed trajectories of ${sampleIds.length} randomly sampled patients (thin lines).`,
        spec: growthCurves(individual, population, v),
      });
    }
    return {
      result: { models: fits },
      files,
      sections: [{ id: ctx.stageId, title: 'Growth curves', blocks }],
      methods: [`Growth curves of ${o.variables.join(' and ')} were fitted with random intercepts and slopes per patient (${lme4Method(REML)}).`],
      citations: LME4_CITATIONS,
    };
  },
};

/**
 * The carried patient codes (NaN: none) and the numeric columns of every row of `table` (readColumns),
 * with `session2` = session × session when `quadratic` (the double product SQL's `session * session`
 * gives).
 */
async function sharedRows(db: DuckDBSession, table: string, codeColumn: string, columns: string[], quadratic: boolean): Promise<{ codes: Float64Array; numeric: Record<string, Float64Array> }> {
  const read = await db.readColumns(table, { f0: codeColumn, ...Object.fromEntries(columns.map((c, i) => [`n${i}`, c])) });
  const numeric: Record<string, Float64Array> = {};
  columns.forEach((c, i) => (numeric[c] = read.columns[`n${i}`]!));
  if (quadratic) numeric.session2 = numeric.session!.map((s) => s * s);
  return { codes: read.columns.f0!, numeric };
}

/** Sessions counted by value for the figure's range when every one is a whole number from 0 to this (ingest's bound). */
const MAX_COUNTED_SESSION = 100_000;

/**
 * From the rows of a growth fit's data with a score of `v` (not NaN: NULL in the table): their
 * sessions (NULL sessions are left out of min and quantile_cont in SQL) with the smallest, and the
 * rows of the `sampled` patients. Sessions that are all whole numbers from 0 to 100,000 (as ingest
 * requires them; −0 aside) are counted by value in the same pass and laid out in ascending order, so the quantile's
 * selection runs over sorted values and no second pass over the rows is needed; the values, and so
 * every order statistic, are the same as the rows' own.
 */
function scoredRows(data: MixedData, v: string, sampled: ReadonlySet<string>): { sessions: Float64Array; min: number; sampled: number[] } {
  const y = data.numeric![v]!;
  const session = data.numeric!.session!;
  const { codes, levels } = data.factor!.patient!;
  const wanted = Uint8Array.from(levels, (l) => (sampled.has(l) ? 1 : 0));
  const picked: number[] = [];
  const count = new Int32Array(MAX_COUNTED_SESSION + 1);
  let counted = true;
  let k = 0;
  for (let i = 0; i < y.length; i++) {
    if (Number.isNaN(y[i])) continue;
    if (codes[i] >= 0 && wanted[codes[i]]) picked.push(i);
    const s = session[i];
    if (Number.isNaN(s)) continue;
    k++;
    if (s >= 0 && s <= MAX_COUNTED_SESSION && s === Math.floor(s) && !Object.is(s, -0)) count[s]++;
    else counted = false;
  }
  const sessions = new Float64Array(k);
  if (counted) {
    for (let s = 0, at = 0; s <= MAX_COUNTED_SESSION && at < k; s++) {
      sessions.fill(s, at, at + count[s]);
      at += count[s];
    }
    return { sessions, min: sessions[0], sampled: picked };
  }
  for (let i = 0, h = 0; i < y.length; i++) if (!Number.isNaN(y[i]) && !Number.isNaN(session[i])) sessions[h++] = session[i];
  return { sessions, min: k ? sessions.reduce((a, b) => (b < a ? b : a)) : NaN, sampled: picked };
}

/** The sampled patients' scored rows, ordered by patient and session as ORDER BY patient, session gives them (codes number the patients in id order). */
function trajectories(data: MixedData, v: string, picked: number[]): { patient: string; session: number; value: number }[] {
  const { codes, levels } = data.factor!.patient!;
  const y = data.numeric![v]!;
  const session = data.numeric!.session!;
  // NULL sessions (NaN) last, as ORDER BY puts them
  const bySession = (a: number, b: number) => (Number.isNaN(session[a]) ? (Number.isNaN(session[b]) ? 0 : 1) : Number.isNaN(session[b]) ? -1 : session[a] - session[b]);
  picked.sort((a, b) => codes[a] - codes[b] || bySession(a, b));
  return picked.map((i) => ({ patient: levels[codes[i]], session: session[i], value: y[i] }));
}
