import { DataError, formatDataError, formatSpecError, SpecError, SpecErrors } from './errors.ts';
import type { DuckDBSession } from './duckdb-session.ts';
import type { TableShape } from './table-shape.ts';
import type { PipelineSpec, StageSpec } from '../spec/pipeline-types.ts';
import { formatSuggestion } from '../spec/did-you-mean.ts';
import { stageRegistry } from '../stages/registry.ts';
import type { PlanContext } from '../stages/stage-definition.ts';
import { resolveInstruments, type InstrumentCatalog } from '../instruments/resolve-instruments.ts';

export interface PipelinePlan {
  spec: PipelineSpec;
  shapes: Map<string, TableShape>;
  instruments: InstrumentCatalog;
}

/**
 * Phase 2b (semantic validation): walks the stages in order, letting each check its options
 * against the tables produced before it (references, columns, kinds, instruments) and
 * declare the table it will produce. Every problem is collected, spec and data alike (a data
 * file found unusable while planning, such as a header without rows, does not hide the spec
 * problems of the other stages); nothing is executed (ingest only sniffs file headers).
 * Throws SpecErrors when all problems are in the spec, the DataError itself when it is the only
 * problem, and PlanProblems otherwise.
 */
export async function planPipeline(spec: PipelineSpec, db: DuckDBSession): Promise<PipelinePlan> {
  const errors: (SpecError | DataError)[] = [];
  const stageOf = new Map<DataError, string>();
  const shapes = new Map<string, TableShape>();
  const stageIds = new Set<string>();
  const failed = new Set<string>();
  let instruments: InstrumentCatalog;
  try {
    instruments = resolveInstruments(spec);
  } catch (e) {
    if (e instanceof SpecError) throw new SpecErrors([locate(spec, e)]);
    throw e;
  }
  for (const stage of spec.stages) {
    const def = stageRegistry.get(stage.type)!;
    const ctx = makePlanContext(spec, stage, db, shapes, stageIds, instruments, failed);
    try {
      const planned = await def.plan(stage.options as never, ctx);
      if (planned.table) shapes.set(stage.id, planned.table);
    } catch (e) {
      failed.add(stage.id);
      if (e instanceof UpstreamFailed) continue;
      const thrown = e instanceof SpecErrors ? e.errors : e instanceof AggregateError ? (e.errors as unknown[]) : [e];
      for (const x of thrown) {
        if (x instanceof SpecError) errors.push(locate(spec, x));
        else if (x instanceof DataError) errors.push(x), stageOf.set(x, `stages[${stage.index}], stage '${stage.id}'`);
        else throw x;
      }
    }
    stageIds.add(stage.id);
  }
  if (errors.length === 1 && errors[0] instanceof DataError) throw errors[0];
  if (errors.length && errors.every((x) => x instanceof SpecError)) throw new SpecErrors(errors as SpecError[]);
  if (errors.length) throw new PlanProblems(errors, stageOf);
  return { spec, shapes, instruments };
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
  db: DuckDBSession,
  shapes: Map<string, TableShape>,
  stageIds: Set<string>,
  instruments: InstrumentCatalog,
  failed: Set<string>,
): PlanContext {
  const specPath = `stages[${stage.index}]`;
  const fail = (optionPath: string, message: string): never => {
    throw new SpecError(message, optionPath ? `${specPath}.${optionPath}` : specPath, spec.specFile);
  };
  return {
    stageId: stage.id,
    specPath,
    specDir: spec.specDir,
    db,
    fail,
    table(ref, optionKey) {
      const shape = shapes.get(ref);
      if (shape) return shape;
      if (failed.has(ref)) throw new UpstreamFailed();
      if (stageIds.has(ref)) fail(optionKey, `stage '${ref}' does not produce a table`);
      const later = spec.stages.find((s) => s.id === ref);
      if (later) fail(optionKey, `stage '${ref}' runs after this stage; move it earlier`);
      return fail(optionKey, `no earlier stage with id '${ref}'.${formatSuggestion(ref, shapes.keys())}`);
    },
    requireColumn(shape, column, optionPath, kind) {
      const actual = shape.columns.get(column);
      if (actual === undefined) {
        fail(optionPath, `column '${column}' is not in table '${shape.id}'.${formatSuggestion(column, shape.columns.keys())}`);
      }
      if (kind && actual !== kind) fail(optionPath, `column '${column}' of table '${shape.id}' is ${actual === 'string' ? 'text' : 'numeric'}, expected ${kind === 'string' ? 'text' : 'numeric'}`);
    },
    instrument(key, optionPath) {
      const def = instruments.get(key);
      if (!def) fail(optionPath, `unknown instrument '${key}'.${formatSuggestion(key, instruments.keys())} Known: ${[...instruments.keys()].join(', ')}`);
      return def!;
    },
    hasStage: (ref) => stageIds.has(ref),
  };
}

/** Adds the YAML line/column to a SpecError that has a spec path but no position. */
function locate(spec: PipelineSpec, e: SpecError): SpecError {
  if (e.line !== undefined || !e.specPath) return e;
  const pos = spec.locate?.(e.specPath);
  return new SpecError(e.message, e.specPath, e.file ?? spec.specFile, pos?.line, pos?.column);
}

/** A referenced stage already failed validation: its error is reported once, not again here. */
class UpstreamFailed extends Error {}
