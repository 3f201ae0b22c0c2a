import { Type } from '@sinclair/typebox';
import { HEDGES_1981, HEDGES_OLKIN_1985, HOLM_1979, VIECHTBAUER_2010, WELCH_1951 } from '../report/citations.ts';
import { sqlIdent } from '../engine/duckdb-session.ts';
import { identifierRole, tableName, type TableShape } from '../engine/table-shape.ts';
import { byDesignTerms, countByDesign, ledgerLeftOut } from '../engine/missing-by-design.ts';
import { equivalencePlot } from '../report/figures/equivalence-plot.ts';
import { groupBoxplot } from '../report/figures/group-boxplot.ts';
import { modalityForest } from '../report/figures/modality-forest.ts';
import { apaCorrelation, apaF, apaP, formatCount, formatDf, formatLevel, formatNumber, formatR, roundLikeR } from '../report/format/index.ts';
import { sampleForFigure } from '../report/sample/index.ts';
import type { ReportBlock } from '../report/types.ts';
import { compareIndependentCorrelations, hedgesGSummary, qBetween, tostCorrelationDifference, tostSmd, welchAnovaFromMoments, type EquivalenceDecision, type GroupMoments } from '../stats/compare/index.ts';
import { pearson, pearsonR } from '../stats/correlation/index.ts';
import { mean, variance as sampleVariance } from '../stats/descriptive/index.ts';
import { buildModel, lmm, type LmmResult } from '../stats/mixed/index.ts';
import { rma } from '../stats/meta/index.ts';
import { pAdjust } from '../stats/multiple-testing/index.ts';
import { LME4_CITATIONS, LME4_METHOD, mixedFixedTable } from './mixed-report.ts';
import { StatInputError } from '../stats/errors.ts';
import type { StageDefinition } from './stage-definition.ts';
import { checkApart } from './check-apart.ts';
import { planPatientLevel, refuseRepeatedPatients } from './patient-level-from.ts';

const options = Type.Object(
  {
    from: Type.String({ description: 'Patient-level stage id (patients or change stage)' }),
    by: Type.Optional(Type.String({ description: 'Grouping column (default: modality)' })),
    alliance: Type.String({ description: 'Patient-level alliance predictor, e.g. wai_total_first3' }),
    outcome: Type.String({ description: 'Patient-level outcome, oriented so that higher is better, e.g. phq_total_improvement (another column than alliance)' }),
    margin: Type.Object(
      {
        r: Type.Number({ exclusiveMinimum: 0, description: 'Equivalence margin for differences of correlations, on the Fisher-z scale' }),
        smd: Type.Number({ exclusiveMinimum: 0, description: 'Equivalence margin for standardized mean differences (Hedges g)' }),
      },
      { additionalProperties: false, description: 'Equivalence margins: required, because no default is canon; justify them in advance' },
    ),
    alpha: Type.Optional(Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 0.5, default: 0.05, description: 'Alpha of each one-sided test (the TOST interval is 1 − 2α)' })),
    level: Type.Optional(Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.95 })),
    // no schema default: the plan must tell a value given (refused without a therapist column) from none
    minPerTherapist: Type.Optional(Type.Integer({ minimum: 4, description: 'Least complete patients per therapist and modality for the per-therapist meta-regression (default 5; only for a table with a therapist column); its unit is a therapist × modality cell, so a therapist who treats in several modalities contributes one correlation per modality (results: therapists, cells)' })),
  },
  { additionalProperties: false },
);

const CITATIONS = [
  { key: 'zou2007', text: 'Zou, G. Y. (2007). Toward using confidence intervals to compare correlations. Psychological Methods, 12(4), 399–413. https://doi.org/10.1037/1082-989X.12.4.399' },
  WELCH_1951,
  HEDGES_1981,
  HEDGES_OLKIN_1985,
  HOLM_1979,
  { key: 'goertzen2010', text: 'Goertzen, J. R., & Cribbie, R. A. (2010). Detecting a lack of association: An equivalence testing approach. British Journal of Mathematical and Statistical Psychology, 63(3), 527–537. https://doi.org/10.1348/000711009X475853' },
  { key: 'lakens2017', text: 'Lakens, D. (2017). Equivalence tests: A practical primer for t tests, correlations, and meta-analyses. Social Psychological and Personality Science, 8(4), 355–362. https://doi.org/10.1177/1948550617697177' },
  { key: 'wampold1997', text: 'Wampold, B. E., Mondin, G. W., Moody, M., Stich, F., Benson, K., & Ahn, H. (1997). A meta-analysis of outcome studies comparing bona fide psychotherapies: Empirically, "all must have prizes." Psychological Bulletin, 122(3), 203–215. https://doi.org/10.1037/0033-2909.122.3.203' },
  ...LME4_CITATIONS,
  VIECHTBAUER_2010,
];

/**
 * Stage `compare`: the common-factors analyses across treatment modalities.
 * - Alliance–outcome correlation per modality (Pearson, Fisher-z CI), heterogeneity across
 *   modalities (fixed-effect Q-between on Fisher z), pairwise differences (z test, Zou 2007
 *   interval, Holm) and their equivalence (TOST on z₁ − z₂ against `margin.r`).
 * - The same question through a meta-regression of per-therapist correlations with modality as
 *   moderator (REML, QM test), when enough therapists have enough patients.
 * - Outcome by modality: Welch ANOVA, pairwise Hedges g with intervals (Holm), TOST against
 *   `margin.smd`, and a multilevel model outcome ~ modality + (1 | therapist) (REML, Satterthwaite).
 * - Variance shares: alliance (r²), modality (η²) and therapists (ICC of the null multilevel model).
 * Groups with fewer than 4 complete patients are left out of all of these (ledger: group-too-small);
 * fewer than 2 groups left is an error naming each group's count; so is a kept group whose outcome
 * or alliance does not vary (its correlation is undefined), naming the group and the column.
 */
export const compare: StageDefinition<typeof options> = {
  type: 'compare',
  summary: "Compare modalities: per-modality alliance–outcome correlations, heterogeneity, equivalence (TOST), outcome differences, multilevel therapist model. Groups with fewer than 4 complete patients are left out of every part (counted in the ledger); a kept group whose outcome or alliance does not vary is refused by name (its correlation and Welch's ANOVA are undefined)",
  options,
  plan(o, ctx) {
    const src = ctx.table(o.from, 'from');
    planPatientLevel(o.from, src, ctx, 'compare');
    checkApart(
      () => ctx.requireColumn(src, o.by ?? 'modality', 'by', 'string'),
      () => ctx.requireColumn(src, o.alliance, 'alliance', 'number'),
      () => ctx.requireColumn(src, o.outcome, 'outcome', 'number'),
    );
    if (o.outcome === o.alliance) ctx.problem('outcome', `the same column as alliance ('${o.alliance}'): it correlates 1 with itself in every group; name the outcome column`);
    // the per-therapist meta-regression runs only on a table with therapists: without them minPerTherapist was ignored
    if (o.minPerTherapist !== undefined && src.columns.get('therapist') !== 'string') ctx.problem('minPerTherapist', `minPerTherapist is for the per-therapist meta-regression, which needs a therapist column, and table '${o.from}' has none; drop minPerTherapist`);
    return {};
  },
  async run(o, ctx) {
    await refuseRepeatedPatients(o.from, ctx, 'compare');
    const src: TableShape = ctx.table(o.from);
    const by = o.by ?? 'modality';
    const level = o.level ?? 0.95;
    const alpha = o.alpha ?? 0.05;
    const t = sqlIdent(tableName(o.from));
    const hasTherapist = src.columns.get('therapist') === 'string';
    // labels for the report, in the order of the codes below: pseudonyms when `by` holds patient or
    // therapist ids and the report may not show them
    const byLevels = (await ctx.db.rows(`SELECT DISTINCT ${sqlIdent(by)}::VARCHAR AS g FROM ${t} WHERE ${sqlIdent(by)} IS NOT NULL ORDER BY g`)).map((r) => String(r.g));
    const byRole = identifierRole(src, by);
    const allLevels = byRole ? await ctx.pseudonyms(byLevels, byRole, ['(missing)']) : byLevels;
    const therapists = hasTherapist
      ? await ctx.pseudonyms((await ctx.db.rows(`SELECT DISTINCT therapist AS th FROM ${t} WHERE therapist IS NOT NULL ORDER BY th`)).map((r) => String(r.th)), 'therapist')
      : [];
    // each row's group and therapist code from a hash join to the sorted distinct values (the
    // lists above, in their order) instead of a window sort per column; a row without a group or
    // a therapist keeps a NULL (NaN) code and is counted here instead of by a second scan. A patient
    // without a therapist is in every part but the two that need one (meta-regression, multilevel)
    const codeOf = (column: string, cast: string, alias: string) =>
      `LEFT JOIN (SELECT v, row_number() OVER (ORDER BY v) - 1 AS code FROM (SELECT DISTINCT ${column}${cast} AS v FROM ${t} WHERE ${column} IS NOT NULL)) AS ${alias} ON ${alias}.v = s.${column}${cast}`;
    const { n: rowsRead, columns: c } = await ctx.db.readNumeric(
      `SELECT lv.code AS g, ${hasTherapist ? 'tv.code' : '0'} AS th, s.${sqlIdent(o.alliance)} AS a, s.${sqlIdent(o.outcome)} AS y
       FROM ${t} AS s ${codeOf(sqlIdent(by), '::VARCHAR', 'lv')} ${hasTherapist ? codeOf('therapist', '', 'tv') : ''} ORDER BY s.patient`,
    );
    // groups with fewer than 4 complete patients are left out of every part of the stage (a
    // correlation needs n > 3 for its Fisher-z variance), so all parts compare the same groups
    const counts: number[] = allLevels.map(() => 0);
    let missingGroup = 0;
    let nComplete = 0;
    for (let i = 0; i < rowsRead; i++) {
      if (Number.isNaN(c.g[i])) missingGroup++;
      else if (Number.isFinite(c.a[i]) && Number.isFinite(c.y[i])) {
        counts[c.g[i]]++;
        nComplete++;
      }
    }
    // of the patients with a group (and therapist), those lacking a value by design
    const byDesign = await countByDesign(ctx.db, t, byDesignTerms(src, [o.alliance, o.outcome]), `${sqlIdent(by)} IS NOT NULL`);
    const total = rowsRead - missingGroup;
    ctx.ledger.add({ stage: ctx.stageId, action: 'excluded', unit: 'patients', count: missingGroup, reason: `missing-${by}`, detail: `patients without ${withArticle(by)} are left out of the modality comparison` });
    ledgerLeftOut(ctx.ledger, {
      stage: ctx.stageId, unit: 'patients', leftOut: total - nComplete, byDesign,
      notApplicable: `${o.alliance} × ${o.outcome}: patients without a value by design are left out of the modality comparison`,
      excluded: { reason: 'incomplete-pair', detail: `${o.alliance} × ${o.outcome}: patients with a missing value are left out of the modality comparison` },
    });
    const usable = allLevels.map((_, k) => k).filter((k) => counts[k] >= 4);
    const dropped = allLevels.map((_, k) => k).filter((k) => counts[k] < 4);
    const listCounts = (ks: number[]) => ks.map((k) => `${allLevels[k]} ${formatNumber(counts[k], 0)}`).join(', ');
    if (dropped.length) ctx.ledger.add({ stage: ctx.stageId, action: 'excluded', unit: 'patients', count: dropped.reduce((s, k) => s + counts[k], 0), reason: 'group-too-small', detail: `${by} groups with fewer than 4 complete patients (${listCounts(dropped)}) are left out of every part of the modality comparison` });
    if (usable.length < 2) {
      throw new StatInputError(`the comparison needs at least 2 ${by} groups with at least 4 complete patients (${o.alliance} and ${o.outcome} both present); complete patients per group: ${listCounts(allLevels.map((_, k) => k))}`);
    }
    const recode = new Int32Array(allLevels.length).fill(-1);
    usable.forEach((k, j) => (recode[k] = j));
    const levels = usable.map((k) => allLevels[k]);
    let nKeep = 0;
    for (const k of usable) nKeep += counts[k];
    // the kept rows in patient order (the order every sum below runs in)
    const g = new Int32Array(nKeep);
    const th = new Int32Array(nKeep);
    const a = new Float64Array(nKeep);
    const y = new Float64Array(nKeep);
    for (let i = 0, j = 0; i < rowsRead; i++) {
      const ai = c.a[i];
      const yi = c.y[i];
      if (!Number.isFinite(ai) || !Number.isFinite(yi) || Number.isNaN(c.g[i])) continue;
      const code = recode[c.g[i]];
      if (code < 0) continue;
      g[j] = code;
      th[j] = Number.isNaN(c.th[i]) ? -1 : c.th[i];
      a[j] = ai;
      y[j] = yi;
      j++;
    }
    // the same rows stored group by group, patient order kept within each group: every per-group
    // statistic reads a contiguous slice instead of gathering its rows again
    const byGroup = groupedCopy(g, levels.length, a, y);
    const aOf = (k: number) => byGroup.x.subarray(byGroup.start[k], byGroup.start[k + 1]);
    const yOf = (k: number) => byGroup.y.subarray(byGroup.start[k], byGroup.start[k + 1]);
    refuseConstantGroups(levels.length, yOf, aOf, levels, by, o.outcome, o.alliance);

    // 1. correlations per modality
    const pooled = pearson(a, y, { level });
    const perGroup = levels.map((_, k) => {
      const res = pearson(aOf(k), yOf(k), { level });
      return { group: levels[k], code: k, n: res.n, r: res.r, ciLower: res.ciLower, ciUpper: res.ciUpper, t: res.t, df: res.df, p: res.p, apa: apaCorrelation({ r: res.r, df: res.df, ciLower: res.ciLower, ciUpper: res.ciUpper, p: res.p, level }) };
    });
    const het = qBetween(perGroup.map((r) => Math.atanh(r.r)), perGroup.map((r) => 1 / (r.n - 3)), perGroup.map((r) => r.code));
    const pairs: [number, number][] = [];
    for (let i = 0; i < perGroup.length; i++) for (let j = i + 1; j < perGroup.length; j++) pairs.push([i, j]);
    const corrPairs = pairs.map(([i, j]) => {
      const A = perGroup[i];
      const B = perGroup[j];
      const cmp = compareIndependentCorrelations(A.r, A.n, B.r, B.n, level);
      const tost = tostCorrelationDifference(A.r, A.n, B.r, B.n, o.margin.r, { alpha, marginScale: 'z' });
      return { comparison: `${A.group} − ${B.group}`, diff: cmp.diff, ciLower: cmp.ciLower, ciUpper: cmp.ciUpper, z: cmp.z, p: cmp.p, pHolm: NaN, zDiff: tost.zDiff, tostCiLower: tost.ciLowerZ, tostCiUpper: tost.ciUpperZ, pTost: tost.pTost, decision: tost.decision };
    });
    const holmR = pAdjust(corrPairs.map((p) => p.p), 'holm');
    corrPairs.forEach((p, i) => {
      p.pHolm = holmR[i];
      p.decision = holmDecision(p.decision, p.pHolm, alpha);
    });

    // the parts with therapists (2 and 4) take the kept patients who have one
    const withTherapist = hasTherapist ? therapistRows(th, g, a, y) : null;
    const withoutTherapist = withTherapist ? nKeep - withTherapist.g.length : 0;
    if (hasTherapist) {
      ctx.ledger.add({ stage: ctx.stageId, action: 'excluded', unit: 'patients', count: withoutTherapist, reason: 'missing-therapist', detail: `complete patients without a therapist are left out of the per-therapist meta-regression and the multilevel models (and kept in the correlations and outcome comparisons)` });
    }

    // 2. meta-regression of per-therapist correlations on modality. The unit is a therapist ×
    // modality cell: a therapist who saw patients in several modalities contributes one correlation
    // per modality (with enough patients), each under its own modality; pooling them under one
    // label would file some patients under a modality they were not treated in.
    let metaReg: Record<string, unknown> | null = null;
    const minPer = o.minPerTherapist ?? 5;
    if (withTherapist) {
      const L = levels.length;
      const T = withTherapist;
      const cellCode = new Int32Array(T.g.length);
      for (let j = 0; j < T.g.length; j++) cellCode[j] = T.th[j] * L + T.g[j];
      const byCell = groupedCopy(cellCode, therapists.length * L, T.a, T.y);
      const yi: number[] = [];
      const vi: number[] = [];
      const cellGroup: number[] = [];
      const inRows = new Uint8Array(L);
      let contributing = 0;
      let lastTh = -1;
      for (let cell = 0; cell < byCell.start.length - 1; cell++) {
        const from = byCell.start[cell];
        const to = byCell.start[cell + 1];
        if (to - from < minPer) continue;
        const r = correlationOrNull(byCell.x.subarray(from, to), byCell.y.subarray(from, to));
        if (r === null || Math.abs(r) >= 1) continue;
        yi.push(Math.atanh(r));
        vi.push(1 / (to - from - 3));
        const cg = cell % L;
        const ct = Math.floor(cell / L);
        cellGroup.push(cg);
        inRows[cg] = 1;
        // cells run therapist by therapist, so a new therapist is one not seen just before
        if (ct !== lastTh) contributing++;
        lastTh = ct;
      }
      const cells = yi.length;
      const split = contributing < cells ? `${formatNumber(cells - contributing, 0)} extra cell(s) from therapists who treated patients in more than one ${by} (one correlation per ${by}, cells treated as independent)` : null;
      const present: number[] = [];
      for (let k = 0; k < L; k++) if (inRows[k]) present.push(k);
      if (cells >= present.length + 2 && present.length >= 2) {
        // one design row per group, shared by its cells (rma copies them into its own matrix)
        const designRow = Array.from({ length: L }, (_, k) => [1, ...present.slice(1).map((p) => (k === p ? 1 : 0))]);
        const X = cellGroup.map((k) => designRow[k]);
        // the Q-profile interval of τ² is not reported here, so rma skips it
        const fit = rma({ yi, vi, mods: X, method: 'REML', level, tau2CI: false });
        metaReg = {
          therapists: contributing,
          cells,
          ...(split ? { note: split } : {}),
          reference: levels[present[0]],
          terms: ['intrcpt', ...present.slice(1).map((p) => `${by}${levels[p]}`)],
          beta: fit.beta,
          se: fit.se,
          pval: fit.pval,
          QM: fit.QM,
          QMdf: fit.QMdf[0],
          QMp: fit.QMp,
          tau2: fit.tau2,
          I2: fit.I2,
        };
      } else metaReg = { therapists: contributing, cells, note: `too few therapists with at least ${minPer} complete patients in one ${by} for a meta-regression` };
    }

    // 3. outcome by modality
    // per-group moments computed once: Welch's sums in patient order (as welchAnova forms them),
    // R-exact means and variances for Hedges g (as hedgesG forms them), each group's once instead
    // of once per pair
    const anova = welchAnovaFromMoments(welchMoments(levels.length, yOf));
    const groupMean = levels.map((_, k) => mean(yOf(k)));
    const groupSd = levels.map((_, k) => Math.sqrt(sampleVariance(yOf(k))));
    const smdPairs = pairs.map(([i, j]) => {
      const A = perGroup[i];
      const B = perGroup[j];
      const hg = hedgesGSummary({ m1: groupMean[A.code], sd1: groupSd[A.code], n1: A.n, m2: groupMean[B.code], sd2: groupSd[B.code], n2: B.n }, level);
      const tost = tostSmd({ g: hg.g, se: hg.se }, o.margin.smd, alpha);
      return { comparison: `${A.group} − ${B.group}`, g: hg.g, se: hg.se, ciLower: hg.ciLower, ciUpper: hg.ciUpper, p: tost.nhstP, pHolm: NaN, tostCiLower: tost.ciLower, tostCiUpper: tost.ciUpper, pTost: tost.pTost, decision: tost.decision };
    });
    const holmG = pAdjust(smdPairs.map((p) => p.p), 'holm');
    smdPairs.forEach((p, i) => {
      p.pHolm = holmG[i];
      p.decision = holmDecision(p.decision, p.pHolm, alpha);
    });

    // 4. multilevel models with a therapist random intercept
    let multilevel: Record<string, unknown> | null = null;
    let iccOutcome: number | null = null;
    let iccAlliance: number | null = null;
    let fullFit: LmmResult | null = null;
    // groups that are the therapists (by: therapist, or each group one therapist's patients): the
    // group effects absorb the therapist intercept, so its variance, the ICCs and Satterthwaite's
    // df are not identified (df came out near 0 instead of failing)
    const oneTherapistGroups = withTherapist !== null && groupsAreTherapists(withTherapist.g, withTherapist.th, levels.length, therapists.length);
    const multilevelNote = oneTherapistGroups ? `each ${by} group holds the patients of a single therapist, so the ${by} effects and the therapist intercept cannot be told apart` : null;
    if (multilevelNote) ctx.progress(`multilevel model not fitted: ${multilevelNote}`);
    if (withTherapist && !oneTherapistGroups) {
      const T = withTherapist;
      const factor = { [by]: { codes: T.g, levels }, therapist: { codes: T.th, levels: therapists } };
      const fitModel = (formula: string): LmmResult | null => {
        try {
          return lmm(buildModel(formula, { numeric: { y: T.y, a: T.a }, factor }), { REML: true, level, progress: ctx.progress });
        } catch (e) {
          ctx.progress(`multilevel model ${formula} not fitted: ${(e as Error).message}`);
          return null;
        }
      };
      const full = fitModel(`y ~ ${by} + (1 | therapist)`);
      fullFit = full;
      const nullY = fitModel('y ~ 1 + (1 | therapist)');
      const nullA = fitModel('a ~ 1 + (1 | therapist)');
      iccOutcome = nullY?.icc[0]?.icc ?? null;
      iccAlliance = nullA?.icc[0]?.icc ?? null;
      if (full) {
        multilevel = {
          formula: `${o.outcome} ~ ${by} + (1 | therapist)`,
          fixed: full.fixed,
          random: full.random,
          sigma2: full.sigma2,
          logLik: full.logLik,
          converged: full.converged,
          singular: full.singular,
          nobs: full.nobs,
          ngroups: full.ngroups,
          iccOutcome,
          iccAlliance,
        };
      }
    }
    const variance = [
      { source: `Alliance (${o.alliance}): r²`, share: pooled.r * pooled.r },
      { source: `${by}: η² (one-way ANOVA)`, share: anova.classic.etaSquared },
      ...(iccOutcome !== null ? [{ source: 'Therapists: ICC of the outcome', share: iccOutcome }] : []),
    ];

    const allEquivalentR = corrPairs.length > 0 && corrPairs.every((p) => p.decision === 'equivalent');
    const anyDifferentR = corrPairs.some((p) => p.decision === 'different');
    const conclusion =
      `The alliance–outcome correlation was ${apaCorrelation({ r: pooled.r, df: pooled.df, ciLower: pooled.ciLower, ciUpper: pooled.ciUpper, p: pooled.p, level })} across ${by} groups. ` +
      `Heterogeneity of the correlations across ${formatCount(perGroup.length, 'group')}: Q(${formatDf(het.df)}) = ${formatNumber(het.qBetween, 2)}, ${apaP(het.p)}. ` +
      (allEquivalentR
        ? `Every pairwise difference of correlations lay within the equivalence margin (±${o.margin.r} on the Fisher-z scale): the data support practically equal alliance–outcome associations.`
        : anyDifferentR
          ? `At least one pairwise difference of correlations was statistically different from zero and not equivalent within ±${o.margin.r}: the association differs between some ${by} groups.`
          : `The pairwise differences were neither shown to be different nor shown to be equivalent within ±${o.margin.r}: the data are inconclusive about equality of the alliance–outcome association.`) +
      ` Outcome: Welch ${apaF({ f: anova.welch.F, df1: anova.welch.df1, df2: anova.welch.df2, p: anova.welch.p })}; ${formatNumber(smdPairs.filter((p) => p.decision === 'equivalent').length, 0)} of ${formatNumber(smdPairs.length, 0)} pairwise outcome differences were equivalent within ±${o.margin.smd} (Hedges g).`;

    const blocks: ReportBlock[] = [
      { kind: 'text', text: conclusion },
      {
        kind: 'table',
        id: `${ctx.stageId}-correlations`,
        caption: `Alliance–outcome correlation by ${by} (${o.alliance} × ${o.outcome})`,
        columns: [
          { key: 'group', label: by },
          { key: 'n', label: 'n', format: 'int' },
          { key: 'r', label: 'r', format: 'r' },
          { key: 'ciLower', label: 'CI lower', format: 'r' },
          { key: 'ciUpper', label: 'CI upper', format: 'r' },
          { key: 'p', label: 'p', format: 'p' },
        ],
        rows: [...perGroup.map((r) => ({ group: r.group, n: r.n, r: r.r, ciLower: r.ciLower, ciUpper: r.ciUpper, p: r.p })), { group: 'All', n: pooled.n, r: pooled.r, ciLower: pooled.ciLower, ciUpper: pooled.ciUpper, p: pooled.p }],
      },
      {
        kind: 'figure',
        id: `${ctx.stageId}-forest`,
        title: `Alliance–outcome correlation by ${by}`,
        description: `Correlation of ${o.alliance} with ${o.outcome} in each ${by} group with ${formatLevel(level)} confidence intervals; the pooled correlation over all patients is the diamond and dashed line.`,
        spec: modalityForest([...perGroup.map((r) => ({ label: r.group, r: r.r, ciLower: r.ciLower, ciUpper: r.ciUpper, n: r.n, pooled: false })), { label: 'All patients', r: pooled.r, ciLower: pooled.ciLower, ciUpper: pooled.ciUpper, n: pooled.n, pooled: true }], `Alliance–outcome correlation by ${by}`),
      },
      {
        kind: 'table',
        id: `${ctx.stageId}-correlation-differences`,
        caption: `Pairwise differences of correlations: z test, Zou (2007) ${formatLevel(level)} interval for r₁ − r₂ (Holm-adjusted p), and TOST against ±${o.margin.r} on the Fisher-z scale (${formatLevel(1 - 2 * alpha)} interval)`,
        columns: [
          { key: 'comparison', label: 'Comparison' },
          { key: 'diff', label: 'r₁ − r₂', format: 'num3' },
          { key: 'ciLower', label: 'CI lower', format: 'num3' },
          { key: 'ciUpper', label: 'CI upper', format: 'num3' },
          { key: 'pHolm', label: 'p (Holm)', format: 'p' },
          { key: 'pTost', label: 'p (TOST)', format: 'p' },
          { key: 'decision', label: 'Conclusion' },
        ],
        rows: corrPairs.map((p) => ({ comparison: p.comparison, diff: p.diff, ciLower: p.ciLower, ciUpper: p.ciUpper, pHolm: p.pHolm, pTost: p.pTost, decision: p.decision })),
        note: decisionNote(alpha),
      },
      {
        kind: 'figure',
        id: `${ctx.stageId}-equivalence-r`,
        title: 'Equivalence of alliance–outcome correlations',
        description: `${formatLevel(1 - 2 * alpha)} intervals of the Fisher-z differences between ${by} groups against the equivalence margin ±${o.margin.r} (shaded); green: equivalent, orange: different, grey: inconclusive.`,
        spec: equivalencePlot(corrPairs.map((p) => ({ label: p.comparison, estimate: p.zDiff, ciLower: p.tostCiLower, ciUpper: p.tostCiUpper, decision: p.decision })), o.margin.r, 'Equivalence of correlations (Fisher z)', 'z₁ − z₂'),
      },
      {
        kind: 'table',
        id: `${ctx.stageId}-outcome`,
        caption: `Outcome (${o.outcome}) by ${by}: pairwise Hedges g with ${formatLevel(level)} intervals (Holm-adjusted p) and TOST against ±${o.margin.smd}; Welch ${apaF({ f: anova.welch.F, df1: anova.welch.df1, df2: anova.welch.df2, p: anova.welch.p })}`,
        columns: [
          { key: 'comparison', label: 'Comparison' },
          { key: 'g', label: 'g', format: 'num2' },
          { key: 'ciLower', label: 'CI lower', format: 'num2' },
          { key: 'ciUpper', label: 'CI upper', format: 'num2' },
          { key: 'pHolm', label: 'p (Holm)', format: 'p' },
          { key: 'pTost', label: 'p (TOST)', format: 'p' },
          { key: 'decision', label: 'Conclusion' },
        ],
        rows: smdPairs.map((p) => ({ comparison: p.comparison, g: p.g, ciLower: p.ciLower, ciUpper: p.ciUpper, pHolm: p.pHolm, pTost: p.pTost, decision: p.decision })),
        note: decisionNote(alpha),
      },
      {
        kind: 'figure',
        id: `${ctx.stageId}-outcome-by-group`,
        title: `${o.outcome} by ${by}`,
        description: `Distribution of ${o.outcome} by ${by} (boxplots).${nKeep > 5000 ? ' A random sample of 5,000 patients is drawn.' : ''}`,
        // the sample is drawn over row numbers; only the drawn rows become objects
        spec: groupBoxplot(sampleForFigure(rowNumbers(nKeep), 5000, ctx.seed, 'patients').rows.map((j) => ({ group: levels[g[j]], value: roundLikeR(y[j], 3) })), o.outcome, by),
      },
      {
        kind: 'figure',
        id: `${ctx.stageId}-equivalence-smd`,
        title: 'Equivalence of outcomes',
        description: `${formatLevel(1 - 2 * alpha)} intervals of Hedges g between ${by} groups against the equivalence margin ±${o.margin.smd} (shaded).`,
        spec: equivalencePlot(smdPairs.map((p) => ({ label: p.comparison, estimate: p.g, ciLower: p.tostCiLower, ciUpper: p.tostCiUpper, decision: p.decision })), o.margin.smd, 'Equivalence of outcomes (Hedges g)', 'g'),
      },
      {
        kind: 'table',
        id: `${ctx.stageId}-variance`,
        caption: 'Share of outcome variance associated with the alliance, the modality and the therapists (descriptive; the shares come from different models and need not add up)',
        columns: [
          { key: 'source', label: 'Source' },
          { key: 'share', label: 'Share', format: 'num3' },
        ],
        rows: variance,
      },
    ];
    if (multilevel && fullFit) {
      blocks.push(
        mixedFixedTable(
          `${ctx.stageId}-multilevel`,
          `Multilevel model ${multilevel.formula} (REML; Satterthwaite df); therapist ICC of the outcome ${iccOutcome === null ? 'not estimated' : formatR(iccOutcome, 3)}, of the alliance ${iccAlliance === null ? 'not estimated' : formatR(iccAlliance, 3)}${multilevel.singular ? '; singular fit: the therapist variance is estimated at the boundary' : ''}`,
          fullFit,
        ),
      );
    }
    if (multilevelNote) blocks.push({ kind: 'text', text: `Multilevel model not fitted: ${multilevelNote}.` });
    if (metaReg && 'QM' in metaReg) {
      blocks.push({ kind: 'text', text: `Meta-regression of ${formatCount(metaReg.cells as number, 'per-therapist correlation')} (${formatCount(metaReg.therapists as number, 'therapist')}${metaReg.note ? `; ${metaReg.note}` : ''}; Fisher z, REML) on ${by}: QM(${formatDf(metaReg.QMdf as number)}) = ${formatNumber(metaReg.QM as number, 2)}, ${apaP(metaReg.QMp as number)}; residual τ² = ${formatNumber(metaReg.tau2 as number, 4)}.` });
    } else if (metaReg) blocks.push({ kind: 'text', text: `Per-therapist meta-regression not run: ${metaReg.note}.` });

    return {
      result: {
        by,
        alliance: o.alliance,
        outcome: o.outcome,
        margin: o.margin,
        alpha,
        level,
        pooled: { n: pooled.n, r: pooled.r, ciLower: pooled.ciLower, ciUpper: pooled.ciUpper, p: pooled.p },
        correlations: perGroup,
        heterogeneity: { Qbetween: het.qBetween, df: het.df, p: het.p, Qwithin: het.qWithin },
        correlationDifferences: corrPairs,
        metaRegression: metaReg,
        outcomeAnova: { welch: anova.welch, classic: anova.classic },
        outcomeDifferences: smdPairs,
        multilevel,
        multilevelNote,
        variance,
        conclusion,
      },
      sections: [{ id: ctx.stageId, title: `Modality comparison (${by})`, blocks }],
      methods: [
        `Alliance–outcome correlations were compared across ${by} groups with Fisher-z tests and Zou's (2007) intervals (p values Holm-adjusted; Holm, 1979), their heterogeneity with a fixed-effect Q-between test (Hedges & Olkin, 1985), and their equivalence with two one-sided tests against a margin of ±${o.margin.r} on the Fisher-z scale (Goertzen & Cribbie, 2010; Lakens, 2017); outcomes were compared, as in comparisons of bona fide psychotherapies (Wampold et al., 1997), with Welch's (1951) ANOVA, Hedges' g (Hedges, 1981) with its large-sample variance (Hedges & Olkin, 1985), equivalence margin ±${o.margin.smd}, and a multilevel model with a random therapist intercept (${LME4_METHOD})${metaReg && 'QM' in metaReg ? ', and per-therapist correlations were meta-regressed on modality (REML; Viechtbauer, 2010)' : ''}.`,
      ],
      citations: CITATIONS,
    };
  },
};

/**
 * A pairwise conclusion with the multiplicity the table shows: 'equivalent' from the TOST as it
 * stands (each comparison at α), otherwise 'different' only when the Holm-adjusted p of the test
 * of no difference is below α (the unadjusted p decided before, so a row could say 'different'
 * beside a Holm p above α), else 'inconclusive'.
 */
function holmDecision(tost: EquivalenceDecision, pHolm: number, alpha: number): EquivalenceDecision {
  if (tost === 'equivalent') return tost;
  return pHolm < alpha ? 'different' : 'inconclusive';
}

function decisionNote(alpha: number): string {
  return `Conclusion: equivalent when the ${formatLevel(1 - 2 * alpha)} interval lies within the margin (TOST, each comparison at α = ${alpha}); different when not equivalent and the Holm-adjusted p < ${alpha}; inconclusive otherwise.`;
}

/** r, or null when a variable does not vary within the cell (its correlation is undefined). */
function correlationOrNull(x: Float64Array, y: Float64Array): number | null {
  try {
    return pearsonR(x, y);
  } catch {
    return null;
  }
}

/**
 * The kept rows whose therapist is known (code ≥ 0; −1 marks none), in patient order: the rows of
 * the parts that model therapists.
 */
function therapistRows(th: Int32Array, g: Int32Array, a: Float64Array, y: Float64Array): { th: Int32Array; g: Int32Array; a: Float64Array; y: Float64Array } {
  let n = 0;
  for (let j = 0; j < th.length; j++) if (th[j] >= 0) n++;
  if (n === th.length) return { th, g, a, y };
  const out = { th: new Int32Array(n), g: new Int32Array(n), a: new Float64Array(n), y: new Float64Array(n) };
  for (let j = 0, k = 0; j < th.length; j++) {
    if (th[j] < 0) continue;
    out.th[k] = th[j];
    out.g[k] = g[j];
    out.a[k] = a[j];
    out.y[k] = y[j];
    k++;
  }
  return out;
}

/** `a modality`, `an arm`: a column name with its indefinite article (by its first letter). */
function withArticle(name: string): string {
  return `${/^[aeiou]/i.test(name) ? 'an' : 'a'} ${name}`;
}

/**
 * Refuses, in one message naming every such group, a kept group in which the outcome or the
 * alliance takes one value for all its complete patients: the group's correlation is then
 * undefined (R: cor.test gives NA), and with it the heterogeneity test and the pairwise differences
 * it enters; for the outcome Welch's ANOVA is undefined too (oneway.test, var.equal = FALSE: F = NaN).
 */
function refuseConstantGroups(k: number, outcomeOf: (k: number) => Float64Array, allianceOf: (k: number) => Float64Array, levels: string[], by: string, outcome: string, alliance: string): void {
  const found: string[] = [];
  for (let j = 0; j < k; j++) {
    for (const [name, v, undefinedHere] of [
      [outcome, outcomeOf(j), "its alliance–outcome correlation (R's cor.test: NA) and Welch's ANOVA (oneway.test: F = NaN) are undefined"],
      [alliance, allianceOf(j), "its alliance–outcome correlation is undefined (R's cor.test: NA)"],
    ] as const) {
      if (v.every((x) => x === v[0])) found.push(`${name} is ${v[0]} for all ${v.length} complete patients of ${by} '${levels[j]}': ${undefinedHere}`);
    }
  }
  if (found.length) throw new StatInputError(`${found.join('; ')}. Check how the column was computed, or remove the group from the input data`);
}

/**
 * x and y stored group by group (codes 0..k−1; row order kept within each group, a stable
 * counting sort) with each group's start: group c is x[start[c]..start[c + 1]). Two passes, O(n + k).
 */
function groupedCopy(codes: Int32Array, k: number, x: Float64Array, y: Float64Array): { x: Float64Array; y: Float64Array; start: Int32Array } {
  const n = codes.length;
  const start = new Int32Array(k + 1);
  for (let j = 0; j < n; j++) start[codes[j] + 1]++;
  for (let c = 0; c < k; c++) start[c + 1] += start[c];
  const next = start.slice(0, k);
  const gx = new Float64Array(n);
  const gy = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const at = next[codes[j]]++;
    gx[at] = x[j];
    gy[at] = y[j];
  }
  return { x: gx, y: gy, start };
}

/** Σy and Σ(y − ȳ)² of each group, added in row order as `welchAnova` adds them, for `welchAnovaFromMoments`. */
function welchMoments(k: number, valuesOf: (k: number) => Float64Array): GroupMoments {
  const codes = new Float64Array(k);
  const size = new Uint32Array(k);
  const sum = new Float64Array(k);
  const ss = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const v = valuesOf(j);
    codes[j] = j;
    size[j] = v.length;
    let s = 0;
    for (let i = 0; i < v.length; i++) s += v[i];
    let m = s / v.length;
    let c = 0;
    for (let i = 0; i < v.length; i++) c += v[i] - m;
    m += c / v.length;
    let q = 0;
    for (let i = 0; i < v.length; i++) {
      const d = v[i] - m;
      q += d * d;
    }
    sum[j] = s;
    ss[j] = q;
  }
  return { codes, size, sum, ss };
}

/** 0, 1, …, n − 1 as a plain array (what `sampleForFigure` draws from). */
function rowNumbers(n: number): number[] {
  const out = new Array<number>(n);
  for (let j = 0; j < n; j++) out[j] = j;
  return out;
}

/**
 * Whether every group's kept patients have one and the same therapist and no therapist spans two
 * groups: then a group is a therapist, and `y ~ group + (1 | therapist)` cannot separate them.
 * `g` and `th` are each kept row's group and therapist codes.
 */
export function groupsAreTherapists(g: Int32Array, th: Int32Array, groups: number, therapists: number): boolean {
  const therapistOf = new Int32Array(groups).fill(-1);
  const groupOf = new Int32Array(therapists).fill(-1);
  for (let j = 0; j < g.length; j++) {
    if (therapistOf[g[j]] === -1) therapistOf[g[j]] = th[j];
    else if (therapistOf[g[j]] !== th[j]) return false;
    if (groupOf[th[j]] === -1) groupOf[th[j]] = g[j];
    else if (groupOf[th[j]] !== g[j]) return false;
  }
  return true;
}
