// Issue 9: "outputs only inside the output folder (no `..`, no absolute paths, no symlink
// escapes); a spec cannot overwrite its own inputs." Each case runs `alliance run` through the
// CLI entry point (one process for all, see test/robustness/cli-batch.mjs); one case is also
// spawned on its own to check the real process exit status.
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, tempProject } from '../helpers/temp-project.ts';
import { csv, rows, runBatch, spec, withCell, type CliResult, type FailCase } from '../robustness/harness.ts';
import { expectCleanFailure } from '../robustness/assert-failure.ts';

const DATA = csv(rows());
const S = spec();
const OLD_REPORT = 'an earlier report\n';

const cases: (FailCase & { check?: (dir: string) => void })[] = [
  {
    name: '--out is a symbolic link to another folder',
    files: { 'pipeline.yaml': S, 'data.csv': DATA },
    setup: (dir) => {
      mkdirSync(join(dir, 'elsewhere'));
      symlinkSync(join(dir, 'elsewhere'), join(dir, 'out'));
    },
    mentions: [/symbolic link; refusing to write through it/],
    check: (dir) => expect(readdirSync(join(dir, 'elsewhere'))).toEqual([]),
  },
  {
    name: '--out is a dangling symbolic link',
    files: { 'pipeline.yaml': S, 'data.csv': DATA },
    setup: (dir) => symlinkSync(join(dir, 'nowhere'), join(dir, 'out')),
    mentions: [/symbolic link/],
    check: (dir) => expect(existsSync(join(dir, 'nowhere'))).toBe(false),
  },
  {
    name: 'spec input inside the default output folder reports/<name>/',
    files: { 'pipeline.yaml': S.replace('name: robust', 'name: victim').replace('file: data.csv', 'file: reports/victim/data.csv'), 'reports/victim/data.csv': DATA },
    args: ['run', 'pipeline.yaml', '--quiet'],
    mentions: [/output folder ".*reports\/victim" contains the input file/],
    check: (dir) => expect(readFileSync(join(dir, 'reports/victim/data.csv'), 'utf8')).toBe(DATA),
  },
  {
    name: 'spec input is a symbolic link into the output folder',
    files: { 'pipeline.yaml': S.replace('file: data.csv', 'file: link.csv'), 'out/data.csv': DATA },
    setup: (dir) => symlinkSync(join(dir, 'out/data.csv'), join(dir, 'link.csv')),
    mentions: [/contains the input file/],
    check: (dir) => expect(readFileSync(join(dir, 'out/data.csv'), 'utf8')).toBe(DATA),
  },
  {
    name: 'spec input is a hard link to a file that --out names',
    files: { 'pipeline.yaml': S.replace('file: data.csv', 'file: sub/data.csv'), 'sub/data.csv': DATA },
    setup: (dir) => linkSync(join(dir, 'sub/data.csv'), join(dir, 'same.csv')),
    args: ['run', 'pipeline.yaml', '--out', 'same.csv', '--quiet'],
    mentions: [/would overwrite the input file/],
    check: (dir) => expect(readFileSync(join(dir, 'same.csv'), 'utf8')).toBe(DATA),
  },
  {
    name: 'a failed run keeps the earlier report in place',
    files: { 'pipeline.yaml': S, 'data.csv': csv(withCell(2, 'wai1', '9')), 'out/index.html': OLD_REPORT },
    mentions: ['data.csv', 'row 3', "column 'wai1'"],
    setup: () => {},
    check: (dir) => {
      expect(readdirSync(join(dir, 'out'))).toEqual(['index.html']);
      expect(readFileSync(join(dir, 'out/index.html'), 'utf8')).toBe(OLD_REPORT);
    },
  },
];

const project = tempProject();
let results: Map<string, CliResult>;
beforeAll(() => {
  results = runBatch(project.dir, cases);
});
afterAll(() => project.dispose());

describe('outputs stay inside the output folder and never replace inputs', () => {
  for (const c of cases) {
    it(c.name, () => {
      const r = results.get(c.name);
      expectCleanFailure(r, c);
      c.check?.(r!.dir);
    });
  }

  it('exits with status 1 from a real process (symlinked --out)', () => {
    const p = tempProject({ 'pipeline.yaml': S, 'data.csv': DATA });
    try {
      mkdirSync(p.path('elsewhere'));
      symlinkSync(p.path('elsewhere'), p.path('out'));
      const r = cli(['run', p.path('pipeline.yaml'), '--out', p.path('out'), '--quiet']);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/^error: output folder .*out is a symbolic link/);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
      expect(readdirSync(p.path('elsewhere'))).toEqual([]);
      expect(readdirSync(p.dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
    } finally {
      p.dispose();
    }
  });
});
