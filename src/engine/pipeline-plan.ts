import { DataError, formatDataError, formatSpecError, SpecError, SpecErrors } from './errors.ts';
import type { DuckDBSession } from './duckdb-session.ts';
import type { TableShape } from './table-shape.ts';
import type { PipelineSpec, StageSpec } from '../spec/pipeline-types.ts';
import { formatSuggestion } from '../spec/did-you-mean.ts';
import { isPartlyValid, type PartlyValidStage } from '../spec/validate-spec.ts';
import { stageRegistry } from '../stages/registry.ts';
import type { PlanContext } from '../stages/stage-definition.ts';
import { OptionInDoubt } from '../stages/check-apart.ts';
import { resolveInstruments, type InstrumentCatalog, type ResolvedInstruments } from '../instruments/resolve-instruments.ts';

export interface PipelinePlan {
  spec: PipelineSpec;
  shapes: Map<string, TableShape>;
  instruments: InstrumentCatalog;
  /**
   * For each stage whose table later stages' plans asked for (PlanContext.table), the last of them
   * (`stage`) and, for each column those plans checked (requireColumn), the last that checked it:
   * after them the run lets go of the table's columns, or of that column, kept by readColumns.
   */
  lastReader: Map<string, LastReaders>;
}

export interface LastReaders {
  stage: string;
  columns: Map<string, string>;
}

/** Who writes `results.json` and `run.lock.json` (PlanContext.writes, and the run's own check as it writes). */
const RUN_FILES = 'the run';

/** The output folder's files, each with who writes it, before any stage has claimed one. */
export function runFiles(): Map<string, string> {
  return new Map([['results.json', RUN_FILES], ['run.lock.json', RUN_FILES]]);
}

/** The problem of stage `stage` writing `file`, which `other` (a stage id or RUN_FILES) writes too. */
export function outputFileClash(stage: string, file: string, other: string): string {
  return other === RUN_FILES ? `'${file}' is a file of the report folder itself; name the file differently (e.g. summary.json)` : `stage '${stage}' writes ${file}, which stage '${other}' writes too; give the files different names`;
}

/** Input-reading stages: they run before the database is locked, so they come first. */
export const INPUT_STAGES = new Set(['ingest', 'import-summaries', 'import-studies']);

/**
 * Phase 2b (semantic validation): walks the stages in order, letting each check its options
 * against the tables produced before it (references, columns, kinds, instruments) and
 * declare the table it will produce. Every problem is collected, spec and data alike, and listed
 * in stage order after those of the custom instruments (each bad definition under `instruments:`):
 * the schema problems of the stages loadSpec left out (rejectedStages), each planned
 * stage's problems (every bad column of a stage and what its plan throws besides them, the
 * problems of each list entry a stage checks with eachEntry; a data file found unusable while
 * planning, such as a header without rows), and input stages placed after the analysis began. A stage that
 * refers to a stage with problems, or uses an instrument whose definition is bad, is skipped, since
 * its own errors would follow from them, unless that stage's plan says its table holds
 * (PlanResult.tableHolds: ingest's misspelled column names). A stage left out whose problems all lie in its options
 * (a PartlyValidStage) is planned on the options that passed: the checks reading an option in doubt,
 * or an entry in doubt of a list option, are skipped (readingInDoubt; a plan runs its independent
 * options' checks with checkApart and a list's entries with eachEntry, so those read after one in
 * doubt still run), and later stages read its table only when its plan read none.
 * Nothing is executed (ingest only sniffs file headers).
 * Throws SpecErrors when all problems are in the spec, the DataError itself when it is the only
 * problem, and PlanProblems otherwise.
 */
export async function planPipeline(spec: PipelineSpec, db: DuckDBSession): Promise<PipelinePlan> {
  const rejected = spec.rejectedStages ?? [];
  const all = [...spec.stages, ...rejected].sort((a, b) => a.index - b.index);
  const found: { index: number; error: SpecError | DataError }[] = [];
  const stageOf = new Map<DataError, string>();
  const shapes = new Map<string, TableShape>();
  const lastReader = new Map<string, LastReaders>();
  const stageIds = new Set<string>();
  const failed = new Set<string>();
  // the output folder's files, each with the stage (or the run) that writes it
  const claimed = runFiles();
  for (const r of rejected) for (const error of r.problems) found.push({ index: r.index, error });
  const order = inputOrderProblems(spec, all);
  for (const error of order) found.push({ index: indexOf(error), error: locate(spec, error) });
  // the instruments sit above `stages:`, so their problems come first; a stage using a bad one is skipped
  const instruments = resolveInstruments(spec);
  for (const error of instruments.problems) found.push({ index: -1, error: locate(spec, error) });
  for (const entry of all) {
    // a stage whose schema problems all lie in its options is planned on the options that passed
    const partly = !('options' in entry) && isPartlyValid(entry) ? entry : undefined;
    const doubt = { read: false };
    const stage = partly ? { id: partly.id, type: partly.type, index: partly.index, options: readingInDoubt(partly, doubt) } : entry;
    if (!('options' in stage)) {
      // left out by the schema check: its problems are listed, and stages using it are skipped
      if (!stageIds.has(stage.id)) failed.add(stage.id);
      stageIds.add(stage.id);
      continue;
    }
    const def = stageRegistry.get(stage.type)!;
    const problems = new StageProblems();
    const ctx = makePlanContext(spec, stage, all, db, shapes, stageIds, instruments, failed, problems, lastReader, claimed);
    try {
      const planned = await def.plan(stage.options as never, ctx);
      // its table, when the plan read no option in doubt, is the one it will have whatever their values
      if (planned.table && (!problems.list.length || planned.tableHolds) && !doubt.read) shapes.set(stage.id, planned.table);
    } catch (e) {
      failed.add(stage.id);
      if (!(e instanceof UpstreamFailed || e instanceof OptionInDoubt)) problems.caught(e);
    }
    if (problems.list.length || doubt.read) failed.add(stage.id);
    for (const x of problems.list) {
      if (x instanceof SpecError) found.push({ index: stage.index, error: locate(spec, x) });
      else found.push({ index: stage.index, error: x }), stageOf.set(x, `stages[${stage.index}], stage '${stage.id}'`);
    }
    stageIds.add(stage.id);
  }
  const errors = inStageOrder(found);
  // alone, the input-order problem keeps the message it had when it was checked after the plan
  if (errors.length === 1 && order.length === 1) throw order[0];
  if (errors.length === 1 && errors[0] instanceof DataError) throw errors[0];
  if (errors.length && errors.every((x) => x instanceof SpecError)) throw new SpecErrors(errors as SpecError[]);
  if (errors.length) throw new PlanProblems(errors, stageOf);
  return { spec, shapes, instruments: instruments.catalog, lastReader };
}

/**
 * The problems sorted by stage index and, within a stage, the spec problems by their line in the
 * spec file, as a reader goes through it (schema problems, found first, may lie below a column
 * problem). The spec problems trade places among themselves only: problems on one line keep the
 * order found, and a problem without a spec line (a data file's) keeps its place in the list.
 */
function inStageOrder(found: { index: number; error: SpecError | DataError }[]): (SpecError | DataError)[] {
  const sorted = [...found].sort((a, b) => a.index - b.index);
  const ordered = sorted.map((x) => x.error);
  const lined = (e: SpecError | DataError): e is SpecError & { line: number } => e instanceof SpecError && e.line !== undefined;
  let start = 0;
  for (let i = 1; i <= sorted.length; i++) {
    if (i < sorted.length && sorted[i]!.index === sorted[start]!.index) continue;
    // one stage's problems: [start, i) of the sorted list (the sort is stable, so its slots are contiguous)
    const slots = ordered.slice(start, i).flatMap((e, k) => (lined(e) ? [start + k] : []));
    const byLine = slots.map((k) => ordered[k] as SpecError & { line: number }).sort((a, b) => a.line - b.line);
    slots.forEach((k, j) => (ordered[k] = byLine[j]!));
    start = i;
  }
  return ordered;
}

/** Every input stage that comes after an analysis stage (the database is locked once analysis starts). */
function inputOrderProblems(spec: PipelineSpec, all: { id: string; type?: string; index: number }[]): SpecError[] {
  const out: SpecError[] = [];
  let analysisSeen = false;
  for (const s of all) {
    if (s.type === undefined) continue; // an unknown type is reported as such
    if (INPUT_STAGES.has(s.type) && analysisSeen) {
      out.push(new SpecError(`input stage '${s.id}' must come before every analysis stage (the database is locked against file access once analysis starts)`, `stages[${s.index}]`, spec.specFile));
    }
    if (!INPUT_STAGES.has(s.type)) analysisSeen = true;
  }
  return out;
}

function indexOf(e: SpecError): number {
  return Number(/^stages\[(\d+)\]/.exec(e.specPath)![1]);
}

/**
 * Spec and data problems found together while planning, listed in stage order, each on its own
 * line with its spec path or data file (a DataError, so the CLI prints it as one message, exit 1).
 */
export class PlanProblems extends DataError {
  override name = 'PlanProblems';
  constructor(readonly problems: (SpecError | DataError)[], stageOf: Map<DataError, string>) {
    const line = (x: SpecError | DataError) => (x instanceof SpecError ? formatSpecError(x) : `${formatDataError(x)} (read by ${stageOf.get(x)})`);
    super(`the pipeline has ${problems.length} problems:\n${problems.map((x) => `  ${line(x)}`).join('\n')}`);
  }
}

function makePlanContext(
  spec: PipelineSpec,
  stage: StageSpec,
  all: { id: string; index: number }[],
  db: DuckDBSession,
  shapes: Map<string, TableShape>,
  stageIds: Set<string>,
  instruments: ResolvedInstruments,
  failed: Set<string>,
  problems: StageProblems,
  lastReader: Map<string, LastReaders>,
  claimed: Map<string, string>,
): PlanContext {
  const specPath = `stages[${stage.index}]`;
  const problem = (optionPath: string, message: string) => new SpecError(message, optionPath ? `${specPath}.${optionPath}` : specPath, spec.specFile);
  const fail = (optionPath: string, message: string): never => {
    throw problem(optionPath, message);
  };
  // the first problem of each option path is kept: change checks o_baseline and o_final for one
  // `outcome`; variables[0] and variables[1], pairs[0].x and pairs[0].y are listed apart
  const record = (optionPath: string, message: string, absent?: string) => problems.record(problem(optionPath, message), absent);
  return {
    stageId: stage.id,
    specPath,
    specDir: spec.specDir,
    db,
    fail,
    // listed as a thrown problem would be: not beside one at its path or one naming an absent column
    problem: (optionPath, message) => problems.caught(problem(optionPath, message)),
    table(ref, optionKey) {
      const shape = shapes.get(ref);
      if (shape) {
        lastReader.set(ref, { stage: stage.id, columns: lastReader.get(ref)?.columns ?? new Map() });
        return shape;
      }
      if (failed.has(ref)) throw new UpstreamFailed();
      if (stageIds.has(ref)) fail(optionKey, `stage '${ref}' does not produce a table`);
      const later = all.find((s) => s.id === ref);
      if (later) fail(optionKey, `stage '${ref}' runs after this stage; move it earlier`);
      // suggested among the earlier stages with tables, and those that failed to plan (whose table is unknown)
      return fail(optionKey, `no earlier stage with id '${ref}'.${formatSuggestion(ref, [...shapes.keys(), ...failed])}`);
    },
    requireColumn(shape, column, optionPath, kind) {
      lastReader.get(shape.id)?.columns.set(column, stage.id);
      const actual = shape.columns.get(column);
      if (actual === undefined) record(optionPath, `column '${column}' is not in table '${shape.id}'.${formatSuggestion(column, shape.columns.keys())}`, column);
      else if (kind && actual !== kind) {
        const why = kind === 'number' ? shape.whyText?.get(column) : undefined;
        record(optionPath, `column '${column}' of table '${shape.id}' is ${actual === 'string' ? 'text' : 'numeric'}, expected ${kind === 'string' ? 'text' : 'numeric'}${why ? `: ${why}` : ''}`);
      }
    },
    instrument(key, optionPath) {
      // a key whose definition is bad: its problem is listed under instruments[i]
      if (instruments.failed.has(key)) throw new UpstreamFailed();
      const def = instruments.catalog.get(key);
      if (!def) fail(optionPath, `unknown instrument '${key}'.${formatSuggestion(key, instruments.catalog.keys())} Known: ${[...instruments.catalog.keys()].join(', ')}`);
      return def!;
    },
    hasStage: (ref) => stageIds.has(ref),
    writes(file, optionPath) {
      const other = claimed.get(file);
      if (other === undefined) claimed.set(file, stage.id);
      else if (other !== stage.id) problems.caught(problem(optionPath, outputFileClash(stage.id, file, other)));
    },
    eachEntry(entries, check) {
      for (let i = 0; i < entries.length; i++) {
        try {
          // read here, where an entry in doubt throws, so the next entry is still checked
          check(entries[i], i);
        } catch (e) {
          // an entry's checks that need an option or entry in doubt are skipped; the next entry is checked
          if (e instanceof OptionInDoubt) continue;
          if (e instanceof UpstreamFailed) throw e;
          problems.caught(e);
        }
      }
    },
  };
}

/**
 * The problems of one stage's plan in the order found: its bad columns (the first of each spec
 * path), then what it throws, whether from one list entry (eachEntry) or from the plan itself.
 * Left out, as following from an earlier problem: a thrown problem at a spec path that already has
 * one, or naming a column found absent ('phq_totl' is not an instrument score), and an error other
 * than a spec or data error thrown after a problem was found (a check that read an absent column);
 * before any problem, such an error is a defect and goes on.
 */
class StageProblems {
  readonly list: (SpecError | DataError)[] = [];
  private readonly paths = new Set<string>();
  private readonly absent: string[] = [];

  /** Keeps the first problem of each spec path; `absent` is the missing column it reports. */
  record(x: SpecError, absent?: string): void {
    if (this.paths.has(x.specPath)) return;
    this.paths.add(x.specPath);
    this.list.push(x);
    if (absent !== undefined) this.absent.push(`'${absent}'`);
  }

  caught(e: unknown): void {
    const thrown = e instanceof SpecErrors ? e.errors : e instanceof AggregateError ? (e.errors as unknown[]) : [e];
    const known = new Set(this.paths);
    for (const x of thrown) {
      if (x instanceof SpecError) {
        if (!known.has(x.specPath) && !this.absent.some((c) => x.message.includes(c))) this.paths.add(x.specPath), this.list.push(x);
      } else if (x instanceof DataError) this.list.push(x);
      else if (!this.list.length) throw x;
    }
  }
}

/** Adds the YAML line/column to a SpecError that has a spec path but no position. */
function locate(spec: PipelineSpec, e: SpecError): SpecError {
  if (e.line !== undefined || !e.specPath) return e;
  const pos = spec.locate?.(e.specPath);
  return new SpecError(e.message, e.specPath, e.file ?? spec.specFile, pos?.line, pos?.column);
}

/** A referenced stage already failed validation: its error is reported once, not again here. */
class UpstreamFailed extends Error {}

/**
 * The options a plan reads, where reading an option in doubt (failed its schema, missing, or
 * perhaps misspelled as an unknown one) throws OptionInDoubt, so the checks that need it are
 * skipped rather than made on a value the user did not mean, and sets `doubt.read`. Listing the
 * options (a spread) sets it too, since a copy would hide a later read. A list option with entries
 * in doubt is handed over as a list where reading one of those entries does the same, so the
 * checks of its other entries run (eachEntry, or checkEach in check-apart.ts).
 */
function readingInDoubt(stage: PartlyValidStage, doubt: { read: boolean }): Record<string, unknown> {
  const unsure = new Set(stage.inDoubt);
  const stop = (key: string | symbol, unsure: Set<string>): boolean => {
    if (typeof key !== 'string' || !unsure.has(key)) return false;
    doubt.read = true;
    throw new OptionInDoubt();
  };
  const known = { ...stage.known };
  for (const [key, entries] of Object.entries(stage.entriesInDoubt)) {
    const bad = new Set(entries.map(String));
    known[key] = new Proxy(known[key] as unknown[], {
      get: (target, k, receiver) => (stop(k, bad), Reflect.get(target, k, receiver)),
      has: (target, k) => (stop(k, bad), Reflect.has(target, k)),
    });
  }
  return new Proxy(known, {
    get: (target, key, receiver) => (stop(key, unsure), Reflect.get(target, key, receiver)),
    has: (target, key) => (stop(key, unsure), Reflect.has(target, key)),
    ownKeys(target) {
      if (unsure.size) doubt.read = true;
      return Reflect.ownKeys(target);
    },
  });
}
