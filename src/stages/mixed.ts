import { Type } from '@sinclair/typebox';
import { stageWhere } from '../engine/errors.ts';
import { sqlIdent } from '../engine/duckdb-session.ts';
import { tableName } from '../engine/table-shape.ts';
import { checkFormula, checkReference, fitMixedOnTable, formulaVariables } from './fit-mixed-on-table.ts';
import { byDesignTerms, countByDesign, ledgerLeftOut } from '../engine/missing-by-design.ts';
import { parseFormula } from '../stats/mixed/index.ts';
import { LME4_CITATIONS, mixedBlocks, mixedResultJson } from './mixed-report.ts';
import type { StageDefinition } from './stage-definition.ts';
import { planSourceTable } from './plan-source-table.ts';

const options = Type.Object(
  {
    from: Type.String({ description: 'Stage whose table holds the variables (session- or patient-level)' }),
    formula: Type.String({ description: 'lme4-style formula, e.g. "phq_total ~ session + (session | patient)"; text columns are factors (treatment contrasts)' }),
    REML: Type.Optional(Type.Boolean({ default: true, description: 'REML (default) or ML' })),
    reference: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'Reference level per factor for treatment contrasts, e.g. {modality: CBT}; each name must be a text column used in the formula' })),
    level: Type.Optional(Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.95 })),
    title: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

/**
 * Stage `mixed`: a linear mixed model from an lme4-style formula (random intercepts and slopes,
 * uncorrelated `||`, nested `/`, crossed factors, factors with treatment contrasts, interactions),
 * REML or ML, Satterthwaite t tests — results shaped like lme4/lmerTest output, with convergence
 * and singular-fit status never hidden.
 */
export const mixed: StageDefinition<typeof options> = {
  type: 'mixed',
  summary: 'Linear mixed model from an lme4-style formula (REML/ML, Satterthwaite df, variance components, ICC)',
  options,
  plan(o, ctx) {
    const shape = planSourceTable(ctx, o.from, 'from');
    const formula = checkFormula(o.formula, shape, ctx.fail);
    if (shape) checkReference(o.reference, formula, shape, ctx.fail);
    return {};
  },
  async run(o, ctx) {
    const { fit, dropped } = await fitMixedOnTable(ctx.db, sqlIdent(tableName(o.from)), ctx.table(o.from), o.formula, {
      REML: o.REML,
      level: o.level,
      reference: o.reference,
      pseudonyms: ctx.pseudonyms,
      progress: ctx.progress,
      locate: { at: stageWhere(ctx.specPath, ctx.stageId, 'mixed') },
    });
    // of the dropped rows, those lacking a model variable by design (TableShape.missingByDesign) are not-applicable
    const terms = byDesignTerms(ctx.table(o.from), formulaVariables(parseFormula(o.formula)).all);
    const byDesign = await countByDesign(ctx.db, sqlIdent(tableName(o.from)), terms);
    ledgerLeftOut(ctx.ledger, {
      stage: ctx.stageId, unit: 'rows', leftOut: dropped, byDesign,
      notApplicable: `${o.formula}: rows lacking a model variable by design`,
      excluded: { reason: 'incomplete-row', detail: `${o.formula}: rows with a missing value in a model variable (listwise deletion)` },
    });
    const title = o.title ?? o.formula;
    const files: Record<string, string> = {};
    return {
      result: mixedResultJson(fit, ctx.identifiers, { name: ctx.stageId, files }),
      files,
      sections: [{ id: ctx.stageId, title: `Mixed model: ${title}`, blocks: mixedBlocks(ctx.stageId, title, fit) }],
      methods: [
        `The linear mixed model ${o.formula}${fit.fixedNames.length ? '' : ', which has no fixed effects,'} was fitted by ${fit.REML ? 'restricted maximum likelihood' : 'maximum likelihood'} with lme4's profiled-deviance algorithm (Bates et al., 2015)${
          fit.fixedNames.length ? '; fixed effects were tested with Satterthwaite degrees of freedom (Kuznetsova et al., 2017)' : ''
        }.`,
      ],
      // lmerTest (Kuznetsova et al.) is cited for the Satterthwaite tests, which need a fixed effect
      citations: fit.fixedNames.length ? LME4_CITATIONS : LME4_CITATIONS.filter((c) => c.key === 'bates2015'),
    };
  },
};
