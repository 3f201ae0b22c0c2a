import { readFileSync } from 'node:fs';
import { Type, type Static } from '@sinclair/typebox';
import { Ajv, type ValidateFunction } from 'ajv';
import { sqlIdent } from '../engine/duckdb-session.ts';
import { DataError, SpecError } from '../engine/errors.ts';
import { PathError, resolveInput } from '../engine/safe-path.ts';
import { tableName, type ColumnKind, type TableShape } from '../engine/table-shape.ts';
import { formatSuggestion } from '../spec/did-you-mean.ts';
import { siteSummarySchema, type SiteSummary } from './export-summary.ts';
import type { StageDefinition } from './stage-definition.ts';
import { checkEach, OptionInDoubt } from './check-apart.ts';

const options = Type.Object(
  {
    files: Type.Array(Type.String({ minLength: 1 }), { minItems: 1, description: 'Site summary files written by export-summary (paths relative to the pipeline file; no globs)' }),
    analysis: Type.Optional(Type.String({ description: 'Label of the exported analysis to pool; required when the summaries hold more than one' })),
  },
  { additionalProperties: false },
);

type Options = Static<typeof options>;

let validator: ValidateFunction | undefined;
function validateSummary(value: unknown): string | null {
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(siteSummarySchema);
  if (validator(value)) return null;
  return (validator.errors ?? [])
    .slice(0, 3)
    .map((e) => (e.keyword === 'additionalProperties' ? `${e.instancePath || '/'} has a field that is not allowed: '${(e.params as { additionalProperty: string }).additionalProperty}'` : `${e.instancePath || '/'} ${e.message}`))
    .join('; ');
}

/**
 * Relative tolerance of the consistency checks. export-summary writes every number with
 * `JSON.stringify`, which prints the shortest decimal that reads back as the same double (no
 * rounding), and computes z = atanh(r) and vi = 1/(n − 3) from exactly those r and n; recomputing
 * them here differs by at most a few units in the last place (atanh of another JavaScript engine),
 * about 1e-16 relative. 1e-12 leaves ample room for that and catches any edit of a written digit
 * before the 12th significant one.
 */
const CONSISTENCY_TOLERANCE = 1e-12;

const agrees = (written: number, expected: number) => Math.abs(written - expected) <= CONSISTENCY_TOLERANCE * Math.max(Math.abs(written), Math.abs(expected));

/**
 * The entries of a schema-valid summary that export-summary cannot have written, one DataError
 * each, located by file and JSON path: z ≠ atanh(r), vi ≠ 1/(n − 3), or a group size under the
 * file's own suppression threshold `minN` (a hand-edited or corrupted summary).
 */
function inconsistencies(s: SiteSummary, file: string): DataError[] {
  const out: DataError[] = [];
  const bad = (path: string, message: string) => out.push(new DataError(`${path} ${message}; export-summary cannot have written this (edited or corrupted summary)`, file));
  const small = (path: string, n: number) => {
    if (n < s.minN) bad(path, `is ${n}, below the summary's own minN of ${s.minN} (smaller cells are suppressed at export)`);
  };
  s.correlations.forEach((c, i) => {
    const at = `correlations[${i}]`;
    small(`${at}.n`, c.n);
    if (!agrees(c.z, Math.atanh(c.r))) bad(`${at}.z`, `is ${c.z} but its r = ${c.r} gives Fisher z = atanh(r) = ${Math.atanh(c.r)}`);
    if (!agrees(c.vi, 1 / (c.n - 3))) bad(`${at}.vi`, `is ${c.vi} but its n = ${c.n} gives the sampling variance 1/(n − 3) = ${1 / (c.n - 3)}`);
  });
  s.differences.forEach((d, i) => {
    small(`differences[${i}].n1`, d.n1);
    small(`differences[${i}].n2`, d.n2);
  });
  return out;
}

interface Row {
  site: string;
  kind: 'correlation' | 'difference';
  /** The variables behind the analysis at this site: `x × y`, or `variable by by: g1 − g2`. */
  variables: string;
  r: number | null;
  n: number;
  yi: number;
  vi: number;
  n1: number | null;
  n2: number | null;
}

const SHAPE: [string, ColumnKind][] = [['_row', 'number'], ['study', 'string'], ['site', 'string'], ['analysis', 'string'], ['kind', 'string'], ['r', 'number'], ['n', 'number'], ['yi', 'number'], ['vi', 'number'], ['n1', 'number'], ['n2', 'number']];

function shape(id: string): TableShape {
  return { id, grain: 'study', columns: new Map(SHAPE), roles: {}, instruments: [], file: undefined };
}

/** The summary in file `f` (`files[i]`) and its path; throws a SpecError (path) or DataError (content) when it cannot be used. */
function readSummary(f: string, i: number, specDir: string, fail: (p: string, m: string) => never): { summary: SiteSummary; path: string } {
  let path: string;
  try {
    path = resolveInput(specDir, f);
  } catch (e) {
    if (e instanceof PathError) fail(`files[${i}]`, e.message);
    throw e;
  }
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new DataError(`not a JSON site summary: ${(e as Error).message}`, f);
  }
  const problem = validateSummary(value);
  if (problem) throw new DataError(`rejected: not a valid alliance site summary (${problem})`, f);
  return { summary: value as SiteSummary, path };
}

/**
 * Reads, validates and selects; `fail(optionPath, message)` reports spec problems. Every file is
 * read before anything is thrown, so plan lists every unusable file and every inconsistent entry
 * (an AggregateError when there are several; the unusable files come first).
 */
function load(o: Options, specDir: string, fail: (p: string, m: string) => never): { rows: Row[]; analysis: string; summaries: SiteSummary[]; paths: string[] } {
  const summaries: SiteSummary[] = [];
  const paths: string[] = [];
  const unusable: (SpecError | DataError)[] = [];
  const inconsistent: DataError[] = [];
  const files: string[] = [];
  // an entry in doubt (a stage with a schema problem) is skipped: the other files are still read and checked
  checkEach(o.files, (f, i) => {
    let read: { summary: SiteSummary; path: string };
    try {
      read = readSummary(f, i, specDir, fail);
    } catch (e) {
      if (!(e instanceof SpecError || e instanceof DataError)) throw e;
      unusable.push(e);
      return;
    }
    inconsistent.push(...inconsistencies(read.summary, f));
    summaries.push(read.summary);
    paths.push(read.path);
    files.push(f);
  });
  const problems = [...unusable, ...inconsistent];
  if (problems.length === 1) throw problems[0];
  if (problems.length > 1) throw new AggregateError(problems, `${problems.length} unusable site summaries or inconsistent entries`);
  const sites = summaries.map((s) => s.site);
  const dup = sites.find((s, i) => sites.indexOf(s) !== i);
  if (dup) fail('files', `two summaries come from site '${dup}' (${files[sites.indexOf(dup)]} and ${files[sites.lastIndexOf(dup)]})`);
  // the analysis to pool is chosen over every summary, so its checks are skipped while a file is in doubt
  if (files.length < o.files.length) throw new OptionInDoubt();
  const labels = [...new Set(summaries.flatMap((s) => [...s.correlations.map((c) => c.label), ...s.differences.map((d) => d.label)]))];
  let analysis = o.analysis;
  if (analysis === undefined) {
    if (labels.length !== 1) fail('analysis', `the summaries hold ${labels.length} analyses; choose one with analysis: ${labels.map((l) => `'${l}'`).join(', ')}`);
    analysis = labels[0];
  } else if (!labels.includes(analysis)) fail('analysis', `no summary holds the analysis '${analysis}'.${formatSuggestion(analysis, labels)} Available: ${labels.join(', ')}`);
  const rows: Row[] = [];
  for (const s of summaries) {
    const c = s.correlations.find((x) => x.label === analysis);
    if (c) rows.push({ site: s.site, kind: 'correlation', variables: `${c.x} × ${c.y}`, r: c.r, n: c.n, yi: c.z, vi: c.vi, n1: null, n2: null });
    const d = s.differences.find((x) => x.label === analysis);
    if (d) rows.push({ site: s.site, kind: 'difference', variables: `${d.variable} by ${d.by}: ${d.groups[0]} − ${d.groups[1]}`, r: null, n: d.n1 + d.n2, yi: d.yi, vi: d.vi, n1: d.n1, n2: d.n2 });
  }
  if (new Set(rows.map((r) => r.kind)).size > 1) fail('analysis', `'${analysis}' is a correlation in some summaries and a mean difference in others`);
  return { rows, analysis: analysis!, summaries, paths };
}

/** At run time one message is enough (plan has already listed every inconsistency). */
function firstError<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw e instanceof AggregateError ? e.errors[0] : e;
  }
}

/**
 * Stage `import-summaries`: the central half of a two-stage individual-patient-data
 * meta-analysis. Reads any number of `summary.json` files written by `export-summary` at the
 * sites, validates each against the closed site-summary schema (ajv; any extra field, missing
 * field or out-of-range value rejects the file, so nothing but aggregates can enter), rejects
 * entries export-summary cannot have written (z ≠ atanh(r), vi ≠ 1/(n − 3), n under the file's
 * own minN; one DataError per entry, with its JSON path), refuses two
 * files from the same site, and builds a study table with one row per site for the chosen
 * analysis: `study`/`site`, `r`, `n` (correlations; `yi` = Fisher z, `vi` = 1/(n − 3)) or `yi`,
 * `vi`, `n1`, `n2` (mean differences), ready for the `meta` stage. Summaries from other alliance
 * versions or another analysis definition are flagged in the ledger, and so is an analysis whose
 * label stands for different variables at different sites (each definition named with its sites).
 */
export const importSummaries: StageDefinition<typeof options> = {
  type: 'import-summaries',
  summary: 'Read site summaries (export-summary JSON, schema-validated) into a study table for pooling with meta',
  options,
  plan(o, ctx) {
    load(o, ctx.specDir, ctx.fail);
    return { table: shape(ctx.stageId) };
  },
  async run(o, ctx) {
    const fail = (p: string, m: string): never => {
      throw new SpecError(m, `${ctx.specPath}.${p}`);
    };
    o.files.forEach((f, i) => ctx.input(f, `files[${i}]`));
    const { rows, analysis, summaries } = firstError(() => load(o, ctx.specDir, fail));
    const missing = summaries.filter((s) => !rows.some((r) => r.site === s.site)).map((s) => s.site);
    ctx.ledger.add({ stage: ctx.stageId, action: 'excluded', unit: 'studies', count: missing.length, reason: 'analysis-not-in-summary', detail: `sites without '${analysis}' (suppressed or not computed there): ${missing.join(', ')}` });
    const hashes = new Set(summaries.map((s) => s.analysisSha256));
    ctx.ledger.add({ stage: ctx.stageId, action: 'flagged', unit: 'studies', count: hashes.size > 1 ? summaries.length : 0, reason: 'different-analysis-definitions', detail: 'the site summaries come from different export-summary definitions (analysisSha256 differs); check that every site ran the same analysis' });
    // the same label over different variables (one site's wai_total_first3, another's wai_total_mean)
    // pools different quantities; named here, since sites may name one construct differently
    const defined = new Map<string, string[]>();
    for (const r of rows) defined.set(r.variables, [...(defined.get(r.variables) ?? []), r.site]);
    ctx.ledger.add({ stage: ctx.stageId, action: 'flagged', unit: 'studies', count: defined.size > 1 ? rows.length : 0, reason: 'different-variables', detail: `'${analysis}' relates different variables at different sites: ${[...defined].map(([v, sites]) => `${v} (${sites.join(', ')})`).join('; ')}; check that they measure the same thing` });
    const versions = new Set(summaries.map((s) => s.alliance));
    ctx.ledger.add({ stage: ctx.stageId, action: 'flagged', unit: 'studies', count: versions.size > 1 ? summaries.length : 0, reason: 'different-versions', detail: `site summaries come from alliance versions ${[...versions].join(', ')}` });
    const name = tableName(ctx.stageId);
    const lit = (v: string | number | null) => (v === null ? 'NULL' : typeof v === 'number' ? `${v}::DOUBLE` : `'${v.replace(/'/g, "''")}'`);
    const values = rows.map((r, i) => `(${[i + 1, r.site, r.site, analysis, r.kind, r.r, r.n, r.yi, r.vi, r.n1, r.n2].map(lit).join(', ')})`);
    const cols = SHAPE.map(([c]) => sqlIdent(c)).join(', ');
    await ctx.db.run(
      `CREATE TABLE ${sqlIdent(name)} AS SELECT * FROM (VALUES ${values.join(', ') || `(${SHAPE.map(() => 'NULL').join(', ')})`}) AS v(${cols})${values.length ? '' : ' WHERE false'}`,
    );
    await ctx.db.run(`ALTER TABLE ${sqlIdent(name)} ALTER "_row" TYPE DOUBLE`);
    for (const c of ['r', 'n', 'yi', 'vi', 'n1', 'n2']) await ctx.db.run(`ALTER TABLE ${sqlIdent(name)} ALTER ${sqlIdent(c)} TYPE DOUBLE`);
    for (const c of ['study', 'site', 'analysis', 'kind']) await ctx.db.run(`ALTER TABLE ${sqlIdent(name)} ALTER ${sqlIdent(c)} TYPE VARCHAR`);
    return {
      table: shape(ctx.stageId),
      result: { analysis, sites: rows.map((r) => ({ site: r.site, kind: r.kind, n: r.n, r: r.r, yi: r.yi, vi: r.vi })), files: o.files, versions: [...versions] },
    };
  },
};
