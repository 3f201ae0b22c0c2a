import type { TObject, Static } from '@sinclair/typebox';
import type { DuckDBSession } from '../engine/duckdb-session.ts';
import type { Ledger } from '../engine/ledger.ts';
import type { TableShape } from '../engine/table-shape.ts';
import type { PseudonymsOf } from '../engine/run-pseudonyms.ts';
import type { Citation, ReportSection } from '../report/types.ts';
import type { InstrumentDefinition } from '../instruments/instrument-definition.ts';

/**
 * The contract every stage fulfils. A stage is thin: it moves columns between DuckDB and the
 * pure kernels in src/stats/, and describes its results for results.json and the report.
 *
 * - `options`: TypeBox schema of the stage's options (everything but `id` and `type`);
 *   it is part of the generated pipeline JSON Schema.
 * - `plan`: checks the options against the shapes of earlier tables (columns exist, kinds fit)
 *   and returns the shape of the table it will produce, if any. Runs in `alliance validate`.
 * - `run`: does the work. Relational steps in SQL, numeric steps through src/stats kernels.
 */
export interface StageDefinition<S extends TObject = TObject> {
  type: string;
  /** One-line description (README, schema). */
  summary: string;
  options: S;
  plan(options: Static<S>, ctx: PlanContext): Promise<PlanResult> | PlanResult;
  run(options: Static<S>, ctx: RunContext): Promise<StageOutput>;
}

export interface PlanResult {
  /** Shape of the table this stage creates (DuckDB table `t_<id>`), if any. */
  table?: TableShape;
  /**
   * The table's shape holds even when the plan recorded problems (with `problem`): it is what the
   * table will be once they are fixed, so later stages are planned on it and validate lists their
   * problems in the same round. A run still stops at the problems.
   */
  tableHolds?: boolean;
}

export interface PlanContext {
  stageId: string;
  /** `stages[3]` — prefix for spec paths in errors. */
  specPath: string;
  specDir: string;
  db: DuckDBSession;
  /** Shape of an earlier stage's table; throws a located SpecError (with did-you-mean) if absent. */
  table(ref: string, optionKey: string): TableShape;
  /**
   * Records a located SpecError (with did-you-mean) unless `column` is in `shape` with the given
   * kind. The plan goes on, so the bad columns of the stage are listed together (the first of each
   * spec path: variables[0] and variables[1], pairs[0].x and pairs[0].y are listed apart); the
   * stage then counts as failed, and what it throws afterwards is listed too, unless it is located
   * at a spec path that already has a problem.
   */
  requireColumn(shape: TableShape, column: string, optionPath: string, kind?: 'number' | 'string'): void;
  /** Throws a SpecError located at `optionPath` (relative to the stage). */
  fail(optionPath: string, message: string): never;
  /**
   * Records a SpecError located at `optionPath` and returns, so the checks after it still run and
   * validate lists their problems too; the stage then counts as failed. For checks that later
   * ones do not depend on; `fail` where going on makes no sense.
   */
  problem(optionPath: string, message: string): void;
  instrument(key: string, optionPath: string): InstrumentDefinition;
  /** Whether an earlier stage with this id produced a result (not a table). */
  hasStage(ref: string): boolean;
  /**
   * Claims `file` (relative to the output folder), named by option `optionPath`, as a file this
   * stage writes; records a problem when the run (`results.json`, `run.lock.json`) or an earlier
   * stage writes it too, so validate finds the clash before a run.
   */
  writes(file: string, optionPath: string): void;
  /**
   * Runs `check` on each entry of a list option. A problem one entry throws (`fail`, `instrument`)
   * is recorded and the next entry is checked, so validate lists the problems of every entry; the
   * stage then counts as failed.
   */
  eachEntry<T>(entries: readonly T[], check: (entry: T, index: number) => void): void;
}

export interface RunContext {
  stageId: string;
  specPath: string;
  specDir: string;
  db: DuckDBSession;
  ledger: Ledger;
  seed: number;
  /** Shape of an earlier stage's table (already validated by plan). */
  table(ref: string): TableShape;
  /** Result object of an earlier stage. */
  result(ref: string): unknown;
  instrument(key: string): InstrumentDefinition;
  /** Progress on stderr when it is a terminal (never in --quiet). */
  progress(message: string): void;
  /** Whether the report may show identifiers (spec opt-in). */
  identifiers: boolean;
  /** Report labels for patient or therapist ids: the ids with `identifiers`, else the run's pseudonyms (one per id for the whole report). */
  pseudonyms: PseudonymsOf;
  /** Resolves an input file named in the spec (relative to the spec) and records it for the lock file. */
  input(path: string, optionPath: string): string;
}

export interface StageOutput {
  /** Shape of the created DuckDB table `t_<id>` (must match plan). */
  table?: TableShape;
  /** Plain JSON-serialisable result, stored in results.json under the stage id. */
  result?: unknown;
  /** Report sections contributed by this stage. */
  sections?: ReportSection[];
  /** Methods sentences (each citing its method) for the report's methods paragraph. */
  methods?: string[];
  citations?: Citation[];
  /** Files to write into the output folder (relative path → content), written when the stage ends. */
  files?: Record<string, string>;
}
