import { Type } from '@sinclair/typebox';
import { sqlIdent, type DuckDBSession } from '../engine/duckdb-session.ts';
import { identifierRole, tableName } from '../engine/table-shape.ts';
import { rowsByCode } from '../engine/rows-by-code.ts';
import { trajectoriesChart, type TrajectoryPoint } from '../report/figures/trajectories.ts';
import type { ReportBlock } from '../report/types.ts';
import { qt } from '../stats/distributions/index.ts';
import { rangeMean, rangeVariance } from '../stats/descriptive/index.ts';
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
    const moments = await trajectoryMoments(ctx.db, tableName(o.from), by, o.variables, maxSession);
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
      for (let c = 0; c < moments.cellGroup.length; c++) {
        const r = { grp: moments.groups[moments.cellGroup[c]!]!, session: moments.cellSession[c]!, n: m.n[c]!, mean: m.mean[c]!, sd: m.sd[c]! };
        if (r.n < minN) {
          withheld.push(`${labelOf.get(r.grp) ?? r.grp} session ${r.session} (n = ${r.n})`);
          continue;
        }
        const half = qt((1 + level) / 2, r.n - 1) * (r.sd / Math.sqrt(r.n));
        points.push({ variable: v, group: labelOf.get(r.grp) ?? r.grp, session: r.session, n: r.n, mean: round(r.mean), lower: round(r.mean - half), upper: round(r.mean + half) });
      }
      hidden += withheld.length;
      const shown = withheld.length > 20 ? [...withheld.slice(0, 20), `and ${withheld.length - 20} more`] : withheld;
      ctx.ledger.add({
        stage: ctx.stageId,
        action: 'flagged',
        unit: 'values',
        count: withheld.length,
        reason: 'small-cell-suppressed',
        detail: `${v}: ${by ?? 'group'} × session cells with fewer than ${minN} scores (minN), not drawn and left out of the results: ${shown.join('; ')}`,
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
        description: `Mean ${o.variables.join(' and ')} per session (1–${maxSession}) by ${by ?? 'group'}, with ${Math.round(level * 100)}% confidence bands; cells with fewer than ${minN} scores are not drawn (${hidden} cells).`,
        spec: trajectoriesChart(points, by ?? 'group', level),
      },
    ];
    return {
      result: { by: by ?? null, level, groups: table, trajectories: points },
      sections: [{ id: ctx.stageId, title: 'Sample and trajectories', blocks }],
      methods: [`Mean trajectories are shown per session with t-based ${Math.round(level * 100)}% confidence intervals.`],
    };
  },
};

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toFixed(2) : '—';
}

/** The SQL label of a row's group: the value of `by` as text, "(missing)" for NULL; "all" without `by`. */
function groupLabel(by: string | undefined): string {
  return by ? `coalesce(${sqlIdent(by)}::VARCHAR, '(missing)')` : `'all'`;
}

/** Count, mean and SD of one variable per group or per cell (NaN where R gives NA or NaN). */
export interface Moments {
  n: Float64Array;
  mean: Float64Array;
  sd: Float64Array;
}

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
 * (an ENUM of the groups in ORDER BY order), sessions and values, then stable counting sorts
 * (rowsByCode) by group and by cell. NULL and NaN values are left out, as R's na.rm leaves out NA
 * and NaN. O(n) for whole-number sessions; about 1 s at 1.3 M rows and two variables.
 */
export async function trajectoryMoments(db: DuckDBSession, table: string, by: string | undefined, variables: string[], maxSession: number): Promise<TrajectoryMoments> {
  const t = sqlIdent(table);
  const g = groupLabel(by);
  const type = sqlIdent(`${table}__groups`);
  await db.run(`CREATE TYPE ${type} AS ENUM (SELECT DISTINCT ${g} FROM ${t} ORDER BY 1)`);
  let groups: string[];
  let read: Awaited<ReturnType<DuckDBSession['readNumeric']>>;
  try {
    groups = (await db.readStrings(`SELECT unnest(enum_range(NULL::${type}))`)) as string[];
    // in scan order (file order for an ingested table)
    read = await db.readNumeric(`SELECT enum_code((${g})::${type}) AS g, session AS t, ${variables.map((v, i) => `${sqlIdent(v)} AS v${i}`).join(', ')} FROM ${t}`);
  } finally {
    await db.run(`DROP TYPE ${type}`);
  }
  const k = groups.length;
  const group = Int32Array.from(read.columns.g!);
  const session = read.columns.t!;
  const values = variables.map((_, i) => read.columns[`v${i}`]!);
  // grouped, each group's rows in scan order
  const byGroup = rowsByCode({ code: group, keys: [], values });
  const overall = byGroup.values.map((v) => runMoments(byGroup.code, v, k));
  // The rows at sessions ≤ maxSession (NULL sessions drop out), in (group, session) order and in
  // scan order within a cell: with whole-number sessions lo…maxSession (as sessions are), by one
  // stable counting sort on the cell's code group · span + session − lo; else by rowsByCode,
  // sorting each group's rows by session.
  const keep = new Int32Array(session.length);
  let m = 0;
  let lo = Infinity;
  let whole = true;
  for (let i = 0; i < session.length; i++) {
    const s = session[i]!;
    if (!(s <= maxSession)) continue;
    keep[m++] = i;
    if (!Number.isInteger(s)) whole = false;
    else if (s < lo) lo = s;
  }
  const span = maxSession - lo + 1;
  const counted = whole && m > 0 && k * span <= 2 ** 24;
  const pick = (v: Float64Array): Float64Array => {
    const out = new Float64Array(m);
    for (let j = 0; j < m; j++) out[j] = v[keep[j]!]!;
    return out;
  };
  const code = new Int32Array(m);
  for (let j = 0; j < m; j++) code[j] = counted ? group[keep[j]!]! * span + session[keep[j]!]! - lo : group[keep[j]!]!;
  const rows = rowsByCode({ code, keys: counted ? [] : [pick(session)], values: values.map(pick) });
  // a cell per run of equal (group, session); its code in runMoments is its rank
  const cell = new Int32Array(m);
  const cellGroup: number[] = [];
  const cellSession: number[] = [];
  for (let j = 0; j < m; j++) {
    const c = rows.code[j]!;
    const s = counted ? lo + (c % span) : rows.keys[0]![j]!;
    if (j === 0 || c !== rows.code[j - 1] || s !== cellSession[cellSession.length - 1]) {
      cellGroup.push(counted ? Math.floor(c / span) : c);
      cellSession.push(s);
    }
    cell[j] = cellGroup.length - 1;
  }
  const cells = rows.values.map((v) => runMoments(cell, v, cellGroup.length));
  return { groups, overall, cellGroup: Int32Array.from(cellGroup), cellSession: Float64Array.from(cellSession), cells };
}

/** n, R's mean() and sd() of x over each run of equal `code` (ascending codes 0…levels−1; NaN where none). */
function runMoments(code: Int32Array, x: Float64Array, levels: number): Moments {
  const out: Moments = { n: new Float64Array(levels), mean: new Float64Array(levels).fill(NaN), sd: new Float64Array(levels).fill(NaN) };
  for (let a = 0; a < code.length; ) {
    const c = code[a]!;
    let b = a + 1;
    while (b < code.length && code[b] === c) b++;
    let n = 0;
    for (let i = a; i < b; i++) if (!Number.isNaN(x[i]!)) n++;
    out.n[c] = n;
    out.mean[c] = rangeMean(x, a, b);
    out.sd[c] = Math.sqrt(rangeVariance(x, a, b, out.mean[c]));
    a = b;
  }
  return out;
}
