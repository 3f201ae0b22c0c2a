/**
 * Running a pipeline, in explicit phases:
 *
 *   load ──► validate ──────────────► plan ──────────► execute ─────────► render ──► commit
 *   YAML     envelope + each stage's    each stage       stages in order,   report,    temp folder
 *   +params  options (JSON Schema),     checks columns   DuckDB locked      results,   renamed into
 *            did-you-mean               against earlier  after ingest;      lock file  place
 *                                       tables           ledger; --strict
 *
 * `alliance validate` stops after plan. Any error discards the temporary output folder, so a
 * failed run leaves nothing behind; inputs are only ever read.
 */
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { DuckDBSession } from './duckdb-session.ts';
import { DataError, rowsInText, SpecError, StrictError, stageWhere } from './errors.ts';
import { Ledger } from './ledger.ts';
import { OutputFolder } from './output-folder.ts';
import { INPUT_STAGES, outputFileClash, planPipeline, runFiles, type PipelinePlan } from './pipeline-plan.ts';
import { assertNotInput, resolveInput } from './safe-path.ts';
import { toJson } from './to-json.ts';
import { tableName, type TableShape } from './table-shape.ts';
import { placeLines } from './csv-read-error.ts';
import { runPseudonyms } from './run-pseudonyms.ts';
import { packageVersions } from './package-versions.ts';
import type { PipelineSpec } from '../spec/pipeline-types.ts';
import { stageRegistry } from '../stages/registry.ts';
import type { RunContext, StageOutput } from '../stages/stage-definition.ts';
import { StatInputError } from '../stats/errors.ts';
import { buildReport } from './build-report.ts';
import { PHASES, reportStageResources } from './stage-resources.ts';
import { createFigureRenderer, type FigureRenderer } from '../report/chart/create-figure-renderer.ts';
import { collectLetGoArrays } from './collect-garbage.ts';
import { reportFigureSpec } from '../report/chart/report-figure-spec.ts';
import { roundLikeR } from '../report/format/index.ts';

export interface RunOptions {
  outDir: string;
  strict?: boolean;
  quiet?: boolean;
  /** Write progress lines here (defaults to stderr when it is a TTY). */
  progress?: (line: string) => void;
  /**
   * Stage seconds after which figures are rendered on a worker while later stages run (default
   * PRERENDER_AFTER_SECONDS; 0 = from the first stage, Infinity = only at the end). Output bytes do
   * not depend on it; tests use it to exercise both paths.
   */
  prerenderAfterSeconds?: number;
}

export interface StageRecord {
  id: string;
  type: string;
  seconds: number;
  output: StageOutput;
}

export interface RunOutcome {
  outDir: string;
  results: Record<string, unknown>;
  ledger: Ledger;
  stages: StageRecord[];
  seconds: number;
}

export { INPUT_STAGES };

export async function validatePipeline(spec: PipelineSpec): Promise<PipelinePlan> {
  const db = await DuckDBSession.create();
  try {
    return await planPipeline(spec, db);
  } finally {
    db.close();
  }
}

export async function runPipeline(spec: PipelineSpec, options: RunOptions): Promise<RunOutcome> {
  const t0 = performance.now();
  const progress = options.quiet ? () => {} : (options.progress ?? (process.stderr.isTTY ? (l: string) => process.stderr.write(`${l}\n`) : () => {}));
  const db = await DuckDBSession.create();
  let out: OutputFolder | undefined;
  const reportStage = spec.stages.find((s) => s.type === 'report');
  const reportOptions = reportStage?.options as { identifiers?: boolean; png?: boolean } | undefined;
  const prerender = figurePrerenderer(reportOptions, options.prerenderAfterSeconds ?? PRERENDER_AFTER_SECONDS);
  try {
    const plan = await planPipeline(spec, db);
    // since the process started: start-up, module loading and planning
    if (process.env.ALLIANCE_RESOURCES) reportStageResources(PHASES.startUp, performance.now() / 1000, { user: 0, system: 0 });
    // input files are hashed (for run.lock.json) while the stages run: the hash is computed on the
    // main thread between DuckDB's reads instead of after the last stage
    const inputs = new Map<string, { given: string; sha256: Promise<string> }>();
    // the pipeline file is an input too: an output folder holding it would be replaced with it
    assertNotInput(resolve(options.outDir), [spec.specFile]);
    out = new OutputFolder(options.outDir);
    const ledger = new Ledger();
    const results: Record<string, unknown> = {};
    const outputs = new Map<string, StageOutput>();
    const stages: StageRecord[] = [];
    let locked = false;
    const identifiers = Boolean(reportOptions?.identifiers);
    // A stage's files (per-patient lists as CSV) go into the output folder when it ends, and their
    // text is let go: held to the end, the 100,000-patient demo's 60 MB of CSV text stayed in
    // memory through the later stages and the report's render. Two stages (or a stage and the
    // run) writing one file would silently keep only the last; the plan already refuses the clashes
    // of files named in the spec (PlanContext.writes), this check the rest.
    const writtenBy = runFiles();
    const writeStageFiles = (folder: OutputFolder, id: string, output: StageOutput) => {
      for (const [rel, content] of Object.entries(output.files ?? {})) {
        const other = writtenBy.get(rel);
        if (other) {
          const at = spec.stages.find((x) => x.id === id)!.index;
          throw new SpecError(outputFileClash(id, rel, other), `stages[${at}]`);
        }
        writtenBy.set(rel, id);
        folder.write(rel, content);
      }
      output.files = undefined;
    };
    const pseudonyms = runPseudonyms(db, spec.seed, identifiers, () =>
      stages.filter((s) => INPUT_STAGES.has(s.type) && s.output.table).map((s) => s.output.table!),
    );
    for (const stage of spec.stages) {
      const def = stageRegistry.get(stage.type)!;
      if (!locked && !INPUT_STAGES.has(stage.type)) {
        await timedPhase(PHASES.compressAndLock, () => db.lock());
        locked = true;
      }
      const specPath = `stages[${stage.index}]`;
      progress(`▸ ${stage.id} (${stage.type})`);
      const before = ledger.entries.length;
      const ts = performance.now();
      const cpu0 = process.cpuUsage();
      const ctx: RunContext = {
        stageId: stage.id,
        specPath,
        specDir: spec.specDir,
        db,
        ledger,
        seed: spec.seed,
        identifiers,
        pseudonyms,
        table: (ref) => {
          const shape = plan.shapes.get(ref);
          if (!shape) throw new SpecError(`no table '${ref}'`, specPath);
          return shape;
        },
        result: (ref) => results[ref],
        instrument: (key) => plan.instruments.get(key)!,
        progress: (m) => progress(`  ${stage.id}: ${m}`),
        input: (p, optionPath) => {
          const abs = resolveInput(spec.specDir, p, { specPath: `${specPath}.${optionPath}` });
          // refuse before any work is done: the output folder may not replace or hold an input
          assertNotInput(resolve(options.outDir), [abs]);
          if (!inputs.has(abs)) {
            const sha256 = sha256File(abs);
            sha256.catch(() => {}); // a run that fails before awaiting it must not report a stray rejection
            inputs.set(abs, { given: p, sha256 });
          }
          return abs;
        },
      };
      let output: StageOutput;
      try {
        output = await def.run(stage.options as never, ctx);
      } catch (e) {
        throw await locateError(e, spec, specPath, plan.shapes);
      }
      const seconds = (performance.now() - ts) / 1000;
      if (process.env.ALLIANCE_RESOURCES) reportStageResources(stage.id, seconds, cpu0);
      outputs.set(stage.id, output);
      prerender.stageDone(output, seconds);
      writeStageFiles(out, stage.id, output);
      if (COMPRESSED_AFTER.has(stage.type)) await timedPhase(PHASES.compress, () => db.compress());
      // the tables and columns no later stage reads: kept by readColumns until now, let go
      for (const [ref, last] of plan.lastReader) {
        if (last.stage === stage.id) db.forgetColumns(tableName(ref));
        else db.forgetColumns(tableName(ref), [...last.columns].filter(([, s]) => s === stage.id).map(([c]) => c));
      }
      // what the stage let go, collected before the next stage adds its own (see collectLetGoArrays)
      collectLetGoArrays(db.keptBytes());
      if (output.result !== undefined) results[stage.id] = output.result;
      stages.push({ id: stage.id, type: stage.type, seconds, output });
      if (options.strict) {
        const excluded = ledger.exclusions(before);
        if (excluded.length) {
          const e = excluded[0];
          throw new StrictError(`--strict: ${stageWhere(specPath, stage.id, stage.type)} ${e.action} ${e.count} ${e.unit} (${e.reason}): ${e.detail}. Fix the data, or run without --strict to have such changes counted in the ledger.`);
        }
      }
      progress(`  done in ${seconds.toFixed(2)} s`);
    }
    // The stages are done and nothing after them reads the database: closing it now hands its
    // tables and caches back before the report is rendered, where the run's peak memory was
    // (100,000-patient demo: 835 → 663 MB in the render phase, whole-run peak 855 → 768 MB).
    db.close();
    const inputRecords = await Promise.all(
      [...inputs].map(async ([abs, { given, sha256 }]) => ({ path: given, resolved: relative(spec.specDir, abs), sha256: await sha256, bytes: statSync(abs).size })),
    );
    const versions = packageVersions();
    const timings = stages.map((s) => ({ stage: s.id, seconds: roundLikeR(s.seconds, 4) }));
    const lock = {
      alliance: versions.alliance,
      node: process.version,
      pipeline: { name: spec.name, file: relative(process.cwd(), spec.specFile), sha256: spec.sha256 },
      params: spec.params,
      seed: spec.seed,
      inputs: inputRecords.map(({ path, sha256, bytes }) => ({ path, sha256, bytes })),
      packages: versions,
      stages: stages.map((s) => ({ id: s.id, type: s.type, seconds: roundLikeR(s.seconds, 4) })),
      strict: Boolean(options.strict),
    };
    out.write('results.json', toJson({ pipeline: spec.name, params: spec.params, seed: spec.seed, stages: results, ledger: ledger.entries }));
    out.write('run.lock.json', JSON.stringify(lock, null, 2) + '\n');
    const folder = out; // for the closures below (`out` stays assignable for the catch)
    if (reportStage) {
      progress('▸ rendering report');
      await timedPhase(PHASES.render, () => buildReport({ spec, reportOptions: reportStage.options as never, stages, ledger, inputs: inputRecords, versions, timings, out: folder, figures: prerender.renderer(), warn: (m) => options.quiet || process.stderr.write(`warning: ${m}\n`) }));
    }
    await timedPhase(PHASES.write, async () => folder.commit());
    const seconds = (performance.now() - t0) / 1000;
    progress(`✓ ${spec.name}: ${stages.length} stages in ${seconds.toFixed(2)} s → ${options.outDir}`);
    return { outDir: options.outDir, results, ledger, stages, seconds };
  } catch (e) {
    out?.discard();
    throw e;
  } finally {
    await prerender.close();
    db.close();
  }
}

/**
 * Stage time after which the report's figures are rendered while the later stages run, on one
 * worker thread (Vega layout and PNG rasterising then use a core the stages leave idle, and the
 * render phase at the end shrinks to the figures made last): from the first stage with figures.
 * It was 2 s, so that a short run rendered its figures at the end on this thread, but the worker
 * is the better choice at every size measured (demo pipeline, alternating runs): shipped sample,
 * peak RSS 500–523 → 412–414 MB and wall 2.82–3.31 → 2.71–3.12 s (3 pairs); 10,000 patients, render
 * phase 2.44–2.93 → 1.84–2.24 s and peak RSS 541–709 → 548–613 MB (4 pairs); 100,000 patients the
 * same within the machine's noise (6 pairs). On this thread, Vega is loaded beside the stages'
 * memory and up to four PNGs are rasterized at once on libuv's pool; the worker rasterizes one at
 * a time, two once the stages end. Output bytes are the same either way.
 */
const PRERENDER_AFTER_SECONDS = 0;

function figurePrerenderer(report: { png?: boolean } | undefined, after: number): { stageDone(output: StageOutput, seconds: number): void; renderer(): FigureRenderer | undefined; close(): Promise<void> } {
  let renderer: FigureRenderer | undefined;
  let elapsed = 0;
  const waiting: StageOutput[] = [];
  return {
    stageDone(output, seconds) {
      if (!report) return;
      elapsed += seconds;
      waiting.push(output);
      if (!renderer && elapsed < after) return;
      renderer ??= createFigureRenderer({ threads: 1, png: (report.png ?? true) ? {} : null });
      for (const o of waiting.splice(0)) {
        for (const section of o.sections ?? []) {
          for (const block of section.blocks) {
            if (block.kind !== 'figure') continue;
            const f = reportFigureSpec(block);
            // a failure is reported when the report asks for this figure; until then it is not unhandled
            renderer.render(f.vlJson, f.spec).catch(() => {});
          }
        }
      }
    },
    renderer: () => renderer,
    close: async () => {
      await renderer?.close();
    },
  };
}

/**
 * Stage types whose tables hold data row for row with the session data (score's scores: the
 * 1.3 M-row benchmark file's five score columns, 52 MB stored as they are), compressed when the
 * stage ends as ingest's are when the inputs end. Later stages keep a few columns per patient,
 * left uncompressed. 100,000-patient demo, eight runs of each alternately: peak RSS 793–879 →
 * 732–776 MB, for a checkpoint of 0.09–0.11 s (whole runs the same within the machine's noise).
 */
const COMPRESSED_AFTER = new Set(['score']);

/** Runs one phase of the run (between or after the stages), with its resource line for `alliance bench`. */
async function timedPhase<T>(label: string, phase: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const result = await phase();
  if (process.env.ALLIANCE_RESOURCES) reportStageResources(label, (performance.now() - t0) / 1000, cpu0);
  return result;
}

/**
 * A stage's error with the stage it came from: a kernel's StatInputError, and a DataError that names
 * no file, row or column (a finding about the data the stage was given, e.g. sudden's crit1 SD of 0),
 * are prefixed with the spec path and the stage's id and type; a SpecError without a path gets the stage's.
 * A DataError naming rows of a delimited text file a table was read from (its shape's `textFile`)
 * names them by line (placeLines).
 */
async function locateError(e: unknown, spec: PipelineSpec, specPath: string, shapes: ReadonlyMap<string, TableShape>): Promise<unknown> {
  if (e instanceof DataError && e.row !== undefined && e.file !== undefined) {
    const text = [...shapes.values()].find((s) => s.file === e.file && s.textFile)?.textFile;
    if (text) return placeLines(rowsInText(e, text));
  }
  const stage = spec.stages.find((s) => `stages[${s.index}]` === specPath);
  const where = stage ? stageWhere(specPath, stage.id, stage.type) : specPath;
  if (e instanceof StatInputError) return new DataError(`${where}: ${e.message}`);
  // a stage's finding about the data it was given (no file, row or column to name): which stage
  if (e instanceof DataError && e.file === undefined && e.row === undefined && e.column === undefined && !e.message.startsWith('stages[')) return new DataError(`${where}: ${e.message}`);
  if (e instanceof DataError) return placeLines(e);
  if (e instanceof SpecError && !e.specPath) return new SpecError(e.message, specPath, spec.specFile);
  return e;
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
