// `alliance validate` lists every problem at once, data problems found while planning included
// (README "Pipelines": validate "reports every problem at once with its spec path"; exit 1, one
// message, no stack trace). Before the fix a data file with a header but no rows stopped the plan:
// validate printed only that file's error and hid the unknown column of another stage.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, REPO, tempProject } from '../helpers/temp-project.ts';

const lines = readFileSync(join(REPO, 'data-samples/rom-small.csv'), 'utf8').split('\n');

let project: ReturnType<typeof tempProject> | undefined;
afterEach(() => project?.dispose());

describe('alliance validate', () => {
  it('reports a header-only data file and a spec problem of another stage together', () => {
    project = tempProject({
      'empty.csv': `${lines[0]}\n`,
      'good.csv': lines.slice(0, 40).join('\n') + '\n',
      'p.yaml': `name: t
stages:
  - { id: sessions, type: ingest, file: empty.csv }
  - { id: other, type: ingest, file: good.csv }
  - { id: c, type: correlate, from: other, pairs: [{ x: nope, y: wai_1 }] }
`,
    });
    const r = cli(['validate', 'p.yaml'], project.dir);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.match(/^error: /gm)?.length).toBe(1);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    // both columns of the one pair are located (pairs[0].x and pairs[0].y), besides the data file
    expect(r.stderr).toMatch(/^error: the pipeline has 3 problems:\n/);
    expect(r.stderr).toMatch(/^ {2}empty\.csv: the file has a header but no data rows \(read by stages\[0\], stage 'sessions'\)$/m);
    expect(r.stderr).toMatch(/^ {2}p\.yaml, line 5, column \d+: stages\[2\]\.pairs\[0\]\.x: column 'nope' is not in table 'other'/m);
    expect(r.stderr).toMatch(/^ {2}p\.yaml, line 5, column \d+: stages\[2\]\.pairs\[0\]\.y: column 'wai_1' is not in table 'other'\. Did you mean 'wai1'/m);
  });

  it('keeps the single message when the data file is the only problem', () => {
    project = tempProject({ 'empty.csv': `${lines[0]}\n`, 'p.yaml': 'name: t\nstages:\n  - { id: sessions, type: ingest, file: empty.csv }\n' });
    const r = cli(['validate', 'p.yaml'], project.dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('error: empty.csv: the file has a header but no data rows\n');
  });
});
