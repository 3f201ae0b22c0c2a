import { createHash } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import { sqlIdent, sqlString, type DuckDBSession } from '../engine/duckdb-session.ts';
import { DataError, stageWhere } from '../engine/errors.ts';
import { packageVersions } from '../engine/package-versions.ts';
import { tableName, type TableShape } from '../engine/table-shape.ts';
import type { ReportBlock } from '../report/types.ts';
import { rangeMean, rangeVariance } from '../stats/descriptive/index.ts';
import { formatSuggestion } from '../spec/did-you-mean.ts';
import { computeCorrelations } from './correlate.ts';
import { planPatientLevel, refuseRepeatedPatients } from './patient-level-from.ts';
import type { RunContext, StageDefinition } from './stage-definition.ts';
import { planSourceTable } from './plan-source-table.ts';
import { checkApart, checkEach } from './check-apart.ts';

const LABEL = { minLength: 1, maxLength: 120 };

/**
 * The one format of a site summary (`summary.json`). Every object is closed
 * (`additionalProperties: false`), so `import-summaries` rejects any file carrying anything else.
 */
export const siteSummarySchema = Type.Object(
  {
    format: Type.Literal('alliance-site-summary'),
    formatVersion: Type.Literal(1),
    site: Type.String(LABEL),
    alliance: Type.String({ maxLength: 40 }),
    analysisSha256: Type.String({ pattern: '^[0-9a-f]{64}$', patternMessage: 'a SHA-256 hash: 64 lower-case hexadecimal digits' }),
    minN: Type.Integer({ minimum: 1 }),
    correlations: Type.Array(
      Type.Object(
        {
          label: Type.String(LABEL),
          x: Type.String(LABEL),
          y: Type.String(LABEL),
          method: Type.Literal('pearson'),
          n: Type.Integer({ minimum: 4 }),
          r: Type.Number({ exclusiveMinimum: -1, exclusiveMaximum: 1 }),
          z: Type.Number(),
          vi: Type.Number({ exclusiveMinimum: 0 }),
        },
        { additionalProperties: false },
      ),
    ),
    differences: Type.Array(
      Type.Object(
        {
          label: Type.String(LABEL),
          variable: Type.String(LABEL),
          by: Type.String(LABEL),
          groups: Type.Tuple([Type.String(LABEL), Type.String(LABEL)]),
          measure: Type.Literal('MD'),
          n1: Type.Integer({ minimum: 2 }),
          n2: Type.Integer({ minimum: 2 }),
          yi: Type.Number(),
          vi: Type.Number({ exclusiveMinimum: 0 }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export type SiteSummary = Static<typeof siteSummarySchema>;

const options = Type.Object(
  {
    from: Type.String({ description: 'Id of the patient-level stage (usually `patients`)' }),
    site: Type.String({ ...LABEL, description: 'Label of this site in the pooled analysis (not an identifier of any person)' }),
    where: Type.Optional(
      Type.Object(
        { column: Type.String(), equals: Type.Union([Type.String(), Type.Number()]) },
        { additionalProperties: false, description: 'Use only the rows where `column` equals this value (when one export holds several sites)' },
      ),
    ),
    correlations: Type.Optional(
      Type.Array(
        Type.Object({ x: Type.String(), y: Type.String(), label: Type.Optional(Type.String(LABEL)) }, { additionalProperties: false }),
        { description: 'Pearson correlations to export as r, n, Fisher z and its sampling variance 1/(n − 3)' },
      ),
    ),
    differences: Type.Optional(
      Type.Array(
        Type.Object(
          { variable: Type.String(), by: Type.String(), groups: Type.Tuple([Type.String(), Type.String()]), label: Type.Optional(Type.String(LABEL)) },
          { additionalProperties: false },
        ),
        { description: 'Mean differences (first group − second) of `variable` between two groups of `by`, with sampling variance s₁²/n₁ + s₂²/n₂' },
      ),
    ),
    minN: Type.Optional(Type.Integer({ minimum: 4, default: 10, description: 'Smallest number of patients behind any exported number; smaller cells are suppressed' })),
    file: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9._-]+\\.json$', patternMessage: 'a file name of letters, digits, ., _ or - ending in .json', default: 'summary.json', description: 'Name of the summary file in the output folder' })),
  },
  { additionalProperties: false },
);

type Options = Static<typeof options>;

/** Hash of what was computed (everything but the site label and row filter), so the centre can check all sites ran the same analysis. */
function analysisHash(o: Options): string {
  const canon = { from: o.from, correlations: (o.correlations ?? []).map((c) => [c.x, c.y, c.label ?? null]), differences: (o.differences ?? []).map((d) => [d.variable, d.by, d.groups, d.label ?? null]), minN: o.minN ?? 10 };
  return createHash('sha256').update(JSON.stringify(canon)).digest('hex');
}

/**
 * Stage `export-summary`: the site half of a two-stage individual-patient-data meta-analysis
 * (Riley et al. 2010, BMJ 340:c221, doi:10.1136/bmj.c221). It writes `summary.json` into the
 * output folder with, per named analysis, only aggregate statistics: for a correlation r, n,
 * Fisher's z and its sampling variance 1/(n − 3); for a mean difference the two group sizes,
 * the difference and its sampling variance s₁²/n₁ + s₂²/n₂, from the groups' means and variances as
 * R's `mean()` and `var()` give them to the last bit (groupMoments).
 *
 * Privacy guarantee: the file holds no row-level value and no identifier — nothing but the
 * fields of {@link siteSummarySchema} (format tag, the site label given in the options, the
 * alliance version, a hash of the analysis definition, the suppression threshold, and the
 * aggregates above). Every exported number summarises at least `minN` patients (default 10);
 * smaller cells are left out and counted in the ledger. The file is built from a closed schema,
 * and `import-summaries` rejects any file with an extra field, so the format cannot carry more.
 */
export const exportSummary: StageDefinition<typeof options> = {
  type: 'export-summary',
  summary: 'Write a site summary (per-site correlations and mean differences with sampling variances; no row-level data) for multi-site pooling',
  options,
  plan(o, ctx) {
    const src = planSourceTable(ctx, o.from, 'from');
    if (src) planPatientLevel(o.from, src, ctx, 'export-summary');
    // apart: an option or list entry in doubt (a stage with a schema problem) skips only its own checks
    checkApart(
      () => {
        if (!o.correlations?.length && !o.differences?.length) ctx.fail('correlations', 'name at least one correlation or difference to export');
      },
      () => {
        if (!src || !o.where) return;
        ctx.requireColumn(src, o.where.column, 'where.column');
        const { equals, column } = o.where;
        if (src.columns.get(column) === 'number' && typeof equals === 'string' && whereNumber(equals) === undefined) {
          ctx.problem('where.equals', `column '${column}' of table '${o.from}' is numeric, and '${equals}' is not a number`);
        }
      },
      () =>
        ctx.eachEntry(o.correlations ?? [], (c, i) => {
          if (!src) return;
          ctx.requireColumn(src, c.x, `correlations[${i}].x`, 'number');
          ctx.requireColumn(src, c.y, `correlations[${i}].y`, 'number');
        }),
      () =>
        ctx.eachEntry(o.differences ?? [], (d, i) => {
          if (src) {
            ctx.requireColumn(src, d.variable, `differences[${i}].variable`, 'number');
            ctx.requireColumn(src, d.by, `differences[${i}].by`);
          }
          if (d.groups[0] === d.groups[1]) ctx.fail(`differences[${i}].groups`, 'name two different groups');
        }),
      () => ctx.writes(o.file ?? 'summary.json', 'file'),
      () => {
        // the labels of the entries not in doubt: two of them alike are a problem whatever the others hold
        const labels: string[] = [];
        checkEach(o.correlations ?? [], (c) => labels.push(c.label ?? `${c.x} × ${c.y}`));
        checkEach(o.differences ?? [], (d) => labels.push(d.label ?? `${d.variable}: ${d.groups[0]} − ${d.groups[1]}`));
        const dup = labels.find((l, i) => labels.indexOf(l) !== i);
        if (dup) ctx.fail('correlations', `two exported analyses share the label '${dup}'; give each a distinct label`);
      },
    );
    return {};
  },
  async run(o, ctx) {
    await refuseRepeatedPatients(o.from, ctx, 'export-summary');
    const minN = o.minN ?? 10;
    let table = tableName(o.from);
    if (o.where) {
      const scratch = `${tableName(ctx.stageId)}__rows`;
      const { column, value } = whereSql(o.where, ctx.table(o.from));
      await ctx.db.run(`CREATE TEMP TABLE ${sqlIdent(scratch)} AS SELECT * FROM ${sqlIdent(table)} WHERE ${column} = ${value}`);
      const [{ n }] = await ctx.db.rows(`SELECT count(*)::DOUBLE AS n FROM ${sqlIdent(scratch)}`);
      if (n === 0) await refuseEmptyWhere(o, ctx);
      table = scratch;
    }
    const suppressed: string[] = [];
    const correlations: SiteSummary['correlations'] = [];
    if (o.correlations?.length) {
      // A cell under minN complete pairs is suppressed before any correlation is computed: the
      // kernel refuses fewer than 4 pairs, which a small site (or a narrow `where`) can have.
      const defined = (c: string) => `${sqlIdent(c)} IS NOT NULL AND NOT isnan(${sqlIdent(c)})`;
      const [pairs] = await ctx.db.rows(`SELECT ${o.correlations.map((c, i) => `count(*) FILTER (WHERE ${defined(c.x)} AND ${defined(c.y)})::DOUBLE AS n${i}`).join(', ')} FROM ${sqlIdent(table)}`);
      const computed = o.correlations.filter((c, i) => {
        const n = Number(pairs[`n${i}`]);
        if (n >= minN) return true;
        suppressed.push(`${c.label ?? `${c.x} × ${c.y}`} (n = ${n})`);
        return false;
      });
      const { rows } = computed.length
        ? await computeCorrelations(ctx.db, table, { from: o.from, pairs: computed.map((c) => ({ x: c.x, y: c.y, label: c.label })), method: 'pearson', adjust: 'none' }, { ledger: ctx.ledger, stageId: ctx.stageId, missingByDesign: ctx.table(o.from).missingByDesign })
        : { rows: [] };
      for (const r of rows) {
        // every computed cell has n ≥ minN (counted above); |r| = 1 has no Fisher z
        if (!(Math.abs(r.r) < 1)) {
          suppressed.push(`${r.label} (n = ${r.n})`);
          continue;
        }
        correlations.push({ label: r.label, x: r.x, y: r.y, method: 'pearson', n: r.n, r: r.r, z: Math.atanh(r.r), vi: 1 / (r.n - 3) });
      }
    }
    const differences: SiteSummary['differences'] = [];
    for (const d of o.differences ?? []) {
      const label = d.label ?? `${d.variable}: ${d.groups[0]} − ${d.groups[1]}`;
      const g = await groupMoments(ctx.db, table, d.variable, d.by, d.groups);
      const n1 = g[0].n, n2 = g[1].n;
      if (n1 < minN || n2 < minN || !(g[0].v > 0 || g[1].v > 0)) {
        suppressed.push(`${label} (n = ${n1} and ${n2})`);
        continue;
      }
      differences.push({ label, variable: d.variable, by: d.by, groups: [d.groups[0], d.groups[1]], measure: 'MD', n1, n2, yi: g[0].m - g[1].m, vi: g[0].v / n1 + g[1].v / n2 });
    }
    ctx.ledger.add({ stage: ctx.stageId, action: 'flagged', unit: 'values', count: suppressed.length, reason: 'small-cell-suppressed', detail: `not exported (fewer than ${minN} patients): ${suppressed.join('; ')}` });
    const summary: SiteSummary = { format: 'alliance-site-summary', formatVersion: 1, site: o.site, alliance: packageVersions().alliance, analysisSha256: analysisHash(o), minN, correlations, differences };
    const file = o.file ?? 'summary.json';
    const blocks: ReportBlock[] = [
      {
        kind: 'table',
        id: `${ctx.stageId}-exported`,
        caption: `Everything written to ${file} for site ${o.site} (aggregates only; cells under ${minN} patients suppressed)`,
        columns: [
          { key: 'label', label: 'Analysis', format: 'text' },
          { key: 'n', label: 'n', format: 'text' },
          { key: 'estimate', label: 'r or mean difference', format: 'num3' },
          { key: 'vi', label: 'Sampling variance', format: 'num4' },
        ],
        rows: [
          ...correlations.map((c) => ({ label: c.label, n: String(c.n), estimate: c.r, vi: c.vi })),
          ...differences.map((d) => ({ label: d.label, n: `${d.n1} + ${d.n2}`, estimate: d.yi, vi: d.vi })),
        ],
      },
    ];
    return {
      result: { file, summary, suppressed },
      files: { [file]: JSON.stringify(summary, null, 2) + '\n' },
      sections: [{ id: ctx.stageId, title: `Site summary for pooling (${o.site})`, blocks }],
      methods: [`Site-level aggregates (Pearson correlations with Fisher-z sampling variances, mean differences with their sampling variances) were exported for a two-stage individual-patient-data meta-analysis (Riley et al., 2010); no row-level data left the site.`],
      citations: [{ key: 'riley2010', text: 'Riley, R. D., Lambert, P. C., & Abo-Zaid, G. (2010). Meta-analysis of individual participant data: Rationale, conduct, and reporting. BMJ, 340, c221. https://doi.org/10.1136/bmj.c221' }],
    };
  },
};

/**
 * The number of values, mean and variance of `variable` in each of the two groups of `by` (its
 * value as text), as R's `sum(!is.na(x))`, `mean(x, na.rm = TRUE)` and `var(x, na.rm = TRUE)` give
 * them to the last bit: rangeMean and rangeVariance over each group's values in the table's scan
 * order (the patients table's patient order, file order for an ingested table; R's mean and var
 * depend on the order in their last bit). DuckDB's avg and var_samp differed from R in the last
 * bits, var_samp even on whole numbers. NULL and NaN values are left out; a group without values
 * has n = 0 and NaN mean and variance. One read of the two groups' rows.
 */
async function groupMoments(db: DuckDBSession, table: string, variable: string, by: string, groups: [string, string]): Promise<{ n: number; m: number; v: number }[]> {
  const g = `CAST(${sqlIdent(by)} AS VARCHAR)`;
  const { columns } = await db.readNumeric(
    `SELECT (${g} = ${sqlString(groups[1])})::INTEGER AS k, ${sqlIdent(variable)} AS x FROM ${sqlIdent(table)} WHERE ${g} IN (${sqlString(groups[0])}, ${sqlString(groups[1])})`,
  );
  const { k, x } = columns as { k: Float64Array; x: Float64Array };
  // the second group's values after the first's, each in scan order
  const ordered = new Float64Array(x.length);
  let first = 0;
  for (let i = 0; i < k.length; i++) if (k[i] === 0) first++;
  for (let i = 0, a = 0, b = first; i < x.length; i++) ordered[k[i] === 0 ? a++ : b++] = x[i]!;
  const moments = (from: number, to: number) => {
    let n = 0;
    for (let i = from; i < to; i++) if (!Number.isNaN(ordered[i]!)) n++;
    return { n, m: rangeMean(ordered, from, to), v: rangeVariance(ordered, from, to) };
  };
  return [moments(0, first), moments(first, x.length)];
}

/** `equals` written as a number ('1', ' 2.5 '), as that number; undefined when it is not one. */
function whereNumber(equals: string): number | undefined {
  const v = equals.trim() === '' ? NaN : Number(equals);
  return Number.isFinite(v) ? v : undefined;
}

/**
 * The column and value SQL of `where`: compared as numbers when the value is a number, or when the
 * column is numeric and the value is a number written as text (`equals: "1"` for arm codes, which
 * compared as text matched no row: the column's text is '1.0'); as text otherwise.
 */
function whereSql(where: NonNullable<Options['where']>, src: TableShape): { column: string; value: string } {
  const numeric = typeof where.equals === 'number' ? where.equals : src.columns.get(where.column) === 'number' ? whereNumber(where.equals) : undefined;
  return numeric !== undefined ? { column: sqlIdent(where.column), value: String(numeric) } : { column: `CAST(${sqlIdent(where.column)} AS VARCHAR)`, value: sqlString(String(where.equals)) };
}

/**
 * `where` kept no row: one error naming the stage, the column and the value, with a few of the
 * values the column has (site labels, not identifiers of persons; numbers as numbers) and a did-you-mean.
 */
async function refuseEmptyWhere(o: Options, ctx: RunContext): Promise<never> {
  const { column, equals } = o.where!;
  const numeric = ctx.table(o.from).columns.get(column) === 'number';
  const values = numeric
    ? ((await ctx.db.rows(`SELECT DISTINCT ${sqlIdent(column)}::DOUBLE AS v FROM ${sqlIdent(tableName(o.from))} WHERE ${sqlIdent(column)} IS NOT NULL ORDER BY 1 LIMIT 1000`)).map((r) => String(r.v)))
    : ((await ctx.db.readStrings(`SELECT DISTINCT CAST(${sqlIdent(column)} AS VARCHAR) AS v FROM ${sqlIdent(tableName(o.from))} WHERE ${sqlIdent(column)} IS NOT NULL ORDER BY 1 LIMIT 1000`)) as string[]);
  const listed = values.slice(0, 5).map((v) => `'${v}'`).join(', ');
  const shown = values.length === 0 ? 'the column has no values' : values.length <= 5 ? `its values are ${listed}` : `its values include ${listed}, …`;
  const wanted = typeof equals === 'number' ? String(equals) : `'${equals}'`;
  throw new DataError(
    `${stageWhere(`${ctx.specPath}.where`, ctx.stageId, 'export-summary')}: no row of '${o.from}' has ${column} = ${wanted} (${shown}).${formatSuggestion(String(equals), values)}`,
    ctx.table(o.from).file,
  );
}
