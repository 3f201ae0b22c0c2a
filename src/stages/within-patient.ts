import { Type } from '@sinclair/typebox';
import { sqlIdent } from '../engine/duckdb-session.ts';
import { tableName, type TableShape, lacksSeriesRoles } from '../engine/table-shape.ts';
import { rowsByCode } from '../engine/rows-by-code.ts';
import { withinPatientScatter } from '../report/figures/within-patient-scatter.ts';
import { apaCorrelation, formatLevel, formatNumber, roundLikeR } from '../report/format/index.ts';
import { sampleForFigure } from '../report/sample/index.ts';
import type { ReportBlock } from '../report/types.ts';
import { withinBetweenRuns, type RmcorrResult, type StatsByResult } from '../stats/correlation/index.ts';
import type { StageDefinition } from './stage-definition.ts';
import { planSourceTable } from './plan-source-table.ts';

const MAX_POINTS = 5000;

const options = Type.Object(
  {
    from: Type.String({ description: 'Id of a session-level stage (usually the score stage)' }),
    pairs: Type.Array(
      Type.Object(
        {
          x: Type.String({ description: 'Session-level predictor, e.g. wai_total (taken at session t)' }),
          y: Type.String({ description: 'Session-level outcome, e.g. phq_total (taken at the session `lag` rows later); x itself only with a lag' }),
          lag: Type.Optional(Type.Integer({ minimum: 0, maximum: 50, default: 0, description: 'y from the session this many recorded sessions after x (LEAD over the patient ordered by session); 0 = same session' })),
          yAs: Type.Optional(
            Type.Union([Type.Literal('score'), Type.Literal('change'), Type.Literal('improvement')], {
              default: 'score',
              description: "'score': y at t + lag; 'change': y(t + lag) − y(t); 'improvement': change oriented so positive is better (sign flipped for higher-is-worse scales); change and improvement need lag ≥ 1",
            }),
          ),
          yHigherIsBetter: Type.Optional(Type.Boolean({ description: 'Direction of y for yAs: improvement (only then); taken from the instrument definition when y is a scored scale' })),
          label: Type.Optional(Type.String()),
        },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
    minPairs: Type.Optional(Type.Integer({ minimum: 2, default: 2, description: 'Patients with fewer complete (x, y) pairs than this are left out (and counted in the ledger)' })),
    level: Type.Optional(Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.95, description: 'Confidence level' })),
  },
  { additionalProperties: false },
);

type Pair = (typeof options)['static']['pairs'][number];

/** One within-patient analysis: rmcorr and the statsBy within/between split on the same pairs. */
export interface WithinPatientRow {
  x: string;
  y: string;
  lag: number;
  yAs: 'score' | 'change' | 'improvement';
  label: string;
  /** Complete (x, y) pairs analysed. */
  n: number;
  patients: number;
  /** Session rows without a complete pair (missing x, or no y at t + lag), `lastSessions` included. */
  incompletePairs: number;
  /** Of those, each patient's last `lag` rows, which have no row `lag` later (0 at lag 0). */
  lastSessions: number;
  /** Patients left out for having some but fewer than `minPairs` complete pairs (R: `sum(table(pid) < minPairs)` over the complete pairs), and their pairs. */
  droppedPatients: number;
  droppedPairs: number;
  /** Patients of the table without a single complete pair; with `patients` and `droppedPatients`, every patient of the table. */
  noPairPatients: number;
  rmcorr: RmcorrResult;
  statsBy: StatsByResult;
  apa: { rmcorr: string; within: string; between: string };
}

/**
 * Stage `within-patient` (session level): the repeated-measures correlation (Bakdash & Marusich
 * 2017) between two session-level columns across the sessions of each patient — optionally x at
 * session t with y, its change or its improvement at the session `lag` recorded sessions later
 * (the LEAD over the patient ordered by session, taken on the sorted rows) — and the within/between split
 * of the same correlation as psych::statsBy gives it. Separates the state-like (within-patient)
 * from the trait-like (between-patient) alliance–outcome association.
 */
export const withinPatient: StageDefinition<typeof options> = {
  type: 'within-patient',
  summary: 'Repeated-measures (within-patient) correlation across sessions, optionally lagged, with the within/between split',
  options,
  plan(o, ctx) {
    const src = planSourceTable(ctx, o.from, 'from');
    // a problem, not a stop: the pairs' own checks do not depend on the table's grain or roles
    const lacks = src ? lacksSeriesRoles(src) : '';
    if (src && src.grain !== 'session') ctx.problem('from', `'${o.from}' is not a session-level table${lacks && ` and ${lacks}`}`);
    else if (lacks) ctx.problem('from', `table '${o.from}' ${lacks}`);
    ctx.eachEntry(o.pairs, (p, i) => {
      if (src) ctx.requireColumn(src, p.x, `pairs[${i}].x`, 'number');
      if (src) ctx.requireColumn(src, p.y, `pairs[${i}].y`, 'number');
      // a column with itself in the same session is 1 by construction; lagged, it is a real question (does it carry over?)
      if (p.y === p.x && !(p.lag ?? 0) && (p.yAs ?? 'score') === 'score') ctx.problem(`pairs[${i}].y`, `the same column as x ('${p.x}') in the same session: a column correlates 1 with itself; name another column, or give a lag to relate it to a later session`);
      if ((p.yAs ?? 'score') !== 'score' && !(p.lag ?? 0)) ctx.fail(`pairs[${i}].lag`, `yAs: ${p.yAs} needs lag ≥ 1 (change from session t to t + lag)`);
      // only yAs: improvement reads y's direction: beside score or change it was ignored
      if (p.yHigherIsBetter !== undefined && p.yAs !== 'improvement') ctx.problem(`pairs[${i}].yHigherIsBetter`, `yHigherIsBetter orients y for yAs: improvement, and this pair takes y as ${p.yAs ?? 'score'}; set yAs: improvement or drop yHigherIsBetter`);
      if (src && p.yAs === 'improvement' && yDirection(p, src) === undefined) ctx.fail(`pairs[${i}].yHigherIsBetter`, `'${p.y}' is not a scored instrument scale, so its direction is unknown: give yHigherIsBetter: true or false`);
    });
    return {};
  },
  async run(o, ctx) {
    const src = ctx.table(o.from);
    const level = o.level ?? 0.95;
    const minPairs = o.minPairs ?? 2;
    const rows: WithinPatientRow[] = [];
    const blocks: ReportBlock[] = [];
    const read = await readPairs(o.pairs, src, tableName(o.from), ctx.db);
    // each pair's kept pairs, reused by the next pair once its figure is drawn
    const work = { x: new Float64Array(read.xs[0].length), y: new Float64Array(read.xs[0].length) };
    for (const [i, pair] of o.pairs.entries()) {
      const flip = pair.yAs === 'improvement' && !(yDirection(pair, src) ?? false);
      const { row, centred } = analysePair(pair, flip, read.start, read.xs[i], read.ys[i], work, minPairs, level, ctx);
      rows.push(row);
      // Sample session indices (not objects), then centre only the ones drawn.
      const fig = sampleForFigure(sessionIndices(row.n), MAX_POINTS, ctx.seed, 'sessions');
      const points = Array.from(fig.rows, (j) => {
        const k = runOf(centred.start, j);
        return { x: roundLikeR(centred.x[j] - centred.meanX[k], 3), y: roundLikeR(centred.y[j] - centred.meanY[k], 3) };
      });
      blocks.push({
        kind: 'figure',
        id: `${ctx.stageId}-centred-${i + 1}`,
        title: `${row.label}: within-patient association`,
        description: `Each point is one session: ${row.x} and ${yName(row)} as deviations from the patient's own mean (${row.n.toLocaleString('en-US')} sessions of ${row.patients.toLocaleString('en-US')} patients); the line through the origin has the common within-patient slope ${formatNumber(row.rmcorr.slope, 3)}; ${row.apa.rmcorr}.${fig.sampled ? ` ${fig.note} The slope and statistics use all sessions.` : ''}`,
        spec: withinPatientScatter({ points, slope: row.rmcorr.slope, xTitle: `${row.x} (centred within patient)`, yTitle: `${yName(row)} (centred within patient)`, title: row.label }),
      });
    }
    const pct = formatLevel(level);
    blocks.unshift(
      {
        kind: 'table',
        id: `${ctx.stageId}-within-patient`,
        caption: `Within-patient (repeated-measures) and between-patient correlations across sessions (${pct} CI)`,
        columns: [
          { key: 'label', label: 'Pair', format: 'text' },
          { key: 'patients', label: 'Patients', format: 'int' },
          { key: 'n', label: 'Sessions', format: 'int' },
          { key: 'rrm', label: 'r rm', format: 'r' },
          { key: 'rrmLower', label: 'CI lower', format: 'r' },
          { key: 'rrmUpper', label: 'CI upper', format: 'r' },
          { key: 'df', label: 'df', format: 'df' },
          { key: 'p', label: 'p', format: 'p' },
          { key: 'rBetween', label: 'r between', format: 'r' },
          { key: 'pBetween', label: 'p between', format: 'p' },
        ],
        rows: rows.map((r) => ({ label: r.label, patients: r.patients, n: r.n, rrm: r.rmcorr.r, rrmLower: r.rmcorr.ciLower, rrmUpper: r.rmcorr.ciUpper, df: r.rmcorr.df, p: r.rmcorr.p, rBetween: r.statsBy.between.r, pBetween: r.statsBy.between.p })),
        note: `r rm: repeated-measures correlation (common within-patient slope; df = sessions − patients − 1). r between: correlation of the patient means, each patient weighted by its number of sessions (psych::statsBy). Patients with fewer than ${minPairs} complete pairs are left out (see the data-quality ledger).`,
      },
      ...rows.map((r): ReportBlock => ({ kind: 'text', text: `${r.label}: within patients ${r.apa.rmcorr}; pooled within-group ${r.apa.within}; between patients ${r.apa.between}.` })),
      {
        kind: 'text',
        text: `How to read this: the within-patient correlation asks whether, in sessions where a patient's ${rows[0].x} is higher than that patient's own average, ${yName(rows[0])} is also higher (state-like association; stable differences between patients are removed). The between-patient correlation asks whether patients with a higher average ${rows[0].x} also have a higher average ${yName(rows[0])} (trait-like association). ${rows.some((r) => r.lag > 0) ? 'Lagged pairs relate the predictor to the outcome (or its change) at a later session, so that later outcome cannot have caused the predictor value; they do not rule out that earlier symptom change drove both.' : 'Same-session pairs cannot tell which came first; add a lag to relate the predictor to later outcome.'}`,
      },
    );
    return {
      result: { level, minPairs, correlations: rows },
      sections: [{ id: ctx.stageId, title: `Within-patient associations across sessions (${ctx.stageId})`, blocks }],
      methods: [
        `Within-patient associations across sessions were estimated as repeated-measures correlations (Bakdash & Marusich, 2017) — the common slope of the ANCOVA of y on x with patient as a factor, tested on N − k − 1 df with a Fisher-z interval — and split into pooled within-patient and between-patient (patient-mean) correlations as in psych::statsBy (Revelle, 2024; Pedhazur, 1997); lagged pairs used y at the next recorded session(s) of the same patient, and patients with fewer than ${minPairs} complete pairs were left out.`,
      ],
      citations: [
        { key: 'bakdash2017', text: 'Bakdash, J. Z., & Marusich, L. R. (2017). Repeated measures correlation. Frontiers in Psychology, 8, 456. https://doi.org/10.3389/fpsyg.2017.00456' },
        { key: 'revelle-psych', text: 'Revelle, W. (2024). psych: Procedures for psychological, psychometric, and personality research (R package). Northwestern University. https://CRAN.R-project.org/package=psych' },
        { key: 'pedhazur1997', text: 'Pedhazur, E. J. (1997). Multiple regression in behavioral research: Explanation and prediction (3rd ed.). Harcourt Brace.' },
      ],
    };
  },
};

/** Whether higher y is better: from the pair, else from the scored instrument that produced y. */
function yDirection(pair: Pair, src: TableShape): boolean | undefined {
  return pair.yHigherIsBetter ?? src.instruments.find((i) => i.scales.some((s) => `${i.prefix}_${s}` === pair.y))?.higherIsBetter;
}

function yName(r: Pick<WithinPatientRow, 'y' | 'lag' | 'yAs'>): string {
  if (!r.lag) return r.y;
  const at = `t+${r.lag}`;
  return r.yAs === 'score' ? `${r.y} at ${at}` : r.yAs === 'change' ? `${r.y} change t→${at}` : `${r.y} improvement t→${at}`;
}

/**
 * Reads every pair's x and y in one scan of the session table, sorted by (patient, session):
 * patient j (in id order: the table's own patient codes, the rows put in order by rowsByCode; or
 * ranked on the distinct ids and joined when it has none) is rows start[j]…start[j+1]−1, each
 * distinct column is read once; analysePair takes the lead / change / improvement `lag`
 * sessions later from the sorted rows (the next rows of the same patient), which is what LEAD
 * over the patient ordered by session gives, without a window sort in SQL.
 */
async function readPairs(
  pairs: readonly Pair[],
  src: TableShape,
  table: string,
  db: Parameters<(typeof withinPatient)['run']>[1]['db'],
): Promise<{ start: Int32Array; xs: Float64Array[]; ys: Float64Array[] }> {
  const names: string[] = [];
  const slot = (c: string): number => {
    const k = names.indexOf(c);
    return k >= 0 ? k : names.push(c) - 1;
  };
  const xi = pairs.map((p) => slot(p.x));
  const yi = pairs.map((p) => slot(p.y));
  const t = sqlIdent(table);
  const values = names.map((c, j) => `d.${sqlIdent(c)} AS v${j}`).join(', ');
  let start: Int32Array;
  let col: Float64Array[];
  if (src.patientCodes) {
    // the patient codes the table carries (0-based, in id order; session numbers are unique per
    // patient): read in scan order and put in (patient, session) order here, which for a table
    // stored in that order is one pass instead of a sort of every row
    const { columns } = await db.readColumns(table, { code: src.patientCodes.column, t: 'session', ...Object.fromEntries(names.map((c, j) => [`v${j}`, c])) });
    const sorted = rowsByCode({ code: new Int32Array(columns.code), keys: [columns.t], values: names.map((_, j) => columns[`v${j}`]) });
    start = runStarts(sorted.code);
    col = sorted.values;
  } else {
    const { columns } = await db.readNumeric(
      `WITH k AS (SELECT patient, row_number() OVER (ORDER BY patient) AS pid FROM (SELECT DISTINCT patient FROM ${t}))
       SELECT k.pid, ${values} FROM ${t} d JOIN k ON d.patient IS NOT DISTINCT FROM k.patient ORDER BY k.pid, d.session`,
    );
    start = runStarts(columns.pid);
    col = names.map((_, j) => columns[`v${j}`]);
  }
  return { start, xs: xi.map((j) => col[j]), ys: yi.map((j) => col[j]) };
}

/** Where each run of equal codes begins, and the row count last: rows start[j]…start[j+1]−1 are patient j's (codes sorted). */
function runStarts(code: ArrayLike<number>): Int32Array {
  const n = code.length;
  let runs = n > 0 ? 1 : 0;
  for (let i = 1; i < n; i++) if (code[i] !== code[i - 1]) runs++;
  const start = new Int32Array(runs + 1);
  for (let i = 1, r = 1; i < n; i++) if (code[i] !== code[i - 1]) start[r++] = i;
  start[runs] = n;
  return start;
}

/**
 * One pair's statistics and ledger counts. ys is the y column itself: with a lag, row i's y is
 * taken as the value, change or improvement (`flip`: sign turned for a higher-is-worse y) at row
 * i + lag of the same patient, NaN past the patient's last row.
 */
function analysePair(
  pair: Pair,
  flip: boolean,
  start: Int32Array,
  xs: Float64Array,
  ys: Float64Array,
  work: { x: Float64Array; y: Float64Array },
  minPairs: number,
  level: number,
  ctx: Parameters<(typeof withinPatient)['run']>[1],
): { row: WithinPatientRow; centred: Centred } {
  const lag = pair.lag ?? 0;
  const yAs = pair.yAs ?? 'score';
  const total = xs.length;
  const score = yAs === 'score';
  // The rows are sorted by patient, so each patient's rows are one run: one pass over the runs
  // copies each patient's complete pairs to the end of x and y and counts them, and takes them
  // back when fewer than minPairs.
  const { x, y } = work;
  const kept = new Int32Array(start.length);
  let patients = 0;
  let m = 0;
  let droppedPairs = 0;
  let incomplete = 0;
  // a patient's last `lag` rows have no row `lag` later: not applicable, whatever the data
  let pastEnd = 0;
  // Patients with fewer than minPairs pairs: too few recorded sessions to have more (not
  // applicable), or enough sessions but missing values (excluded); those with no pair at all are
  // counted apart, so that every patient of the table is either used or in the ledger.
  let droppedPatients = 0;
  let shortPatients = 0;
  let droppedPairsShort = 0;
  let noPair = 0;
  let noPairShort = 0;
  for (let r = 0; r + 1 < start.length; r++) {
    const a = start[r];
    const b = start[r + 1];
    const from = m;
    for (let i = a; i < b; i++) {
      const xi = xs[i];
      let yi = ys[i];
      if (lag) {
        const ahead = i + lag < b ? ys[i + lag] : NaN;
        yi = score ? ahead : flip ? -(ahead - yi) : ahead - yi;
      }
      if (xi === xi && yi === yi) {
        x[m] = xi;
        y[m] = yi;
        m++;
      } else if (i + lag >= b) pastEnd++;
      else incomplete++;
    }
    const pairs = m - from;
    const short = b - a - lag < minPairs;
    if (pairs >= minPairs) {
      kept[patients++] = from;
      continue;
    }
    m = from;
    if (pairs === 0) {
      noPair++;
      if (short) noPairShort++;
    } else {
      droppedPatients++;
      droppedPairs += pairs;
      if (short) {
        shortPatients++;
        droppedPairsShort += pairs;
      }
    }
  }
  kept[patients] = m;
  const row0 = { x: pair.x, y: pair.y, lag, yAs };
  const label = pair.label ?? `${pair.x} × ${yName(row0)}`;
  const missingY = !lag ? `or ${pair.y}` : `${yAs === 'score' ? '' : `or ${pair.y}, `}or ${pair.y} ${lag} recorded session(s) later`;
  const few = minPairs === 2 ? 'only 1 complete pair' : `only 1 to ${minPairs - 1} complete pairs`;
  ctx.ledger.add({ stage: ctx.stageId, action: 'excluded', unit: 'sessions', count: incomplete, reason: 'incomplete-pair', detail: `${label}: sessions with a missing ${pair.x} ${missingY}` });
  ctx.ledger.add({ stage: ctx.stageId, action: 'not-applicable', unit: 'sessions', count: pastEnd, reason: 'no-later-session', detail: `${label}: each patient's last ${lag} recorded session(s), which have no session ${lag} later to pair with` });
  ctx.ledger.add({ stage: ctx.stageId, action: 'excluded', unit: 'patients', count: droppedPatients - shortPatients, reason: 'too-few-pairs', detail: `${label}: patients with enough sessions but ${few} (${droppedPairs - droppedPairsShort} pairs), because of missing values, left out of the within-patient correlation` });
  ctx.ledger.add({ stage: ctx.stageId, action: 'not-applicable', unit: 'patients', count: shortPatients, reason: 'too-few-sessions', detail: `${label}: patients with too few recorded sessions for ${minPairs} pairs${lag ? ` at lag ${lag}` : ''} and ${few} (${droppedPairsShort} pairs) left out of the within-patient correlation` });
  ctx.ledger.add({ stage: ctx.stageId, action: 'excluded', unit: 'patients', count: noPair - noPairShort, reason: 'no-complete-pair', detail: `${label}: patients with enough sessions for ${minPairs} pairs${lag ? ` at lag ${lag}` : ''} but not one complete pair, because of missing values, left out of the within-patient correlation` });
  ctx.ledger.add({ stage: ctx.stageId, action: 'not-applicable', unit: 'patients', count: noPairShort, reason: 'no-complete-pair', detail: `${label}: patients with too few recorded sessions for ${minPairs} pairs${lag ? ` at lag ${lag}` : ''} and not one complete pair, left out of the within-patient correlation` });
  const runs = kept.subarray(0, patients + 1);
  const { rmcorr: rm, statsBy: sb, meanX, meanY } = withinBetweenRuns(runs, x.subarray(0, m), y.subarray(0, m), { level });
  const apa = (r: { r: number; df: number; ciLower: number; ciUpper: number; p: number }, sym: string) =>
    apaCorrelation({ r: r.r, df: r.df, ciLower: r.ciLower, ciUpper: r.ciUpper, p: r.p, level }).replace(/^r\(/, `${sym}(`);
  return {
    row: {
      ...row0,
      label,
      n: m,
      patients: rm.subjects,
      incompletePairs: incomplete + pastEnd,
      lastSessions: pastEnd,
      droppedPatients,
      droppedPairs,
      noPairPatients: noPair,
      rmcorr: rm,
      statsBy: sb,
      apa: { rmcorr: apa(rm, 'r_rm'), within: apa(sb.within, 'r_within'), between: apa(sb.between, 'r_between') },
    },
    centred: { start: runs, x, y, meanX, meanY },
  };
}

/** 0…n−1 as a typed array, cast for sampleForFigure (which only reads `length` and indexes); no 10^6-element JS array. */
function sessionIndices(n: number): number[] {
  const idx = new Int32Array(n);
  for (let j = 0; j < n; j++) idx[j] = j;
  return idx as unknown as number[];
}

/** The pairs kept, by patient (rows start[k]…start[k+1]−1) with each patient's means: x[j] − meanX[k] is row j centred within its patient. */
interface Centred {
  start: Int32Array;
  x: Float64Array;
  y: Float64Array;
  meanX: Float64Array;
  meanY: Float64Array;
}

/** The patient k whose rows start[k]…start[k+1]−1 hold row j (binary search). */
function runOf(start: Int32Array, j: number): number {
  let lo = 0;
  let hi = start.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (start[mid] <= j) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
