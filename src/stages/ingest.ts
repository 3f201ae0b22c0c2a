import { Type, type Static } from '@sinclair/typebox';
import { statSync } from 'node:fs';
import { atLine, DataError, SpecError, truncate } from '../engine/errors.ts';
import { codedNumberMessage, firstCodedNumber, isMissingCode, missingCodeSql, MISSING_CODE_ADVICE } from '../engine/missing-codes.ts';
import { isNumericDuckDBType, sqlIdent, sqlString, type DuckDBSession } from '../engine/duckdb-session.ts';
import { refuseDuplicateNames, sniffHeader } from '../engine/csv-header.ts';
import { PathError, resolveInput } from '../engine/safe-path.ts';
import { COMMA_DECIMAL, jsonBlankSql, jsonNumberSql, jsonOutOfRangeSql } from '../engine/decimal-number.ts';
import { startOddNumberCheck } from '../engine/odd-numbers.ts';
import { mayHoldNonIntegers } from '../engine/integer-cells.ts';
import { formatFromName } from '../engine/file-format.ts';
import { MAX_LINE_BYTES, csvAsTextSql, describeReadError, firstLine, readErrorLine } from '../engine/csv-read-error.ts';
import { tableName, type ColumnKind, type Role, type TableShape } from '../engine/table-shape.ts';
import { formatSuggestion } from '../spec/did-you-mean.ts';
import type { Ledger, LedgerEntry } from '../engine/ledger.ts';
import type { StageDefinition } from './stage-definition.ts';
import { checkEach } from './check-apart.ts';
import { unusableNumberMessage, unusableNumberSql } from '../engine/max-magnitude.ts';
import { dropEmptyUnnamedColumns, trailingUnnamedCount } from '../engine/unnamed-columns.ts';

const ROLES: Role[] = ['patient', 'therapist', 'site', 'modality', 'session', 'rater'];
const SNIFF_ROWS = 20480;
/** Largest session number accepted (a typo such as 1e300 would break every per-session computation). */
const MAX_SESSION = 100_000;

const options = Type.Object(
  {
    file: Type.String({ minLength: 1, description: 'Data file, relative to the pipeline file (CSV, TSV, JSON or Parquet)' }),
    format: Type.Optional(
      Type.Union([Type.Literal('auto'), Type.Literal('csv'), Type.Literal('tsv'), Type.Literal('json'), Type.Literal('parquet')], {
        default: 'auto',
        description: 'File format; auto uses the extension (.parquet; .json, .ndjson, .jsonl; .tsv, .tab; any other is read as CSV)',
      }),
    ),
    delimiter: Type.Optional(Type.String({ minLength: 1, maxLength: 1, description: 'Field delimiter of a CSV or TSV file (detected from the header when omitted)' })),
    decimal: Type.Optional(Type.Union([Type.Literal('.'), Type.Literal(',')], { description: "Decimal mark of a CSV or TSV file; ',' is detected for ';'-delimited files" })),
    columns: Type.Optional(
      Type.Object(
        {
          patient: Type.Optional(Type.String()),
          therapist: Type.Optional(Type.String()),
          site: Type.Optional(Type.String()),
          modality: Type.Optional(Type.String()),
          session: Type.Optional(Type.String()),
          rater: Type.Optional(Type.String({ description: 'Rater column (client, therapist, observer), kept as a text label named rater; no stage separates raters, and a patient × session may still have one row only, so ingest one rater’s forms per stage' })),
          date: Type.Optional(
            Type.String({
              description:
                "Session date column (YYYY-MM-DD unless dateFormat says otherwise), for a file without a session column: sessions are numbered by date within patient. A file with a session column keeps its numbers, so mapping a date column there is refused",
            }),
          ),
        },
        { additionalProperties: false, description: 'Which file column holds each role; defaults to columns with the role names' },
      ),
    ),
    dateFormat: Type.Optional(
      Type.String({
        minLength: 2,
        description:
          "How the session dates are written, in strptime codes (DuckDB's): '%d.%m.%Y' for 31.01.2024, '%m/%d/%Y' for 01/31/2024, '%d/%m/%Y' for 31/01/2024. Default: ISO 8601 (2024-01-31). Needs columns.date (or a column named date) in a file without a session column",
      }),
    ),
    text: Type.Optional(Type.Array(Type.String(), { description: 'Columns to keep as text (all others must be numeric)' })),
    missingCodes: Type.Optional(
      Type.Array(Type.Number(), {
        minItems: 1,
        description:
          'Numbers that stand for a missing value in this export (SPSS user-missing values such as -99 or 999): in every numeric column but the session number they become missing, counted per column in the ledger (set-missing, declared-missing-code). Without it only empty cells are missing, and such a code is analysed as the number it is',
      }),
    ),
    grain: Type.Optional(
      Type.Union([Type.Literal('session'), Type.Literal('patient')], {
        default: 'session',
        description:
          "What one row is: a patient's session (default; a session or date column is required) or a patient (a per-patient export, e.g. a trial's: alliance at session 3, pre and post scores; no session column, each patient on one row), for the patient-level stages (correlate, compare, therapist-effects, export-summary) straight from ingest or score",
      }),
    ),
    wide: Type.Optional(
      Type.Object(
        {
          separator: Type.String({ minLength: 1, description: "Columns named <variable><separator><session>, e.g. '_s' for phq1_s3; one column per variable and session, and no plain session column (the column names give the sessions)" }),
        },
        { additionalProperties: false, description: 'Reshape a wide file (one row per patient) to long format' },
      ),
    ),
  },
  { additionalProperties: false },
);

type Options = Static<typeof options>;

interface IngestPlan {
  path: string;
  format: 'csv' | 'json' | 'parquet';
  delimiter: string;
  decimalComma: boolean;
  fileColumns: string[];
  roleColumns: Partial<Record<Role | 'date', string>>;
  /** The dateFormat option: how the session dates are written (strptime codes); undefined: ISO 8601. */
  dateFormat?: string;
  kinds: Map<string, ColumnKind>;
  /** JSON file columns that DuckDB typed JSON or NULL (its sample held no value, or mixed types), or VARCHAR holding only blank strings: read untyped, checked, then made DOUBLE when numeric, or text from each value's string. */
  untypedJson: Set<string>;
  /** Of `untypedJson`, the columns DuckDB typed VARCHAR because its sample held only blank strings (and nulls): read typed from every row, so that a later number stays a number. */
  blankJson: Set<string>;
  wide?: { stems: Map<string, Map<number, string>>; sessions: number[]; repeated: [stem: string, session: number, first: string, second: string][] };
  /** What one row is (the `grain` option): a patient's session, or a patient. */
  grain: 'session' | 'patient';
  /** CSV columns whose sampled cells DuckDB's sniffer typed as whole numbers: stored compact while read (see {@link readTyped}). */
  wholeNumbers: Set<string>;
  /**
   * CSV header columns without a name at the end of the header (`…,phq9,,`: a spreadsheet's empty
   * columns), each under a stand-in name: read as text, required to be empty, then dropped (see
   * dropEmptyUnnamedColumns). Keyed by stand-in name, with the column's position (1-based).
   */
  unnamed: Map<string, number>;
  /** CSV columns left text because their sampled cells are all empty or a missing-value code (an item R wrote as NA throughout), each with that reason as a clause (TableShape.whyText). */
  codesOnly: Map<string, string>;
}

/**
 * Stage `ingest`: reads a long (one row per patient × session) or wide session file into DuckDB,
 * maps the role columns (patient, therapist, site, modality, session, rater) to canonical names,
 * checks every numeric cell, the session numbers and patient × session uniqueness, and records
 * the data row number of every row (`_row`) so later errors can name it.
 */
export const ingest: StageDefinition<typeof options> = {
  type: 'ingest',
  summary: 'Read a long or wide session-level file, or a file with one row per patient (CSV/TSV/JSON/Parquet), and map its columns',
  options,
  async plan(o, ctx) {
    const p = await planIngest(o, ctx.specDir, ctx.db, (path, msg) => ctx.fail(path, msg), (path, msg) => ctx.problem(path, msg));
    // a column named under text: or columns: that the file lacks leaves the table's shape as it
    // will be once the name is corrected, so later stages are checked against it too
    return { table: shapeOf(p, ctx.stageId, o.file), tableHolds: true };
  },
  async run(o, ctx) {
    const fail = (path: string, msg: string): never => {
      throw new SpecError(msg, `${ctx.specPath}.${path}`);
    };
    const p = await planIngest(o, ctx.specDir, ctx.db, fail, fail);
    ctx.input(o.file, 'file');
    const name = tableName(ctx.stageId);
    const base = `${name}__base`;
    const compact = await readTyped(ctx.db, p, base, o.file);
    await dropEmptyUnnamedColumns(ctx.db, base, [...p.unnamed], o.file);
    const emptyUnnamedColumns = [...p.unnamed.values()];
    const rows = Number(await ctx.db.scalar(`SELECT count(*) FROM ${sqlIdent(base)}`));
    if (rows === 0) throw new DataError('the file has a header but no data rows', o.file);
    if (o.missingCodes) await blankMissingCodes(ctx.db, base, columnTypes(p), o.missingCodes, ctx.ledger, ctx.stageId);
    await refuseCodedNumbers(ctx.db, p, base, o);
    if (p.wide) {
      await reshapeWide(ctx.db, p, base, name);
      ctx.ledger.add(await blankWideSlots(ctx.db, p.wide, base, name, ctx.stageId, o.wide!.separator));
    } else await codePatients(ctx.db, base, name, compact);
    await checkSessions(ctx.db, name, o.file, p, compact);
    const patients = p.wide ? `count(DISTINCT patient)` : `(SELECT count(*) FROM ${sqlIdent(`${name}__patients`)})`;
    const stats = (await ctx.db.rows(`SELECT count(*)::DOUBLE AS n, ${patients}::DOUBLE AS patients FROM ${sqlIdent(name)}`))[0] as { n: number; patients: number };
    return {
      table: shapeOf(p, ctx.stageId, o.file),
      result: { file: o.file, rows: stats.n, patients: stats.patients, format: p.format, delimiter: p.format === 'csv' ? p.delimiter : undefined, decimal: p.decimalComma ? ',' : '.', layout: p.wide ? 'wide' : 'long', grain: p.grain, ...(emptyUnnamedColumns.length ? { emptyUnnamedColumns } : {}) },
      methods: [],
    };
  },
};

/**
 * Refuses a column read as text for holding text in its sampled rows (not a role, not declared
 * under `text:`) whose cells are all numbers and missing-value codes (`NA` for most patients in
 * the sample, numbers further down): later stages would take it for categories, one per number.
 * Names the first code's data row and column.
 */
async function refuseCodedNumbers(db: DuckDBSession, p: IngestPlan, base: string, o: Options): Promise<void> {
  const declared = new Set(o.text ?? []);
  const detected = columnTypes(p).filter((c) => c.type === 'VARCHAR' && c.name === c.file && !declared.has(c.file) && !Object.values(p.roleColumns).includes(c.file));
  const coded = await firstCodedNumber(db, sqlIdent(base), detected.map((c) => c.name));
  if (coded) throw new DataError(codedNumberMessage(coded.value, `${MISSING_CODE_ADVICE}; declare the column under \`text:\` if it holds categories`), o.file, coded.row, coded.column);
}

/** Name of the integer patient-code column ingest puts beside a long-format table (see TableShape.patientCodesBeside). */
const PATIENT_CODE = '_patient_code';

/**
 * The long-format ingest view, `_row` (the data row number, 1 = first line after the header; the
 * base table keeps file order) and the file's columns, and beside it the patients numbered in id
 * order: the table `<name>__patients` (patient, code 0…k−1) and the table `<name>__codes`, whose
 * one column `_patient_code` gives each row's code in the base table's order.
 */
async function codePatients(db: DuckDBSession, base: string, name: string, compact: ReadonlySet<string>): Promise<void> {
  const levels = sqlIdent(`${name}__patients`);
  await db.run(
    `CREATE TABLE ${levels} AS SELECT patient, (row_number() OVER (ORDER BY patient) - 1)::INTEGER AS code FROM (SELECT DISTINCT patient FROM ${sqlIdent(base)} WHERE patient IS NOT NULL)`,
  );
  await db.run(`CREATE TABLE ${sqlIdent(`${name}__codes`)} AS SELECT k.code AS ${PATIENT_CODE} FROM ${sqlIdent(base)} AS b LEFT JOIN ${levels} AS k ON b.patient = k.patient ORDER BY b.rowid`);
  // each column named, not `* REPLACE (…)`: DuckDB binds a REPLACE list in time growing with the
  // list times the columns, and this view is bound again by every query over it (a file of 2,000
  // numeric columns took 0.7 s a query, of 10,000 minutes)
  const stored = (await db.describe(sqlIdent(base))).map((c) => ({ name: c.name, sql: compact.has(c.name) ? `${sqlIdent(c.name)}::DOUBLE` : sqlIdent(c.name) }));
  const row = '(rowid + 1)::INTEGER';
  await db.run(`CREATE VIEW ${sqlIdent(name)} AS SELECT ${row} AS _row, ${stored.map((c) => `${c.sql} AS ${sqlIdent(c.name)}`).join(', ')} FROM ${sqlIdent(base)}`);
  db.placeColumns(name, Object.fromEntries([['_row', { relation: base, sql: row }], ...stored.map((c) => [c.name, { relation: base, sql: c.sql }])]));
}

/** Plans made by `plan`, reused by `run` (the file is sniffed once), keyed by options and the file's size and mtime. */
const planCache = new Map<string, IngestPlan>();

/**
 * The plan of reading `o.file`: `fail` throws a problem that stops the plan; `problem` records one
 * after which the plan goes on (a column the file lacks, named under text: or columns:).
 */
async function planIngest(o: Options, specDir: string, db: DuckDBSession, fail: (path: string, msg: string) => never, problem: (path: string, msg: string) => void): Promise<IngestPlan> {
  let key: string | undefined;
  try {
    const st = statSync(resolveInput(specDir, o.file));
    key = JSON.stringify([o, specDir, st.size, st.mtimeMs]);
  } catch {
    // unresolvable or missing file: planned (and reported) below
  }
  const hit = key === undefined ? undefined : planCache.get(key);
  if (hit) return hit;
  let recorded = false;
  const p = await planIngestUncached(o, specDir, db, fail, (path, msg) => {
    recorded = true;
    problem(path, msg);
  });
  // a plan with problems is not kept: planned again, it must record them again
  if (key !== undefined && !recorded) {
    planCache.clear();
    planCache.set(key, p);
  }
  return p;
}

async function planIngestUncached(o: Options, specDir: string, db: DuckDBSession, fail: (path: string, msg: string) => never, problem: (path: string, msg: string) => void): Promise<IngestPlan> {
  let path: string;
  try {
    path = resolveInput(specDir, o.file);
  } catch (e) {
    if (e instanceof PathError) return fail('file', e.message);
    throw e;
  }
  const format = !o.format || o.format === 'auto' ? formatFromName(path) : o.format;
  // how a delimited text file is read: a JSON or Parquet file has typed values and no delimiter, so they were ignored
  if (format === 'json' || format === 'parquet') {
    const how = !o.format || o.format === 'auto' ? 'by its extension' : `as format: ${o.format} says`;
    for (const k of ['delimiter', 'decimal'] as const) {
      if (o[k] !== undefined) problem(k, `${k} says how a CSV or TSV file is read, and ${o.file} is read as ${format === 'json' ? 'JSON' : 'Parquet'} (${how}), whose numbers are typed; drop ${k}`);
    }
  }
  let fileColumns: string[];
  let delimiter = o.delimiter ?? (format === 'tsv' ? '\t' : ',');
  let decimalComma = o.decimal === ',';
  const kinds = new Map<string, ColumnKind>();
  const untypedJson = new Set<string>();
  const blankJson = new Set<string>();
  const wholeNumbers = new Set<string>();
  const codesOnly = new Map<string, string>();
  const unnamed = new Map<string, number>();
  const varcharJson: string[] = [];
  // columns of comma-decimal numbers in a file read with '.' decimals (overruled by '.' numbers elsewhere)
  let commaColumns: string[] = [];
  if (format === 'csv' || format === 'tsv') {
    const sniff = sniffHeader(path, o.delimiter ?? (format === 'tsv' ? '\t' : undefined));
    if (sniff.notText) throw new DataError(`the file is ${sniff.notText}`, o.file);
    delimiter = sniff.delimiter;
    decimalComma = o.decimal ? o.decimal === ',' : sniff.decimalComma;
    // columns of decimal-comma numbers ('1,5') in a file read with decimal points (detected or declared)
    if (!decimalComma) commaColumns = sniff.decimalCommaColumns.map((c) => c.trim());
    fileColumns = sniff.columns.map((c) => c.trim());
    if (fileColumns.length === 0 || (fileColumns.length === 1 && fileColumns[0] === '')) throw new DataError('the file is empty (no header line)', o.file);
    fileColumns = nameTrailingUnnamed(fileColumns, unnamed);
    checkDuplicateColumns(fileColumns, o.file);
    if (sniff.headerOnly) throw new DataError('the file has a header but no data rows', o.file);
    const sniffed = await sniffTypes(db, path, delimiter, decimalComma, fileColumns);
    for (const c of fileColumns) kinds.set(c, sniffed.kinds.get(c) ?? 'number');
    // read as text, checked empty and dropped: neither a column of the table nor one to map
    for (const c of unnamed.keys()) {
      kinds.delete(c);
      sniffed.wholeNumbers.delete(c);
    }
    for (const c of sniffed.wholeNumbers) wholeNumbers.add(c);
  } else {
    const rel = format === 'json' ? `read_json_auto(${sqlString(path)})` : `read_parquet(${sqlString(path)})`;
    let described: { name: string; type: string }[];
    try {
      described = await db.describe(`SELECT * FROM ${rel}`);
    } catch (e) {
      throw new DataError(`cannot read ${format.toUpperCase()} file: ${firstLine((e as Error).message)}`, o.file);
    }
    fileColumns = described.map((d) => d.name);
    for (const d of described) kinds.set(d.name, isNumericDuckDBType(d.type) ? 'number' : 'string');
    if (format === 'json')
      for (const d of described) {
        if (d.type === 'JSON' || d.type === 'NULL') untypedJson.add(d.name);
        else if (d.type === 'VARCHAR') varcharJson.push(d.name);
      }
  }
  // an entry in doubt (a stage with a schema problem) is skipped: the other entries and options are still checked
  const text: string[] = [];
  checkEach(o.text ?? [], (t) => {
    if (!kinds.has(t)) return problem('text', `column '${t}' is not in ${o.file}.${formatSuggestion(t, fileColumns)}`);
    kinds.set(t, 'string');
    text.push(t);
  });
  const grain = o.grain ?? 'session';
  if (grain === 'patient') {
    if (o.wide) fail('grain', 'grain: patient keeps one row per patient as it is, and wide reshapes such a row into sessions; use one or the other');
    for (const role of ['session', 'date'] as const) {
      if (o.columns?.[role] !== undefined) fail(`columns.${role}`, `a file read with grain: patient has one row per patient, so no ${role === 'session' ? 'session number' : 'session date'}; leave columns.${role} out, or read the file with grain: session`);
    }
  }
  let wide: IngestPlan['wide'];
  const named = fileColumns.filter((c) => !unnamed.has(c));
  let available = new Set(named);
  if (o.wide) {
    wide = planWide(named, o.wide.separator);
    if (wide.sessions.length === 0) fail('wide.separator', `no column of ${o.file} ends in '${o.wide.separator}<number>'`);
    const wideCols = wideColumns(wide);
    checkWideStems(wide, wideCols, named, o.wide.separator, o.file);
    for (const c of wideCols) kinds.delete(c);
    for (const stem of wide.stems.keys()) kinds.set(stem, 'number');
    available = new Set([...named.filter((c) => !wideCols.has(c)), ...wide.stems.keys()]);
  }
  // with one row per patient, a file column named 'session' or 'date' is an ordinary column
  const rowRoles = grain === 'patient' ? ROLES.filter((r) => r !== 'session') : [...ROLES, 'date' as const];
  const roleColumns: IngestPlan['roleColumns'] = {};
  // roles mapped to a column the file lacks: planned as if the name were right
  const absent = new Set<string>();
  for (const role of rowRoles) {
    const given = o.columns?.[role];
    if (given !== undefined) {
      if (!available.has(given)) {
        const hint = fileColumns.length === 1 && /[;,\t|]/.test(fileColumns[0]) ? ` The file has a single column '${fileColumns[0].slice(0, 60)}': is the delimiter right?` : '';
        problem(`columns.${role}`, `column '${given}' is not in ${o.file}.${formatSuggestion(given, available)}${hint}`);
        absent.add(role);
      }
      roleColumns[role] = given;
    } else if (available.has(role) && !(role === 'session' && wide)) roleColumns[role] = role;
  }
  if (wide) roleColumns.session = undefined;
  refuseSharedRoleColumns(roleColumns, o.columns ?? {}, fail);
  // the session numbers win over dates (see numberSessionsByDate); an explicit date mapping would be silently unused
  if (o.columns?.date !== undefined && roleColumns.session && !absent.has('session')) {
    problem(
      'columns.date',
      `columns.date maps the session dates, but ${o.file} has a session column ('${roleColumns.session}'), which numbers the sessions already; dates number the sessions only in a file without one. Leave columns.date out to use the session numbers ('${o.columns.date}' is then kept as an ordinary text column), or remove the session column from the file to number sessions by date`,
    );
  }
  if (o.dateFormat !== undefined) {
    if (grain === 'patient') fail('dateFormat', 'a file read with grain: patient has one row per patient, so no session dates; leave dateFormat out');
    else if (!roleColumns.date || roleColumns.session) {
      problem('dateFormat', `dateFormat says how the session dates are written, but ${roleColumns.session ? `sessions are numbered by the session column '${roleColumns.session}'` : `no date column is read: map one with columns.date${roleSuggestion('date', available)}`}`);
    } else {
      const wrong = await dateFormatProblem(db, o.dateFormat);
      if (wrong) problem('dateFormat', wrong);
    }
  }
  // a mapped role is renamed to its canonical name, which must not be taken by another file column
  for (const role of ROLES) {
    const mapped = roleColumns[role];
    const clash = mapped && mapped !== role && !absent.has(role) ? fileColumns.find((c) => c.toLowerCase() === role && c !== mapped) : undefined;
    if (clash) fail(`columns.${role}`, `columns.${role} reads '${mapped}' as the ${role} column, but ${o.file} also has a column named '${clash}'; rename that column in the file, or map ${role}: ${clash}`);
  }
  if (!roleColumns.patient) {
    const hint = fileColumns.length === 1 && /[;,\t|]/.test(fileColumns[0]) ? ` The file has a single column '${fileColumns[0].slice(0, 60)}': is the delimiter right?` : '';
    fail('columns.patient', `no patient column: ${o.file} has no column 'patient'; map one with columns.patient.${roleSuggestion('patient', available)}${hint}`);
  }
  if (!roleColumns.session && !roleColumns.date && !wide && grain === 'session') {
    fail('columns.session', `no session column: ${o.file} has no column 'session'; map one with columns.session (or columns.date), or, for a file with one row per patient, set grain: patient.${roleSuggestion('session', available)}`);
  }
  for (const role of ROLES) {
    const c = roleColumns[role];
    if (c && role !== 'session') kinds.set(c, 'string');
  }
  if (format === 'csv' || format === 'tsv') {
    const declared = new Set([...text, ...Object.values(roleColumns).filter((c): c is string => Boolean(c))]);
    const candidates = [...kinds].filter(([c, k]) => k === 'string' && !declared.has(c)).map(([c]) => c);
    const typed = await mostlyNumeric(db, path, delimiter, fileColumns, candidates);
    for (const c of typed.numeric) kinds.set(c, 'number');
    for (const [c, code] of typed.codesOnly) codesOnly.set(c, code);
    // numeric, so reading stops at its first '3,5' with the decimal-comma hint instead of keeping it as text
    for (const c of commaColumns) if (kinds.get(c) === 'string' && !declared.has(c)) kinds.set(c, 'number');
  }
  if (untypedJson.size || varcharJson.length) {
    const declared = new Set([...text, ...Object.values(roleColumns).filter((c): c is string => Boolean(c))]);
    const candidates = [...untypedJson, ...varcharJson].filter((c) => kinds.get(c) === 'string' && !declared.has(c));
    for (const c of await mostlyNumericJson(db, path, candidates)) {
      kinds.set(c, 'number');
      // a text column of blank strings only (no number, no text): numbers, all missing, as a blank CSV column
      if (!untypedJson.has(c)) blankJson.add(c);
      untypedJson.add(c);
    }
  }
  return { path, format: format === 'tsv' ? 'csv' : format, delimiter, decimalComma, fileColumns, roleColumns, dateFormat: o.dateFormat, kinds, untypedJson, blankJson, wide, grain, wholeNumbers, codesOnly, unnamed };
}

/**
 * Refuses one file column read as two roles (`columns: { patient: patient, rater: patient }`): the
 * file column becomes one table column, so the other role would name a column that is not there,
 * and a copy of the patient or therapist ids under another role would reach reports unpseudonymised.
 * Located at the key given explicitly (the later one when both are).
 */
function refuseSharedRoleColumns(roleColumns: IngestPlan['roleColumns'], given: NonNullable<Options['columns']>, fail: (path: string, msg: string) => never): void {
  const roleOf = new Map<string, Role | 'date'>();
  for (const role of [...ROLES, 'date'] as const) {
    const c = roleColumns[role];
    if (!c) continue;
    const other = roleOf.get(c);
    if (other === undefined) {
      roleOf.set(c, role);
      continue;
    }
    const [first, second] = given[role] !== undefined ? [other, role] : [role, other];
    const why = given[first] !== undefined ? `columns.${first} reads it too` : `it is the ${first} column by its name`;
    fail(`columns.${second}`, `columns.${second} reads the file column '${c}', but ${why}; a file column can hold only one role (patient, therapist, site, modality, session, rater or date)`);
  }
}

/** Did-you-mean for a role column, or else the columns whose names contain the role's name (`patient_id`). */
function roleSuggestion(role: string, available: Set<string>): string {
  const close = formatSuggestion(role, available);
  if (close) return close;
  const like = [...available].filter((c) => c.toLowerCase().includes(role)).slice(0, 3);
  return like.length ? ` Did you mean ${like.map((c) => `'${c}'`).join(' or ')}?` : '';
}

function shapeOf(p: IngestPlan, id: string, file: string): TableShape {
  const columns = new Map<string, ColumnKind>([['_row', 'number']]);
  // the roles read, each a column under its role's name (a plain column of a per-patient file may be named like one)
  const roles: Partial<Record<Role, string>> = {};
  for (const role of ROLES) {
    if (!p.roleColumns[role] && !(role === 'session' && (p.roleColumns.date || p.wide))) continue;
    columns.set(role, role === 'session' ? 'number' : 'string');
    roles[role] = role;
  }
  const mapped = new Set(Object.values(p.roleColumns));
  for (const [name, kind] of p.kinds) if (!mapped.has(name) && !columns.has(name)) columns.set(name, kind);
  const shape: TableShape = { id, grain: p.grain, columns, roles, instruments: [], file, stableOrder: true, ...(p.format === 'csv' ? { textFile: p.path } : {}) };
  const whyText = [...p.codesOnly].filter(([c]) => columns.get(c) === 'string');
  if (whyText.length) shape.whyText = new Map(whyText);
  if (!p.wide) {
    shape.patientCodesBeside = { table: `${tableName(id)}__codes`, of: 'patient', column: PATIENT_CODE, levels: `${tableName(id)}__patients` };
    shape.storedIn = { of: id, table: `${tableName(id)}__base` };
  }
  return shape;
}


/**
 * The header with stand-in names for its trailing columns without a name (`a,b,,` → `a,b` plus
 * two stand-ins), which are recorded in `unnamed` with their positions; an unnamed column before
 * a named one is left for checkDuplicateColumns to refuse.
 */
function nameTrailingUnnamed(columns: string[], unnamed: Map<string, number>): string[] {
  const end = columns.length - trailingUnnamedCount(columns);
  const out = columns.slice(0, end);
  for (let i = end; i < columns.length; i++) {
    let name = `__unnamed_column_${i + 1}`;
    while (columns.includes(name)) name = `_${name}`;
    unnamed.set(name, i + 1);
    out.push(name);
  }
  return out;
}

function checkDuplicateColumns(columns: string[], file: string): void {
  refuseDuplicateNames(columns, file, (c, i) => {
    if (c.toLowerCase() === '_row') throw new DataError(`header column ${i + 1} is named '${c}', a name alliance keeps for the row number; rename it`, file);
    if (c.toLowerCase() === PATIENT_CODE) throw new DataError(`header column ${i + 1} is named '${c}', a name alliance keeps for its patient codes; rename it`, file);
  });
}

async function sniffTypes(db: DuckDBSession, path: string, delimiter: string, decimalComma: boolean, columns: string[]): Promise<{ kinds: Map<string, ColumnKind>; wholeNumbers: Set<string> }> {
  const kinds = new Map<string, ColumnKind>();
  const wholeNumbers = new Set<string>();
  try {
    const rows = await db.rows(
      `SELECT Columns FROM sniff_csv(${sqlString(path)}, delim=${sqlString(delimiter)}, quote='"', escape='"', header=true, sample_size=${SNIFF_ROWS}${decimalComma ? ", decimal_separator=','" : ''})`,
    );
    const cols = (rows[0]?.Columns ?? []) as { name: string; type: string }[];
    if (cols.length === columns.length)
      cols.forEach((c, i) => {
        kinds.set(columns[i], isNumericDuckDBType(c.type) || c.type === 'NULL' ? 'number' : 'string');
        if (INTEGER_TYPE.test(c.type)) wholeNumbers.add(columns[i]);
      });
  } catch {
    // unreadable sample: run-time reading reports the exact line
  }
  return { kinds, wholeNumbers };
}

const INTEGER_TYPE = /^U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)$/;

/**
 * Of the `candidates` (columns the sniffer typed as text), those whose non-empty cells in the
 * sampled rows are mostly numbers (or that are empty there): a numeric column with a few bad
 * cells (`abc`, `NA`, a decimal comma) stays numeric, so reading it stops at the first bad
 * cell with its line and column instead of the column silently becoming text.
 */
async function mostlyNumeric(db: DuckDBSession, path: string, delimiter: string, columns: string[], candidates: string[]): Promise<{ numeric: string[]; codesOnly: Map<string, string> }> {
  const none = { numeric: [], codesOnly: new Map<string, string>() };
  if (candidates.length === 0) return none;
  const cols = columns.map((c) => `${sqlString(c)}: 'VARCHAR'`).join(', ');
  const source = `read_csv(${sqlString(path)}, delim=${sqlString(delimiter)}, quote='"', escape='"', header=true, auto_detect=false, columns={${cols}}, strict_mode=false, null_padding=true, ignore_errors=true, parallel=false, max_line_size=${MAX_LINE_BYTES})`;
  const parts = candidates.map((c, i) => {
    const v = `trim(${sqlIdent(c)})`;
    const code = missingCodeSql(v);
    return `count(*) FILTER (WHERE TRY_CAST(${v} AS DOUBLE) IS NOT NULL)::DOUBLE AS n${i}, count(*) FILTER (WHERE ${v} <> '' AND TRY_CAST(${v} AS DOUBLE) IS NULL AND NOT ${code})::DOUBLE AS t${i}, count(*) FILTER (WHERE ${code})::DOUBLE AS m${i}, min(${v}) FILTER (WHERE ${code}) AS c${i}`;
  });
  try {
    const r = (await db.rows(`SELECT ${parts.join(', ')}, count(*)::DOUBLE AS sampled FROM (SELECT * FROM ${source} LIMIT ${SNIFF_ROWS})`))[0];
    const where = Number(r.sampled) < SNIFF_ROWS ? 'its cells are' : `its cells in the first ${SNIFF_ROWS.toLocaleString('en-US')} rows are`;
    // missing-value codes (`NA`) count for neither side: numbers with many codes are numbers; a
    // column of codes alone may be text as well (a comment column R wrote as NA throughout), and
    // a stage that needs it numeric says why it is not (TableShape.whyText)
    const codesOnly = (i: number) => Number(r[`n${i}`]) === 0 && Number(r[`t${i}`]) === 0 && Number(r[`m${i}`]) > 0;
    return {
      numeric: candidates.filter((_, i) => Number(r[`n${i}`]) >= Number(r[`t${i}`]) && !(Number(r[`n${i}`]) === 0 && Number(r[`m${i}`]) > 0)),
      codesOnly: new Map(candidates.flatMap((c, i): [string, string][] => (codesOnly(i) ? [[c, `${where} all empty or the missing-value code '${String(r[`c${i}`])}' (${MISSING_CODE_ADVICE})`]] : []))),
    };
  } catch {
    return none;
  }
}


/**
 * Of the `candidates` (JSON columns DuckDB typed JSON, NULL or VARCHAR), those whose values in
 * the first rows are mostly numbers, not counting nulls and blank strings (`""`, `"  "`, missing
 * as blank CSV cells are), or that hold none there: DuckDB types a numeric column JSON when its
 * sample holds only nulls, VARCHAR when only blank strings, and reading it as text would make
 * the scores refuse it.
 */
async function mostlyNumericJson(db: DuckDBSession, path: string, candidates: string[]): Promise<string[]> {
  if (candidates.length === 0) return [];
  const parts = candidates.map((c, i) => {
    const v = `to_json(${sqlIdent(c)})`;
    const t = `json_type(${v})`;
    const number = `${jsonNumberSql(v)} IS NOT NULL`;
    return `count(*) FILTER (WHERE ${number})::DOUBLE AS n${i}, count(*) FILTER (WHERE NOT (${number}) AND ${t} <> 'NULL' AND NOT ${jsonBlankSql(v)})::DOUBLE AS t${i}`;
  });
  const r = (await db.rows(`SELECT ${parts.join(', ')} FROM (SELECT * FROM read_json_auto(${sqlString(path)}) LIMIT ${SNIFF_ROWS})`))[0];
  return candidates.filter((_, i) => Number(r[`n${i}`]) >= Number(r[`t${i}`]));
}

/**
 * Makes the untyped JSON columns read as numbers DOUBLE, after checking every value: the first
 * one that is not a JSON number (a string, `true`, an object) stops the run with its row. A
 * string of only spaces, or none (`"  "`, `""`), is missing, as a blank CSV cell is.
 */
async function typeJsonNumbers(db: DuckDBSession, base: string, columns: { file: string; name: string }[], file: string): Promise<void> {
  for (const c of columns) {
    const v = sqlIdent(c.name);
    const number = `${jsonNumberSql(v)} IS NOT NULL`;
    const bad = (await db.rows(`SELECT (rowid + 1)::INTEGER AS row, ${v}::VARCHAR AS value, json_type(${v}) AS type, ${jsonOutOfRangeSql(v)} AS out_of_range FROM ${sqlIdent(base)} WHERE NOT (${number}) AND NOT ${jsonBlankSql(v)} ORDER BY rowid LIMIT 1`))[0];
    if (bad) {
      const kind = bad.type === 'VARCHAR' ? 'string' : String(bad.type).toLowerCase();
      const why = bad.out_of_range === true ? `is not a finite number (a JSON ${kind} beyond a double's range of ±1.8e308)` : `is not a number (a JSON ${kind}; declare the column under \`text:\` if it is not numeric)`;
      throw new DataError(`${truncate(String(bad.value))} ${why}`, file, Number(bad.row), c.file);
    }
    await db.run(`ALTER TABLE ${sqlIdent(base)} ALTER ${v} SET DATA TYPE DOUBLE USING ${jsonNumberSql(v)}`);
  }
}

/**
 * Refuses a reshaped column whose name is already taken: a plain column named like a stem
 * (`phq1` beside `phq1_s1…phq1_s6`) would silently replace the reshaped values, and a stem
 * `session` would collide with the session number. Names compare case-insensitively, as in DuckDB.
 */
function checkWideStems(wide: NonNullable<IngestPlan['wide']>, wideCols: Set<string>, columns: string[], separator: string, file: string): void {
  const plain = new Map(columns.filter((c) => !wideCols.has(c)).map((c) => [c.toLowerCase(), c]));
  for (const [stem, bySession] of wide.stems) {
    const cols = [...bySession.values()];
    const listed = `'${cols[0]}'${cols.length > 1 ? ` … '${cols[cols.length - 1]}'` : ''}`;
    const clash = plain.get(stem.toLowerCase());
    if (clash !== undefined)
      throw new DataError(
        `this plain column clashes with the wide stem '${stem}': wide.separator '${separator}' reshapes ${listed} into one column '${stem}', whose values '${clash}' would replace. Rename or drop one of them in the file`,
        file,
        undefined,
        clash,
      );
    if (stem.toLowerCase() === 'session')
      throw new DataError(`the wide stem '${stem}' (${listed}) clashes with the session number that reshaping creates; rename those columns in the file`, file, undefined, cols[0]);
  }
  for (const [stem, session, first, second] of wide.repeated)
    throw new DataError(
      `columns '${first}' and '${second}' are both session ${session} of the wide stem '${stem}' (wide.separator '${separator}'), so one of their values would be lost; rename or drop one of them in the file`,
      file,
      undefined,
      second,
    );
  const session = plain.get('session');
  if (session !== undefined)
    throw new DataError(
      `a wide file's session numbers come from its column names (<stem>${separator}<session>), and this plain column '${session}' would clash with them; drop or rename it in the file, or read the file in long format (without wide)`,
      file,
      undefined,
      session,
    );
}

/** Every column of the file that wide format reshapes (all stems, all sessions). */
function wideColumns(wide: NonNullable<IngestPlan['wide']>): Set<string> {
  return new Set([...wide.stems.values()].flatMap((m) => [...m.values()]));
}

function planWide(columns: string[], separator: string): NonNullable<IngestPlan['wide']> {
  const esc = separator.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`^(.+)${esc}(\\d+)$`);
  const stems = new Map<string, Map<number, string>>();
  const sessions = new Set<number>();
  // two columns of one stem and session ('wai_s1' and 'wai_s01'), refused by checkWideStems
  const repeated: [string, number, string, string][] = [];
  for (const c of columns) {
    const m = re.exec(c);
    if (!m) continue;
    const s = Number(m[2]);
    sessions.add(s);
    if (!stems.has(m[1])) stems.set(m[1], new Map());
    const bySession = stems.get(m[1])!;
    const taken = bySession.get(s);
    if (taken !== undefined) repeated.push([m[1], s, taken, c]);
    else bySession.set(s, c);
  }
  return { stems, sessions: [...sessions].sort((a, b) => a - b), repeated };
}

/**
 * SQL type and output name of every file column: roles renamed to canonical names. The trailing
 * unnamed columns only `withUnnamed` (the read, which checks and drops them).
 */
function columnTypes(p: IngestPlan, withUnnamed = false): { file: string; name: string; type: 'VARCHAR' | 'DOUBLE' }[] {
  const roleOf = new Map<string, Role | 'date'>();
  for (const [role, col] of Object.entries(p.roleColumns)) if (col) roleOf.set(col, role as Role | 'date');
  const wideCols = p.wide ? wideColumns(p.wide) : new Set<string>();
  return p.fileColumns.filter((c) => withUnnamed || !p.unnamed.has(c)).map((c) => {
    const role = roleOf.get(c);
    if (role === 'session') return { file: c, name: 'session', type: 'DOUBLE' };
    if (role === 'date') return { file: c, name: c, type: 'VARCHAR' };
    if (role) return { file: c, name: role, type: 'VARCHAR' };
    if (p.unnamed.has(c)) return { file: c, name: c, type: 'VARCHAR' };
    if (wideCols.has(c)) return { file: c, name: c, type: 'DOUBLE' };
    return { file: c, name: c, type: p.kinds.get(c) === 'string' ? 'VARCHAR' : 'DOUBLE' };
  });
}

/**
 * Reads the file once, typed: role and text columns as text, everything else as DOUBLE, in file
 * order. A cell that is not a number stops the run with its line and column (DuckDB's own
 * conversion check, rephrased). A CSV cell of only spaces is missing, as an empty cell is: when
 * the typed read stops at one, the file is read again with every such cell of a numeric column
 * as a null string (see {@link blankCells}), so files without them are read once.
 *
 * Compact storage: a long CSV's numeric columns that the sniffer's sample found whole (item
 * responses, session numbers) are parsed as DOUBLE as every other, then stored as SMALLINT
 * (INTEGER for the session) when each value is a whole number in range, and the ingest view casts
 * them back to DOUBLE. The table holds 2–4 bytes per value instead of 8 until it is compressed:
 * on the 1.3 M-row benchmark file the peak while reading fell from about 640 MB to about 440 MB,
 * and the compression pass shortened. A value the narrow type cannot hold exactly (2.5, 40000,
 * inf) stops that read, and the file is read again with every column as DOUBLE; the stored
 * values are the DOUBLEs either way (a '-0' is stored as 0). When no cell of the file can be a
 * fraction or a 0x/0b literal, the compact columns are parsed as integers straight away instead
 * ({@link readCompactDirectly}), with the same stored values. Returns the compact columns' names.
 */
async function readTyped(db: DuckDBSession, p: IngestPlan, base: string, file: string): Promise<Set<string>> {
  const cols = columnTypes(p, true);
  let compact = new Set(p.format === 'csv' && !p.wide ? cols.filter((c) => c.type === 'DOUBLE' && p.wholeNumbers.has(c.file)).map((c) => c.name) : []);
  if (p.format === 'csv') {
    const struct = (types: (c: (typeof cols)[number]) => string) => cols.map((c) => `${sqlString(c.file)}: '${types(c)}'`).join(', ');
    const source = (blanks: string[], types = (c: (typeof cols)[number]) => c.type as string) =>
      `read_csv(${sqlString(p.path)}, delim=${sqlString(p.delimiter)}, quote='"', escape='"', header=true, auto_detect=false, columns={${struct(types)}}, strict_mode=true, null_padding=false, max_line_size=${MAX_LINE_BYTES}${p.decimalComma ? ", decimal_separator=','" : ''}${blanks.length ? `, nullstr=[${['', ...blanks].map(sqlString).join(', ')}]` : ''})`;
    const create = (blanks: string[]) => db.run(`CREATE TABLE ${sqlIdent(base)} AS ${compactSelect(cols, compact, source(blanks))}`);
    const failed = async (e: Error): Promise<never> => {
      throw await readError(e.message, file, p);
    };
    // every numeric column is read as DOUBLE, whose cast refuses 0x10 and 0b101 itself
    const checkOddNumbers = startOddNumberCheck(p.path, false);
    // the compact columns parsed as integers straight away, when no cell of the file can be read
    // differently so (a fraction, 0x10: see mayHoldNonIntegers); any failure of this read leaves
    // the file to the DOUBLE read below, which reports the cell or falls back as before
    const direct = compact.size > 0 && !p.decimalComma && (await readCompactDirectly(db, base, compactSelect(cols, new Set(), source([], (c) => (compact.has(c.name) ? compactType(c) : c.type))), p.path));
    // stopped at a cell of only spaces: again with the usual runs of spaces as null strings, then with the file's own
    let blanks: string[] = [];
    for (let attempt = 0; !direct; attempt++) {
      try {
        await create(blanks);
        if (compact.size) await db.run(`ALTER TABLE ${sqlIdent(base)} DROP COLUMN ${sqlIdent(compactGuardName(cols))}`);
        break;
      } catch (e) {
        if (compact.size && (e as Error).message.includes(NOT_COMPACT)) {
          compact = new Set();
          attempt--;
          continue;
        }
        if (attempt === 2 || !BLANK_CELL.test(notNumber((e as Error).message)?.value ?? '')) await failed(e as Error);
        blanks = attempt === 0 ? SPACE_RUNS : await blankCells(db, p, cols).catch(failed);
      }
    }
    const numeric = () => cols.filter((c) => c.type === 'DOUBLE').map((c) => c.file);
    await checkOddNumbers(db, csvAsTextSql(p.path, p.delimiter, p.fileColumns), numeric, file, ', or declare the column under `text:` if it is not numeric');
  } else {
    let untyped = p.untypedJson;
    const source = (full: boolean) => (p.format === 'json' ? `read_json_auto(${sqlString(p.path)}${full ? ', sample_size=-1' : ''})` : `read_parquet(${sqlString(p.path)})`);
    // an untyped JSON column read as text takes each value's string, without the JSON quotes
    const text = (c: { file: string }) => (untyped.has(c.file) ? `json_extract_string(to_json(${sqlIdent(c.file)}), '$')` : `${sqlIdent(c.file)}::VARCHAR`);
    const select = () =>
      cols.map((c) =>
        c.type === 'VARCHAR'
          ? `NULLIF(trim(${text(c)}), '') AS ${sqlIdent(c.name)}`
          : untyped.has(c.file)
            ? `to_json(${sqlIdent(c.file)}) AS ${sqlIdent(c.name)}`
            : `${sqlIdent(c.file)}::DOUBLE AS ${sqlIdent(c.name)}`,
      );
    const create = (full: boolean) => db.run(`CREATE TABLE ${sqlIdent(base)} AS SELECT ${select().join(', ')} FROM ${source(full)}`);
    // typed from every row, the columns that are not numbers there untyped
    const createFull = async () => {
      untyped = new Set([...p.untypedJson, ...(await db.describe(`SELECT * FROM ${source(true)}`)).filter((d) => !isNumericDuckDBType(d.type)).map((d) => d.name)]);
      await create(true).catch(async (again: Error) => {
        throw await readError(again.message, file, p);
      });
    };
    // a column of blank strings in DuckDB's sample turns a later number into text unless typed from every row
    if (p.blankJson.size) await createFull();
    else
      try {
        await create(false);
      } catch (e) {
        const bad = await firstNonNumber(db, p, cols, base, file);
        if (bad || p.format !== 'json') throw bad ?? (await readError((e as Error).message, file, p));
        // only blank strings after DuckDB's type sample
        await createFull();
      }
    await typeJsonNumbers(db, base, cols.filter((c) => c.type === 'DOUBLE' && untyped.has(c.file)), file);
  }
  if (!p.roleColumns.session && p.roleColumns.date) await numberSessionsByDate(db, base, p.roleColumns.date, p.dateFormat, file);
  return compact;
}

/** A date in `format` (strptime codes), or in ISO 8601 without one, as a DATE; NULL when it is not one. */
function dateSql(column: string, format: string | undefined): string {
  return format === undefined ? `TRY_CAST(${sqlIdent(column)} AS DATE)` : `try_strptime(${sqlIdent(column)}, ${sqlString(format)})::DATE`;
}

/**
 * The dateFormat option's problem, if DuckDB cannot use it as a strptime format or it reads no
 * day: a format that parses nothing would make every date "not a date".
 */
async function dateFormatProblem(db: DuckDBSession, format: string): Promise<string | undefined> {
  if (!/%-?[dj]/.test(format)) return `'${truncate(format)}' reads no day of the month (%d): a session date needs day, month (%m or %b) and year (%Y or %y)`;
  try {
    await db.rows(`SELECT try_strptime('2024-01-31', ${sqlString(format)}) AS d`);
    return undefined;
  } catch (e) {
    return `'${truncate(format)}' is not a date format DuckDB's strptime reads (${String((e as Error).message).split('\n')[0].replace(/^[A-Za-z ]*Error: /, '')}); write it in strptime codes, e.g. '%d.%m.%Y' for 31.01.2024`;
  }
}

/**
 * Numbers the sessions of a file without a session column by date within patient (dense rank: two
 * rows on one date get one number, which the uniqueness check then names). An empty or unreadable
 * date stops the run at its row.
 */
async function numberSessionsByDate(db: DuckDBSession, base: string, dateColumn: string, format: string | undefined, file: string): Promise<void> {
  const date = sqlIdent(dateColumn);
  const parsed = dateSql(dateColumn, format);
  const badDate = (await db.rows(
    `SELECT (rowid + 1)::INTEGER AS row, ${date} AS value FROM ${sqlIdent(base)} WHERE ${date} IS NULL OR ${parsed} IS NULL ORDER BY rowid LIMIT 1`,
  ))[0];
  if (badDate) {
    const v = badDate.value;
    const how = format === undefined ? "write dates as YYYY-MM-DD, or say how they are written with dateFormat, e.g. '%d.%m.%Y'" : `dateFormat '${truncate(format)}'`;
    throw new DataError(v === null ? 'session date is empty' : `'${truncate(String(v))}' is not a date (${how})`, file, Number(badDate.row), dateColumn);
  }
  await db.run(`ALTER TABLE ${sqlIdent(base)} ADD COLUMN session DOUBLE`);
  await db.run(
    `UPDATE ${sqlIdent(base)} AS b SET session = r.s FROM (SELECT rowid AS rid, dense_rank() OVER (PARTITION BY patient ORDER BY ${parsed})::DOUBLE AS s FROM ${sqlIdent(base)}) r WHERE b.rowid = r.rid`,
  );
}

/**
 * After a JSON or Parquet read failed: the error for the first value, in file order, that a column
 * read as numbers cannot take (a JSON string after DuckDB's type sample, a text session number in
 * Parquet), with its data row and column; undefined when there is none. Reads those columns of the
 * whole file as text (JSON typed from all its rows) into a scratch table.
 */
async function firstNonNumber(db: DuckDBSession, p: IngestPlan, cols: ReturnType<typeof columnTypes>, base: string, file: string): Promise<DataError | undefined> {
  const numeric = cols.filter((c) => c.type === 'DOUBLE' && !p.untypedJson.has(c.file));
  if (numeric.length === 0) return undefined;
  const scratch = `${base}__check`;
  const json = p.format === 'json';
  const source = json ? `read_json_auto(${sqlString(p.path)}, sample_size=-1)` : `read_parquet(${sqlString(p.path)})`;
  // a JSON value as its text: a string without quotes, so "2" counts as the number DuckDB reads it as
  const text = (c: string) => (json ? `json_extract_string(to_json(${sqlIdent(c)}), '$')` : `${sqlIdent(c)}::VARCHAR`);
  try {
    await db.run(`CREATE TEMP TABLE ${sqlIdent(scratch)} AS SELECT ${numeric.map((c) => `${text(c.file)} AS ${sqlIdent(c.file)}`).join(', ')} FROM ${source}`);
    // a JSON string of only spaces (or none) is missing, as a blank CSV cell is (see typeJsonNumbers)
    const bad = numeric.map((c) => `${sqlIdent(c.file)} IS NOT NULL AND TRY_CAST(${sqlIdent(c.file)} AS DOUBLE) IS NULL${json ? ` AND trim(${sqlIdent(c.file)}) <> ''` : ''}`);
    const r = (await db.rows(`SELECT (rowid + 1)::INTEGER AS row, ${numeric.map((c, i) => `${bad[i]} AS b${i}, ${sqlIdent(c.file)} AS v${i}`).join(', ')} FROM ${sqlIdent(scratch)} WHERE ${bad.join(' OR ')} ORDER BY rowid LIMIT 1`))[0];
    if (!r) return undefined;
    const i = numeric.findIndex((_, k) => r[`b${k}`] === true);
    const hint = numeric[i].name === 'session' ? 'session numbers must be whole numbers' : 'declare the column under `text:` if it is not numeric';
    return new DataError(`'${truncate(String(r[`v${i}`]))}' is not a number (${hint})`, file, Number(r.row), numeric[i].file);
  } catch {
    return undefined;
  } finally {
    await db.run(`DROP TABLE IF EXISTS ${sqlIdent(scratch)}`);
  }
}

/**
 * Sets the declared missing-value codes (`missingCodes`) of every numeric column but the session
 * number to missing, and counts them per column in the ledger: one count query, then one UPDATE
 * of the columns that hold a code. The session number is left out, as a code there would turn a
 * session into one without a number (ingest refuses an empty one).
 */
async function blankMissingCodes(db: DuckDBSession, base: string, cols: { file: string; name: string; type: 'VARCHAR' | 'DOUBLE' }[], codes: number[], ledger: Ledger, stage: string): Promise<void> {
  const numeric = cols.filter((c) => c.type === 'DOUBLE' && c.name !== 'session');
  if (numeric.length === 0) return;
  const list = `(${codes.map((v) => `${v}::DOUBLE`).join(', ')})`;
  const isCode = (c: { name: string }) => `${sqlIdent(c.name)}::DOUBLE IN ${list}`;
  const counts = (await db.rows(`SELECT ${numeric.map((c, i) => `count(*) FILTER (WHERE ${isCode(c)})::DOUBLE AS n${i}`).join(', ')} FROM ${sqlIdent(base)}`))[0]!;
  const coded = numeric.map((c, i) => ({ ...c, n: Number(counts[`n${i}`]) })).filter((c) => c.n > 0);
  if (coded.length === 0) return;
  await db.run(`UPDATE ${sqlIdent(base)} SET ${coded.map((c) => `${sqlIdent(c.name)} = CASE WHEN ${isCode(c)} THEN NULL ELSE ${sqlIdent(c.name)} END`).join(', ')}`);
  for (const c of coded) {
    ledger.add({ stage, action: 'set-missing', unit: 'values', count: c.n, reason: 'declared-missing-code', detail: `column '${c.file}': values equal to a declared missing code (${codes.join(', ')})` });
  }
}

async function reshapeWide(db: DuckDBSession, p: IngestPlan, base: string, name: string): Promise<void> {
  const wide = p.wide!;
  const wideCols = wideColumns(wide);
  const keep = columnTypes(p).filter((c) => !wideCols.has(c.file)).map((c) => sqlIdent(c.name));
  const parts = wide.sessions.map((s) => {
    const stemSel = [...wide.stems].map(([stem, bySession]) => {
      const col = bySession.get(s);
      return col ? `${sqlIdent(col)} AS ${sqlIdent(stem)}` : `NULL::DOUBLE AS ${sqlIdent(stem)}`;
    });
    const anyPresent = [...wide.stems.values()].map((m) => m.get(s)).filter(Boolean).map((c) => `${sqlIdent(c!)} IS NOT NULL`).join(' OR ');
    return `SELECT (rowid + 1)::INTEGER AS _row, ${keep.join(', ')}${keep.length ? ', ' : ''}${s}::DOUBLE AS session, ${stemSel.join(', ')} FROM ${sqlIdent(base)} WHERE ${anyPresent || 'false'}`;
  });
  await db.run(`CREATE TABLE ${sqlIdent(name)} AS SELECT * FROM (${parts.join(' UNION ALL ')}) ORDER BY _row, session`);
}

/**
 * The ledger entry for the patient × session slots of a wide file whose reshaped cells are all
 * blank, which `reshapeWide` does not make into rows: all of them are counted, and the detail
 * says how many lie between a patient's first and last non-blank slot (the ones that change
 * which session is the next recorded one) and how many patients have no non-blank slot at all.
 */
async function blankWideSlots(db: DuckDBSession, wide: NonNullable<IngestPlan['wide']>, base: string, name: string, stage: string, separator: string): Promise<LedgerEntry> {
  const sessions = `[${wide.sessions.join(', ')}]::DOUBLE[]`;
  const r = (await db.rows(
    `WITH span AS (SELECT _row, count(*) AS n, min(session) AS lo, max(session) AS hi FROM ${sqlIdent(name)} GROUP BY _row)
     SELECT (SELECT count(*) FROM ${sqlIdent(base)})::DOUBLE AS patients, (SELECT count(*) FROM span)::DOUBLE AS kept_patients,
            (SELECT sum(n) FROM span)::DOUBLE AS kept,
            (SELECT count(*) FROM span JOIN (SELECT unnest(${sessions}) AS s) k ON k.s BETWEEN span.lo AND span.hi)::DOUBLE AS in_span`,
  ))[0] as { patients: number; kept_patients: number; kept: number | null; in_span: number };
  const kept = r.kept ?? 0;
  const blank = r.patients * wide.sessions.length - kept;
  const inside = r.in_span - kept;
  const empty = r.patients - r.kept_patients;
  const stems = [...wide.stems.keys()];
  const named = stems.length > 6 ? `${stems.slice(0, 3).join(', ')} … ${stems[stems.length - 1]} (${stems.length} stems)` : stems.join(', ');
  return {
    stage,
    action: 'flagged',
    unit: 'sessions',
    count: blank,
    reason: 'wide-slot-blank',
    detail:
      `patient × session slots whose reshaped columns <stem>${separator}<session> for ${named} are all blank are not made into session rows (in wide layout a blank slot cannot be told from a session that never happened), ` +
      `so stages that count recorded sessions (lags) skip them; ${inside} of them lie between a patient's first and last non-blank session, the others before or after` +
      (empty > 0 ? `; ${empty} patient(s) have no non-blank slot and no row at all` : ''),
  };
}

/**
 * The fast form of {@link readTyped}'s compact read: the compact columns typed SMALLINT (the
 * session INTEGER) in the CSV reader itself, so their cells are parsed once, as integers, with no
 * DOUBLE beside them and no guard. That parse reads `2.5` as 3 and `0x10` as 16, so it is used
 * only when {@link mayHoldNonIntegers} finds no such cell anywhere in the file; the byte scan runs
 * while DuckDB reads, and a scan that finds one drops the table. Every other cell the integer parse
 * reads is the whole number the DOUBLE read stores, and every cell it refuses (out of range, inf,
 * text, spaces) makes this return false, leaving the file to the DOUBLE read and its messages.
 * 1.3 M-row benchmark file: the read's CPU about 1.5 → 1.1 s, its wall time 0.74 → 0.55 s.
 * Returns whether the table was made.
 */
export async function readCompactDirectly(db: DuckDBSession, base: string, select: string, path: string): Promise<boolean> {
  const scan = mayHoldNonIntegers(path);
  const read = db.run(`CREATE TABLE ${sqlIdent(base)} AS ${select}`).then(
    () => true,
    () => false,
  );
  const [made, unsafe] = await Promise.all([read, scan.catch(() => true)]);
  if (made && unsafe) await db.run(`DROP TABLE ${sqlIdent(base)}`);
  return made && !unsafe;
}

/** The error a compact column's guard raises (see {@link readTyped}). */
const NOT_COMPACT = 'alliance: not a compact whole number';

/**
 * The typed CSV read's SELECT: text columns through {@link textCellSql}, numeric ones as DuckDB
 * parsed them (DOUBLE), and the compact ones narrowed to SMALLINT (the session to INTEGER) by
 * `TRY_CAST`. An inner select keeps each compact column's DOUBLE beside its narrowed value; the
 * outer one drops the DOUBLEs and adds one guard column (named by {@link compactGuardName}, dropped
 * by the caller after the read) that raises {@link NOT_COMPACT} on the first row where a narrowed
 * value is not its DOUBLE: a fraction (2.5 narrows to 2 or 3), or NULL from a value out of range,
 * inf or NaN. One comparison per value in one CASE per row costs about a third of the separate
 * CASE per column with its own round and range tests it replaces (single-thread CPU of the read at
 * 1.3 M rows: 2.2 → 1.6 s, with {@link textCellSql}); a '-0' is stored as 0.
 */
function compactSelect(cols: ReturnType<typeof columnTypes>, compact: ReadonlySet<string>, source: string): string {
  const typed = cols.filter((c) => compact.has(c.name));
  const plain = (c: (typeof cols)[number]) => (c.type === 'VARCHAR' ? `${textCellSql(sqlIdent(c.file))} AS ${sqlIdent(c.name)}` : `${sqlIdent(c.file)} AS ${sqlIdent(c.name)}`);
  if (typed.length === 0) return `SELECT ${cols.map(plain).join(', ')} FROM ${source}`;
  const prefix = freePrefix(cols, '__double_');
  const double = (i: number) => sqlIdent(`${prefix}${i}`);
  const index = new Map(typed.map((c, i) => [c, i]));
  const inner = cols.map((c) => (compact.has(c.name) ? `${sqlIdent(c.file)} AS ${double(index.get(c)!)}, TRY_CAST(${sqlIdent(c.file)} AS ${compactType(c)}) AS ${sqlIdent(c.name)}` : plain(c)));
  const guard = typed.map((c, i) => `${sqlIdent(c.name)} IS DISTINCT FROM ${double(i)}`).join(' OR ');
  // the outer select names its columns: DuckDB binds `* EXCLUDE (list)` in time growing with the
  // list times the columns (0.64 s for 4,000 of 8,000 columns, four times 0.16 s for half as many)
  return `SELECT ${cols.map((c) => sqlIdent(c.name)).join(', ')}, CASE WHEN ${guard} THEN error('${NOT_COMPACT}') ELSE 0 END AS ${sqlIdent(compactGuardName(cols))} FROM (SELECT ${inner.join(', ')} FROM ${source})`;
}

/** The type a compact column is stored as: INTEGER for the session, SMALLINT for the others (item responses). */
function compactType(c: { name: string }): 'INTEGER' | 'SMALLINT' {
  return c.name === 'session' ? 'INTEGER' : 'SMALLINT';
}

/** The name of the compact read's guard column: one no column of the file starts with. */
function compactGuardName(cols: ReturnType<typeof columnTypes>): string {
  return freePrefix(cols, '__compact_guard');
}

/** `prefix`, with underscores put before it until no column name starts with it (names compared as DuckDB does, ignoring case). */
function freePrefix(cols: ReturnType<typeof columnTypes>, prefix: string): string {
  const taken = (p: string) => cols.some((c) => c.name.toLowerCase().startsWith(p.toLowerCase()) || c.file.toLowerCase().startsWith(p.toLowerCase()));
  while (taken(prefix)) prefix = `_${prefix}`;
  return prefix;
}

/**
 * A text cell with its surrounding spaces removed, missing when nothing is left: `NULLIF(trim(v), '')`,
 * evaluated only for the cells it can change, i.e. empty ones and those that start or end with a
 * space or hold a character outside ASCII (DuckDB's trim also removes the Unicode space separators,
 * U+00A0, U+2000–U+200A, U+3000 …, and no other ASCII character than the space). Other cells are
 * themselves, so ids like `P000123` skip trim's copy (about 0.1 s of CPU per text column at 1.3 M
 * rows). `test/stages/ingest-text-cells.test.ts` checks the two forms agree on every code point.
 */
export function textCellSql(v: string): string {
  return `CASE WHEN prefix(${v}, ' ') OR suffix(${v}, ' ') OR strlen(${v}) <> length(${v}) OR ${v} = '' THEN NULLIF(trim(${v}), '') ELSE ${v} END`;
}

/** A CSV cell of only spaces: missing, as an empty cell is (text columns read it so through `NULLIF(trim(…), '')`). */
const BLANK_CELL = /^ +$/;
/** Cells of 1 to 64 spaces, the blanks of fixed-width exports; as null strings they cost a typed read almost nothing. */
const SPACE_RUNS = Array.from({ length: 64 }, (_, i) => ' '.repeat(i + 1));

/** The column and cell of DuckDB's CSV conversion error, if `message` is one. */
function notNumber(message: string): { column: string; value: string } | undefined {
  const conv = /Error when converting column "([^"]*)"\. Could not convert string "([^"]*)"/.exec(message);
  return conv ? { column: conv[1], value: conv[2] } : undefined;
}

/**
 * The distinct cells of only spaces in the CSV's numeric columns (longer ones than
 * {@link SPACE_RUNS}), for the typed re-read to take as null strings (`nullstr` also matches
 * quoted cells). One scan of those columns as text; a cell that is a real non-number is left for
 * the typed read to report with its line.
 */
async function blankCells(db: DuckDBSession, p: IngestPlan, cols: ReturnType<typeof columnTypes>): Promise<string[]> {
  const numeric = cols.filter((c) => c.type === 'DOUBLE').map((c) => sqlIdent(c.file));
  if (numeric.length === 0) return [];
  const found = (await db.rows(`SELECT ${numeric.map((c, i) => `list(DISTINCT ${c}) FILTER (WHERE ${c} <> '' AND trim(${c}) = '') AS b${i}`).join(', ')} FROM ${csvAsTextSql(p.path, p.delimiter, p.fileColumns)}`))[0];
  const blanks = new Set(numeric.flatMap((_, i) => (found[`b${i}`] ?? []) as string[]));
  return [...blanks].filter((v) => BLANK_CELL.test(v));
}

/** DuckDB's read error as the user's problem, with the file's line as an editor numbers it (readErrorLine). */
async function readError(message: string, file: string, p: IngestPlan): Promise<DataError> {
  const line = await readErrorLine(message, p.path);
  const conv = notNumber(message);
  if (conv) {
    const { column, value } = conv;
    const role = Object.entries(p.roleColumns).find(([, c]) => c === column)?.[0];
    const hint =
      !p.decimalComma && COMMA_DECIMAL.test(value.trim())
        ? " (decimal comma? set `decimal: ','`)"
        : p.decimalComma && /^[+-]?\d*\.\d+$/.test(value.trim())
          ? " (the file is read with decimal commas, and this number has a decimal point: set `decimal: '.'` if the file's numbers are written so)"
          : role === 'session'
          ? ' (session numbers must be whole numbers)'
          : isMissingCode(value)
            ? ` (${MISSING_CODE_ADVICE})`
            : ' (declare the column under `text:` if it is not numeric)';
    return new DataError(`'${truncate(value)}' is not a number${hint}`, file, undefined, column, atLine(line));
  }
  const cast = /(?:Failed to cast value to numerical: "|Could not convert string ')(.*?)["'](?: to DOUBLE)? when casting from source column (\S+)/.exec(message);
  if (cast) {
    const hint = cast[2] === (p.roleColumns.session ?? 'session') ? 'session numbers must be whole numbers' : 'declare the column under `text:` if it is not numeric';
    return new DataError(`'${truncate(cast[1])}' is not a number (${hint})`, file, undefined, cast[2]);
  }
  return new DataError(describeReadError(message), file, undefined, undefined, atLine(line));
}

async function checkSessions(db: DuckDBSession, name: string, file: string, p: IngestPlan, compact: ReadonlySet<string>): Promise<void> {
  const t = sqlIdent(name);
  const sessionName = p.roleColumns.session ?? 'session';
  const byDate = !p.roleColumns.session && !p.wide ? p.roleColumns.date : undefined;
  const perPatient = p.grain === 'patient';
  const badSession = perPatient ? 'false' : `session IS NULL OR NOT isfinite(session) OR session < 0 OR session > ${MAX_SESSION} OR session <> floor(session)`;
  // numbers DuckDB reads but no analysis can use: 'inf', 'nan', '1e999', and finite ones whose
  // squares overflow later statistics ('1e308'; the bound is MAX_MAGNITUDE); a compact column holds
  // whole numbers of at most 32767 in magnitude, none of these
  const wideCols = p.wide ? wideColumns(p.wide) : new Set<string>();
  const numeric = [...columnTypes(p).filter((c) => c.type === 'DOUBLE' && (c.name !== 'session' || perPatient) && !wideCols.has(c.file) && !compact.has(c.name)).map((c) => c.name), ...(p.wide?.stems.keys() ?? [])];
  const nonFinite = numeric.map((c) => unusableNumberSql(sqlIdent(c)));
  const bad = (await db.rows(
    `SELECT min(_row) FILTER (WHERE patient IS NULL) AS no_patient,
            min(_row) FILTER (WHERE ${badSession}) AS bad_session,
            ${perPatient ? 'NULL' : `arg_min(session, _row) FILTER (WHERE ${badSession})`} AS bad_value
            ${nonFinite.length ? `, min(_row) FILTER (WHERE ${nonFinite.join(' OR ')}) AS non_finite` : ''}
     FROM ${t}`,
  ))[0];
  if (bad.no_patient !== null) throw new DataError('patient id is empty', file, Number(bad.no_patient), p.roleColumns.patient);
  if (bad.bad_session !== null) {
    const s = bad.bad_value;
    throw new DataError(s === null ? 'session number is empty' : `session number ${s} is not a whole number from 0 to ${MAX_SESSION}`, file, Number(bad.bad_session), sessionName);
  }
  if (bad.non_finite !== null && bad.non_finite !== undefined) {
    const row = Number(bad.non_finite);
    const cells = (await db.rows(`SELECT ${numeric.map((c, i) => `${sqlIdent(c)}::VARCHAR AS c${i}, ${nonFinite[i]} AS f${i}`).join(', ')} FROM ${t} WHERE _row = ${row} LIMIT 1`))[0];
    const i = numeric.findIndex((_, k) => cells[`f${k}`] === true);
    throw new DataError(unusableNumberMessage(String(cells[`c${i}`])), file, row, numeric[i]);
  }
  // a cheap existence check first; the rows of the first duplicate are listed only when there is one
  const key = perPatient ? 'patient' : 'patient, session';
  const anyDup = await db.scalar(`SELECT count(*) FROM (SELECT 1 FROM ${t} GROUP BY ${key} HAVING count(*) > 1 LIMIT 1)`);
  const dup = anyDup
    ? await db.rows(`SELECT ${key}, list(_row ORDER BY _row) AS rows${byDate ? `, min(${sqlIdent(byDate)})::VARCHAR AS date` : ''} FROM ${t} GROUP BY ${key} HAVING count(*) > 1 ORDER BY min(_row) LIMIT 1`)
    : [];
  if (dup.length) {
    // the location names every row of the duplicate (the first six): `lines 3 and 5`
    const [row, ...more] = (dup[0].rows as number[]).slice(0, 6).map(Number);
    const at = (column: string | undefined) => [file, row, column, { more }] as const;
    const patient = truncate(String(dup[0].patient));
    if (perPatient) throw new DataError(`patient '${patient}' has more than one row; with grain: patient each patient has one row (for one row per session, read the file with grain: session)`, ...at(p.roleColumns.patient));
    // a wide file has no session column: the repeated patient row is what the user can see and fix
    if (p.wide) throw new DataError(`patient '${patient}' is on more than one row; a wide file has one row per patient, with its sessions side by side`, ...at(p.roleColumns.patient));
    // sessions numbered from the dates: the repeated date is what the user can see and fix
    if (byDate) throw new DataError(`patient '${patient}' has more than one row on ${truncate(String(dup[0].date))}; sessions are numbered by date, one row per date`, ...at(byDate));
    throw new DataError(`patient '${patient}' has session ${dup[0].session} more than once`, ...at(sessionName));
  }
}


