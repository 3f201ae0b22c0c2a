import { DataError } from './errors.ts';
import { isNumericDuckDBType, sqlIdent, sqlString, type DuckDBSession } from './duckdb-session.ts';
import { sniffHeader } from './csv-header.ts';
import { resolveInput } from './safe-path.ts';
import type { ColumnKind, TableShape } from './table-shape.ts';
import { formatSuggestion } from '../spec/did-you-mean.ts';

/**
 * Loads any CSV/TSV/JSON/Parquet file into a DuckDB table for the quick commands (`alliance
 * correlate FILE …`): types are detected by DuckDB, decimal commas by the header sniffer.
 * Returns the table's shape so the command can check its columns the way a stage's plan does.
 */
export async function loadTable(db: DuckDBSession, file: string, name: string): Promise<TableShape> {
  const path = resolveInput(process.cwd(), file);
  const lower = path.toLowerCase();
  let source: string;
  if (lower.endsWith('.parquet')) source = `read_parquet(${sqlString(path)})`;
  else if (/\.(json|ndjson|jsonl)$/.test(lower)) source = `read_json_auto(${sqlString(path)})`;
  else {
    const sniff = sniffHeader(path);
    if (sniff.columns.length === 0 || (sniff.columns.length === 1 && sniff.columns[0] === '')) throw new DataError('the file is empty (no header line)', file);
    source = `read_csv(${sqlString(path)}, delim=${sqlString(sniff.delimiter)}, header=true, quote='"', escape='"'${sniff.decimalComma ? ", decimal_separator=','" : ''})`;
  }
  try {
    await db.run(`CREATE TABLE ${sqlIdent(name)} AS SELECT * FROM ${source}`);
  } catch (e) {
    throw new DataError(`cannot read the file: ${(e as Error).message.split('\n')[0]}`, file);
  }
  const described = await db.describe(sqlIdent(name));
  const columns = new Map<string, ColumnKind>();
  for (const d of described) columns.set(d.name, isNumericDuckDBType(d.type) ? 'number' : 'string');
  return { id: name, grain: 'other', columns, roles: {}, instruments: [], file };
}

/** Throws a DataError naming the file unless `column` is a numeric column of `shape`. */
export function requireFileColumn(shape: TableShape, column: string, flag: string, kind: ColumnKind = 'number'): void {
  const actual = shape.columns.get(column);
  if (actual === undefined) throw new DataError(`${flag} ${column}: no such column.${formatSuggestion(column, shape.columns.keys())} Columns: ${[...shape.columns.keys()].join(', ')}`, shape.file);
  if (actual !== kind) throw new DataError(`${flag} ${column}: the column is ${actual === 'string' ? 'text (a value is not a number)' : 'numeric'}, expected ${kind === 'string' ? 'text' : 'numbers'}`, shape.file);
}
