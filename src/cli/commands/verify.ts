import type { Argv } from 'yargs';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { DataError } from '../../engine/errors.ts';
import { noReportFolder, UsageError } from '../errors-to-exit.ts';
import { numberOption, parseDecimal } from '../parse-params.ts';

interface Lock {
  pipeline: { name: string; file: string; sha256: string };
  params: Record<string, string | number | boolean>;
  inputs: { path: string; sha256: string; bytes: number }[];
  strict?: boolean;
}

export function verifyCommand(y: Argv): Argv {
  return y.command(
    'verify <dir>',
    "Re-run the pipeline recorded in a report's run.lock.json on the same inputs and check, number by number, that results.json is reproduced",
    (a) =>
      a
        .positional('dir', { type: 'string', demandOption: true, describe: 'Report folder (with run.lock.json and results.json)' })
        .option('tolerance', numberOption('Relative tolerance for numbers that are not bit-identical', 1e-9))
        .option('json', { type: 'boolean', default: false }),
    async (argv) => {
      const { loadSpec } = await import('../../spec/load-spec.ts');
      const { runPipeline } = await import('../../engine/run-pipeline.ts');
      const { compareResults } = await import('../../engine/compare-results.ts');
      const dir = argv.dir as string;
      // plain decimals only: yargs's number type read --tolerance 0x1 as 1 (parseDecimal)
      const tolerance = parseDecimal(argv.tolerance, '--tolerance');
      if (!(tolerance >= 0)) throw new UsageError('--tolerance must be a number ≥ 0, e.g. 1e-9 (0: every number bit-identical)');
      const lockPath = join(dir, 'run.lock.json');
      if (!existsSync(dir)) throw noReportFolder(dir);
      if (!existsSync(lockPath)) throw new UsageError(`${dir} has no run.lock.json: is it a report folder written by 'alliance run'?`);
      const lock = readLock(lockPath);
      const resultsPath = join(dir, 'results.json');
      const expected = readJson(resultsPath) as { stages?: unknown };
      if (typeof expected !== 'object' || expected === null || !('stages' in expected)) throw new DataError('not a results.json written by alliance run (no "stages")', resultsPath);
      const specFile = resolve(lock.pipeline.file);
      if (!existsSync(specFile)) throw new DataError(`the pipeline file recorded in run.lock.json was not found (run verify from the folder the report was made in)`, lock.pipeline.file);
      const specHash = sha256(readFileSync(specFile));
      if (specHash !== lock.pipeline.sha256) throw new DataError(`the pipeline file has changed since the report was made (sha256 ${specHash.slice(0, 12)}… ≠ ${lock.pipeline.sha256.slice(0, 12)}…)`, lock.pipeline.file);
      const overrides = Object.fromEntries(Object.entries(lock.params).map(([k, v]) => [k, String(v)]));
      for (const input of lock.inputs) {
        const abs = resolve(dirname(specFile), input.path);
        if (!existsSync(abs)) throw new DataError('input recorded in run.lock.json was not found', input.path);
        const h = sha256(readFileSync(abs));
        if (h !== input.sha256) throw new DataError(`input differs from the one the report was made from (sha256 ${h.slice(0, 12)}… ≠ ${input.sha256.slice(0, 12)}…)`, input.path);
      }
      const spec = loadSpec(specFile, overrides);
      const tmp = mkdtempSync(join(tmpdir(), 'alliance-verify-'));
      try {
        const outcome = await runPipeline(spec, { outDir: join(tmp, 'out'), quiet: true, strict: lock.strict });
        const actual = JSON.parse(readFileSync(join(tmp, 'out', 'results.json'), 'utf8')) as { stages: unknown };
        void outcome;
        const cmp = compareResults(expected.stages, actual.stages, tolerance);
        const ok = cmp.differences.length === 0;
        if (argv.json) process.stdout.write(JSON.stringify({ reproduced: ok, tolerance, ...cmp }, null, 2) + '\n');
        else {
          process.stdout.write(`${lock.inputs.length} input(s) and the pipeline file match their recorded SHA-256 hashes.\n`);
          process.stdout.write(`${cmp.numbers} numbers compared: ${cmp.identical} identical, ${cmp.withinTolerance} within relative tolerance ${tolerance}, ${cmp.differences.length} different.\n`);
          for (const d of cmp.differences.slice(0, 50)) process.stdout.write(`  ${d.path}: report ${JSON.stringify(d.expected)}, re-run ${JSON.stringify(d.actual)}\n`);
          process.stdout.write(ok ? 'Reproduced.\n' : 'NOT reproduced.\n');
        }
        if (!ok) process.exitCode = 1;
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    },
  );
}

/** A JSON file of the report folder; a missing or unreadable file or malformed JSON is a DataError naming it. */
function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DataError(code === 'ENOENT' ? 'file not found (alliance run writes run.lock.json and results.json together; verify needs both)' : `cannot be read (${code ?? (e as Error).message})`, file);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new DataError(`not valid JSON (${(e as Error).message})`, file);
  }
}

/** run.lock.json, checked for the fields verify reads. */
function readLock(file: string): Lock {
  const lock = readJson(file) as Partial<Lock> | null;
  const ok =
    typeof lock === 'object' &&
    lock !== null &&
    typeof lock.pipeline?.file === 'string' &&
    typeof lock.pipeline.sha256 === 'string' &&
    typeof lock.params === 'object' &&
    lock.params !== null &&
    Array.isArray(lock.inputs) &&
    lock.inputs.every((x) => typeof x?.path === 'string' && typeof x.sha256 === 'string');
  if (!ok) throw new DataError('not a lock file written by alliance run (it needs pipeline.file, pipeline.sha256, params and inputs[].path/sha256)', file);
  return lock as Lock;
}

function sha256(buf: Buffer): string {
  return createHash('sha256').update(buf).digest('hex');
}
