import { Type } from '@sinclair/typebox';
import { sqlIdent } from '../engine/duckdb-session.ts';
import { tableName, type ScoredInstrument, lacksSeriesRoles } from '../engine/table-shape.ts';
import { reliabilityIntervals } from '../report/figures/reliability-intervals.ts';
import { formatCell, formatLevel } from '../report/format/index.ts';
import type { CellValue, ReportBlock } from '../report/types.ts';
import { StatInputError } from '../stats/errors.ts';
import { cronbachAlphaFromCovariance, itemCovariance, omegaTotalFromCovariance, type ItemCovariance } from '../stats/reliability/index.ts';
import type { StageDefinition } from './stage-definition.ts';
import { checkApart } from './check-apart.ts';

const options = Type.Object(
  {
    from: Type.String({ description: 'Id of the score stage (session-level table with the item columns)' }),
    instruments: Type.Optional(Type.Array(Type.String(), { minItems: 1, description: 'Prefixes of the scored instruments to analyse (default: all of them)' })),
    rows: Type.Optional(
      Type.Union([Type.Literal('first'), Type.Literal('all')], {
        default: 'first',
        description: "'first': the first session of each patient (independent rows); 'all': every session pooled (violates independence; descriptive only)",
      }),
    ),
    level: Type.Optional(Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.95, description: 'Confidence level of the Feldt interval' })),
  },
  { additionalProperties: false },
);

/** Alpha if one item is dropped, with that item's corrected item–total correlation. */
export interface ItemDropRow {
  item: string;
  reversed: boolean;
  rDrop: number;
  rawAlpha: number;
  stdAlpha: number;
}

/** Reliability of one scale (total or subscale) of one scored instrument. */
export interface ScaleReliability {
  prefix: string;
  instrument: string;
  scale: string;
  /** Item columns in item order; `reversed` ones were rescored as (min + max) − x first. */
  items: string[];
  reversed: string[];
  k: number;
  /** Rows with every item of the scale answered. */
  n: number;
  /** Rows left out because an item of the scale was missing (listwise deletion). */
  excluded: number;
  rawAlpha: number | null;
  stdAlpha: number | null;
  averageR: number | null;
  feldtLower: number | null;
  feldtUpper: number | null;
  /** One-factor ML omega total (null for k < 3 or when the factor model fails; see `note`). */
  omega: number | null;
  alphaIfDropped: ItemDropRow[];
  note: string | null;
}

/**
 * Stage `reliability`: internal consistency of every scale (the total and each subscale) of the
 * instruments scored by a `score` stage — Cronbach's alpha raw and standardized with the Feldt
 * interval, McDonald's omega total from a one-factor ML solution, and alpha if item dropped
 * (kernels in src/stats/reliability/). Reverse-keyed items are rescored before anything is
 * computed; rows are the first session of each patient (default) or all sessions; deletion is
 * listwise per scale and counted in the ledger.
 */
export const reliability: StageDefinition<typeof options> = {
  type: 'reliability',
  summary: "Scale reliability: Cronbach's alpha (raw, standardized, Feldt CI), omega total and alpha if item dropped per scale",
  options,
  plan(o, ctx) {
    const src = ctx.table(o.from, 'from');
    if (!src.instruments.length) ctx.fail('from', `table '${o.from}' has no scored instruments; point 'from' at a score stage`);
    // apart: an option or prefix in doubt (a stage with a schema problem) skips only its own checks
    checkApart(
      () =>
        ctx.eachEntry(o.instruments ?? [], (p, i) => {
          if (!src.instruments.some((s) => s.prefix === p)) ctx.fail(`instruments[${i}]`, `'${o.from}' scored no instrument with prefix '${p}' (it has ${src.instruments.map((s) => `'${s.prefix}'`).join(', ')})`);
        }),
      () => {
        const lacks = lacksSeriesRoles(src);
        if ((o.rows ?? 'first') === 'first' && lacks) ctx.problem('rows', `rows: first needs patient and session columns; table '${o.from}' ${lacks}`);
      },
    );
    for (const s of src.instruments) ctx.instrument(s.instrument, 'from');
    return {};
  },
  async run(o, ctx) {
    const src = ctx.table(o.from);
    const mode = o.rows ?? 'first';
    const level = o.level ?? 0.95;
    const chosen = src.instruments.filter((s) => !o.instruments || o.instruments.includes(s.prefix));
    const { total, columns } = await readItems(o.from, chosen, mode, ctx);
    const scales: ScaleReliability[] = [];
    chosen.forEach((inst, j) => scales.push(...instrumentReliability(inst, total, columns[j], mode, level, ctx)));
    const pct = formatLevel(level);
    const rowsText =
      mode === 'first'
        ? 'Rows: the first recorded session of each patient, so that every row comes from a different person.'
        : 'Rows: every session of every patient pooled. Sessions of the same patient are not independent, so these coefficients describe the pooled data and their Feldt intervals are too narrow; use rows: first for inference.';
    const blocks: ReportBlock[] = [
      { kind: 'text', text: `${rowsText} Reverse-keyed items were rescored as (minimum + maximum) − response before analysis; rows with a missing item were left out of that scale (listwise deletion, counted in the data-quality ledger).` },
      {
        kind: 'table',
        id: `${ctx.stageId}-scales`,
        caption: `Internal consistency per scale (${mode === 'first' ? 'first session per patient' : 'all sessions pooled'})`,
        columns: [
          { key: 'scale', label: 'Scale', format: 'text' },
          { key: 'k', label: 'k', format: 'int' },
          { key: 'n', label: 'n', format: 'int' },
          { key: 'alpha', label: 'α', format: 'r' },
          { key: 'ciLower', label: `${pct} CI lower`, format: 'r' },
          { key: 'ciUpper', label: `${pct} CI upper`, format: 'r' },
          { key: 'stdAlpha', label: 'Std. α', format: 'r' },
          { key: 'omega', label: 'ω total', format: 'r' },
        ],
        rows: scales.map((s) => ({ scale: `${s.prefix}_${s.scale}`, k: s.k, n: s.n, alpha: s.rawAlpha, ciLower: s.feldtLower, ciUpper: s.feldtUpper, stdAlpha: s.stdAlpha, omega: s.omega })),
        note: `α: Cronbach's alpha from the item covariances with the Feldt ${pct} interval; Std. α from the item correlations; ω total from a one-factor maximum-likelihood solution.${scales.some((s) => s.note) ? ` ${scales.filter((s) => s.note).map((s) => `${s.prefix}_${s.scale}: ${s.note}`).join(' ')}` : ''}`,
      },
      {
        kind: 'figure',
        id: `${ctx.stageId}-coefficients`,
        title: 'Internal consistency per scale',
        description: `Cronbach's alpha per scale (circles) with its Feldt ${pct} confidence interval (bars) and omega total (diamonds); dashed lines at .70 and .80, the conventional thresholds (Nunnally & Bernstein, 1994). ${scales
          .filter((s) => s.rawAlpha !== null)
          .map((s) => `${s.prefix}_${s.scale}: α = ${coef(s.rawAlpha!)} [${coef(s.feldtLower!)}, ${coef(s.feldtUpper!)}]${s.omega !== null ? `, ω = ${coef(s.omega)}` : ''}`)
          .join('; ')}.`,
        spec: reliabilityIntervals({
          scales: scales.filter((s) => s.rawAlpha !== null).map((s) => ({ scale: `${s.prefix}_${s.scale}`, alpha: s.rawAlpha!, lower: s.feldtLower!, upper: s.feldtUpper!, omega: s.omega })),
          level: `${pct}`,
          title: `Internal consistency (${mode === 'first' ? 'first session per patient' : 'all sessions pooled'})`,
        }),
      },
      {
        kind: 'table',
        id: `${ctx.stageId}-alpha-if-dropped`,
        caption: 'Alpha if item dropped, with the corrected item–total correlation (r.drop)',
        columns: [
          { key: 'scale', label: 'Scale', format: 'text' },
          { key: 'item', label: 'Item', format: 'text' },
          { key: 'rDrop', label: 'r.drop', format: 'r' },
          { key: 'rawAlpha', label: 'α if dropped', format: 'r' },
          { key: 'stdAlpha', label: 'Std. α if dropped', format: 'r' },
        ],
        rows: scales.flatMap((s) => s.alphaIfDropped.map((d): Record<string, CellValue> => ({ scale: `${s.prefix}_${s.scale}`, item: d.reversed ? `${d.item} (reversed)` : d.item, rDrop: d.rDrop, rawAlpha: d.rawAlpha, stdAlpha: d.stdAlpha }))),
      },
    ];
    return {
      result: { rows: mode, level, scales },
      sections: [{ id: ctx.stageId, title: `Scale reliability (${ctx.stageId})`, blocks }],
      methods: [
        `Internal consistency was estimated per scale on ${mode === 'first' ? "each patient's first session" : 'all sessions pooled'} as Cronbach's (1951) alpha with Feldt's (1965) ${pct} interval, standardized alpha, alpha if item dropped, and McDonald's (1999) omega total from a one-factor maximum-likelihood model, after rescoring reverse-keyed items and with listwise deletion per scale.`,
      ],
      citations: [
        { key: 'cronbach1951', text: 'Cronbach, L. J. (1951). Coefficient alpha and the internal structure of tests. Psychometrika, 16(3), 297–334. https://doi.org/10.1007/BF02310555' },
        { key: 'feldt1965', text: 'Feldt, L. S. (1965). The approximate sampling distribution of Kuder-Richardson reliability coefficient twenty. Psychometrika, 30(3), 357–370. https://doi.org/10.1007/BF02289499' },
        { key: 'mcdonald1999', text: 'McDonald, R. P. (1999). Test theory: A unified treatment. Lawrence Erlbaum.' },
        { key: 'nunnally1994', text: 'Nunnally, J. C., & Bernstein, I. H. (1994). Psychometric theory (3rd ed.). McGraw-Hill.' },
      ],
    };
  },
};

/**
 * A coefficient in the text as in the tables' `r` columns: two decimals, true minus sign, and no
 * leading zero, since alpha, omega and their bounds cannot exceed 1 (APA 7th ed., §6.36); alpha and
 * a Feldt bound can fall below −1, and then keep it.
 */
function coef(v: number): string {
  return formatCell(v, 'r');
}

/**
 * Reads the (reversed where keyed) item columns of every chosen instrument in one scan: the first
 * session of each patient, ordered by patient (so the rows, and every sum over them, come in the
 * same order on every run), or all sessions in table order.
 */
async function readItems(
  from: string,
  chosen: readonly ScoredInstrument[],
  mode: 'first' | 'all',
  ctx: Parameters<(typeof reliability)['run']>[1],
): Promise<{ total: number; columns: Float64Array[][] }> {
  const select = chosen.flatMap((inst, j) => {
    const def = ctx.instrument(inst.instrument);
    const reverse = new Set(def.reverse);
    return inst.itemColumns.map((c, i) => `${reverse.has(i + 1) ? `(${def.min + def.max} - ${sqlIdent(c)})` : sqlIdent(c)} AS s${j}_i${i}`);
  });
  // the patient codes the table carries order as the ids do and partition cheaper
  const codes = ctx.table(from).patientCodes;
  const by = codes ? sqlIdent(codes.column) : 'patient';
  const tail = mode === 'first' ? ` QUALIFY row_number() OVER (PARTITION BY ${by} ORDER BY session) = 1 ORDER BY ${by}` : '';
  const { n, columns } = await ctx.db.readNumeric(`SELECT ${select.join(', ')} FROM ${sqlIdent(tableName(from))}${tail}`);
  return { total: n, columns: chosen.map((inst, j) => inst.itemColumns.map((_, i) => columns[`s${j}_i${i}`])) };
}

/** Alpha and omega for the total and each subscale of one instrument, from its item columns (item order). */
function instrumentReliability(
  inst: ScoredInstrument,
  total: number,
  itemData: Float64Array[],
  mode: 'first' | 'all',
  level: number,
  ctx: Parameters<(typeof reliability)['run']>[1],
): ScaleReliability[] {
  const def = ctx.instrument(inst.instrument);
  const reverse = new Set(def.reverse);
  const all = Array.from({ length: def.items }, (_, i) => i + 1);
  const out: ScaleReliability[] = [];
  for (const [scale, items] of [['total', all] as const, ...Object.entries(def.subscales)]) {
    const cols = items.map((i) => itemData[i - 1]);
    const { keep, rows } = completeRows(cols, total);
    const names = items.map((i) => inst.itemColumns[i - 1]);
    ctx.ledger.add({
      stage: ctx.stageId,
      action: 'excluded',
      unit: mode === 'first' ? 'patients' : 'sessions',
      count: total - keep,
      reason: 'incomplete-items',
      detail: `${inst.prefix}_${scale}: ${mode === 'first' ? 'first sessions' : 'sessions'} with a missing item left out of its reliability (listwise)`,
    });
    const row: ScaleReliability = {
      prefix: inst.prefix,
      instrument: inst.instrument,
      scale,
      items: names,
      reversed: items.filter((i) => reverse.has(i)).map((i) => inst.itemColumns[i - 1]),
      k: items.length,
      n: keep,
      excluded: total - keep,
      rawAlpha: null,
      stdAlpha: null,
      averageR: null,
      feldtLower: null,
      feldtUpper: null,
      omega: null,
      alphaIfDropped: [],
      note: null,
    };
    const notes: string[] = [];
    // one covariance matrix per scale, on its complete rows, for alpha and omega alike
    let covariance: ItemCovariance | null = null;
    try {
      covariance = itemCovariance(cols, names, rows);
      const a = cronbachAlphaFromCovariance(covariance, { level });
      Object.assign(row, { rawAlpha: a.rawAlpha, stdAlpha: a.stdAlpha, averageR: a.averageR, feldtLower: a.feldtLower, feldtUpper: a.feldtUpper });
      if (a.alphaIfDropped) {
        const d = a.alphaIfDropped;
        row.alphaIfDropped = names.map((item, j) => ({ item, reversed: reverse.has(items[j]), rDrop: a.itemTotal.rDrop[j], rawAlpha: d.raw[j], stdAlpha: d.std[j] }));
      }
    } catch (e) {
      if (!(e instanceof StatInputError)) throw e;
      notes.push(`alpha not computed (${e.message})`);
    }
    if (items.length >= 3 && row.rawAlpha !== null && covariance) {
      try {
        row.omega = omegaTotalFromCovariance(covariance).omega;
      } catch (e) {
        if (!(e instanceof StatInputError)) throw e;
        notes.push(`omega not computed (${e.message})`);
      }
    } else if (items.length < 3) notes.push('omega needs at least 3 items');
    if (notes.length) row.note = `${notes.join('; ')}.`;
    if (notes.some((t) => t.includes('not computed'))) {
      ctx.ledger.add({ stage: ctx.stageId, action: 'flagged', unit: 'values', count: 1, reason: 'reliability-not-computed', detail: `${inst.prefix}_${scale}: ${row.note}` });
    }
    out.push(row);
  }
  return out;
}

/** Listwise deletion: flags the rows with every column present (1) and counts them; the kernels read the flagged rows in place. */
function completeRows(cols: readonly Float64Array[], total: number): { keep: number; rows: Uint8Array } {
  const rows = new Uint8Array(total).fill(1);
  for (const c of cols) for (let r = 0; r < total; r++) if (Number.isNaN(c[r])) rows[r] = 0;
  let keep = 0;
  for (let r = 0; r < total; r++) keep += rows[r];
  return { keep, rows };
}
