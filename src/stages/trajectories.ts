import { Type } from '@sinclair/typebox';
import { sqlIdent } from '../engine/duckdb-session.ts';
import { identifierRole, tableName } from '../engine/table-shape.ts';
import { oneThreadScan } from '../engine/one-thread-scan.ts';
import { trajectoriesChart, type TrajectoryPoint } from '../report/figures/trajectories.ts';
import type { ReportBlock } from '../report/types.ts';
import { qt } from '../stats/distributions/index.ts';
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
 * (mean ± t(n−1)·SD/√n), computed by SQL aggregation over the session table.
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
    // one thread, stored order: the means and SDs sum in the same order on every run
    const t = oneThreadScan(sqlIdent(tableName(o.from)));
    const g = by ? `coalesce(${sqlIdent(by)}::VARCHAR, '(missing)')` : `'all'`;
    // counting distinct integer patient codes, when the table carries them, is cheaper than distinct text ids
    const patient = src.patientCodes ? sqlIdent(src.patientCodes.column) : 'patient';
    const desc = await ctx.db.rows(
      `SELECT ${g} AS grp, count(DISTINCT ${patient})::DOUBLE AS patients, count(*)::DOUBLE AS sessions,
        ${src.roles.therapist ? 'count(DISTINCT therapist)::DOUBLE' : 'NULL'} AS therapists,
        ${o.variables.map((v, i) => `avg(${sqlIdent(v)}) AS m${i}, stddev_samp(${sqlIdent(v)}) AS s${i}, count(${sqlIdent(v)})::DOUBLE AS n${i}`).join(', ')}
       FROM ${t} GROUP BY ALL ORDER BY grp`,
    );
    // grouped by patient or therapist: pseudonyms in the report unless it may show identifiers
    const groups = (desc as { grp: string }[]).map((r) => r.grp);
    const role = identifierRole(src, by);
    const labels = role ? await ctx.pseudonyms(groups, role, ['(missing)']) : groups;
    const labelOf = new Map(groups.map((grp, i) => [grp, labels[i]!]));
    for (const r of desc as { grp: string }[]) r.grp = labelOf.get(r.grp)!;
    const points: TrajectoryPoint[] = [];
    let hidden = 0;
    for (const v of o.variables) {
      const rows = await ctx.db.rows(
        `SELECT ${g} AS grp, session, count(${sqlIdent(v)})::DOUBLE AS n, avg(${sqlIdent(v)}) AS mean, stddev_samp(${sqlIdent(v)}) AS sd
         FROM ${t} WHERE session <= ${maxSession} GROUP BY ALL ORDER BY grp, session`,
      );
      const withheld: string[] = [];
      for (const r of rows as { grp: string; session: number; n: number; mean: number; sd: number }[]) {
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
