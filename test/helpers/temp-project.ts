import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseSpecText } from '../../src/spec/load-spec.ts';
import { runPipeline, type RunOutcome } from '../../src/engine/run-pipeline.ts';
import type { Static, TObject } from '@sinclair/typebox';
import type { RunContext, StageDefinition, StageOutput } from '../../src/stages/stage-definition.ts';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = join(REPO, 'src/cli/alliance.js');

/** A throw-away folder with files written into it; `dispose()` removes it. */
export function tempProject(files: Record<string, string | Buffer> = {}): { dir: string; path: (p: string) => string; write: (p: string, c: string | Buffer) => string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'alliance-test-'));
  const write = (p: string, c: string | Buffer) => {
    const full = join(dir, p);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, c);
    return full;
  };
  for (const [p, c] of Object.entries(files)) write(p, c);
  return { dir, path: (p) => join(dir, p), write, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Parses a spec given as text (as if saved at `<dir>/pipeline.yaml`) and runs it in-process. */
export async function runSpecText(dir: string, yaml: string, opts: { strict?: boolean; params?: Record<string, string> } = {}): Promise<RunOutcome> {
  const spec = parseSpecText(yaml, join(dir, 'pipeline.yaml'), opts.params ?? {});
  return runPipeline(spec, { outDir: join(dir, 'out'), quiet: true, strict: opts.strict });
}

/**
 * runSpecText with `stage.run` wrapped for this run: after each run of the stage, `seen` gets its
 * options, context and output, to read the stage's tables while the database is open. The
 * stage's own run is put back afterwards, whatever happens.
 */
export async function runSpecTextSeeing<S extends TObject>(
  dir: string,
  yaml: string,
  stage: StageDefinition<S>,
  seen: (o: Static<S>, ctx: RunContext, out: StageOutput) => unknown,
  opts: { strict?: boolean; params?: Record<string, string> } = {},
): Promise<RunOutcome> {
  const run = stage.run;
  stage.run = async (o, ctx) => {
    const out = await run(o, ctx);
    await seen(o, ctx, out);
    return out;
  };
  try {
    return await runSpecText(dir, yaml, opts);
  } finally {
    stage.run = run;
  }
}

/** Runs the real CLI in a child process. */
export function cli(args: string[], cwd = REPO): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
