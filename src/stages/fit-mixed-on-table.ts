import { sqlIdent, type DuckDBSession, type NumericColumns } from '../engine/duckdb-session.ts';
import { carriedLevels } from '../engine/key-codes.ts';
import { DataError, SpecError } from '../engine/errors.ts';
import { rowsByCode } from '../engine/rows-by-code.ts';
import { collectLetGoArrays } from '../engine/collect-garbage.ts';
import { identifierRole, type TableShape } from '../engine/table-shape.ts';
import type { PseudonymsOf } from '../engine/run-pseudonyms.ts';
import { formatSuggestion } from '../spec/did-you-mean.ts';
import { StatInputError } from '../stats/errors.ts';
import { buildModel, lmm, parseFormula, type LmmResult, type MixedData, type ParsedFormula } from '../stats/mixed/index.ts';

/**
 * The variables a formula uses: all of them, the grouping factors of its random-effect bars, and
 * those that enter a model matrix (the response and the variables of fixed and random terms).
 */
export function formulaVariables(f: ParsedFormula): { all: string[]; grouping: string[]; inTerms: string[] } {
  const inTerms = new Set<string>([f.response]);
  for (const t of f.fixed) t.variables.forEach((v) => inTerms.add(v));
  for (const b of f.random) b.terms.forEach((t) => t.variables.forEach((v) => inTerms.add(v)));
  const grouping = new Set<string>(f.random.flatMap((b) => b.group));
  return { all: [...new Set([...inTerms, ...grouping])], grouping: [...grouping], inTerms: [...inTerms] };
}

/**
 * Checks a formula against a table's columns (plan time); returns the parsed formula. Without a
 * table (the plan's `from` is no table) it only checks that the formula parses.
 */
export function checkFormula(formula: string, shape: TableShape | undefined, fail: (path: string, msg: string) => never, path = 'formula'): ParsedFormula {
  let f: ParsedFormula;
  try {
    f = parseFormula(formula);
  } catch (e) {
    return fail(path, (e as Error).message);
  }
  if (!shape) return f;
  const { all } = formulaVariables(f);
  for (const v of all) {
    if (!shape.columns.has(v)) fail(path, `formula variable '${v}' is not a column of '${shape.id}'.${formatSuggestion(v, shape.columns.keys())}`);
  }
  if (shape.columns.get(f.response) !== 'number') fail(path, `the response '${f.response}' must be numeric`);
  return f;
}

/**
 * Checks the factor names of a `reference` option against a formula (plan time, or before a fit):
 * a name must be a text column that enters a term of the model (a factor with treatment
 * contrasts); anything else would be ignored, leaving the default reference in place unsaid.
 * `fail` gets the path `reference.<name>`. The level itself is checked against the data at fit time.
 */
export function checkReference(reference: Record<string, string> | undefined, f: ParsedFormula, shape: TableShape, fail: (path: string, msg: string) => never): void {
  const { inTerms } = formulaVariables(f);
  const factors = inTerms.filter((v) => shape.columns.get(v) === 'string');
  for (const name of Object.keys(reference ?? {})) {
    if (factors.includes(name)) continue;
    const what = inTerms.includes(name) ? 'is numeric in' : 'is not a factor of';
    const known = factors.length ? `its factors: ${factors.join(', ')}` : 'it has no factors';
    fail(`reference.${name}`, `'${name}' ${what} the formula '${f.formula}' (${known}); a reference level is for a text column of a model term.${formatSuggestion(name, factors)}`);
  }
}

/**
 * Reads exactly the columns a formula needs from a DuckDB table — numeric columns as
 * Float64Array, text columns (and grouping factors) as integer codes with their levels — and
 * fits the model with the lme4-style kernel (src/stats/mixed/). Rows with a missing value in any
 * formula variable are dropped by listwise deletion; the count is returned for the ledger.
 * Used by the `mixed` family of stages and by `alliance mixed`.
 */
export async function fitMixedOnTable(db: DuckDBSession, relation: string, shape: TableShape, formula: string, opts: FitOptions = {}): Promise<MixedFitOnTable> {
  return located(shape, opts, async () => (await fitOnTable(db, relation, shape, [formula], opts))[0]!);
}

/**
 * fitMixedOnTable for several formulas over one relation, its rows read once (the union of the
 * formulas' columns): each fit is the one fitMixedOnTable gives for its formula, on the same rows
 * in the same order. The formulas must share their one grouping factor, e.g. a model and the
 * intercept-only models of its ICCs (therapist-effects: three reads of a join became one).
 * @example const [full, icc] = await fitMixedModelsOnTable(db, rel, shape, ['y ~ x + (1 | g)', 'y ~ 1 + (1 | g)']);
 */
export async function fitMixedModelsOnTable(db: DuckDBSession, relation: string, shape: TableShape, formulas: string[], opts: FitOptions = {}): Promise<MixedFitOnTable[]> {
  return located(shape, opts, () => fitOnTable(db, relation, shape, formulas, opts));
}

/** A fit of fitMixedOnTable or fitMixedOnRows, with the columns it was fitted on (sorted by patient code, then every numeric column). */
export interface MixedFitOnTable {
  fit: LmmResult;
  dropped: number;
  n: number;
  /** The model's columns in the order the kernel read them; `factor` codes index `levels` (−1: missing). */
  data: MixedData;
}

/**
 * fitMixedOnTable for session rows already in memory: `codes` are the patient codes the table
 * carries (shape.patientCodes; NaN or −1 for a row without one) and `numeric` holds every
 * numeric formula variable, a value per row (NaN: missing). The rows are put in the order
 * fitMixedOnTable's read gives them, so the fit is the one that query would give on the same rows.
 * The formula's only factor must be the carried patient column. `levels`, the patient ids in code
 * order (`carriedLevels`), spares a caller that fits several models on the same rows reading them
 * for each. With `letGo`, the caller holds the arrays nowhere else: once their sorted copies are
 * made, `codes` and `numeric` are emptied and, when that much array memory is held
 * (collectLetGoArrays), collected, so that they are not held beside the model's own (at 1.3 M
 * rows, 52 MB for within-between's five columns; small data are not worth a collection).
 */
export async function fitMixedOnRows(db: DuckDBSession, shape: TableShape, formula: string, rows: { codes: Float64Array; numeric: Record<string, Float64Array>; levels?: readonly string[]; letGo?: boolean }, opts: FitOptions = {}): Promise<MixedFitOnTable> {
  return located(shape, opts, async () => {
    const { f, factors, numeric } = formulaColumns(formula, shape, opts);
    const carried = shape.patientCodes;
    if (!carried || factors.length !== 1 || factors[0] !== carried.of) throw new Error(`fitMixedOnRows: the only factor of '${formula}' must be the carried patient codes`);
    const levels = { [carried.of]: rows.levels ?? (await carriedLevels(db, carried)) };
    // the caller's intermediate columns, let go by now, collected before the sorted copies are made
    collectLetGoArrays(db.keptBytes());
    const sorted = sortedByCode(rows.codes, numeric.map((v) => rows.numeric[v]));
    if (rows.letGo) {
      rows.codes = new Float64Array(0);
      rows.numeric = {};
      collectLetGoArrays(db.keptBytes());
    }
    return fitRead(sorted.read, [sorted.codes], levels, f, factors, numeric, shape, opts);
  });
}

async function located<T>(shape: TableShape, opts: FitOptions, fit: () => Promise<T>): Promise<T> {
  try {
    return await fit();
  } catch (e) {
    if (!(e instanceof StatInputError) || !opts.locate) throw e;
    const names = Object.entries(opts.locate.names ?? {});
    const message = names.length ? `${e.message} (model variables: ${names.map(([k, v]) => `${k} = ${v}`).join(', ')})` : e.message;
    throw new DataError(opts.locate.at ? `${opts.locate.at}: ${message}` : message, opts.locate.file ?? shape.file);
  }
}

interface FitOptions {
  REML?: boolean;
  level?: number;
  /** How a long fit is getting on (lmm's `progress`): a stage's ctx.progress. */
  progress?: (message: string) => void;
  reference?: Record<string, string>;
  /**
   * A cheaper relation with the same factor columns and values as `relation` (e.g. the table a
   * windowed subquery is computed from): the factor levels are read from it, so the subquery is
   * not evaluated an extra time per factor.
   */
  levelsFrom?: string;
  /**
   * Labels of patient or therapist levels in the fixed part (`y ~ therapist + …` names its
   * coefficients after them, e.g. `therapistT0002`): the run's labels for them (pseudonyms unless
   * the report may show identifiers). Without it the levels are used as they are (the quick command).
   */
  pseudonyms?: PseudonymsOf;
  /**
   * Where the data and the model come from, for errors: with it, a StatInputError of the fit (an
   * outcome that does not vary, a grouping factor with too few observations, …) becomes one
   * DataError naming `file` (default: the table's input file) and `at` (a stage's spec path and
   * id), and, for a stage that fits derived columns (`y_next`, `outcome`), `names`: each model
   * variable with the spec column it comes from. Without it the StatInputError is thrown as it is.
   */
  locate?: { file?: string; at?: string; names?: Record<string, string> };
}

/** The parsed formula, its factors and its numeric variables, in the order the read selects them. */
function formulaColumns(formula: string, shape: TableShape, opts: FitOptions): { f: ParsedFormula; factors: string[]; numeric: string[] } {
  const f = parseFormula(formula);
  checkReference(opts.reference, f, shape, (path, msg) => {
    throw new StatInputError(`${path}: ${msg}`);
  });
  const { all, grouping, inTerms } = formulaVariables(f);
  // A numeric grouping variable is read as levels, unless a term also uses it: then it stays
  // numeric, a slope in the fixed part as in lme4, and buildModel makes its levels for the bar.
  const factors = all.filter((v) => shape.columns.get(v) === 'string' || (grouping.includes(v) && !inTerms.includes(v)));
  return { f, factors, numeric: all.filter((v) => !factors.includes(v)) };
}

async function fitOnTable(db: DuckDBSession, relation: string, shape: TableShape, formulas: string[], opts: FitOptions): Promise<MixedFitOnTable[]> {
  const parts = formulas.map((formula) => formulaColumns(formula, shape, opts));
  const { factors } = parts[0]!;
  // a read sorted for one formula's columns is not sorted for another's; rows sorted here are
  if (parts.length > 1 && (factors.length !== 1 || parts.some((p) => p.factors.length !== 1 || p.factors[0] !== factors[0]))) {
    throw new Error(`internal: fitMixedModelsOnTable: the formulas ${formulas.map((x) => `'${x}'`).join(', ')} must share their one grouping factor`);
  }
  const numeric = [...new Set(parts.flatMap((p) => p.numeric))];
  // Factor levels in sorted order. The patient codes the relation carries (shape.patientCodes) are
  // read as they are (they number every patient of the source; a level no row of this relation
  // has is dropped by buildModel, as any unused level is). Any other factor's levels are numbered
  // once in a small temporary table and the rows get their codes from a join with it (cheaper
  // than a dense_rank window over 1.3 M text values, but a join on text all the same).
  const levels: Record<string, readonly string[]> = {};
  const carried = shape.patientCodes;
  const isCarried = (v: string) => carried !== undefined && v === carried.of;
  const codeTables = factors.map((_, i) => `__levels_${i}`);
  // A numeric grouping variable's levels are its values in numeric order (2 before 10), as
  // lme4's ranef lists them; any other factor's are its text in text order.
  const levelType = (v: string) => (shape.columns.get(v) === 'number' ? 'DOUBLE' : 'VARCHAR');
  const sortHere = factors.length === 1;
  let read: NumericColumns;
  try {
    for (const [i, v] of factors.entries()) {
      if (isCarried(v)) {
        levels[v] = await carriedLevels(db, carried!);
        continue;
      }
      await db.run(
        `CREATE OR REPLACE TEMP TABLE ${codeTables[i]} AS SELECT l, (row_number() OVER (ORDER BY l) - 1)::INTEGER AS code
         FROM (SELECT DISTINCT ${sqlIdent(v)}::${levelType(v)} AS l FROM ${opts.levelsFrom ?? relation} WHERE ${sqlIdent(v)} IS NOT NULL)`,
      );
      const sql = `SELECT l FROM ${codeTables[i]} ORDER BY code`;
      // numeric levels are labelled as R's factor() labels them (10, not 10.0)
      levels[v] = levelType(v) === 'DOUBLE' ? Array.from((await db.readNumeric(sql)).columns.l!, (x) => String(x)) : ((await db.readStrings(sql)) as string[]);
    }
    const select = [
      ...numeric.map((v, i) => `d.${sqlIdent(v)} AS n${i}`),
      ...factors.map((v, i) => (isCarried(v) ? `coalesce(d.${sqlIdent(carried!.column)}, -1) AS f${i}` : `coalesce(k${i}.code, -1) AS f${i}`)),
    ];
    const joins = factors.flatMap((v, i) => (isCarried(v) ? [] : [`LEFT JOIN ${codeTables[i]} k${i} ON d.${sqlIdent(v)}::${levelType(v)} = k${i}.l`]));
    // Sorted on every selected column, so the kernel sums in the same order on every run (DuckDB's
    // parallel scans, joins and windows return rows in varying order); grouping codes first, which
    // sorts faster than the response first and gives the kernel each level's rows together. With
    // one grouping factor the rows are read as they come and put in that same order here, for each
    // formula on its own columns (sortedByCode: a counting sort by code, then short sorts within
    // each level; less time than DuckDB's sort, and one read serves several formulas).
    const order = [...factors.map((_, i) => `f${i}`), ...numeric.map((_, i) => `n${i}`)];
    read = await db.readNumeric(`SELECT ${select.join(', ')} FROM ${relation} AS d ${joins.join(' ')}${sortHere ? '' : ` ORDER BY ${order.join(', ')}`}`);
  } finally {
    for (const t of codeTables) await db.run(`DROP TABLE IF EXISTS ${t}`);
  }
  if (!sortHere) return [await fitRead(read, factors.map((_, i) => Int32Array.from(read.columns[`f${i}`])), levels, parts[0]!.f, factors, numeric, shape, opts)];
  const fits: MixedFitOnTable[] = [];
  for (const p of parts) {
    // the previous model's matrices (and the caller's columns) let go before this model's copies are made
    collectLetGoArrays(db.keptBytes());
    const sorted = sortedByCode(read.columns.f0, p.numeric.map((v) => read.columns[`n${numeric.indexOf(v)}`]));
    fits.push(await fitRead(sorted.read, [sorted.codes], levels, p.f, factors, p.numeric, shape, opts));
  }
  return fits;
}

/** The fit on columns read as fitOnTable reads them: n0…, numeric in formula order, and the codes of each factor. */
async function fitRead(read: NumericColumns, factorCodes: Int32Array[], levels: Record<string, readonly string[]>, f: ParsedFormula, factors: string[], numeric: string[], shape: TableShape, opts: FitOptions): Promise<MixedFitOnTable> {
  const { inTerms } = formulaVariables(f);
  const { n, columns } = read;
  const data: MixedData = { numeric: {}, factor: {} };
  numeric.forEach((v, i) => (data.numeric![v] = columns[`n${i}`]));
  for (const [i, v] of factors.entries()) {
    let codes = factorCodes[i];
    let lv = levels[v];
    const ref = opts.reference?.[v];
    if (ref !== undefined) {
      // treatment contrasts against `ref`: move it to the front, as R's relevel() does
      const at = lv.indexOf(ref);
      if (at < 0) throw new StatInputError(`reference level '${ref}' is not a level of '${v}' (levels: ${lv.slice(0, 10).join(', ')})`);
      lv = [ref, ...lv.filter((_, k) => k !== at)];
      codes = codes.map((c) => (c < 0 ? c : c === at ? 0 : c < at ? c + 1 : c));
    }
    const role = identifierRole(shape, v);
    if (opts.pseudonyms && role && inTerms.includes(v)) lv = [...(await opts.pseudonyms(lv, role))];
    data.factor![v] = { codes, levels: lv };
  }
  const model = buildModel(f, data);
  const fit = lmm(model, { REML: opts.REML ?? true, level: opts.level ?? 0.95, progress: opts.progress });
  return { fit, dropped: fit.dropped, n, data };
}

/**
 * Rows with level codes `f0` (NaN or −1: none) and numeric columns n0…n(k−1) in the order of
 * ORDER BY f0, n0, …, n(k−1) (f0 = −1, a missing level, first; NaN, a NULL, last): rows that tie on
 * every column are equal, so the order is the SQL one. Returns the columns as n0… and the codes as
 * integers (−1: none), the form the fit takes them in.
 */
function sortedByCode(f0: Float64Array, numeric: Float64Array[]): { read: NumericColumns; codes: Int32Array } {
  const n = f0.length;
  const code = new Int32Array(n);
  for (let i = 0; i < n; i++) code[i] = Number.isNaN(f0[i]) ? 0 : f0[i] + 1;
  const sorted = rowsByCode({ code, keys: numeric, values: [] });
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) codes[i] = sorted.code[i] - 1;
  const columns: Record<string, Float64Array> = {};
  sorted.keys.forEach((v, i) => (columns[`n${i}`] = v));
  return { read: { n, columns }, codes };
}

export function specErrorAt(specPath: string) {
  return (path: string, msg: string): never => {
    throw new SpecError(msg, `${specPath}.${path}`);
  };
}
