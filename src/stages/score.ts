import { Type, type Static } from '@sinclair/typebox';
import { DataError } from '../engine/errors.ts';
import { storedBounds, type StoredBounds } from '../engine/stored-bounds.ts';
import { sqlIdent, sqlString, type DuckDBSession } from '../engine/duckdb-session.ts';
import { cloneShape, tableName, type ScoredInstrument, type TableShape } from '../engine/table-shape.ts';
import { totalRange, type InstrumentDefinition } from '../instruments/instrument-definition.ts';
import { allowedMissing, scaleSql, type ScaleSql } from '../instruments/scoring-sql.ts';
import { planSourceTable } from './plan-source-table.ts';
import { formatNumber } from '../report/format/index.ts';
import type { PlanContext, RunContext, StageDefinition } from './stage-definition.ts';

const options = Type.Object(
  {
    from: Type.String({ description: 'Id of the stage whose table holds the item columns' }),
    instruments: Type.Array(
      Type.Object(
        {
          instrument: Type.String({ description: 'Instrument key (wai, wai-s, wai-sr, srs, oq-45, phq-9, gad-7, core-10, ors, or one defined under instruments:)' }),
          items: Type.Optional(
            Type.Union([Type.String({ pattern: '\\{i\\}', patternMessage: 'a column pattern with {i} for the item number, e.g. wai{i}' }), Type.Array(Type.String())], {
              description: "Item columns: a pattern with {i} (default '<prefix>{i}') or the list in item order",
            }),
          ),
          prefix: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_]{0,31}$', patternMessage: 'a lower-case letter, then lower-case letters, digits or _, at most 32 characters', description: "Output columns are <prefix>_total and <prefix>_<subscale> (default: the instrument key without hyphens, e.g. 'phq9', 'waisr')" })),
          aggregate: Type.Optional(Type.Union([Type.Literal('sum'), Type.Literal('mean')], { description: 'Sum (default: the instrument’s) or item mean' })),
          maxMissingFraction: Type.Optional(Type.Number({ minimum: 0, maximum: 0.5, description: 'Largest fraction of missing items that is prorated' })),
          invalid: Type.Optional(
            Type.Union([Type.Literal('error'), Type.Literal('missing')], {
              default: 'error',
              description: 'Out-of-range or non-integer responses: stop with an error (default) or set them missing (counted in the ledger)',
            }),
          ),
        },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
  },
  { additionalProperties: false },
);

type Entry = Static<typeof options>['instruments'][number];

interface Resolved {
  entry: Entry;
  def: InstrumentDefinition;
  prefix: string;
  itemColumns: string[];
  aggregate: 'sum' | 'mean';
}

/**
 * Stage `score`: scores questionnaires from item columns with the instrument definitions in
 * src/instruments/ — range check of every response, reverse keys, subscales and total,
 * prorating of missing items — entirely in SQL. Adds `<prefix>_total` and `<prefix>_<subscale>`.
 *
 * Sessions where a form was not completed (every item missing) are counted in the ledger; an
 * instrument with no item answered in any row is an error (its columns are almost certainly
 * mis-mapped or the export is empty), not a silently all-missing score.
 */
export const score: StageDefinition<typeof options> = {
  type: 'score',
  summary: 'Score instruments (reverse keys, subscales, totals, prorating) from item columns',
  options,
  plan(o, ctx) {
    // a misspelled `from` still lets the entries' own problems (an unknown instrument) be listed
    const source = planSourceTable(ctx, o.from, 'from');
    const resolved = resolve(o, source, ctx);
    return source ? { table: scoredShape(source, resolved, ctx.stageId) } : {};
  },
  async run(o, ctx) {
    const source = ctx.table(o.from);
    // plan has checked every entry: nothing below can fail
    const resolved = resolve(o, source, {
      instrument: (key) => ctx.instrument(key),
      requireColumn: () => {},
      problem: (p, m) => {
        throw new Error(`${p}: ${m}`);
      },
      eachEntry: (entries, check) => entries.forEach(check),
    });
    const src = sqlIdent(tableName(o.from));
    const name = tableName(ctx.stageId);
    const fixes: string[] = [];
    const checks: { r: Resolved; col: string; cond: string }[] = [];
    const whole = await storedWhole(ctx.db, source, o.from);
    // item columns every entry may sum as the integers they are stored as (see integerItemsScan)
    const asStored = new Map<string, boolean>();
    for (const r of resolved) {
      const small = Math.max(...totalRange(r.def, 'sum').map(Math.abs)) <= SMALLINT_MAX;
      for (const col of r.itemColumns) {
        const c = sqlIdent(col);
        // a stored integer column whose statistics lie within the range holds no invalid response
        const bounds = whole.get(col);
        const inRange = bounds != null && bounds.min >= r.def.min && bounds.max <= r.def.max;
        asStored.set(col, (asStored.get(col) ?? true) && inRange && small);
        if (inRange) continue;
        checks.push({ r, col, cond: `(${c} < ${r.def.min} OR ${c} > ${r.def.max}${r.def.integer && !whole.has(col) ? ` OR ${c} <> floor(${c})` : ''})` });
      }
    }
    // Scores are computed from each scale's answered count and item sum, evaluated once per row in
    // a subquery (the self-contained expression evaluates them up to four times; about a third
    // less time at 1.3 M rows).
    const parts: string[] = [];
    const exprs: string[] = [];
    const counts: string[] = [];
    const scales: { r: Resolved; scale: string; sql: ScaleSql }[] = [];
    for (const r of resolved) {
      for (const s of scaleSql(r.def, r.itemColumns, r.aggregate, r.entry.maxMissingFraction)) {
        const [a, t] = [answeredName(scales.length), `__score_sum_${scales.length}`];
        parts.push(`${s.answered} AS ${a}`, `${s.sum} AS ${t}`);
        exprs.push(`${s.scoreFrom(a, t)} AS ${sqlIdent(`${r.prefix}_${s.scale}`)}`);
        counts.push(s.prorated, s.tooManyMissing, s.allMissing);
        scales.push({ r, scale: s.scale, sql: s });
      }
    }
    const partNames = scales.flatMap((_, i) => [answeredName(i), `__score_sum_${i}`]);
    const countCols = ['count(*)::DOUBLE AS rows', ...counts.map((c, i) => `${sumOf(c)} AS c${i}`)];
    const stable = source.stableOrder === true || (await isStoredTable(ctx.db, tableName(o.from)));
    // the source's rows with the patient codes kept beside them carried in (the scored view is
    // read through POSITIONAL JOIN anyway; the source itself stays a plain, parallel scan)
    const beside = source.patientCodesBeside;
    const withCodes = beside ? `(SELECT s.*, c.${sqlIdent(beside.column)} FROM ${src} AS s POSITIONAL JOIN ${sqlIdent(beside.table)} AS c)` : src;
    const scores = sqlIdent(`${name}__scores`);
    const scoredView = `CREATE VIEW ${sqlIdent(name)} AS SELECT * FROM ${withCodes} POSITIONAL JOIN ${scores}`;
    // the scored view's columns are read from the tables that store them (see placeColumns)
    const createScoredView = async () => {
      await ctx.db.run(scoredView);
      const fromSource = (await ctx.db.describe(src)).map((c) => [c.name, { relation: tableName(o.from), column: c.name }] as const);
      const codes = beside ? [[beside.column, { relation: beside.table, column: beside.column }] as const] : [];
      const scored = scales.map(({ r, scale }) => `${r.prefix}_${scale}`).map((c) => [c, { relation: `${name}__scores`, column: c }] as const);
      ctx.db.placeColumns(name, Object.fromEntries([...fromSource, ...codes, ...scored]));
    };

    // The common case, a stored source and every instrument refusing invalid responses, in one pass:
    // the score table is written with a guard that stops at any invalid response and with each
    // scale's answered count, from which the ledger counts are read (the second case below then
    // locates the value). Store only the score columns: the scored table is the source row for row
    // (POSITIONAL JOIN of the source and the scores, both in source order), so the session data are
    // held once, not copied.
    if (stable && resolved.every((r) => (r.entry.invalid ?? 'error') === 'error')) {
      const guard = checks.length ? `CASE WHEN ${checks.map((k) => k.cond).join(' OR ')} THEN error(${sqlString(INVALID_RESPONSE)}) ELSE 0 END` : '0';
      const answered = scales.map((_, i) => answeredName(i));
      const stored = await ctx.db
        .run(`CREATE TABLE ${scores} AS SELECT ${[...exprs, ...answered, '__score_guard'].join(', ')} FROM (SELECT ${parts.join(', ')}, ${guard} AS __score_guard FROM ${integerItemsScan(ctx.db, tableName(o.from), source.storedIn?.of === o.from ? source.storedIn.table : undefined, asStored)})`)
        .then(
          () => true,
          (e: unknown) => {
            if (e instanceof Error && e.message.includes(INVALID_RESPONSE)) return false;
            throw e;
          },
        );
      if (stored) {
        const scaleCounts = scales.flatMap(({ r, scale, sql }, i) => Object.values(sql.countsFrom(answeredName(i), sqlIdent(`${r.prefix}_${scale}`))));
        const countRow = (await ctx.db.rows(`SELECT count(*)::DOUBLE AS rows, ${scaleCounts.map((c, i) => `${sumOf(c)} AS c${i}`).join(', ')} FROM ${scores}`))[0];
        for (const c of [...answered, '__score_guard']) await ctx.db.run(`ALTER TABLE ${scores} DROP COLUMN ${c}`);
        await createScoredView();
        return finish(countRow);
      }
    }

    // 1. one pass over the table: per item column the count of out-of-range or non-integer
    //    responses, and per scale how many scores are prorated, left missing or have no item at all.
    //    (Counts as sum(condition::INTEGER): DuckDB evaluates these about twice as fast as FILTER.)
    const checkCols = checks.map((k, i) => `${sumOf(k.cond)} AS n${i}`);
    const found = (await ctx.db.rows(`SELECT ${[...countCols, ...checkCols].join(', ')} FROM ${src}`))[0];
    // the first offending row and value only for the columns that have any
    const flagged = checks.map((k, i) => ({ k, i })).filter(({ i }) => Number(found[`n${i}`]) > 0);
    const bad = (k: { cond: string; col: string }) => `(${sqlIdent(k.col)} IS NOT NULL AND ${k.cond})`;
    if (flagged.length) {
      Object.assign(
        found,
        (await ctx.db.rows(`SELECT ${flagged.map(({ k, i }) => `min(_row) FILTER (WHERE ${bad(k)}) AS f${i}, arg_min(${sqlIdent(k.col)}, _row) FILTER (WHERE ${bad(k)}) AS v${i}`).join(', ')} FROM ${src}`))[0],
      );
    }
    checks.forEach((k, i) => {
      const { r, col } = k;
      const n = Number(found[`n${i}`]);
      if (n === 0) return;
      const what = `outside the ${r.def.name} response range ${r.def.min}–${r.def.max}${r.def.integer ? ' (whole numbers)' : ''}`;
      if ((r.entry.invalid ?? 'error') === 'error') {
        throw new DataError(
          `value ${found[`v${i}`]} is ${what}${n > 1 ? `; ${n - 1} more such value(s) in this column` : ''}. Fix the data, or set invalid: missing for this instrument to treat them as missing (they are then counted in the ledger)`,
          source.file ?? `table '${o.from}'`,
          Number(found[`f${i}`]),
          col,
        );
      }
      ctx.ledger.add({ stage: ctx.stageId, action: 'set-missing', unit: 'values', count: n, reason: 'item-out-of-range', detail: `${col}: ${n} value(s) ${what} set to missing` });
      fixes.push(`CASE WHEN ${bad(k)} THEN NULL ELSE ${sqlIdent(col)} END AS ${sqlIdent(col)}`);
    });
    // 2. scores
    let countRow = found;
    if (fixes.length || !stable) {
      const cleaned = fixes.length ? `(SELECT * REPLACE (${fixes.join(', ')}) FROM ${withCodes})` : withCodes;
      await ctx.db.run(`CREATE VIEW ${sqlIdent(name)} AS SELECT * EXCLUDE (${partNames.join(', ')}), ${exprs.join(', ')} FROM (SELECT *, ${parts.join(', ')} FROM ${cleaned})`);
      if (fixes.length) countRow = (await ctx.db.rows(`SELECT ${countCols.join(', ')} FROM ${cleaned}`))[0];
    } else {
      await ctx.db.run(`CREATE TABLE ${scores} AS SELECT ${exprs.join(', ')} FROM (SELECT ${parts.join(', ')} FROM ${src})`);
      await createScoredView();
    }
    return finish(countRow);

    /** The ledger and results from the counts (`rows`, then prorated, too many missing, none answered per scale). */
    function finish(countRow: Record<string, unknown>) {
      const rows = Number(countRow.rows);
      const summary: Record<string, { prorated: number; tooManyMissing: number; formMissing: number; scored: number }> = {};
      scales.forEach(({ r, scale }, i) => {
        const prorated = Number(countRow[`c${3 * i}`]);
        const tooMany = Number(countRow[`c${3 * i + 1}`]);
        const formMissing = Number(countRow[`c${3 * i + 2}`]);
        const col = `${r.prefix}_${scale}`;
        summary[col] = { prorated, tooManyMissing: tooMany, formMissing, scored: rows - tooMany - formMissing };
        const allowed = r.entry.maxMissingFraction ?? r.def.maxMissingFraction;
        // with roundProratedMean (OQ-45) the total is the sum of the prorated subscales
        const fromSubscales = scale === 'total' && r.def.roundProratedMean;
        ctx.ledger.add({ stage: ctx.stageId, action: 'prorated', unit: 'values', count: prorated, reason: 'missing-items-prorated', detail: fromSubscales ? `${col}: the sum of its subscales, at least one of them prorated` : `${col}: score prorated from the answered items (at most ${allowedMissing(scaleItems(r, scale), allowed)} of ${scaleItems(r, scale)} items missing)` });
        ctx.ledger.add({ stage: ctx.stageId, action: 'set-missing', unit: 'values', count: tooMany, reason: 'too-many-missing-items', detail: fromSubscales ? `${col}: left missing because a subscale was missing (too many of its items missing)` : `${col}: score left missing because ${tooManyMissingText(allowedMissing(scaleItems(r, scale), allowed), scaleItems(r, scale))}` });
        if (scale === 'total' && rows > 0 && formMissing === rows) {
          throw new DataError(
            `no ${r.def.name} item was answered in any of the ${formatNumber(rows, 0)} rows: columns ${r.itemColumns[0]}…${r.itemColumns[r.itemColumns.length - 1]} are empty throughout. Check that the item columns are mapped right (items:), or remove this instrument from the stage`,
            source.file ?? `table '${o.from}'`,
            undefined,
            r.itemColumns[0],
          );
        }
        if (scale === 'total') ctx.ledger.add({ stage: ctx.stageId, action: 'flagged', unit: 'sessions', count: formMissing, reason: 'form-not-completed', detail: `${r.def.name}: no item answered in ${formMissing} session row(s)` });
      });
      return {
        table: scoredShape(source, resolved, ctx.stageId),
        result: {
          instruments: resolved.map((r) => ({ instrument: r.def.key, name: r.def.name, prefix: r.prefix, aggregate: r.aggregate, items: r.itemColumns, reverse: r.def.reverse, subscales: r.def.subscales, unverified: r.def.unverified })),
          scales: summary,
        },
        methods: [
          `Questionnaires were scored with the published keys (${resolved.map((r) => `${r.def.name} [${r.def.citation.key}]`).join('; ')}); missing items were prorated from the mean of the answered items of the same scale when few enough items were missing (${resolved.map(prorateRule).join('; ')}), and the score was left missing otherwise${resolved.some((r) => r.def.roundProratedMean) ? ` (${resolved.filter((r) => r.def.roundProratedMean).map((r) => r.def.name).join(', ')}: each missing item replaced by the rounded mean of its subscale, and the total the sum of the subscales)` : ''}.`,
        ],
        citations: resolved.map((r) => r.def.citation),
      };
    }
  },
};

/** Why a score was left missing, in items: "more than 2 of 12 items were missing", or "at least one of its 4 items was missing" when none may be. */
function tooManyMissingText(allowed: number, items: number): string {
  return allowed === 0 ? `at least one of its ${items} items was missing` : `more than ${allowed} of ${items} items were missing`;
}

/**
 * How many missing items each scale of an entry may have and still be prorated, for the methods:
 * ⌊k · maxMissingFraction⌋ of its k items (the rule scaleSql applies).
 * @example prorateRule(waiSr entry) // 'Working Alliance Inventory – Short Revised: up to 2 of 12 items missing for the total, none for its 4-item subscales'
 */
function prorateRule(r: Resolved): string {
  const fraction = r.entry.maxMissingFraction ?? r.def.maxMissingFraction;
  const allowed = (k: number) => allowedMissing(k, fraction);
  const parts = r.def.roundProratedMean ? [] : [`${allowed(r.def.items) === 0 ? 'none' : `up to ${allowed(r.def.items)}`} of ${r.def.items} items missing for the total`];
  const subscales = Object.entries(r.def.subscales);
  const sizes = [...new Set(subscales.map(([, items]) => items.length))];
  if (sizes.length === 1) {
    const a = allowed(sizes[0]);
    parts.push(a === 0 ? `none for its ${sizes[0]}-item subscale${subscales.length > 1 ? 's' : ''}` : `up to ${a} of ${sizes[0]} for ${subscales.length > 1 ? 'each subscale' : 'its subscale'}`);
  } else for (const [name, items] of subscales) parts.push(`${allowed(items.length) === 0 ? 'none' : `up to ${allowed(items.length)}`} of ${items.length} for ${name}`);
  return `${r.def.name}: ${parts.join(', ')}`;
}

/** A score table's column for a scale's answered count (dropped once the ledger counts are read). */
function answeredName(i: number): string {
  return `__score_answered_${i}`;
}

/**
 * The columns of table `from` that hold whole numbers by their stored type (an integer type in the
 * table the shape's `storedIn` names, for that table only), each with the bounds of its values that
 * DuckDB's statistics give (null: none known). For these columns the whole-number test of an
 * integer instrument's responses is left out, about a fifth of the scoring pass's CPU at 1.3 M rows
 * (the range test then runs on the stored integers, as DuckDB moves a comparison of a cast column
 * to the column's own type), and so is the range test when the bounds lie within the response
 * range (see the checks in run).
 */
async function storedWhole(db: DuckDBSession, source: TableShape, from: string): Promise<Map<string, StoredBounds | null>> {
  if (source.storedIn?.of !== from) return new Map();
  const table = source.storedIn.table;
  const rows = await db.rows(
    `SELECT column_name AS name FROM duckdb_columns() WHERE database_name = current_database() AND table_name = ${sqlString(table)} AND data_type IN ('TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT')`,
  );
  const names = rows.map((r) => String(r.name));
  const bounds = await storedBounds(db, table, names);
  return new Map(names.map((c, i) => [c, bounds[i]]));
}

/** The largest SMALLINT: DuckDB adds SMALLINT columns as SMALLINT, and stops at an overflow. */
const SMALLINT_MAX = 32767;

/**
 * A relation with the item columns of `asStored` for the one-pass scoring, read from where they are
 * stored (DuckDBSession.scanOf: ingest's base table, under the view that casts them to DOUBLE).
 * The columns marked true keep their stored integer type: stored as integers, with statistics
 * within every response range they are scored against, and no scale of those instruments able to
 * exceed a SMALLINT (the largest magnitude of the sum's range, totalRange). Their sums are then
 * integer additions, which give the same whole numbers as the DOUBLE additions of the view (every
 * score is the sum, or the sum divided or multiplied as a DOUBLE, so each score is the same
 * double) in about 0.18 instead of 0.22 s for the 1.3 M rows of the benchmark (the statement alone,
 * nine runs each). The others are read as the view gives them (all of them, when the scan is not
 * of `storedTable`, the table the shape's storedIn names for this stage).
 */
function integerItemsScan(db: DuckDBSession, relation: string, storedTable: string | undefined, asStored: ReadonlyMap<string, boolean>): string {
  const columns = [...asStored.keys()];
  const scan = db.scanOf(relation, columns);
  const stored = storedTable !== undefined && scan.from === sqlIdent(storedTable);
  return `(SELECT ${columns.map((c) => `${stored && asStored.get(c) ? sqlIdent(c) : scan.sql[c]} AS ${sqlIdent(c)}`).join(', ')} FROM ${scan.from})`;
}

/** The guard's message: an invalid response stopped the one-pass scoring (then located by the checks). */
const INVALID_RESPONSE = 'alliance: invalid response';

/**
 * The scored table's shape: the source's columns and the score columns. Its rows are the
 * source's, row for row, with every source column, so it carries the source's patient codes,
 * and it scans in a stable order when the source does (a projection of the source, or the
 * POSITIONAL JOIN of the source with a table made from it).
 */
function scoredShape(source: TableShape, resolved: Resolved[], id: string): TableShape {
  const shape = cloneShape(source, id);
  for (const r of resolved) {
    for (const s of ['total', ...Object.keys(r.def.subscales)]) shape.columns.set(`${r.prefix}_${s}`, 'number');
    shape.instruments.push(scored(r));
  }
  const beside = source.patientCodesBeside;
  shape.patientCodes = source.patientCodes ?? (beside ? { of: beside.of, column: beside.column, levels: beside.levels } : undefined);
  shape.stableOrder = source.stableOrder;
  return shape;
}

/** Whether `relation` is a stored (non-temporary) table: its scans return the rows in stored order. */
async function isStoredTable(db: RunContext['db'], relation: string): Promise<boolean> {
  return (await db.rows(`SELECT 1 FROM duckdb_tables() WHERE table_name = ${sqlString(relation)} AND NOT temporary`)).length === 1;
}

/** SQL: how many rows satisfy `condition` (NULL counts as false), as DOUBLE. */
function sumOf(condition: string): string {
  return `coalesce(sum((${condition})::INTEGER), 0)::DOUBLE`;
}

function scaleItems(r: Resolved, scale: string): number {
  return scale === 'total' ? r.def.items : r.def.subscales[scale].length;
}

function scored(r: Resolved): ScoredInstrument {
  return { prefix: r.prefix, instrument: r.def.key, higherIsBetter: r.def.higherIsBetter, scales: ['total', ...Object.keys(r.def.subscales)], itemColumns: r.itemColumns, aggregate: r.aggregate };
}

/**
 * Each `instruments[i]` entry with its definition, prefix and item columns. Every entry is checked,
 * and within an entry every check that does not follow from an earlier one (an unknown instrument
 * leaves only the prefix given and the item columns listed to check), so validate lists them all
 * at their spec paths. Entries with an unknown instrument are left out.
 */
function resolve(o: Static<typeof options>, source: TableShape | undefined, ctx: Pick<PlanContext, 'instrument' | 'requireColumn' | 'problem' | 'eachEntry'>): Resolved[] {
  const prefixes = new Set<string>();
  const taken = new Set(source?.columns.keys());
  // without the source table (a bad `from`) the checks of its columns are left out
  const requireColumn = (column: string, optionPath: string) => source && ctx.requireColumn(source, column, optionPath, 'number');
  const out: Resolved[] = [];
  ctx.eachEntry(o.instruments, (entry, i) => {
    const at = `instruments[${i}]`;
    let def: InstrumentDefinition | undefined;
    // an unknown instrument is recorded and the entry's other checks go on
    ctx.eachEntry([entry.instrument], (key) => (def = ctx.instrument(key, `${at}.instrument`)));
    const prefix = entry.prefix ?? (def && def.key.replace(/-/g, '').replace(/^([0-9])/, 'x$1'));
    if (prefix !== undefined) {
      if (prefixes.has(prefix)) ctx.problem(`${at}.prefix`, `prefix '${prefix}' is used twice`);
      prefixes.add(prefix);
    }
    if (Array.isArray(entry.items)) {
      if (def && entry.items.length !== def.items) ctx.problem(`${at}.items`, `${def.name} has ${def.items} items but ${entry.items.length} columns are listed`);
      // a listed column is located at its own entry, so each missing one gets its own line in validate
      entry.items.forEach((c, j) => requireColumn(c, `${at}.items[${j}]`));
    }
    if (!def || prefix === undefined) return; // the prefix is known whenever the instrument is
    let itemColumns: string[];
    if (Array.isArray(entry.items)) itemColumns = entry.items;
    else {
      const pattern = entry.items ?? `${prefix}{i}`;
      itemColumns = Array.from({ length: def.items }, (_, k) => pattern.replace('{i}', String(k + 1)));
      itemColumns.forEach((c) => requireColumn(c, `${at}.items`));
    }
    for (const s of ['total', ...Object.keys(def.subscales)]) {
      const col = `${prefix}_${s}`;
      if (taken.has(col)) ctx.problem(`${at}.prefix`, `output column '${col}' already exists in '${o.from}'; choose another prefix`);
      taken.add(col);
    }
    out.push({ entry, def, prefix, itemColumns, aggregate: entry.aggregate ?? def.aggregate });
  });
  return out;
}
