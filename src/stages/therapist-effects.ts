import { Type } from '@sinclair/typebox';
import { stageWhere } from '../engine/errors.ts';
import { sqlIdent, type DuckDBSession } from '../engine/duckdb-session.ts';
import { keyMeans, keyRanksSql } from '../engine/key-codes.ts';
import { byDesignTerms, countByDesign, ledgerLeftOut, type ByDesignTerm } from '../engine/missing-by-design.ts';
import { oneThreadScan } from '../engine/one-thread-scan.ts';
import { tableName, type TableShape } from '../engine/table-shape.ts';
import { fitMixedModelsOnTable } from './fit-mixed-on-table.ts';
import { apaP, formatNumber, formatR } from '../report/format/index.ts';
import type { LmmResult } from '../stats/mixed/index.ts';
import { LME4_CITATIONS, lme4Method, mixedBlocks, mixedResultJson } from './mixed-report.ts';
import type { StageDefinition } from './stage-definition.ts';
import { checkApart } from './check-apart.ts';
import { planPatientLevel, refuseRepeatedPatients } from './patient-level-from.ts';
import { StatInputError } from '../stats/errors.ts';

/** Fewest therapists the model can separate: more than the two therapist-level fixed effects. */
const MIN_THERAPISTS = 3;

const options = Type.Object(
  {
    from: Type.String({ description: 'Patient-level stage id (patients or change), with a therapist column' }),
    alliance: Type.String({ description: 'Patient-level alliance, e.g. wai_total_mean' }),
    outcome: Type.String({ description: 'Patient-level outcome, e.g. phq_total_final' }),
    baseline: Type.Optional(Type.String({ description: 'Baseline covariate, e.g. phq_total_baseline' })),
    // no schema default: the plan must tell a value given (refused for another outcome) from none
    singleOutcomeScore: Type.Optional(
      Type.Union([Type.Literal('exclude'), Type.Literal('keep')], {
        description:
          "Only when outcome is a patients stage's last score (e.g. phq_total_final): a patient with one outcome score has a last score that is the baseline score itself, not an end-of-treatment outcome. exclude (the default) leaves such patients out (as change does; counted in the ledger as not applicable); keep keeps them (last observation carried forward)",
      }),
    ),
    REML: Type.Optional(Type.Boolean({ default: true })),
  },
  { additionalProperties: false },
);

/**
 * Stage `therapist-effects`: therapist vs patient contributions to the alliance–outcome
 * association (Baldwin, Wampold & Imel 2007): the patient's alliance is split into the
 * therapist's mean alliance across their patients and the patient's deviation from it,
 *   outcome ~ alliance_therapist + alliance_patient + baseline + (1 | therapist),
 * and the therapist ICCs of outcome and alliance come from intercept-only models.
 */
export const therapistEffects: StageDefinition<typeof options> = {
  type: 'therapist-effects',
  summary: 'Therapist vs patient contributions to the alliance–outcome association (Baldwin et al. 2007) and therapist ICCs',
  options,
  plan(o, ctx) {
    const src = ctx.table(o.from, 'from');
    planPatientLevel(o.from, src, ctx, 'therapist-effects');
    checkApart(
      () => ctx.requireColumn(src, o.alliance, 'alliance', 'number'),
      () => ctx.requireColumn(src, o.outcome, 'outcome', 'number'),
      () => {
        if (o.baseline) ctx.requireColumn(src, o.baseline, 'baseline', 'number');
      },
    );
    // singleScoreRule reads it only for a last score: for another outcome it was ignored
    checkApart(() => {
      if (o.singleOutcomeScore !== undefined && !src.lastScores?.has(o.outcome)) {
        ctx.problem('singleOutcomeScore', `singleOutcomeScore is only used when outcome is a patients stage's last score (e.g. phq_total_final), and '${o.outcome}' of table '${o.from}' is not; drop singleOutcomeScore`);
      }
    });
    if (src.columns.get('therapist') !== 'string') ctx.fail('from', `table '${o.from}' has no therapist column`);
    return {};
  },
  async run(o, ctx) {
    await refuseRepeatedPatients(o.from, ctx, 'therapist-effects');
    const A = sqlIdent(o.alliance);
    const single = singleScoreRule(o, ctx.table(o.from));
    // The therapist's mean alliance as R's mean() over the complete rows (therapistMeans), joined back.
    const complete = `therapist IS NOT NULL AND ${A} IS NOT NULL AND ${sqlIdent(o.outcome)} IS NOT NULL ${o.baseline ? `AND ${sqlIdent(o.baseline)} IS NOT NULL` : ''}${single ? ` AND ${single.keep}` : ''}`;
    const source = oneThreadScan(sqlIdent(tableName(o.from)));
    // The therapist-level part has two parameters (intercept and the therapist's mean alliance),
    // so it is identified only with at least three therapists (with two, the Cholesky factor fails).
    const therapists = Number(await ctx.db.scalar(`SELECT count(DISTINCT therapist) FROM ${sqlIdent(tableName(o.from))} WHERE ${complete}`));
    if (therapists < MIN_THERAPISTS)
      throw new StatInputError(
        `too few therapists: separating therapist from patient alliance needs at least ${MIN_THERAPISTS} therapists with a complete patient (therapist, ${o.alliance}, ${o.outcome}${o.baseline ? ` and ${o.baseline}` : ''} present${single ? `, ${single.needs}` : ''}); '${o.from}' has ${therapists}`,
      );
    const means = `${tableName(ctx.stageId)}__means`;
    const therapistMean = await therapistMeans(ctx.db, sqlIdent(tableName(o.from)), A, complete, means);
    const rel = `(SELECT therapist, ${sqlIdent(o.outcome)} AS outcome, ${o.baseline ? `${sqlIdent(o.baseline)} AS baseline,` : ''} ${A} AS alliance,
                  t.__mean AS alliance_therapist, ${A} - t.__mean AS alliance_patient
                  FROM ${source} AS s JOIN (${therapistMean}) AS t ON s.therapist = t.__therapist
                  WHERE ${complete})`;
    const shape: TableShape = {
      id: ctx.stageId,
      grain: 'patient',
      columns: new Map([['therapist', 'string'], ['outcome', 'number'], ['baseline', 'number'], ['alliance', 'number'], ['alliance_therapist', 'number'], ['alliance_patient', 'number']]),
      roles: { therapist: 'therapist' },
      instruments: [],
    };
    const formula = `outcome ~ alliance_therapist + alliance_patient${o.baseline ? ' + baseline' : ''} + (1 | therapist)`;
    const total = Number(await ctx.db.scalar(`SELECT count(*) FROM ${sqlIdent(tableName(o.from))}`));
    const locate = {
      file: ctx.table(o.from).file,
      at: stageWhere(ctx.specPath, ctx.stageId, 'therapist-effects'),
      names: { outcome: o.outcome, alliance: o.alliance, ...(o.baseline ? { baseline: o.baseline } : {}) },
    };
    let fit: LmmResult, iccOutcome: LmmResult, iccAlliance: LmmResult;
    try {
      [fit, iccOutcome, iccAlliance] = (await fitMixedModelsOnTable(ctx.db, rel, shape, [formula, 'outcome ~ 1 + (1 | therapist)', 'alliance ~ 1 + (1 | therapist)'], { REML: o.REML, locate, progress: ctx.progress })).map((m) => m.fit) as [LmmResult, LmmResult, LmmResult];
    } finally {
      await ctx.db.run(`DROP TABLE IF EXISTS ${sqlIdent(means)}`);
    }
    // of the incomplete rows with a therapist, those lacking a column by design (TableShape.missingByDesign) are not-applicable
    const terms = [...byDesignTerms(ctx.table(o.from), [o.alliance, o.outcome, ...(o.baseline ? [o.baseline] : [])]), ...(single ? [single.term] : [])];
    const byDesign = await countByDesign(ctx.db, sqlIdent(tableName(o.from)), terms, 'therapist IS NOT NULL');
    const singleLeftOut = single ? byDesign.byTerm[terms.length - 1]! : 0;
    ledgerLeftOut(ctx.ledger, {
      stage: ctx.stageId, unit: 'patients', leftOut: total - fit.nobs, byDesign,
      notApplicable: `patients without ${o.alliance}, ${o.outcome}${o.baseline ? ` or ${o.baseline}` : ''} by design`,
      excluded: { reason: 'incomplete-row', detail: `patients without therapist, ${o.alliance}, ${o.outcome}${o.baseline ? ` or ${o.baseline}` : ''}` },
    });
    const th = fit.fixed.alliance_therapist;
    const pa = fit.fixed.alliance_patient;
    const b = (x: { estimate: number; se: number; p: number }) => `b = ${formatNumber(x.estimate, 3)} (SE ${formatNumber(x.se, 3)}, ${apaP(x.p)})`;
    // each ICC carries the note of its own model's singular fit
    const icc = (m: LmmResult) => `${m.icc[0] && Number.isFinite(m.icc[0].icc) ? formatR(m.icc[0].icc, 3) : 'not estimable'}${m.singular ? ' (a singular fit: the therapist variance is estimated at zero)' : ''}`;
    const leftOutText = single && singleLeftOut > 0
      ? ` ${singleLeftOut === 1 ? 'One patient' : `${singleLeftOut} patients`} with a single ${single.series} score (whose last score is the baseline score itself) ${singleLeftOut === 1 ? 'was' : 'were'} left out (option singleOutcomeScore: keep keeps them).`
      : '';
    const text = `Therapist-level alliance (the therapist's mean across patients): ${b(th)}; patient-level alliance (deviation from the therapist's mean): ${b(pa)}. Therapist ICC of ${o.outcome}: ${icc(iccOutcome)}; of ${o.alliance}: ${icc(iccAlliance)}.${leftOutText}`;
    const files: Record<string, string> = {};
    return {
      result: { formula, singleOutcomeScore: ctx.table(o.from).lastScores?.has(o.outcome) ? { rule: o.singleOutcomeScore ?? 'exclude', leftOut: singleLeftOut } : null, therapistLevel: th, patientLevel: pa, iccOutcome: iccOutcome.icc[0]?.icc ?? null, iccAlliance: iccAlliance.icc[0]?.icc ?? null, model: mixedResultJson(fit, ctx.identifiers, { name: ctx.stageId, files }), iccModels: { outcome: mixedResultJson(iccOutcome, ctx.identifiers, { name: `${ctx.stageId}-icc-outcome`, files }), alliance: mixedResultJson(iccAlliance, ctx.identifiers, { name: `${ctx.stageId}-icc-alliance`, files }) } },
      files,
      sections: [{ id: ctx.stageId, title: 'Therapist and patient contributions to the alliance–outcome association', blocks: [{ kind: 'text', text }, ...mixedBlocks(ctx.stageId, 'Therapist/patient alliance model', fit)] }],
      methods: [
        `Following Baldwin, Wampold and Imel (2007), patient alliance was split into the therapist's mean and the patient's deviation from it, both entered with${o.baseline ? ' baseline severity and' : ''} a random therapist intercept; therapist ICCs came from intercept-only models (${lme4Method(fit.REML)}).${single ? ` Patients with a single ${single.series} score were left out of the end-of-treatment outcome.` : ''}`,
      ],
      citations: [
        { key: 'baldwin2007', text: 'Baldwin, S. A., Wampold, B. E., & Imel, Z. E. (2007). Untangling the alliance–outcome correlation: Exploring the relative importance of therapist and patient variability in the alliance. Journal of Consulting and Clinical Psychology, 75(6), 842–852. https://doi.org/10.1037/0022-006X.75.6.842' },
        ...LME4_CITATIONS,
      ],
    };
  },
};

/**
 * Each therapist's mean of `A` over the `complete` rows of `table`, as R's `mean()` of its
 * patients' values in stored order (`tapply(x, therapist, mean)` on the complete cases; runMeans,
 * where DuckDB's avg differed in the last bit for most therapists), written to the table `out`
 * (`__therapist`, `__mean`); returns a query of it. The rows are read in stored order, coded by the
 * therapists' ranks in id order (keyMeans).
 */
async function therapistMeans(db: DuckDBSession, table: string, A: string, complete: string, out: string): Promise<string> {
  const coded = `${out}__coded`;
  await db.writeNumeric(coded, { __mean: await keyMeans(db, table, 'therapist', A, `${out}__keys`, complete) });
  // keyed by therapist once here, rather than by the codes in each of the three fits' reads
  await db.run(`CREATE OR REPLACE TABLE ${sqlIdent(out)} AS SELECT c.therapist AS __therapist, m.__mean FROM (${keyRanksSql(table, 'therapist', complete)}) AS c JOIN ${sqlIdent(coded)} AS m ON m._i = c.__code`);
  await db.run(`DROP TABLE ${sqlIdent(coded)}`);
  return `SELECT __therapist, __mean FROM ${sqlIdent(out)}`;
}

/**
 * The rule for patients with one outcome score, when the outcome is a patients stage's last score
 * (TableShape.lastScores) and the spec does not keep them: their last score is their baseline
 * score, so the end-of-treatment outcome they would enter with is their intake score (a last
 * observation carried forward from the first session; with the baseline as covariate, a point on
 * the line final = baseline). The change stage needs two scores for the same reason. `keep` is the
 * SQL condition of the patients kept, `term` the by-design ledger term of those left out.
 * Undefined when the outcome is no such column or the spec says `singleOutcomeScore: keep`.
 */
function singleScoreRule(o: { outcome: string; singleOutcomeScore?: 'exclude' | 'keep' }, src: TableShape): { keep: string; needs: string; series: string; term: ByDesignTerm } | undefined {
  const last = src.lastScores?.get(o.outcome);
  if (!last || o.singleOutcomeScore === 'keep' || src.columns.get(last.count) !== 'number') return undefined;
  const n = sqlIdent(last.count);
  return {
    keep: `coalesce(${n} >= 2, false)`,
    needs: `and at least two ${last.series} scores (option singleOutcomeScore)`,
    series: last.series,
    term: { column: o.outcome, sql: `coalesce(${n} = 1 AND ${sqlIdent(o.outcome)} IS NOT NULL, false)`, why: `patients with a single ${last.series} score, whose last score is the baseline score itself (option singleOutcomeScore)` },
  };
}
