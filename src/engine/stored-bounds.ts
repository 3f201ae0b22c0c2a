import { sqlIdent, type DuckDBSession } from './duckdb-session.ts';

/** Bounds within which every value of a stored integer column lies (they may be wider than its values, never narrower). */
export interface StoredBounds {
  min: number;
  max: number;
}

/**
 * The bounds of stored integer columns of `table` that DuckDB's statistics give, without a scan:
 * DuckDB keeps each column's smallest and largest value as it stores them (its zone maps, which
 * its own scans rely on to skip row groups) and reports them through `stats()`. Null for a column
 * without such bounds (no non-NULL value, no rows, or statistics in a form not recognised here),
 * so that a caller then tests the values themselves. Meant for integer columns: the text of
 * floating-point bounds is not parsed.
 * @example await storedBounds(db, 't_sessions__base', ['wai1']) // [{ min: 1, max: 5 }]
 */
export async function storedBounds(db: DuckDBSession, table: string, columns: string[]): Promise<(StoredBounds | null)[]> {
  if (!columns.length) return [];
  const row = (await db.rows(`SELECT ${columns.map((c, i) => `stats(${sqlIdent(c)}) AS s${i}`).join(', ')} FROM ${sqlIdent(table)} LIMIT 1`))[0];
  return columns.map((_, i) => parseBounds(row?.[`s${i}`]));
}

/** `[Min: 1, Max: 5][Has Null: …]…`, the form of DuckDB 1.x for an integer column, to its bounds (null: none). */
function parseBounds(stats: unknown): StoredBounds | null {
  const m = typeof stats === 'string' ? /^\[Min: (-?\d+), Max: (-?\d+)\]/.exec(stats) : null;
  if (!m) return null;
  const [min, max] = [Number(m[1]), Number(m[2])];
  // a column of NULLs only reports the type's largest value as Min and its smallest as Max
  return min <= max ? { min, max } : null;
}
