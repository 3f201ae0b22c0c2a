import { DataError, truncate } from './errors.ts';
import { sqlIdent, type DuckDBSession } from './duckdb-session.ts';

/**
 * How many columns at the end of a CSV header have no name (`a,b,,` → 2): a spreadsheet's empty
 * columns, which every line of its export ends with. 0 when none does or no column has a name
 * (an empty header is refused elsewhere). Names are compared trimmed.
 */
export function trailingUnnamedCount(header: readonly string[]): number {
  let end = header.length;
  while (end > 0 && header[end - 1].trim() === '') end--;
  return end === 0 ? 0 : header.length - end;
}

/**
 * Drops the header's trailing unnamed columns from a table read from the file, after checking
 * that they hold nothing but blanks: a value in one is data without a column name, and stops the
 * run at its data row (1-based, the table's rowid order being the file's) and column position.
 * `columns` are the table's names for them with their positions in the header (1-based).
 */
export async function dropEmptyUnnamedColumns(db: DuckDBSession, table: string, columns: readonly (readonly [name: string, position: number])[], file: string): Promise<void> {
  if (columns.length === 0) return;
  const cell = (c: string) => `NULLIF(trim(${sqlIdent(c)}::VARCHAR), '')`;
  const first = (await db.rows(
    `SELECT (rowid + 1)::INTEGER AS row, ${columns.map(([c], i) => `${cell(c)} AS v${i}`).join(', ')} FROM ${sqlIdent(table)} WHERE ${columns.map(([c]) => `${cell(c)} IS NOT NULL`).join(' OR ')} ORDER BY rowid LIMIT 1`,
  ))[0];
  if (first) {
    const i = columns.findIndex((_, k) => first[`v${k}`] !== null);
    throw new DataError(
      `'${truncate(String(first[`v${i}`]))}' is in column ${columns[i][1]}, which has no name in the header; name the column in the header (or, if the value is stray, delete it)`,
      file,
      Number(first.row),
    );
  }
  for (const [c] of columns) await db.run(`ALTER TABLE ${sqlIdent(table)} DROP COLUMN ${sqlIdent(c)}`);
}
