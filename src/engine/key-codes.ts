import { sqlIdent, type DuckDBSession } from './duckdb-session.ts';

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
