import { Type } from '@sinclair/typebox';
import { sqlIdent } from '../engine/duckdb-session.ts';
import { tableName, lacksSeriesRoles } from '../engine/table-shape.ts';
import { growthCurves } from '../report/figures/growth-curves.ts';
import type { ReportBlock } from '../report/types.ts';
import { fitMixedOnTable } from './fit-mixed-on-table.ts';
import { formulaVariable, type MixedData } from '../stats/mixed/index.ts';
import { quantileContAsDuckDB } from '../stats/descriptive/index.ts';
import { LME4_CITATIONS, lme4Method, mixedBlocks, mixedResultJson } from './mixed-report.ts';
import { fileSlug } from './row-level-output.ts';
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
    for (const v of o.variables) {
      const formula = `${formulaVariable(v)} ~ session${o.quadratic ? ' + session2' : ''} + (session | patient)`;
      const { fit, dropped, data } = await fitMixedOnTable(ctx.db, rel, shape, formula, { REML: o.REML, locate: { at: `${ctx.specPath} (stage '${ctx.stageId}', growth)` } });
      ctx.ledger.add({ stage: ctx.stageId, action: 'excluded', unit: 'sessions', count: dropped, reason: 'missing-score', detail: `${v}: session rows without a score left out of the growth model` });
      REML = fit.REML;
      fits[v] = mixedResultJson(fit, ctx.identifiers, { name: `${ctx.stageId}-${fileSlug(v)}`, files });
      // the figure's session range and trajectories from the rows the model was read from (every row of the table)
      const scored = scoredRows(data, v);
      const range = { lo: scored.sessions.length ? scored.sessions.reduce((a, b) => (b < a ? b : a)) : NaN, hi: quantileContAsDuckDB(scored.sessions, 0.95) };
      const b0 = fit.fixed['(Intercept)'].estimate;
      const b1 = fit.fixed.session.estimate;
      const b2 = o.quadratic ? fit.fixed.session2.estimate : 0;
      const population = [];
      for (let s = range.lo; s <= range.hi; s++) population.push({ session: s, value: b0 + b1 * s + b2 * s * s });
      const ind = trajectories(data, v, scored.rows, sampleIds);
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
 * The rows of a growth fit's data with a score of `v` (not NaN: NULL in the table), and the
 * sessions of those that have one (NULL sessions are left out of min and quantile_cont in SQL).
 */
function scoredRows(data: MixedData, v: string): { rows: Int32Array; sessions: Float64Array } {
  const y = data.numeric![v]!;
  const session = data.numeric!.session!;
  let m = 0;
  let k = 0;
  for (let i = 0; i < y.length; i++) {
    if (Number.isNaN(y[i])) continue;
    m++;
    if (!Number.isNaN(session[i])) k++;
  }
  const rows = new Int32Array(m);
  const sessions = new Float64Array(k);
  for (let i = 0, j = 0, h = 0; i < y.length; i++) {
    if (Number.isNaN(y[i])) continue;
    rows[j++] = i;
    if (!Number.isNaN(session[i])) sessions[h++] = session[i];
  }
  return { rows, sessions };
}

/** The sampled patients' scored rows, ordered by patient and session as ORDER BY patient, session gives them (codes number the patients in id order). */
function trajectories(data: MixedData, v: string, rows: Int32Array, sampleIds: readonly string[]): { patient: string; session: number; value: number }[] {
  const { codes, levels } = data.factor!.patient!;
  const sampled = new Set(sampleIds);
  const wanted = Uint8Array.from(levels, (l) => (sampled.has(l) ? 1 : 0));
  const y = data.numeric![v]!;
  const session = data.numeric!.session!;
  const picked: number[] = [];
  for (const i of rows) if (codes[i] >= 0 && wanted[codes[i]]) picked.push(i);
  // NULL sessions (NaN) last, as ORDER BY puts them
  const bySession = (a: number, b: number) => (Number.isNaN(session[a]) ? (Number.isNaN(session[b]) ? 0 : 1) : Number.isNaN(session[b]) ? -1 : session[a] - session[b]);
  picked.sort((a, b) => codes[a] - codes[b] || bySession(a, b));
  return picked.map((i) => ({ patient: levels[codes[i]], session: session[i], value: y[i] }));
}
