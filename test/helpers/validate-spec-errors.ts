import { join } from 'node:path';
import { SpecErrors } from '../../src/engine/errors.ts';
import { validatePipeline } from '../../src/engine/run-pipeline.ts';
import { parseSpecText } from '../../src/spec/load-spec.ts';
import { expect } from 'vitest';
import { cli } from './temp-project.ts';

/** Validates a spec given as text (as if saved at `<dir>/pipeline.yaml`) and returns its spec errors, [] when it is valid. */
export async function validateSpecErrors(dir: string, yaml: string): Promise<{ specPath: string; message: string }[]> {
  try {
    await validatePipeline(parseSpecText(yaml, join(dir, 'pipeline.yaml')));
  } catch (e) {
    if (e instanceof SpecErrors) return e.errors.map((x) => ({ specPath: x.specPath, message: x.message }));
    throw e;
  }
  return [];
}

/**
 * Runs `alliance validate FILE` in `dir`, which must fail as a spec problem does (exit 1, nothing
 * on stdout), and returns its stderr lines: the heading and one line per problem.
 */
export function validateFailureLines(file: string, dir: string): string[] {
  const r = cli(['validate', file], dir);
  expect(r.status, r.stderr).toBe(1);
  expect(r.stdout).toBe('');
  return r.stderr.trimEnd().split('\n');
}

/**
 * A spec refused and the same spec amended taken: `alliance validate` on `refused` (written to
 * `file` in the project) must list exactly one problem, whose line it returns ("  file, line L,
 * column C: stages[i].option: message"), and `accepted` must validate without a problem.
 */
export async function refusedOnce(project: { dir: string; write: (file: string, text: string) => unknown }, file: string, refused: string, accepted: string): Promise<string> {
  expect(await validateSpecErrors(project.dir, accepted)).toEqual([]);
  project.write(file, refused);
  const [heading, ...problems] = validateFailureLines(file, project.dir);
  expect(heading).toBe('error: the pipeline spec has 1 problem:');
  expect(problems).toHaveLength(1);
  return problems[0]!;
}
