import { existsSync, readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { cli, type tempProject } from './temp-project.ts';

type Project = ReturnType<typeof tempProject>;

/** Runs `alliance run <name>.yaml` in the project (real CLI), expects success and returns results.json's stages. */
export function runStages(project: Project, name: string): Record<string, any> {
  const out = project.path(`out-${name}`);
  const r = cli(['run', `${name}.yaml`, '--out', out, '--quiet'], project.dir);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(readFileSync(`${out}/results.json`, 'utf8')).stages;
}

/**
 * Runs `alliance run` (or `validate`) on `<name>.yaml` in the project and expects a user error:
 * exit 1, one `error:` message matching `message`, no stack trace, no output folder.
 */
export function expectRunFails(project: Project, name: string, message: RegExp, command: 'run' | 'validate' = 'run'): void {
  const out = project.path(`out-${name}`);
  const r = cli(command === 'run' ? ['run', `${name}.yaml`, '--out', out] : ['validate', `${name}.yaml`], project.dir);
  expect(r.status, r.stderr).toBe(1);
  expect(r.stderr.match(/^error: /gm)?.length).toBe(1);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  expect(existsSync(out)).toBe(false);
}
