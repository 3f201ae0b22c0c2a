import { Type } from '@sinclair/typebox';
import { JACOBSON_TRUAX_1991 } from '../report/citations.ts';
import { sqlIdent } from '../engine/duckdb-session.ts';
import { byDesignTerms, countByDesign, ledgerLeftOut } from '../engine/missing-by-design.ts';
import { tableName, type TableShape } from '../engine/table-shape.ts';
import { jacobsonTruaxPlot } from '../report/figures/jacobson-truax-plot.ts';
import { formatNumber, formatReliability } from '../report/format/index.ts';
import type { ReportBlock } from '../report/types.ts';
import { sampleForFigure } from '../report/sample/index.ts';
import { clinicalCutoffs, percentChange, reliableChange, residualizedGain, RELIABLE_CHANGE_LABELS, type ReliableChangeInput } from '../stats/change/index.ts';
import { sd } from '../stats/descriptive/index.ts';
import { StatInputError } from '../stats/errors.ts';
import type { StageDefinition } from './stage-definition.ts';
import { checkApart } from './check-apart.ts';
import { totalRange, type InstrumentDefinition } from '../instruments/instrument-definition.ts';
import { planSourceTable } from './plan-source-table.ts';

const options = Type.Object(
  {
    from: Type.String({ description: 'Patient-level stage id (the patients stage)' }),
    outcome: Type.String({ description: 'Outcome as named in the patients stage (uses <outcome>_baseline and <outcome>_final)' }),
    instrument: Type.Optional(Type.String({ description: 'Instrument whose defaults apply: reliability (for the RCI), cut-off and direction; its reliable-change value only under method: fixed. Its cut-off and reliable-change value are on its total as the instrument scores it (e.g. the PHQ-9 sum), so for an outcome scored otherwise (aggregate: mean, a subscale, another instrument) give cutoff: and rcValue: on the scale scored' })),
    direction: Type.Optional(
      Type.Union([Type.Literal('lower-is-better'), Type.Literal('higher-is-better')], {
        description: "Scale direction. Default: the instrument's; without instrument, the direction the patients stage took for the outcome (its instrument's, or its outcomeHigherIsBetter); else lower-is-better",
      }),
    ),
    method: Type.Optional(Type.Union([Type.Literal('rci'), Type.Literal('fixed')], { description: 'Jacobson–Truax RCI from SD and reliability, or a fixed reliable-change value in points. Default: rci whenever a reliability is known (given, or the instrument\'s), with the SD of the sample\'s baseline scores unless sd is given; otherwise fixed' })),
    reliability: Type.Optional(Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, description: 'Reliability for the RCI (default: the instrument\'s), used only with method: rci' })),
    sd: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Pre-treatment or normative SD for the RCI (default: SD of the baseline scores in this sample), used only with method: rci' })),
    rcValue: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Fixed reliable-change value in points (e.g. OQ-45: 14), used only with method: fixed (which must be given when a reliability is known, else rci is the default)' })),
    cutoff: Type.Optional(Type.Number({ description: 'Clinical cut-off; default from norms (c, else a) or the instrument' })),
    norms: Type.Optional(
      Type.Object(
        { mDys: Type.Number(), sdDys: Type.Number({ exclusiveMinimum: 0 }), mFunc: Type.Optional(Type.Number()), sdFunc: Type.Optional(Type.Number({ exclusiveMinimum: 0 })) },
        { additionalProperties: false, description: 'Dysfunctional / functional norms for Jacobson–Truax cut-offs a, b, c' },
      ),
    ),
  },
  { additionalProperties: false },
);

/**
 * Stage `change`: per-patient pre–post change, percent change, residualized gain and
 * Jacobson & Truax (1991) reliable and clinically significant change, with the norms used
 * printed in the report. A patient needs `<o>_baseline`, `<o>_final` and, when the table has it (the
 * patients stage writes it), `<o>_n` ≥ 2. Adds `<o>_rci`, `<o>_rc_category`, `<o>_residual_gain`,
 * `<o>_residual_gain_z` and `<o>_pct_change` to the patient table.
 */
export const change: StageDefinition<typeof options> = {
  type: 'change',
  summary: 'Pre–post change, residualized gain and Jacobson–Truax reliable and clinically significant change',
  options,
  plan(o, ctx) {
    const src = planSourceTable(ctx, o.from, 'from');
    checkApart(
      () => {
        if (!src) return;
        ctx.requireColumn(src, `${o.outcome}_baseline`, 'outcome', 'number');
        ctx.requireColumn(src, `${o.outcome}_final`, 'outcome', 'number');
      },
      () => {
        const inst = o.instrument ? ctx.instrument(o.instrument, 'instrument') : undefined;
        const method = o.method ?? (o.reliability ?? inst?.reliability ? 'rci' : 'fixed');
        // only method rci reads reliability and sd; under fixed (given, or the default without a reliability) they were ignored
        if (method === 'fixed') {
          const why = o.method !== undefined ? 'method: fixed takes the reliable-change value in points (rcValue, or the instrument\'s)' : `without method: the stage uses fixed, as no reliability is known (${o.instrument ? `instrument ${o.instrument} has none` : 'no instrument: is given'})`;
          for (const k of ['reliability', 'sd'] as const) if (o[k] !== undefined) ctx.problem(k, `${k} is only used with method: rci, and ${why}; ${o.method !== undefined ? 'set method: rci' : 'give reliability:'} or drop ${k}`);
        }
        if (method === 'rci' && !(o.reliability ?? inst?.reliability)) ctx.fail('reliability', 'method rci needs a reliability (give reliability: or an instrument that has one)');
        if (method === 'fixed' && !(o.rcValue ?? inst?.reliableChange)) ctx.fail('rcValue', 'method fixed needs rcValue (or an instrument with a reliable-change value)');
        // only method fixed reads rcValue; under rci (given, or the default once a reliability is known) it was ignored
        if (method === 'rci' && o.rcValue !== undefined) {
          const why = o.method !== undefined ? 'method: rci derives the reliable-change value from the reliability and SD' : `without method: the stage uses rci, as ${o.reliability !== undefined ? 'reliability: is given' : `instrument ${o.instrument} has a reliability (${formatReliability(inst!.reliability!)})`}`;
          ctx.problem('rcValue', `rcValue is only used with method: fixed, and ${why}; ${o.method !== undefined ? 'set' : 'add'} method: fixed or drop rcValue`);
        }
        if (inst) checkInstrumentScale(o, inst, src?.scoredWith?.get(o.outcome), method, ctx);
      },
    );
    return src ? { table: shape(src, ctx.stageId, o.outcome) } : {};
  },
  async run(o, ctx) {
    const src = ctx.table(o.from);
    const inst = o.instrument ? ctx.instrument(o.instrument) : undefined;
    const oc = o.outcome;
    // Read in stored order (a patients table is stored in patient order) and joined back by position
    // below: sorting and joining on a row number again cost about 0.3 s of CPU at 100,000 patients.
    // <outcome>_n (scores per patient, from the patients stage) guards against a baseline that is
    // also the final score; a pre–post table without it (e.g. ingested) gives each pair as it is
    const k = src.columns.get(`${oc}_n`) === 'number' ? sqlIdent(`${oc}_n`) : '2';
    const { n: total, columns } = await ctx.db.readNumeric(`SELECT ${sqlIdent(`${oc}_baseline`)} AS pre, ${sqlIdent(`${oc}_final`)} AS post, ${k} AS k FROM ${sqlIdent(tableName(o.from))}`);
    const idx: number[] = [];
    for (let i = 0; i < total; i++) if (Number.isFinite(columns.pre[i]) && Number.isFinite(columns.post[i]) && columns.k[i] >= 2) idx.push(i);
    // a patients table's <outcome>_change is missing exactly where there is no pair: by design for
    // a patient with one recorded session (TableShape.missingByDesign)
    const byDesign = await countByDesign(ctx.db, sqlIdent(tableName(o.from)), byDesignTerms(src, [`${oc}_change`]));
    const pre = Float64Array.from(idx, (i) => columns.pre[i]);
    const post = Float64Array.from(idx, (i) => columns.post[i]);
    if (inst && !src.scoredWith?.has(oc)) refuseOutOfRange(oc, inst, pre, post, o.from);
    ledgerLeftOut(ctx.ledger, {
      stage: ctx.stageId, unit: 'patients', leftOut: total - idx.length, byDesign,
      notApplicable: `${oc}: patients without a change by design have no change classification`,
      excluded: { reason: 'no-pre-post-pair', detail: `${oc}: patients without two outcome scores have no change classification` },
    });
    // an outcome's direction as the patients stage took it (a higher-is-better WAI total read as a symptom scale classed every rise as deterioration)
    const higher = inst?.higherIsBetter ?? src.higherIsBetter?.get(oc) ?? false;
    const direction = o.direction ?? (higher ? 'higher-is-better' : 'lower-is-better');
    const method = o.method ?? (o.reliability ?? inst?.reliability ? 'rci' : 'fixed');
    const pair = `${oc}_baseline and ${oc}_final`;
    if (pre.length === 0) throw new StatInputError(`no patient of '${o.from}' has two ${oc} scores (${pair}), so there is no change to classify`);
    // the RCI's SD, from the spec or this sample; a fixed reliable-change value needs none (one patient
    // with a pair is classifiable then). Say which option replaces an undefined or zero SD rather
    // than the kernel's 'sdPre must be positive'
    const sdPre = method === 'rci' ? o.sd ?? (pre.length < 2 ? NaN : sd(pre)) : undefined;
    if (sdPre !== undefined && o.sd === undefined && !(sdPre > 0)) {
      const why = pre.length < 2 ? `only 1 patient of '${o.from}' has two ${oc} scores (${pair})` : `the ${formatNumber(pre.length, 0)} patients' baseline ${oc} scores are all ${pre[0]}`;
      throw new StatInputError(`${why}, so the baseline scores' SD, which the RCI needs, is ${pre.length < 2 ? 'undefined' : '0'}; give a normative SD with sd:, or use method: fixed with rcValue`);
    }
    const reliability = o.reliability ?? inst?.reliability;
    let cutoff = o.cutoff;
    let cutoffSource = o.cutoff !== undefined ? 'given in the spec' : '';
    let cuts: ReturnType<typeof clinicalCutoffs> | undefined;
    if (o.norms) {
      cuts = clinicalCutoffs({ ...o.norms, direction });
      if (cutoff === undefined) {
        cutoff = cuts.c ?? cuts.a;
        cutoffSource = cuts.c !== undefined ? 'Jacobson–Truax c from the norms' : 'Jacobson–Truax a from the norms';
      }
    }
    if (cutoff === undefined && inst?.cutoff !== undefined) {
      cutoff = inst.cutoff;
      cutoffSource = `${inst.name} ${inst.definedInSpec ? 'cut-off from its definition in the pipeline' : 'published cut-off'}`;
    }
    const input: ReliableChangeInput = { pre, post, direction, cutoff };
    if (method === 'rci') Object.assign(input, { sdPre, reliability });
    else input.rcValue = o.rcValue ?? inst?.reliableChange;
    const rc = reliableChange(input);
    // a residualized gain needs 3 patients and a varying post score; without it the RCI and the
    // categories still stand, and its columns are left missing with the reason in ledger and text
    let rg: ReturnType<typeof residualizedGain> | undefined;
    let rgWhy = '';
    try {
      rg = residualizedGain(pre, post);
    } catch (e) {
      if (!(e instanceof StatInputError)) throw e;
      rgWhy = e.message;
    }
    if (!rg) ctx.ledger.add({ stage: ctx.stageId, action: 'flagged', unit: 'patients', count: pre.length, reason: 'residualized-gain-undefined', detail: `${oc}: residualized gain left missing (${rgWhy})` });
    const nonZero = Array.from(pre.keys()).filter((j) => pre[j] !== 0);
    const pctSub = percentChange(Float64Array.from(nonZero, (j) => pre[j]), Float64Array.from(nonZero, (j) => post[j]));
    const pct = new Float64Array(pre.length).fill(NaN);
    nonZero.forEach((j, k) => (pct[j] = pctSub[k]));
    ctx.ledger.add({ stage: ctx.stageId, action: 'flagged', unit: 'patients', count: pre.length - nonZero.length, reason: 'zero-baseline', detail: `${oc}: percent change is undefined for a baseline score of 0 (left missing)` });
    const outCols: Record<string, Float64Array> = {
      rci: new Float64Array(total).fill(NaN),
      cat: new Float64Array(total).fill(NaN),
      rg: new Float64Array(total).fill(NaN),
      rgz: new Float64Array(total).fill(NaN),
      pct: new Float64Array(total).fill(NaN),
    };
    idx.forEach((i, j) => {
      outCols.rci[i] = rc.rci ? rc.rci[j] : rc.change[j] / rc.rcValue;
      outCols.cat[i] = rc.category[j];
      outCols.rg[i] = rg ? rg.raw[j] : NaN;
      outCols.rgz[i] = rg ? rg.standardized[j] : NaN;
      outCols.pct[i] = pct[j];
    });
    // The new columns are stored on their own and put beside the source's rows by a view (both
    // tables scan in stored order), so the per-patient table is not copied: writing all its
    // columns again cost about 0.3 s at 100,000 patients.
    const cols = `${tableName(ctx.stageId)}__cols`;
    await ctx.db.writeNumeric(cols, outCols);
    const labels = RELIABLE_CHANGE_LABELS.map((l, i) => `WHEN ${i} THEN '${l}'`).join(' ');
    await ctx.db.run(
      `CREATE VIEW ${sqlIdent(tableName(ctx.stageId))} AS
       SELECT p.*, c.rci AS ${sqlIdent(`${oc}_rci`)}, CASE c.cat::INTEGER ${labels} END AS ${sqlIdent(`${oc}_rc_category`)},
              c.rg AS ${sqlIdent(`${oc}_residual_gain`)}, c.rgz AS ${sqlIdent(`${oc}_residual_gain_z`)}, c.pct AS ${sqlIdent(`${oc}_pct_change`)}
       FROM ${sqlIdent(tableName(o.from))} p POSITIONAL JOIN ${sqlIdent(cols)} c`,
    );
    const n = rc.n;
    const counts = RELIABLE_CHANGE_LABELS.map((l) => ({ category: l, n: rc.counts[l], percent: (100 * rc.counts[l]) / n }));
    const norms = {
      method: rc.method,
      direction,
      sd: method === 'rci' ? sdPre : null,
      sdSource: method === 'rci' ? (o.sd !== undefined ? 'given in the spec' : 'SD of the baseline scores in this sample') : null,
      reliability: method === 'rci' ? reliability : null,
      reliabilitySource: method === 'rci' ? (o.reliability !== undefined ? 'given in the spec' : `${inst?.name} ${inst?.definedInSpec ? 'reliability from its definition in the pipeline' : 'default'}`) : null,
      criterion: rc.criterion,
      rcValue: rc.rcValue,
      cutoff: cutoff ?? null,
      cutoffSource: cutoff !== undefined ? cutoffSource : 'none: recovered cannot be distinguished from improved',
      cutoffs: cuts ?? null,
    };
    // printed like the other values of the text: two decimals (a whole-number cut-off as it is);
    // results.json keeps the full value
    const cutoffText = cutoff === undefined ? '' : formatNumber(cutoff, Number.isInteger(cutoff) ? 0 : 2);
    // the plot's range: the instrument's total range on the scale scored (an item-mean score spans min..max)
    const [lo, hi] = inst ? totalRange(inst, src.scoredWith?.get(oc)?.aggregate ?? inst.aggregate) : [Math.min(...pre, ...post), Math.max(...pre, ...post)];
    const catLabels = Array.from(rc.category, (c) => RELIABLE_CHANGE_LABELS[c]);
    const shown = sampleForFigure(Array.from(pre, (v, j) => ({ pre: v, post: post[j], category: catLabels[j] })), 5000, ctx.seed, 'patients');
    const blocks: ReportBlock[] = [
      {
        kind: 'text',
        text: `Reliable change for ${oc} (${direction}): ${rc.method === 'jacobson-truax' ? `Jacobson–Truax RCI with SD = ${sdPre!.toFixed(2)} (${norms.sdSource}) and reliability = ${formatReliability(reliability!)} (${norms.reliabilitySource}), so a change of at least ${rc.rcValue.toFixed(2)} points (|RCI| > ${rc.criterion}) is reliable` : `a fixed reliable-change value of ${rc.rcValue} points`}; clinical cut-off ${cutoff !== undefined ? `${cutoffText} (${cutoffSource})` : 'not given'}. ${rg ? `Residualized gain: post regressed on pre (b = ${formatNumber(rg.slope, 3)}).` : `Residualized gain not computed: ${rgWhy}.`}`,
      },
      {
        kind: 'table',
        id: `${ctx.stageId}-reliable-change`,
        caption: `Reliable and clinically significant change in ${oc} (Jacobson & Truax, 1991), n = ${n}`,
        columns: [
          { key: 'category', label: 'Category' },
          { key: 'n', label: 'n', format: 'int' },
          { key: 'percent', label: '%', format: 'num1' },
        ],
        rows: counts,
      },
      {
        kind: 'figure',
        id: `${ctx.stageId}-jacobson-truax`,
        title: `Jacobson–Truax plot of ${oc}`,
        description: `Pre against post ${oc} for ${n.toLocaleString('en-US')} patients; dashed lines show no change and ±${rc.rcValue.toFixed(2)} points (reliable change)${cutoff !== undefined ? `; blue lines mark the cut-off ${cutoffText}` : ''}. ${counts.map((c) => `${c.category} ${c.n.toLocaleString('en-US')} (${c.percent.toFixed(1)}%)`).join(', ')}.${shown.note ? ` ${shown.note}` : ''}`,
        spec: jacobsonTruaxPlot({ points: shown.rows, rcValue: rc.rcValue, cutoff, min: lo, max: hi, title: `Reliable change in ${oc}`, measure: oc }),
      },
    ];
    return {
      table: shape(src, ctx.stageId, oc),
      result: { outcome: oc, n, norms, counts, residualizedGain: rg ? { intercept: rg.intercept, slope: rg.slope, r: rg.r } : { intercept: null, slope: null, r: null, notComputed: rgWhy }, signConvention: `RCI keeps the raw sign (post − pre); for ${direction} scales improvement is ${direction === 'lower-is-better' ? 'negative' : 'positive'}` },
      sections: [{ id: ctx.stageId, title: `Outcome change (${oc})`, blocks }],
      methods: [
        `Reliable and clinically significant change was classified after Jacobson and Truax (1991) (${rc.method === 'jacobson-truax' ? `RCI with SD ${sdPre!.toFixed(2)} and reliability ${formatReliability(reliability!)}` : `reliable-change value ${rc.rcValue} points`}${cutoff !== undefined ? `, cut-off ${cutoffText}` : ''})${rg ? '; residualized gain scores came from the regression of post- on pre-treatment scores' : ''}.`,
      ],
      citations: [JACOBSON_TRUAX_1991],
    };
  },
};

function shape(src: TableShape, id: string, oc: string): TableShape {
  const columns = new Map(src.columns);
  for (const c of ['rci', 'residual_gain', 'residual_gain_z', 'pct_change']) columns.set(`${oc}_${c}`, 'number');
  columns.set(`${oc}_rc_category`, 'string');
  // the new columns are missing by design where the change is (not pct_change: also for a zero baseline)
  const byChange = src.missingByDesign?.get(`${oc}_change`);
  const missingByDesign = new Map(src.missingByDesign);
  if (byChange) for (const c of ['rci', 'residual_gain', 'residual_gain_z', 'rc_category']) missingByDesign.set(`${oc}_${c}`, byChange);
  return { ...src, id, columns, roles: { ...src.roles }, ...(src.missingByDesign ? { missingByDesign } : {}) };
}

/**
 * Refuses an instrument's cut-off or reliable-change value for an outcome on another scale (plan
 * time): scored with another instrument, a subscale (the values are for the total), or the item
 * mean where they are for the sum (or the reverse), which would class every patient by a number
 * on the wrong scale (QA found PHQ-9's sum cut-off of 10 applied to item means of
 * 0–3: no patient recovered). A cut-off given in the spec must lie inside the scale's range.
 */
function checkInstrumentScale(
  o: { outcome: string; cutoff?: number; rcValue?: number; norms?: unknown },
  inst: InstrumentDefinition,
  scored: { instrument: string; scale: string; aggregate: 'sum' | 'mean' } | undefined,
  method: 'rci' | 'fixed',
  ctx: { fail(optionPath: string, message: string): void },
): void {
  const aggregate = scored?.instrument === inst.key ? scored.aggregate : inst.aggregate;
  const [lo, hi] = totalRange(inst, aggregate);
  const onTotal = !scored || (scored.instrument === inst.key && scored.scale === 'total');
  if (o.cutoff !== undefined && onTotal && !(o.cutoff > lo && o.cutoff < hi))
    ctx.fail('cutoff', `cutoff ${o.cutoff} is not inside the range of ${o.outcome} (${inst.name}, ${aggregate === 'sum' ? `sum of ${inst.items} items` : 'item mean'}: ${lo} to ${hi})`);
  if (!scored) return;
  // the instrument's values the stage would use, each with the option that replaces it
  const used = [
    ...(o.cutoff === undefined && !o.norms && inst.cutoff !== undefined ? [{ what: 'cut-off', value: inst.cutoff, option: 'cutoff:' }] : []),
    ...(method === 'fixed' && o.rcValue === undefined && inst.reliableChange !== undefined ? [{ what: 'reliable-change value', value: inst.reliableChange, option: 'rcValue:' }] : []),
  ];
  if (used.length === 0) return;
  const values = `${inst.name}'s ${used.map((u) => `${u.what} (${u.value})`).join(' and ')}`;
  const verb = used.length > 1 ? 'are' : 'is';
  const options = used.map((u) => u.option).join(' and ');
  if (scored.instrument !== inst.key) {
    ctx.fail('instrument', `${o.outcome} was scored with instrument '${scored.instrument}', not '${inst.key}', so ${values} ${verb} not on its scale; name the instrument that scored it, or give ${options}`);
  } else if (scored.scale !== 'total') {
    ctx.fail('instrument', `${o.outcome} is ${inst.name}'s ${scored.scale} subscale, and ${values} ${verb} for its total; give ${options} for the subscale`);
  } else if (scored.aggregate !== inst.aggregate) {
    // an item mean is the sum divided by the number of items
    const toScored = (v: number) => (scored.aggregate === 'mean' ? `${v} / ${inst.items} = ${formatNumber(v / inst.items, 2)}` : `${v} × ${inst.items} = ${formatNumber(v * inst.items, 2)}`);
    ctx.fail(
      'instrument',
      `${o.outcome} was scored as the item ${scored.aggregate} (score stage, aggregate: ${scored.aggregate}), but ${values} ${verb} on the ${inst.aggregate === 'sum' ? `sum of its ${inst.items} items` : 'item mean'}; give ${options} on the scale scored (${used.map((u) => `${u.what} ${toScored(u.value)}`).join(', ')}), or score with aggregate: ${inst.aggregate}`,
    );
  }
}

/**
 * Refuses pre or post scores outside the named instrument's total range, for an outcome that no
 * score stage scored (a trial's precomputed totals): a missing-value code such as -99 or 999 would
 * otherwise be classified as a change (found by QA). The range is the total's as the instrument
 * scores it (the PHQ-9 sum: 0 to 27).
 */
function refuseOutOfRange(oc: string, inst: InstrumentDefinition, pre: Float64Array, post: Float64Array, from: string): void {
  const [lo, hi] = totalRange(inst, inst.aggregate);
  let n = 0;
  let example: number | undefined;
  for (const v of [pre, post]) for (let i = 0; i < v.length; i++) if (v[i]! < lo || v[i]! > hi) (n++, (example ??= v[i]));
  if (n > 0)
    throw new StatInputError(
      `${n} of the ${oc}_baseline and ${oc}_final scores of '${from}' lie outside ${inst.name}'s range ${lo} to ${hi} (e.g. ${example}); if they are missing-value codes, declare them with ingest's missingCodes, else check the instrument named`,
    );
}
