import { Type, type Static } from '@sinclair/typebox';
import { DataError, SpecError, stageWhere, truncate } from '../engine/errors.ts';
import { firstLine } from '../engine/csv-read-error.ts';
import { isNumericDuckDBType, sqlIdent, type DuckDBSession } from '../engine/duckdb-session.ts';
import { cloneShape, identifierRole, tableName, type ColumnKind, type TableShape } from '../engine/table-shape.ts';
import { assertExpressionColumns, characterAt, columnReferences, compileExpressionToSql, ExpressionError, expressionColumns, parseExpression, printExpression, valueTypeWords, type BinaryNode, type CallNode, type ExprNode } from '../spec/expression/index.ts';
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
        "New columns: name → expression over the table's columns (arithmetic, comparisons, and/or/not, abs sqrt log log10 exp round floor ceil min max ifelse is_missing coalesce mean_of sum_of). A condition (what and/or/not combine, ifelse's first argument) is a comparison or is_missing(), not a column itself: modality == 'CBT', phq1 > 0, and severe == 1 for a condition a derived column stores (as 1 or 0). Later columns may use earlier ones. Names: lower case, digits and '_'",
    }),
  },
  { additionalProperties: false },
);

type Options = Static<typeof options>;
type Kind = ColumnKind | 'boolean';
/** A column's kind, or `unknown` for a derived column whose own expression has a problem. */
type KnownKind = Kind | 'unknown';

interface Derived {
  name: string;
  text: string;
  node: ExprNode;
  kind: KnownKind;
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
 * mistakes are spec errors located at `stages[i].columns.<name>` with the character in the
 * expression (1-based, as an editor counts). An expression may not read the patient or therapist column: a derived copy or
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
 * later stages could not compute its SD; `--strict` stops on any of them. A column DuckDB still
 * cannot compute stops the run with one message naming the column, its expression, the table and
 * the value at fault (notComputed).
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
    /** The `from` table with the first `count` derived columns, raw and clean. */
    const relationOf = (count: number): string => {
      const some = derived.slice(0, count);
      let relation = sqlIdent(tableName(o.from));
      for (let level = 1; level <= Math.max(...some.map((d) => d.level)); level++) {
        const values: string[] = [];
        const cleans: string[] = [];
        some.forEach((d, i) => {
          if (d.level !== level) return;
          const sql = compileExpressionToSql(d.node, sqlIdent);
          const r = sqlIdent(raw[i]);
          values.push(`${d.kind === 'boolean' ? `CAST(${sql} AS DOUBLE)` : sql} AS ${r}`);
          cleans.push(`${d.kind === 'string' ? r : `CASE WHEN NOT ${unusableNumberSql(r)} THEN ${r} END`} AS ${sqlIdent(d.name)}`);
        });
        relation = `(SELECT *, ${cleans.join(', ')} FROM (SELECT *, ${values.join(', ')} FROM ${relation}))`;
      }
      return relation;
    };
    const relation = relationOf(derived.length);
    const name = tableName(ctx.stageId);
    const names = derived.map((d) => sqlIdent(d.name));
    // Evaluate every new column once, so a run-time problem stops here, located.
    let counts: Record<string, unknown>;
    try {
      await ctx.db.run(`CREATE VIEW ${sqlIdent(name)} AS SELECT * EXCLUDE (${[...raw.map(sqlIdent), ...names].join(', ')}), ${names.join(', ')} FROM ${relation}`);
      const parts = derived.map((d, i) => {
        const r = sqlIdent(raw[i]);
        const present = [`${r} IS NULL`, ...expressionColumns(d.node).map((c) => `${sqlIdent(c)} IS NOT NULL`)].join(' AND ');
        const notFinite = d.kind === 'string' ? '0' : `count(*) FILTER (WHERE NOT isfinite(${r}))`;
        const tooLarge = d.kind === 'string' ? '0' : `count(*) FILTER (WHERE isfinite(${r}) AND abs(${r}) > ${MAX_MAGNITUDE_SQL})`;
        return `count(${sqlIdent(d.name)})::DOUBLE AS c${i}, ${notFinite}::DOUBLE AS x${i}, ${tooLarge}::DOUBLE AS o${i}, count(*) FILTER (WHERE ${present})::DOUBLE AS u${i}`;
      });
      counts = (await ctx.db.rows(`SELECT count(*)::DOUBLE AS n, ${parts.join(', ')} FROM ${relation}`))[0];
    } catch (e) {
      throw await notComputed(ctx.db, e as Error, { derived, raw, relationOf, from: o.from, source, where: (path) => stageWhere(`${ctx.specPath}.${path}`, ctx.stageId, 'derive') });
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
 * Why a derive stage's columns could not be computed, as one DataError in the user's words: the
 * first column, in the order the spec gives them, that DuckDB cannot compute (each tried with the
 * ones before it), with its expression, the table and the reason: the value DuckDB could not
 * convert, and of which column, when it names them; else a column of the table that holds text
 * where the stage that made it declared numbers, or numbers where it declared text; else
 * DuckDB's first line without its `… Error:` prefix (firstLine). The plan refuses every kind
 * mistake it can see, so this is the last guard, for a table whose stored types differ from its
 * declared kinds, or DuckDB failing itself (out of memory). Called only once the run has failed.
 */
async function notComputed(
  db: DuckDBSession,
  error: Error,
  run: { derived: Derived[]; raw: string[]; relationOf: (count: number) => string; from: string; source: TableShape; where: (path: string) => string },
): Promise<DataError> {
  const { derived, raw, relationOf, from, source, where } = run;
  for (let i = 0; i < derived.length; i++) {
    try {
      await db.rows(`SELECT count(${sqlIdent(raw[i])}) AS n FROM ${relationOf(i + 1)}`);
    } catch (e) {
      const d = derived[i];
      // a raw value DuckDB names under its working name is the derived column's (__derive_d_10 renamed before __derive_d_1)
      const message = raw.reduceRight((m, r, j) => m.replaceAll(r, derived[j].name), firstLine((e as Error).message));
      // a value DuckDB names with its column is the data's; one without may be the expression's own literal
      const value = convertedValue(message);
      const why = (value?.column ? value.text : undefined) ?? (await storedKindMismatch(db, from, source, expressionColumns(d.node))) ?? value?.text ?? message;
      return new DataError(`${where(`columns.${d.name}`)}: column '${d.name}' = ${truncate(printExpression(d.node), 120)} cannot be computed from table '${from}': ${why}`);
    }
  }
  return new DataError(`${where('columns')}: the derived columns cannot be computed from table '${from}': ${convertedValue(firstLine(error.message))?.text ?? firstLine(error.message)}`);
}

/**
 * DuckDB's conversion failure (`Could not convert string 'n/a' to DOUBLE when casting from source
 * column phq1`) said as the value that is not of the type needed, with the column DuckDB names.
 */
function convertedValue(message: string): { text: string; column?: string } | undefined {
  const converted = /Could not convert string '(.*)' to (\w+)(?: when casting from source column (.+))?$/.exec(message);
  if (converted) {
    const [, value, type, column] = converted;
    const wanted = type === 'BOOL' || type === 'BOOLEAN' ? 'true or false' : isNumericDuckDBType(type) ? 'a number' : `a ${type.toLowerCase()}`;
    return { text: `the value '${truncate(value)}'${column ? ` of column '${column}'` : ''} is not ${wanted}`, column };
  }
  const range = /with value (\S+) can't be cast because the value is out of range/.exec(message);
  return range ? { text: `the value ${truncate(range[1])} is out of range` } : undefined;
}

/** Which of `columns` the table `from` stores as text although its shape declares numbers, or the other way round; undefined when none does. */
async function storedKindMismatch(db: DuckDBSession, from: string, source: TableShape, columns: string[]): Promise<string | undefined> {
  const stored = new Map((await db.describe(sqlIdent(tableName(from)))).map((c) => [c.name, isNumericDuckDBType(c.type) ? 'number' : 'string']));
  const odd = columns.find((c) => stored.has(c) && stored.get(c) !== source.columns.get(c));
  if (odd === undefined) return undefined;
  const [holds, declared] = stored.get(odd) === 'string' ? ['text', 'numbers'] : ['numbers', 'text'];
  return `its column '${odd}' holds ${holds} although the stage that made it declared ${declared} (a fault of alliance, not of the data or the spec)`;
}

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
  const kinds = new Map<string, KnownKind>(source?.columns);
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
      // a column whose expression has a problem is still known to the ones after it, of unknown
      // kind: a later column reading it is checked as if it were fine (no second, derived problem)
      if (!kinds.has(name)) {
        kinds.set(name, 'unknown');
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
      compileExpressionToSql(node, sqlIdent, text);
    } catch (e) {
      if (e instanceof ExpressionError) fail(path, `${e.message}${inExpression(text)}`);
      throw e;
    }
    if (!source) return;
    for (const ref of columnReferences(node)) {
      const role = identifierRole(source, ref.name);
      if (role)
        fail(path, `column '${ref.name}' at character ${characterAt(text, ref.pos)} holds the ${role} identifiers; derived columns cannot be computed from identifier columns, as a copy or transform of them would bypass their pseudonymisation in reports${inExpression(text)}`);
    }
    const kind = kindOf(node, kinds, source.whyText, (message, pos, hint) => fail(path, `${message} at character ${characterAt(text, pos)}${hint ? `. ${hint}` : ''}${inExpression(text)}`));
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
 * The kind of an expression's value given the kinds of the columns it reads. Refuses what DuckDB
 * would stop on mid-run (on the first text value, or before any row with a raw conversion error):
 * a text column where a number is needed, and text beside a number or a true/false condition in a
 * comparison, in `coalesce` or in the two values of `ifelse`. Refuses text or a number where a
 * true/false condition is needed (the operands of and/or/not, the first argument of `ifelse`):
 * DuckDB would stop on text that is not 'true' or 'false' and read a number inconsistently (`not`
 * takes any number but 0 as true, `ifelse` only 1, leaving 2 missing), so a condition is spelled
 * out as a comparison (`phq1 > 0`), as the literal check refuses `not 1`. A column of unknown
 * kind is refused nowhere. `hint` says how to fix the problem: a literal of the other kind
 * (`modality == 1` → `modality == '1'`), text recoded as numbers (`ifelse(modality == 'x', 1, 0)`),
 * a comparison for a condition (`phq1 > 0`), or why a column the file seems to hold numbers in is text.
 */
function kindOf(
  node: ExprNode,
  columns: Map<string, KnownKind>,
  whyText: TableShape['whyText'],
  fail: (message: string, pos: number, hint?: string) => never,
): KnownKind {
  const kind = (n: ExprNode): KnownKind => kindOf(n, columns, whyText, fail);
  const numeric = (n: ExprNode, what: string): void => {
    if (kind(n) === 'string') fail(`${what} needs a number, but ${n.kind === 'column' ? `column '${n.name}' is text` : 'this is text'}`, n.pos, whyTextHint(n, whyText) ?? recodeHint(n));
  };
  const condition = (n: ExprNode, k: KnownKind, what: string): void => {
    if (k === 'string' || k === 'number') fail(`${what} needs a true/false condition, but ${n.kind === 'column' ? `column '${n.name}' is` : 'this is'} ${valueTypeWords(k)}`, n.pos, comparisonHint(n, k));
  };
  switch (node.kind) {
    case 'number':
      return 'number';
    case 'string':
      return 'string';
    case 'column':
      return columns.get(node.name) ?? 'unknown';
    case 'unary':
      if (node.op === '-') {
        numeric(node.operand, "unary '-'");
        return 'number';
      }
      condition(node.operand, kind(node.operand), "'not'");
      return 'boolean';
    case 'binary':
      if (['+', '-', '*', '/', '^'].includes(node.op)) {
        numeric(node.left, `'${node.op}'`);
        numeric(node.right, `'${node.op}'`);
        return 'number';
      }
      if (node.op === 'and' || node.op === 'or') {
        condition(node.left, kind(node.left), `'${node.op}'`);
        condition(node.right, kind(node.right), `'${node.op}'`);
        return 'boolean';
      }
      // a condition compared with a number is fine (DuckDB reads true as 1): a stored condition is a 1/0 number
      refuseMix(node, [node.left, node.right], [kind(node.left), kind(node.right)], `comparison '${node.op}'`, 'text', whyText, fail);
      return 'boolean';
    case 'call': {
      if (NUMBER_FUNCTIONS.has(node.name) || node.name === 'min' || node.name === 'max') {
        node.args.forEach((a) => numeric(a, `'${node.name}'`));
        return 'number';
      }
      const kinds = node.args.map(kind);
      if (node.name === 'is_missing') return 'boolean';
      if (node.name === 'ifelse') condition(node.args[0], kinds[0], "the first argument of 'ifelse'");
      const values = node.name === 'ifelse' ? node.args.slice(1) : node.args;
      const valueKinds = node.name === 'ifelse' ? kinds.slice(1) : kinds;
      refuseMix(node, values, valueKinds, `'${node.name}'`, 'any', whyText, fail);
      const known = valueKinds.filter((k) => k !== 'unknown');
      return known.length === 0 ? 'unknown' : known.includes('string') ? 'string' : known.every((k) => k === 'boolean') ? 'boolean' : 'number';
    }
  }
}

/**
 * Refuses `values` (a comparison's two sides, the arguments of `coalesce`, the values of `ifelse`)
 * of kinds DuckDB cannot compare or put in one column: text beside a number or a true/false
 * condition (it would convert the text and stop on the first value that is no number, 'CBT', or
 * refuse to mix them), and for `mix: 'any'` also a condition beside a number (DuckDB's COALESCE
 * and CASE refuse BOOLEAN with DOUBLE). Located at the first value whose kind differs from the
 * first known one, as check-expression-types.ts locates such a mix among literals.
 */
function refuseMix(
  owner: BinaryNode | CallNode,
  values: ExprNode[],
  kinds: KnownKind[],
  what: string,
  mix: 'text' | 'any',
  whyText: TableShape['whyText'],
  fail: (message: string, pos: number, hint?: string) => never,
): void {
  const first = kinds.findIndex((k) => k !== 'unknown');
  if (first < 0) return;
  const differs = (k: KnownKind): boolean => k !== 'unknown' && (mix === 'any' ? k !== kinds[first] : (k === 'string') !== (kinds[first] === 'string'));
  const clash = kinds.findIndex((k, i) => i > first && differs(k));
  if (clash < 0) return;
  const describe = (n: ExprNode, k: Kind): string => (n.kind === 'column' ? `column '${n.name}', which is ${valueTypeWords(k)},` : valueTypeWords(k));
  const message = `${what} mixes ${describe(values[first], kinds[first] as Kind)} with ${describe(values[clash], kinds[clash] as Kind)}`;
  const text = kinds[first] === 'string' || kinds[clash] === 'string';
  fail(message, values[clash].pos, text ? textMixHint(owner, values, kinds, whyText) : conditionHint(values[kinds[first] === 'boolean' ? first : clash]));
}

/**
 * How to write text or a number as a condition: a comparison (`modality == 'x'`, `phq1 == 1`,
 * `phq1 > 0`), a derived condition being stored as the number 1 or 0.
 */
function comparisonHint(n: ExprNode, k: 'string' | 'number'): string {
  const v = truncate(printExpression(n), 60);
  return k === 'string'
    ? `A condition needs a comparison, e.g. ${v} == 'x' with one of its values for 'x'`
    : `A condition needs a comparison, e.g. ${v} > 0 (or ${v} == 1 for a derived condition, stored as 1 or 0)`;
}

/** How to put a true/false condition beside numbers: as the 1/0 a derived column stores it as. */
function conditionHint(condition: ExprNode): string {
  return `Write the condition as a number, e.g. ${truncate(printExpression({ kind: 'call', name: 'ifelse', args: [condition, { kind: 'number', value: 1, pos: 0 }, { kind: 'number', value: 0, pos: 0 }], pos: 0 }), 120)}`;
}

/**
 * How to fix a mix of text and numbers: why a column is text although the file seems to hold
 * numbers in it (TableShape.whyText), or else the expression with its literals of the other kind
 * rewritten (`modality == 1` → `modality == '1'`, `coalesce(phq1, '0')` → `coalesce(phq1, 0)`)
 * when every value that is no literal has one kind and every such literal can be written in it.
 */
function textMixHint(owner: BinaryNode | CallNode, values: ExprNode[], kinds: KnownKind[], whyText: TableShape['whyText']): string | undefined {
  for (const n of values) {
    const why = whyTextHint(n, whyText);
    if (why) return why;
  }
  const literal = (n: ExprNode): boolean => n.kind === 'number' || n.kind === 'string' || (n.kind === 'unary' && n.op === '-' && n.operand.kind === 'number');
  const others = values.filter((n) => !literal(n));
  const otherKinds = new Set(values.map((n, i) => (literal(n) ? undefined : kinds[i])).filter((k) => k !== undefined && k !== 'unknown'));
  if (others.length === 0 || otherKinds.size !== 1) return undefined;
  const want = [...otherKinds][0] as Kind;
  if (want === 'boolean') return undefined;
  const rewritten = new Map<ExprNode, ExprNode>();
  for (const n of values) {
    if (!literal(n) || (n.kind === 'string') === (want === 'string')) continue;
    const as = want === 'string' ? ({ kind: 'string', value: printExpression(n), pos: n.pos } as const) : numberLiteral(n);
    if (!as) return undefined;
    rewritten.set(n, as);
  }
  const swap = (n: ExprNode): ExprNode => rewritten.get(n) ?? n;
  const fixed = truncate(printExpression(owner.kind === 'binary' ? { ...owner, left: swap(owner.left), right: swap(owner.right) } : { ...owner, args: owner.args.map(swap) }), 120);
  const give = want === 'string' ? 'text' : 'a number';
  if (owner.kind === 'binary') {
    const order = want === 'string' && owner.op !== '==' && owner.op !== '!=' ? " (text is ordered alphabetically: '10' < '9')" : '';
    return `Compare ${truncate(printExpression(others[0]), 60)} with ${give}, e.g. ${fixed}${order}`;
  }
  return `Make ${owner.name === 'ifelse' ? "both values of 'ifelse'" : `every argument of '${owner.name}'`} ${give}, e.g. ${fixed}`;
}

/** Why a column the file seems to hold numbers in is text (TableShape.whyText: its cells are all missing-value codes); undefined for anything else. */
function whyTextHint(n: ExprNode, whyText: TableShape['whyText']): string | undefined {
  if (n.kind !== 'column') return undefined;
  const why = whyText?.get(n.name);
  return why === undefined ? undefined : `Column '${n.name}' is text: ${why}`;
}

/**
 * How to compute with text: recode it as numbers, and when ingest reads a column as text, so a
 * researcher who expected numbers sees why (mostlyNumeric in ingest.ts: more text than numbers
 * among its cells, missing-value codes counting for neither; numbers with an `NA` among them stay
 * numbers, and the run stops at the `NA`).
 */
function recodeHint(n: ExprNode): string {
  const v = truncate(printExpression(n), 60);
  return `To compute with text, recode it as numbers, e.g. ifelse(${v} == 'x', 1, 0) with one of its values for 'x' (ingest reads a column as text when its cells hold more text than numbers, missing-value codes such as 'NA' aside)`;
}

/** Text that reads as a number ('2', '-0.5'), as a number literal; else undefined. */
function numberLiteral(n: ExprNode): ExprNode | undefined {
  if (n.kind !== 'string' || !/^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(n.value.trim())) return undefined;
  const v = Number(n.value.trim());
  if (!Number.isFinite(v)) return undefined;
  const lit: ExprNode = { kind: 'number', value: Math.abs(v), pos: n.pos };
  return v < 0 ? { kind: 'unary', op: '-', operand: lit, pos: n.pos } : lit;
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
