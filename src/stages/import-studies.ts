import { Type, type Static } from '@sinclair/typebox';
import { sniffHeader } from '../engine/csv-header.ts';
import { isNumericDuckDBType, sqlIdent, sqlString, type DuckDBSession } from '../engine/duckdb-session.ts';
import { DataError, SpecError } from '../engine/errors.ts';
import { startOddNumberCheck } from '../engine/odd-numbers.ts';
import { codedNumberMessage, firstCodedNumber, MISSING_CODE_ADVICE } from '../engine/missing-codes.ts';
import { formatFromName } from '../engine/file-format.ts';
import { PathError, resolveInput } from '../engine/safe-path.ts';
import { tableName, type ColumnKind, type TableShape } from '../engine/table-shape.ts';
import { formatSuggestion } from '../spec/did-you-mean.ts';
import type { StageDefinition } from './stage-definition.ts';
import { checkEach } from './check-apart.ts';

const options = Type.Object(
  {
    file: Type.String({ minLength: 1, description: 'Study-level file (one row per study or effect size), relative to the pipeline file: CSV/TSV, JSON or Parquet' }),
    text: Type.Optional(Type.Array(Type.String(), { description: 'Columns to read as text although they hold numbers (e.g. numeric study codes used as categories)' })),
  },
  { additionalProperties: false },
);

type Options = Static<typeof options>;

/** True for a file read as CSV or TSV (not Parquet or JSON). */
function isCsv(path: string): boolean {
  const format = formatFromName(path);
  return format === 'csv' || format === 'tsv';
}

/** The file as DuckDB reads it; with `asText`, a CSV with every column as text (for firstOddNumber). */
function source(path: string, asText = false): string {
  const format = formatFromName(path);
  if (format === 'parquet') return `read_parquet(${sqlString(path)})`;
  if (format === 'json') return `read_json_auto(${sqlString(path)})`;
  const sniff = sniffHeader(path);
  return `read_csv(${sqlString(path)}, delim=${sqlString(sniff.delimiter)}, header=true, quote='"', escape='"'${sniff.decimalComma ? ", decimal_separator=','" : ''}${asText ? ', all_varchar=true' : ''})`;
}


async function describeFile(db: DuckDBSession, o: Options, path: string, fail: (p: string, m: string) => never): Promise<TableShape & { select: string }> {
  let described: { name: string; type: string }[];
  try {
    described = await db.describe(`SELECT * FROM ${source(path)}`);
  } catch (e) {
    throw new DataError(`cannot read the study file: ${(e as Error).message.split('\n')[0]}`, o.file);
  }
  const names = described.map((d) => d.name);
  if (names.includes('_row')) fail('file', "the file has a column named '_row', which is reserved for the row number");
  const text = new Set<string>();
  // an entry in doubt (a stage with a schema problem) is skipped: the other entries are still checked
  checkEach(o.text ?? [], (t) => text.add(t));
  for (const t of text) if (!names.includes(t)) fail('text', `column '${t}' is not in ${o.file}.${formatSuggestion(t, names)}`);
  const columns = new Map<string, ColumnKind>([['_row', 'number']]);
  const select: string[] = ['(rowid + 1)::DOUBLE AS _row'];
  for (const d of described) {
    const kind: ColumnKind = !text.has(d.name) && isNumericDuckDBType(d.type) ? 'number' : 'string';
    columns.set(d.name, kind);
    select.push(kind === 'number' ? `${sqlIdent(d.name)}::DOUBLE AS ${sqlIdent(d.name)}` : `${sqlIdent(d.name)}::VARCHAR AS ${sqlIdent(d.name)}`);
  }
  return { id: '', grain: 'study', columns, roles: {}, instruments: [], file: o.file, ...(isCsv(path) ? { textFile: path } : {}), select: select.join(', ') };
}

/**
 * Stage `import-studies`: reads a study-level table (one row per study or effect size, e.g.
 * published correlations with sample sizes) for the `meta` stage. Column types are detected by
 * DuckDB (text columns stay text; `text` forces numeric codes to categories); `_row` keeps the
 * file's data row number so later messages can name the study row.
 */
export const importStudies: StageDefinition<typeof options> = {
  type: 'import-studies',
  summary: 'Read a study-level table (CSV/TSV/JSON/Parquet) for meta-analysis',
  options,
  async plan(o, ctx) {
    let path: string;
    try {
      path = resolveInput(ctx.specDir, o.file);
    } catch (e) {
      if (e instanceof PathError) ctx.fail('file', e.message);
      throw e;
    }
    const { select: _s, ...shape } = await describeFile(ctx.db, o, path, ctx.fail);
    return { table: { ...shape, id: ctx.stageId } };
  },
  async run(o, ctx) {
    const path = ctx.input(o.file, 'file');
    const checkOddNumbers = isCsv(path) && startOddNumberCheck(path);
    const fail = (p: string, m: string): never => {
      throw new SpecError(m, `${ctx.specPath}.${p}`);
    };
    const { select, ...shape } = await describeFile(ctx.db, o, path, fail);
    const name = tableName(ctx.stageId);
    const raw = `${name}__raw`;
    try {
      await ctx.db.run(`CREATE TABLE ${sqlIdent(raw)} AS SELECT * FROM ${source(path)}`);
    } catch (e) {
      throw new DataError(`cannot read the study file: ${(e as Error).message.split('\n')[0]}`, o.file);
    }
    // a text column of numbers and 'NA' codes would be taken for categories (a moderator's levels)
    const text = new Set(o.text ?? []);
    const coded = await firstCodedNumber(ctx.db, sqlIdent(raw), [...shape.columns].filter(([c, kind]) => kind === 'string' && !text.has(c)).map(([c]) => c));
    if (coded) throw new DataError(codedNumberMessage(coded.value, `${MISSING_CODE_ADVICE}; list the column under \`text\` if it holds categories`), o.file, coded.row, coded.column);
    if (checkOddNumbers) {
      const numeric = () => [...shape.columns].filter(([c, kind]) => kind === 'number' && c !== '_row').map(([c]) => c);
      await checkOddNumbers(ctx.db, source(path, true), numeric, o.file, ', or list the column under `text` if it is not numeric');
    }
    await ctx.db.run(`CREATE TABLE ${sqlIdent(name)} AS SELECT ${select} FROM ${sqlIdent(raw)} ORDER BY rowid`);
    await ctx.db.run(`DROP TABLE ${sqlIdent(raw)}`);
    const rows = Number(await ctx.db.scalar(`SELECT count(*) FROM ${sqlIdent(name)}`));
    if (rows === 0) throw new DataError('the study file has a header but no rows', o.file);
    return { table: { ...shape, id: ctx.stageId }, result: { file: o.file, rows, columns: [...shape.columns.keys()].filter((c) => c !== '_row') } };
  },
};
