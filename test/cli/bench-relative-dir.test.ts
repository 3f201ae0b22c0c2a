// `alliance bench --dir bench-rel` (a relative folder, as the README's commands table allows)
// simulated into ./bench-rel but passed that relative path as --param data, which a pipeline reads
// from its own folder: the run failed and bench ended in an internal error with a stack trace
// (exit 70). Reference: README promise of no stack trace for user input; bench must work from any
// folder with a relative --dir.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { REPO, cli, tempProject } from '../helpers/temp-project.ts';
import { PHASES } from '../../src/engine/stage-resources.ts';

const project = tempProject();
afterAll(() => project.dispose());

it('bench with a relative --dir times the pipeline on the file it simulated there', () => {
  const r = cli(['bench', '--sizes', '200', '--dir', 'bench-rel', '--pipeline', join(REPO, 'pipelines/demo.yaml')], project.dir);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('demo.yaml on 200 patients');
  expect(existsSync(project.path('bench-rel/rom-200.csv'))).toBe(true);
  expect(existsSync(project.path('bench-rel/out-200/run.lock.json'))).toBe(true);
  // the phases outside stages, each with the resource line run-pipeline wrote under the label bench reads
  for (const phase of Object.values(PHASES)) expect(r.stdout).toMatch(new RegExp(`^  ${phase.replace(/[()]/g, '\\$&')} +\\d+\\.\\d{3} +\\d+\\.\\d{3} +\\d+ +\\d+ +\\d+$`, 'm'));
  // each stage's minor page faults (in thousands) after its peak, and the whole run's in the headline
  expect(r.stdout).toMatch(/^  stage +type +wall s +CPU s +RSS MB +peak MB +faults k$/m);
  expect(r.stdout).toMatch(/^  sessions +ingest +\d+\.\d{3} +\d+\.\d{3} +\d+ +\d+ +\d+$/m);
  expect(r.stdout).toMatch(/peak RSS \d+ MB, \d+k minor page faults, index\.html/);
  expect(r.stdout).toMatch(/ingest \+ score: \d+\.\d{3} s wall, \d+\.\d{3} s CPU \(\+ compression: \d+\.\d{3} s wall/);
}, 180_000);

it('a pipeline that fails under bench gives its one-line error, not an internal error', () => {
  project.write('broken.yaml', 'name: broken\nparams:\n  data: { default: x.csv }\nstages:\n  - { id: s, type: ingest, file: "${data}" }\n  - { id: c, type: correlate, from: s, pairs: [{ x: nope, y: wai1 }] }\n');
  const r = cli(['bench', '--sizes', '50', '--dir', 'bench-rel', '--pipeline', 'broken.yaml'], project.dir);
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/^error: alliance run broken\.yaml --param data=.*rom-50\.csv .* failed: the pipeline spec has 1 problem:\n  broken\.yaml, line 6, column 53: stages\[1\]\.pairs\[0\]\.x: column .nope. is not in table .s.\.\n$/);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
}, 180_000);
