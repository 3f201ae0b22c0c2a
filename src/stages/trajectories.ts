import { Type } from '@sinclair/typebox';
import { sqlIdent, sqlString, type DuckDBSession } from '../engine/duckdb-session.ts';
import { identifierRole, tableName } from '../engine/table-shape.ts';
import { rowsByCode } from '../engine/rows-by-code.ts';
import { trajectoriesChart, type TrajectoryPoint } from '../report/figures/trajectories.ts';
import { formatCount, formatLevel, roundLikeR } from '../report/format/index.ts';
import type { ReportBlock } from '../report/types.ts';
import { qt } from '../stats/distributions/index.ts';
import { momentsByCode, type CodeMoments } from '../stats/grouped/index.ts';
import type { StageDefinition } from './stage-definition.ts';
import { checkApart } from './check-apart.ts';

const options = Type.Object(
  {
    from: Type.String({ description: 'Session-level stage id (usually the score stage)' }),
    variables: Type.Array(Type.String(), { minItems: 1, description: 'Session-level columns to describe, e.g. [wai_total, phq_total]' }),
    by: Type.Optional(Type.String({ description: 'Grouping column (default: modality when present)' })),
    maxSession: Type.Optional(Type.Integer({ minimum: 1, default: 20, description: 'Last session drawn' })),
    minN: Type.Optional(Type.Integer({ minimum: 2, default: 5, description: 'Session × group cells with fewer scores are not drawn and are left out of results.json; they are counted in the data-quality ledger (flagged, small-cell-suppressed)' })),
    level: Type.Optional(Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.95 })),
  },
  { additionalProperties: false },
);

/**
 * Stage `trajectories`: sample description — patients, sessions and scores per group, and the
 * mean course of each variable across sessions per group with t-based confidence bands
 * (mean ± t(n−1)·SD/√n). Counts of patients, therapists and rows come from SQL; the means and
 * SDs are R's to the last bit (trajectoryMoments).
 */
export const trajectories: StageDefinition<typeof options> = {
  type: 'trajectories',
  summary: 'Sample description and mean trajectories by session and group (e.g. alliance and symptoms by modality)',
  options,
  plan(o, ctx) {
    const src = ctx.table(o.from, 'from');
    checkApart(
      () => ctx.eachEntry(o.variables, (v, i) => ctx.requireColumn(src, v, `variables[${i}]`, 'number')),
      () => {
        if (o.by) ctx.requireColumn(src, o.by, 'by');
      },
    );
    if (!src.roles.session) ctx.fail('from', `table '${o.from}' has no session column`);
    return {};
  },
  async run(o, ctx) {
    const src = ctx.table(o.from);
    const by = o.by ?? (src.roles.modality ? 'modality' : undefined);
    const level = o.level ?? 0.95;
    const maxSession = o.maxSession ?? 20;
    const minN = o.minN ?? 5;
    const t = sqlIdent(tableName(o.from));
    const g = groupLabel(by);
    // counting distinct integer patient codes, when the table carries them, is cheaper than distinct text ids
    const patient = src.patientCodes ? sqlIdent(src.patientCodes.column) : 'patient';
    const desc = await ctx.db.rows(
      `SELECT ${g} AS grp, count(DISTINCT ${patient})::DOUBLE AS patients, count(*)::DOUBLE AS sessions,
        ${src.roles.therapist ? 'count(DISTINCT therapist)::DOUBLE' : 'NULL'} AS therapists
       FROM ${t} GROUP BY ALL ORDER BY grp`,
    );
    // desc lists the groups in the same ORDER BY order: the ENUM of the moments' group codes without another scan
    const moments = await trajectoryMoments(ctx.db, tableName(o.from), by, o.variables, maxSession, (desc as { grp: string }[]).map((r) => r.grp));
    const codeOf = new Map(moments.groups.map((grp, j) => [grp, j]));
    for (const r of desc) {
      const j = codeOf.get(r.grp as string)!;
      moments.overall.forEach((m, i) => ((r[`m${i}`] = m.mean[j]), (r[`s${i}`] = m.sd[j])));
    }
    // grouped by patient or therapist: pseudonyms in the report unless it may show identifiers
    const groups = (desc as { grp: string }[]).map((r) => r.grp);
    const role = identifierRole(src, by);
    const labels = role ? await ctx.pseudonyms(groups, role, ['(missing)']) : groups;
    const labelOf = new Map(groups.map((grp, i) => [grp, labels[i]!]));
    for (const r of desc as { grp: string }[]) r.grp = labelOf.get(r.grp)!;
    const points: TrajectoryPoint[] = [];
    let hidden = 0;
    for (const [i, v] of o.variables.entries()) {
      const m = moments.cells[i]!;
      const withheld: string[] = [];
      // the scores in the withheld cells: the ledger's unit is values, one per session score
      let values = 0;
      for (let c = 0; c < moments.cellGroup.length; c++) {
        const r = { grp: moments.groups[moments.cellGroup[c]!]!, session: moments.cellSession[c]!, n: m.n[c]!, mean: m.mean[c]!, sd: m.sd[c]! };
        // a cell without a score of v (the other variables have some there) withholds nothing
        if (r.n === 0) continue;
        if (r.n < minN) {
          withheld.push(`${labelOf.get(r.grp) ?? r.grp} session ${r.session} (n = ${r.n})`);
          values += r.n;
          continue;
        }
        const half = qt((1 + level) / 2, r.n - 1) * (r.sd / Math.sqrt(r.n));
        points.push({ variable: v, group: labelOf.get(r.grp) ?? r.grp, session: r.session, n: r.n, mean: roundLikeR(r.mean, 3), lower: roundLikeR(r.mean - half, 3), upper: roundLikeR(r.mean + half, 3) });
      }
      hidden += withheld.length;
      const shown = withheld.length > 20 ? [...withheld.slice(0, 20), `and ${withheld.length - 20} more`] : withheld;
      ctx.ledger.add({
        stage: ctx.stageId,
        action: 'flagged',
        unit: 'values',
        count: values,
        reason: 'small-cell-suppressed',
        detail: `${v}: the scores of ${formatCount(withheld.length, `${by ?? 'group'} × session cell`)} with fewer than ${minN} scores (minN), not drawn and left out of the results: ${shown.join('; ')}`,
      });
    }
    const table = (desc as Record<string, number | string>[]).map((r) => {
      const row: Record<string, string | number> = { group: r.grp, patients: r.patients, therapists: r.therapists ?? '', sessions: r.sessions };
      o.variables.forEach((v, i) => (row[v] = `${fmt(r[`m${i}`] as number)} (${fmt(r[`s${i}`] as number)})`));
      return row;
    });
    const blocks: ReportBlock[] = [
      {
        kind: 'table',
        id: `${ctx.stageId}-sample`,
        caption: `Sample by ${by ?? 'group'}: patients, therapists, session rows and mean (SD) over all sessions`,
        columns: [
          { key: 'group', label: by ?? 'Group' },
          { key: 'patients', label: 'Patients', format: 'int' },
          { key: 'therapists', label: 'Therapists', format: 'int' },
          { key: 'sessions', label: 'Session rows', format: 'int' },
          ...o.variables.map((v) => ({ key: v, label: `${v} M (SD)` })),
        ],
        rows: table,
      },
      {
        kind: 'figure',
        id: `${ctx.stageId}-by-${by ?? 'group'}`,
        title: `Trajectories by ${by ?? 'group'}`,
        description: `Mean ${o.variables.join(' and ')} per session (${drawnSessions(points, maxSession)}) by ${by ?? 'group'}, with ${formatLevel(level)} confidence bands; cells with fewer than ${minN} scores are not drawn (${formatCount(hidden, 'cell')}).`,
        spec: trajectoriesChart(points, by ?? 'group', level),
      },
    ];
    return {
      result: { by: by ?? null, level, groups: table, trajectories: points },
      sections: [{ id: ctx.stageId, title: 'Sample and trajectories', blocks }],
      methods: [`Mean trajectories are shown per session with t-based ${formatLevel(level)} confidence intervals.`],
    };
  },
};

/**
 * The sessions the figure draws, as the caption names them: from the first to the last session
 * with a drawn point (sessions may start at 0, or later than 1, and may end before maxSession).
 */
function drawnSessions(points: TrajectoryPoint[], maxSession: number): string {
  if (points.length === 0) return `none drawn up to session ${maxSession}`;
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of points) ((lo = Math.min(lo, p.session)), (hi = Math.max(hi, p.session)));
  return lo === hi ? `${lo}` : `${lo}–${hi}`;
}

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toFixed(2) : '—';
}

/**
 * The SQL label of a row's group: the value of `by` (or of `sql`, the expression that reads it) as
 * text, "(missing)" for NULL; "all" without `by`.
 */
function groupLabel(by: string | undefined, sql = by && sqlIdent(by)): string {
  return by ? `coalesce((${sql})::VARCHAR, '(missing)')` : `'all'`;
}

/** Count, mean and SD of one variable per group or per cell (NaN where R gives NA or NaN). */
export type Moments = CodeMoments;

/** The moments of trajectoryMoments: groups in `ORDER BY` order (their codes 0…k−1), per variable. */
export interface TrajectoryMoments {
  groups: string[];
  /** Per variable, indexed by group code: over all sessions. */
  overall: Moments[];
  /** The group × session cells with rows at sessions ≤ maxSession, in (group, session) order. */
  cellGroup: Int32Array;
  cellSession: Float64Array;
  /** Per variable, indexed by cell. */
  cells: Moments[];
}

/**
 * The count, mean and SD of each variable per group of `by` (NULL is the group "(missing)"; one
 * group "all" without `by`) and per group × session for sessions ≤ maxSession, as R's
 * `sum(!is.na(x))`, `mean(x, na.rm = TRUE)` and `sd(x, na.rm = TRUE)` (= sqrt(var(...))) give them
 * to the last bit, by `tapply(x, list(group, session), …)` for the cells: rangeMean and
 * rangeVariance over each group's values in the table's scan order (file order for an ingested
 * table, as split() and tapply() keep it; R's mean depends on the order in its last bit). DuckDB's
 * avg and stddev_samp differed from R in the last bits for most cells. One read of the group codes
 * (an ENUM of the groups in ORDER BY order: `known`, when the caller has listed them so, else
 * found by a scan), sessions and values, then a stable counting sort by group and one by cell
 * (momentsByCode), each computed once for every variable. NULL and NaN values are left out, as R's
 * na.rm leaves out NA and NaN. O(n) for whole-number sessions.
 */
export async function trajectoryMoments(db: DuckDBSession, table: string, by: string | undefined, variables: string[], maxSession: number, known?: string[]): Promise<TrajectoryMoments> {
  // the group column read from where it is stored (see DuckDBSession.placeColumns)
  const scan = db.scanOf(table, by ? [by] : []);
  const g = groupLabel(by, by && scan.sql[by]);
  const type = sqlIdent(`${table}__groups`);
  const listed = known !== undefined && known.length > 0;
  await db.run(`CREATE TYPE ${type} AS ENUM (${listed ? known.map(sqlString).join(', ') : `SELECT DISTINCT ${g} FROM ${scan.from} ORDER BY 1`})`);
  let groups: string[];
  let read: Awaited<ReturnType<DuckDBSession['readNumeric']>>;
  try {
    groups = listed ? known : ((await db.readStrings(`SELECT unnest(enum_range(NULL::${type}))`)) as string[]);
    // in scan order (file order for an ingested table)
    const coded = await db.readNumeric(`SELECT enum_code((${g})::${type}) AS g FROM ${scan.from}`);
    read = await db.readColumns(table, { t: 'session', ...Object.fromEntries(variables.map((v, i) => [`v${i}`, v])) });
    read.columns.g = coded.columns.g!;
  } finally {
    await db.run(`DROP TYPE ${type}`);
  }
  const k = groups.length;
  const group = read.columns.g!;
  const session = read.columns.t!;
  const values = variables.map((_, i) => read.columns[`v${i}`]!);
  // each group's values in scan order
  const overall = momentsByCode(group, k, values);
  // The rows at sessions ≤ maxSession (NULL sessions drop out), per (group, session) cell in scan
  // order: with whole-number sessions lo…maxSession (as sessions are), the cell of a row is
  // group · span + session − lo, and the cells with rows are numbered in that order; else the rows
  // are sorted by rowsByCode, each group's rows by session.
  let lo = Infinity;
  let whole = true;
  let m = 0;
  for (let i = 0; i < session.length; i++) {
    const s = session[i]!;
    if (!(s <= maxSession)) continue;
    m++;
    if (!Number.isInteger(s)) whole = false;
    else if (s < lo) lo = s;
  }
  const span = maxSession - lo + 1;
  const cells = whole && m > 0 && k * span <= 2 ** 24 ? countedCells(group, session, k, lo, span, maxSession) : sortedCells(group, session, values, maxSession);
  return { groups, overall, cellGroup: cells.cellGroup, cellSession: cells.cellSession, cells: momentsByCode(cells.cell, cells.cellGroup.length, cells.values ?? values) };
}

/** Each row's cell (−1 for none) and the cells with rows, in (group, session) order; `values` when the rows were reordered. */
interface Cells {
  cell: Int32Array;
  cellGroup: Int32Array;
  cellSession: Float64Array;
  values?: Float64Array[];
}

/** The cells of rows with whole-number sessions lo…maxSession (or none), by their code group · span + session − lo. */
function countedCells(group: Float64Array, session: Float64Array, k: number, lo: number, span: number, maxSession: number): Cells {
  const cell = new Int32Array(session.length);
  const rank = new Int32Array(k * span);
  for (let i = 0; i < session.length; i++) {
    const s = session[i]!;
    if (!(s <= maxSession)) {
      cell[i] = -1;
      continue;
    }
    const c = group[i]! * span + s - lo;
    cell[i] = c;
    rank[c] = 1;
  }
  let cells = 0;
  for (let c = 0; c < rank.length; c++) if (rank[c] === 1) rank[c] = ++cells;
  const cellGroup = new Int32Array(cells);
  const cellSession = new Float64Array(cells);
  for (let c = 0; c < rank.length; c++) {
    if (rank[c] === 0) continue;
    cellGroup[rank[c]! - 1] = Math.floor(c / span);
    cellSession[rank[c]! - 1] = lo + (c % span);
  }
  for (let i = 0; i < cell.length; i++) if (cell[i]! >= 0) cell[i] = rank[cell[i]!]! - 1;
  return { cell, cellGroup, cellSession };
}

/** The cells of rows with any sessions ≤ maxSession, by sorting the rows on (group, session). */
function sortedCells(group: Float64Array, session: Float64Array, values: Float64Array[], maxSession: number): Cells {
  const keep: number[] = [];
  for (let i = 0; i < session.length; i++) if (session[i]! <= maxSession) keep.push(i);
  const pick = (v: Float64Array): Float64Array => Float64Array.from(keep, (i) => v[i]!);
  const rows = rowsByCode({ code: Int32Array.from(keep, (i) => group[i]!), keys: [pick(session)], values: values.map(pick) });
  const cell = new Int32Array(keep.length);
  const cellGroup: number[] = [];
  const cellSession: number[] = [];
  for (let j = 0; j < keep.length; j++) {
    const c = rows.code[j]!;
    const s = rows.keys[0]![j]!;
    if (j === 0 || c !== rows.code[j - 1] || s !== cellSession[cellSession.length - 1]) {
      cellGroup.push(c);
      cellSession.push(s);
    }
    cell[j] = cellGroup.length - 1;
  }
  return { cell, cellGroup: Int32Array.from(cellGroup), cellSession: Float64Array.from(cellSession), values: rows.values };
}
