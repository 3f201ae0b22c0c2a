// `alliance bench --pipeline X` always ran X with --param data=<simulated CSV> and then read
// out/index.html: a pipeline without a `data` parameter failed after the simulation with "unknown
// parameter 'data'", and one without a report stage ended in an uncaught ENOENT (internal error).
// Reference: the README promise that every user error is one clear message naming the file, exit 1,
// no stack trace and no partial output; bench now checks the pipeline first and says "no report".
import { existsSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { cli, tempProject } from '../helpers/temp-project.ts';

const project = tempProject({
  'nodata.yaml': 'name: nodata\nparams:\n  input: { default: x.csv }\nstages:\n  - { id: s, type: ingest, file: "${input}" }\n',
  'noreport.yaml': 'name: noreport\nparams:\n  data: { default: x.csv }\nstages:\n  - { id: s, type: ingest, file: "${data}" }\n',
});
afterAll(() => project.dispose());

it('a pipeline without a data parameter is refused before anything is simulated', () => {
  const r = cli(['bench', '--sizes', '200', '--dir', 'bench-nodata', '--pipeline', 'nodata.yaml'], project.dir);
  expect(r.status).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toBe(
    "error: nodata.yaml: params: bench needs a pipeline that declares a 'data' parameter (it runs the pipeline with --param data=<simulated CSV>); this pipeline declares 'input'\n",
  );
  expect(existsSync(project.path('bench-nodata'))).toBe(false);
});

it('a pipeline without a report stage is timed and reported as having no report', () => {
  const r = cli(['bench', '--sizes', '200', '--dir', 'bench-noreport', '--pipeline', 'noreport.yaml'], project.dir);
  expect(r.stderr).not.toMatch(/internal error|ENOENT|\n\s+at /);
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/noreport\.yaml on 200 patients \([\d,]+ session rows\): .*, no report \(the pipeline has no report stage\)\n/);
  expect(r.stdout).not.toContain('index.html');
}, 180_000);
