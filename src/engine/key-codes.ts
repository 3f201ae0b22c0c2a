import { sqlIdent, type DuckDBSession } from './duckdb-session.ts';
import { rowsByCode } from './rows-by-code.ts';
import { runMeans } from '../stats/descriptive/index.ts';
import type { TableShape } from './table-shape.ts';

/**
 * Reads the numeric SQL expressions `select` (`expr AS name, …`) of `relation` in its scan order
 * (file order for an ingested table), each row with `code`: the 0-based rank of its `key` among
 * the key's distinct values in `ORDER BY key` order, the numbering `row_number() OVER (ORDER BY
 * key) - 1` gives them. Rows whose key is NULL, or that fail `where`, are left out. The codes come
 * from a temporary ENUM of the keys (named `type`, dropped afterwards), not from a JOIN on a table
 * of codes: DuckDB's hash join does not keep the scan order (on 1.3 M rows and two threads the
 * probe side's row groups came out in a different order on each run), and R's `mean()` of a
 * group's values depends on their order in its last bit.
 * @example await readKeyCoded(db, '"t_patients"', 'therapist', '"wai_total_mean" AS a', '"t_x__keys"')
 */
export async function readKeyCoded(
  db: DuckDBSession,
  relation: string,
  key: string,
  select: string,
  type: string,
  where = 'true',
): Promise<{ code: Int32Array; columns: Record<string, Float64Array>; levels: number }> {
  const t = sqlIdent(type);
  const k = sqlIdent(key);
  await db.run(`CREATE TYPE ${t} AS ENUM (SELECT CAST(__k AS VARCHAR) FROM (SELECT DISTINCT ${k} AS __k FROM ${relation} WHERE ${k} IS NOT NULL AND (${where})) ORDER BY __k)`);
  try {
    const levels = Number(await db.scalar(`SELECT len(enum_range(NULL::${t}))`));
    const { columns } = await db.readNumeric(`SELECT enum_code(CAST(${k} AS VARCHAR)::${t}) AS __code, ${select} FROM ${relation} WHERE ${k} IS NOT NULL AND (${where})`);
    const { __code, ...rest } = columns;
    return { code: Int32Array.from(__code!), columns: rest as Record<string, Float64Array>, levels };
  } finally {
    await db.run(`DROP TYPE ${t}`);
  }
}

/**
 * The numbering readKeyCoded codes rows by, as a relation (`key`, `__code`) of the distinct
 * non-NULL keys of the rows that pass `where`: to join results kept by code back to their keys.
 */
export function keyRanksSql(relation: string, key: string, where = 'true'): string {
  const k = sqlIdent(key);
  return `SELECT ${k}, row_number() OVER (ORDER BY ${k}) - 1 AS __code FROM (SELECT DISTINCT ${k} FROM ${relation} WHERE ${k} IS NOT NULL AND (${where}))`;
}

/**
 * Each key's mean of the numeric SQL expression `expr` over the rows of `relation` that pass
 * `where`, as R's `mean(x, na.rm = TRUE)` of its values in scan order (`tapply(x, key, mean,
 * na.rm = TRUE)`), by code (keyRanksSql); NaN for a key without a value. readKeyCoded, then
 * codedMeans.
 */
export async function keyMeans(db: DuckDBSession, relation: string, key: string, expr: string, type: string, where = 'true'): Promise<Float64Array> {
  const read = await readKeyCoded(db, relation, key, `${expr} AS x`, type, where);
  return codedMeans(read.code, read.columns.x!, read.levels);
}

/** R's mean() of `x` per code 0…levels−1, over each code's values in read order (runMeans after grouping the rows by code, stably). */
export function codedMeans(code: Int32Array, x: Float64Array, levels: number): Float64Array {
  const grouped = rowsByCode({ code, keys: [], values: [x] });
  return runMeans(grouped.code, grouped.values[0]!, levels);
}

/**
 * The ids of the patient codes a session table carries (TableShape.patientCodes), as text in code
 * order: read once per run and shared by every stage that names its patients (levelNames).
 */
export function carriedLevels(db: DuckDBSession, carried: NonNullable<TableShape['patientCodes']>): Promise<readonly string[]> {
  return db.levelNames(carried.levels, carried.of);
}
