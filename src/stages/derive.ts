import { Type, type Static } from '@sinclair/typebox';
import { DataError, SpecError, truncate } from '../engine/errors.ts';
import { sqlIdent } from '../engine/duckdb-session.ts';
import { cloneShape, identifierRole, tableName, type ColumnKind, type TableShape } from '../engine/table-shape.ts';
import { assertExpressionColumns, columnReferences, compileExpressionToSql, ExpressionError, expressionColumns, parseExpression, printExpression, type ExprNode } from '../spec/expression/index.ts';
import type { StageDefinition } from './stage-definition.ts';
import { planSourceTable } from './plan-source-table.ts';
import { MAX_MAGNITUDE_SQL, unusableNumberSql } from '../engine/max-magnitude.ts';

const NAME = /^[a-z][a-z0-9_]{0,63}$/;
/**
 * Most derived columns in a chain, each computed from the one before (over all derive stages a
 * table passes through): every link nests the SQL two subqueries deeper, and DuckDB stops at 1000
 * levels (with expressions up to EXPRESSION_LIMITS.maxTreeDepth deep inside).
 */
export const MAX_DERIVED_CHAIN = 50;

const options = Type.Object(
  {
    from: Type.String({ description: 'Id of the stage whose table the new columns are computed from' }),
    columns: Type.Record(Type.String(), Type.String({ minLength: 1, maxLength: 2000 }), {
      minProperties: 1,
      description:
        "New columns: name → expression over the table's columns (arithmetic, comparisons, and/or/not, abs sqrt log log10 exp round floor ceil min max ifelse is_missing coalesce mean_of sum_of). Later columns may use earlier ones. Names: lower case, digits and '_'",
    }),
  },
  { additionalProperties: false },
);

type Options = Static<typeof options>;
type Kind = ColumnKind | 'boolean';

interface Derived {
  name: string;
  text: string;
  node: ExprNode;
  kind: Kind;
  /** 1 for a column computed from the `from` table only, else 1 + the level of the deepest derived column it reads. */
  level: number;
}

/**
 * Stage `derive`: new columns computed row by row from expressions such as
 * `wai_total / 12` or `ifelse(phq_total >= 10, 1, 0)`, as a DuckDB VIEW over the `from` table.
 *
 * Expressions are never evaluated as JavaScript: they are parsed by the project's own grammar
 * (src/spec/expression/), checked against the columns of the `from` table at plan time, and
 * compiled to SQL with every column name quoted. Parse errors, unknown columns and type
 * mistakes are spec errors located at `stages[i].columns.<name>` with the position in the
 * expression. An expression may not read the patient or therapist column: a derived copy or
 * transform of the identifiers would reach reports without the pseudonyms the report stage
 * gives them. Comparisons and other true/false results are stored as 1/0 (missing stays
 * missing). A missing input gives a missing value, not counted (the input's own stage counted it);
 * where each missing input is one the table lacks by design, the new column is declared missing by
 * design too (byDesignOf), so later stages count such rows as not applicable.
 * A value that is missing although every column the expression reads is present (division by
 * zero, log of a non-positive or sqrt of a negative number) is counted in the ledger as
 * `derived-undefined`, a result that is not a finite number (exp() overflow) becomes missing
 * and is counted as `derived-not-finite`, and a finite result larger in magnitude than
 * MAX_MAGNITUDE (`x * 1e300`) becomes missing and is counted as `derived-out-of-range`, as
 * later stages could not compute its SD; `--strict` stops on any of them.
 */
export const derive: StageDefinition<typeof options> = {
  type: 'derive',
  summary: 'Computed columns from safe expressions (arithmetic, comparisons, a listed set of functions). A result that is undefined although every input is present (a division by zero, the log of a number ≤ 0, the square root of a negative number), not a finite number (exp() overflow) or beyond ±1e100 (its square would overflow later) becomes missing, counted in the ledger as derived-undefined, derived-not-finite or derived-out-of-range',
  options,
  plan(o, ctx) {
    const source = planSourceTable(ctx, o.from, 'from');
    // every column checked, so validate lists the problems of all of them (eachEntry)
    const derived = planDerive(o, source, (path, message) => ctx.fail(path, message), (entries, check) => ctx.eachEntry(entries, check));
    return source ? { table: shapeOf(source, ctx.stageId, derived) } : {};
  },
  async run(o, ctx) {
    const source = ctx.table(o.from);
    const derived = planDerive(
      o,
      source,
      (path, message) => {
        throw new SpecError(message, `${ctx.specPath}.${path}`);
      },
      (entries, check) => entries.forEach(check),
    );
    // Each column is computed once as a raw value; a number that is not finite (exp() overflow,
    // 0 ^ -1) or larger than MAX_MAGNITUDE becomes missing and is counted in the ledger.
    // Columns of one level are computed side by side, so the SQL nests by the length of the
    // longest chain of derived columns, not by their number.
    const raw = derived.map((_, i) => `__derive_${ctx.stageId}_${i}`);
    let relation = sqlIdent(tableName(o.from));
    for (let level = 1; level <= Math.max(...derived.map((d) => d.level)); level++) {
      const values: string[] = [];
      const cleans: string[] = [];
      derived.forEach((d, i) => {
        if (d.level !== level) return;
        const sql = compileExpressionToSql(d.node, sqlIdent);
        const r = sqlIdent(raw[i]);
        values.push(`${d.kind === 'boolean' ? `CAST(${sql} AS DOUBLE)` : sql} AS ${r}`);
        cleans.push(`${d.kind === 'string' ? r : `CASE WHEN NOT ${unusableNumberSql(r)} THEN ${r} END`} AS ${sqlIdent(d.name)}`);
      });
      relation = `(SELECT *, ${cleans.join(', ')} FROM (SELECT *, ${values.join(', ')} FROM ${relation}))`;
    }
    const name = tableName(ctx.stageId);
    const names = derived.map((d) => sqlIdent(d.name));
    await ctx.db.run(`CREATE VIEW ${sqlIdent(name)} AS SELECT * EXCLUDE (${[...raw.map(sqlIdent), ...names].join(', ')}), ${names.join(', ')} FROM ${relation}`);
    // Evaluate every new column once, so a run-time problem stops here, located.
    let counts: Record<string, unknown>;
    try {
      const parts = derived.map((d, i) => {
        const r = sqlIdent(raw[i]);
        const present = [`${r} IS NULL`, ...expressionColumns(d.node).map((c) => `${sqlIdent(c)} IS NOT NULL`)].join(' AND ');
        const notFinite = d.kind === 'string' ? '0' : `count(*) FILTER (WHERE NOT isfinite(${r}))`;
        const tooLarge = d.kind === 'string' ? '0' : `count(*) FILTER (WHERE isfinite(${r}) AND abs(${r}) > ${MAX_MAGNITUDE_SQL})`;
        return `count(${sqlIdent(d.name)})::DOUBLE AS c${i}, ${notFinite}::DOUBLE AS x${i}, ${tooLarge}::DOUBLE AS o${i}, count(*) FILTER (WHERE ${present})::DOUBLE AS u${i}`;
      });
      counts = (await ctx.db.rows(`SELECT count(*)::DOUBLE AS n, ${parts.join(', ')} FROM ${relation}`))[0];
    } catch (e) {
      const first = (e as Error).message.split('\n')[0];
      throw new DataError(`${ctx.specPath}.columns: a derived column cannot be computed: ${first}`, source.file);
    }
    const rows = Number(counts.n);
    const columns: Record<string, { expression: string; kind: string; missing: number; undefined: number; notFinite: number; outOfRange: number }> = {};
    derived.forEach((d, i) => {
      const missing = rows - Number(counts[`c${i}`]);
      const undefinedCount = Number(counts[`u${i}`]);
      const notFinite = Number(counts[`x${i}`]);
      const outOfRange = Number(counts[`o${i}`]);
      const expression = printExpression(d.node);
      columns[d.name] = { expression, kind: d.kind === 'string' ? 'text' : 'number', missing, undefined: undefinedCount, notFinite, outOfRange };
      ctx.ledger.add({ stage: ctx.stageId, action: 'set-missing', unit: 'values', count: undefinedCount, reason: 'derived-undefined', detail: `${d.name}: ${undefinedCount} value(s) of ${expression} are undefined although every input was present (division by zero, log of a number ≤ 0, sqrt of a number < 0) and are missing` });
      ctx.ledger.add({ stage: ctx.stageId, action: 'set-missing', unit: 'values', count: notFinite, reason: 'derived-not-finite', detail: `${d.name}: ${notFinite} value(s) of ${expression} were infinite or not a number and are missing` });
      ctx.ledger.add({ stage: ctx.stageId, action: 'set-missing', unit: 'values', count: outOfRange, reason: 'derived-out-of-range', detail: `${d.name}: ${outOfRange} value(s) of ${expression} were larger in magnitude than ${MAX_MAGNITUDE_SQL}, too large for later statistics (their squares overflow), and are missing` });
    });
    return {
      table: shapeOf(source, ctx.stageId, derived),
      result: { from: o.from, rows, columns },
      methods: [
        `Derived variables were computed row by row: ${derived.map((d) => `${d.name} = ${printExpression(d.node)}`).join('; ')} (missing inputs give missing values; division by zero, the logarithm of a number ≤ 0 and the square root of a negative number give missing values, as do results that are infinite or larger in magnitude than ${MAX_MAGNITUDE_SQL}, counted in the data-quality ledger).`,
      ],
    };
  },
};

/**
 * Parses and checks every expression against the source columns and the columns defined before it.
 * Without a source (its `from` is no table) only the names and the expressions themselves are
 * checked, and nothing is returned.
 */
function planDerive(
  o: Options,
  source: TableShape | undefined,
  fail: (path: string, message: string) => never,
  each: (entries: [string, string][], check: (entry: [string, string]) => void) => void,
): Derived[] {
  const kinds = new Map<string, Kind>(source?.columns);
  const levels = new Map<string, number>();
  const below = source?.derivedLevels ?? 0;
  const out: Derived[] = [];
  each(Object.entries(o.columns), ([name, text]) => {
    const path = `columns.${name}`;
    if (kinds.has(name)) fail(path, `column '${name}' already exists in ${source?.columns.has(name) ? `table '${o.from}'` : 'this stage'}; choose another name`);
    try {
      if (!NAME.test(name)) fail(path, `column name '${name}' must start with a lower-case letter and use only a–z, 0–9 and '_' (at most 64 characters)`);
      checkColumn(name, text, path);
    } finally {
      // a column whose expression has a problem is still known to the ones after it, as a number:
      // a later column reading it is checked as if it were fine (no second, derived problem)
      if (!kinds.has(name)) {
        kinds.set(name, 'number');
        levels.set(name, 1);
      }
    }
  });
  return out;

  function checkColumn(name: string, text: string, path: string): void {
    let node: ExprNode;
    try {
      node = parseExpression(text);
      if (source) assertExpressionColumns(node, kinds.keys(), text);
      compileExpressionToSql(node, sqlIdent);
    } catch (e) {
      if (e instanceof ExpressionError) fail(path, `${e.message}${inExpression(text)}`);
      throw e;
    }
    if (!source) return;
    for (const ref of columnReferences(node)) {
      const role = identifierRole(source, ref.name);
      if (role)
        fail(path, `column '${ref.name}' at position ${ref.pos} holds the ${role} identifiers; derived columns cannot be computed from identifier columns, as a copy or transform of them would bypass their pseudonymisation in reports${inExpression(text)}`);
    }
    const kind = kindOf(node, kinds, (message, pos) => fail(path, `${message} at position ${pos}${inExpression(text)}`));
    const level = 1 + Math.max(0, ...expressionColumns(node).map((c) => levels.get(c) ?? 0));
    if (below + level > MAX_DERIVED_CHAIN)
      fail(
        path,
        `column '${name}' extends a chain of derived columns, each computed from the one before, to ${below + level} links${below ? ` (${below} in earlier derive stages)` : ''}; at most ${MAX_DERIVED_CHAIN} are allowed, as each link nests the SQL deeper. Compute it in fewer steps`,
      );
    levels.set(name, level);
    // later expressions see a true/false column as the 1/0 number it is stored as
    kinds.set(name, kind === 'boolean' ? 'number' : kind);
    out.push({ name, text, node, kind, level });
  }
}

const NUMBER_FUNCTIONS = new Set(['abs', 'sqrt', 'log', 'log10', 'exp', 'round', 'floor', 'ceil', 'mean_of', 'sum_of']);

/**
 * The kind of an expression's value given the kinds of the columns it reads; refuses text
 * columns where a number is needed (DuckDB would otherwise stop mid-run on the first text value).
 */
function kindOf(node: ExprNode, columns: Map<string, Kind>, fail: (message: string, pos: number) => never): Kind {
  const numeric = (n: ExprNode, what: string): void => {
    if (kindOf(n, columns, fail) === 'string') fail(`${what} needs a number, but ${n.kind === 'column' ? `column '${n.name}' is text` : 'this is text'}`, n.pos);
  };
  switch (node.kind) {
    case 'number':
      return 'number';
    case 'string':
      return 'string';
    case 'column':
      return columns.get(node.name) ?? 'number';
    case 'unary':
      if (node.op === '-') {
        numeric(node.operand, "unary '-'");
        return 'number';
      }
      kindOf(node.operand, columns, fail);
      return 'boolean';
    case 'binary':
      if (['+', '-', '*', '/', '^'].includes(node.op)) {
        numeric(node.left, `'${node.op}'`);
        numeric(node.right, `'${node.op}'`);
        return 'number';
      }
      kindOf(node.left, columns, fail);
      kindOf(node.right, columns, fail);
      return 'boolean';
    case 'call': {
      if (NUMBER_FUNCTIONS.has(node.name) || node.name === 'min' || node.name === 'max') {
        node.args.forEach((a) => numeric(a, `'${node.name}'`));
        return 'number';
      }
      const kinds = node.args.map((a) => kindOf(a, columns, fail));
      if (node.name === 'is_missing') return 'boolean';
      const values = node.name === 'ifelse' ? kinds.slice(1) : kinds;
      return values.includes('string') ? 'string' : values.every((k) => k === 'boolean') ? 'boolean' : 'number';
    }
  }
}

function shapeOf(source: TableShape, id: string, derived: Derived[]): TableShape {
  const shape = cloneShape(source, id);
  for (const d of derived) {
    shape.columns.set(d.name, d.kind === 'string' ? 'string' : 'number');
    const by = byDesignOf(d, shape.missingByDesign);
    if (by) shape.missingByDesign!.set(d.name, by);
  }
  shape.derivedLevels = (source.derivedLevels ?? 0) + Math.max(0, ...derived.map((d) => d.level));
  return shape;
}

/** Longest condition a derived column is declared missing by design with (see byDesignOf). */
export const MAX_BY_DESIGN_SQL = 20_000;

/**
 * When a derived column is missing by design (TableShape.missingByDesign): where some column it
 * reads is missing and every column it reads that is missing lacks its value by design, e.g.
 * `phq_total_later_improvement / 2` for a patient with no session after k. A value missing for any
 * other reason (another input missing from the data, a division by zero) stays missing data, so a
 * stage leaving it out counts it as excluded and --strict stops on it. The condition is SQL over the
 * table's columns, so it grows with each link of a chain of derived columns; one longer than
 * MAX_BY_DESIGN_SQL is not declared (its rows count as missing data), which keeps a spec's chain of
 * columns each reading several earlier ones from growing it beyond bounds.
 */
function byDesignOf(d: Derived, declared: TableShape['missingByDesign']): { when: string; why: string } | undefined {
  const inputs = expressionColumns(d.node);
  const by = inputs.filter((c) => declared?.has(c));
  if (by.length === 0) return undefined;
  const lacks = (c: string) => `coalesce(${declared!.get(c)!.when}, false)`;
  const anyMissing = inputs.map((c) => `${sqlIdent(c)} IS NULL`).join(' OR ');
  const allByDesign = inputs.map((c) => (by.includes(c) ? `(${sqlIdent(c)} IS NOT NULL OR ${lacks(c)})` : `${sqlIdent(c)} IS NOT NULL`)).join(' AND ');
  const when = `(${anyMissing}) AND ${allByDesign}`;
  if (when.length > MAX_BY_DESIGN_SQL) return undefined;
  return { when, why: `patients lacking ${by.join(' or ')} by design (${by.map((c) => `${c}: ${declared!.get(c)!.why}`).join('; ')})` };
}

/**
 * Where a problem lies, after its message (which may end in a did-you-mean): ` (in expression
 * "phq_totl * 2")`, the expression cut at 120 characters (the YAML line and column locate it).
 */
function inExpression(text: string): string {
  return ` (in expression "${truncate(text, 120)}")`;
}
