// Issue 9: "outputs only inside the output folder (no `..`, no absolute paths, no symlink
// escapes); a spec cannot overwrite its own inputs." Each case runs `alliance run` through the
// CLI entry point (one process for all, see test/robustness/cli-batch.mjs); one case is also
// spawned on its own to check the real process exit status.
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { cli, REPO, tempProject } from '../helpers/temp-project.ts';
import { csv, rows, runBatch, spec, withCell, type CliResult, type FailCase } from '../robustness/harness.ts';
import { expectCleanFailure } from '../robustness/assert-failure.ts';
import { OutputFolder } from '../../src/engine/output-folder.ts';

const DATA = csv(rows());
const S = spec();
const OLD_REPORT = 'an earlier report\n';
const OLD_LOCK = JSON.stringify({ alliance: '0.1.0', pipeline: { name: 'robust' } });
const THESIS = 'not written by alliance\n';

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
    // an earlier report folder (so it may be replaced) that now holds the input
    files: { 'pipeline.yaml': S.replace('name: robust', 'name: victim').replace('file: data.csv', 'file: reports/victim/data.csv'), 'reports/victim/data.csv': DATA, 'reports/victim/run.lock.json': OLD_LOCK },
    args: ['run', 'pipeline.yaml', '--quiet'],
    mentions: [/output folder ".*reports\/victim" contains the input file/],
    check: (dir) => expect(readFileSync(join(dir, 'reports/victim/data.csv'), 'utf8')).toBe(DATA),
  },
  {
    name: 'spec input is a symbolic link into the output folder',
    files: { 'pipeline.yaml': S.replace('file: data.csv', 'file: link.csv'), 'out/data.csv': DATA, 'out/run.lock.json': OLD_LOCK },
    setup: (dir) => symlinkSync(join(dir, 'out/data.csv'), join(dir, 'link.csv')),
    mentions: [/contains the input file/],
    check: (dir) => expect(readFileSync(join(dir, 'out/data.csv'), 'utf8')).toBe(DATA),
  },
  {
    name: 'spec input is a hard link to a file that --out names',
    files: { 'pipeline.yaml': S.replace('file: data.csv', 'file: sub/data.csv'), 'sub/data.csv': DATA },
    setup: (dir) => linkSync(join(dir, 'sub/data.csv'), join(dir, 'same.csv')),
    args: ['run', 'pipeline.yaml', '--out', 'same.csv', '--quiet'],
    mentions: [/output folder "same.csv" is an existing file/],
    check: (dir) => expect(readFileSync(join(dir, 'same.csv'), 'utf8')).toBe(DATA),
  },
  {
    name: 'a failed run keeps the earlier report in place',
    files: { 'pipeline.yaml': S, 'data.csv': csv(withCell(2, 'wai1', '9')), 'out/index.html': OLD_REPORT, 'out/run.lock.json': OLD_LOCK },
    mentions: ['data.csv', 'line 4', "column 'wai1'"],
    setup: () => {},
    check: (dir) => {
      expect(readdirSync(join(dir, 'out')).sort()).toEqual(['index.html', 'run.lock.json']);
      expect(readFileSync(join(dir, 'out/index.html'), 'utf8')).toBe(OLD_REPORT);
    },
  },
  // An audit found that `--out` replaced whatever it named: a folder of the user's own files, a file,
  // or the current folder with the pipeline in it. Only an empty folder or an earlier report may go.
  {
    name: '--out is a folder of files alliance did not write',
    files: { 'pipeline.yaml': S, 'data.csv': DATA, 'out/thesis.docx': THESIS, 'out/sub/notes.txt': THESIS },
    mentions: [/output folder ".*out" already exists and is not an alliance report/],
    setup: () => {}, // the folder exists before the run (and must afterwards)
    check: (dir) => {
      expect(readFileSync(join(dir, 'out/thesis.docx'), 'utf8')).toBe(THESIS);
      expect(readFileSync(join(dir, 'out/sub/notes.txt'), 'utf8')).toBe(THESIS);
    },
  },
  {
    name: '--out is a folder whose run.lock.json alliance did not write',
    files: { 'pipeline.yaml': S, 'data.csv': DATA, 'out/run.lock.json': '{"mine": true}', 'out/thesis.docx': THESIS },
    mentions: [/already exists and is not an alliance report/],
    setup: () => {},
    check: (dir) => expect(readFileSync(join(dir, 'out/thesis.docx'), 'utf8')).toBe(THESIS),
  },
  {
    name: '--out is an existing file',
    files: { 'pipeline.yaml': S, 'data.csv': DATA, 'notes.txt': THESIS },
    args: ['run', 'pipeline.yaml', '--out', 'notes.txt', '--quiet'],
    mentions: [/output folder "notes.txt" is an existing file/],
    check: (dir) => expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe(THESIS),
  },
  {
    name: '--out is the folder of the pipeline file',
    files: { 'pipeline.yaml': S.replace('file: data.csv', 'file: ../data.csv'), 'data.csv': DATA, 'study/analysis.R': THESIS },
    setup: (dir) => writeFileSync(join(dir, 'study/pipeline.yaml'), S.replace('file: data.csv', 'file: ../data.csv')),
    args: ['run', 'study/pipeline.yaml', '--out', 'study', '--quiet'],
    mentions: [/output folder ".*study" contains the input file ".*study\/pipeline.yaml"/],
    check: (dir) => expect(readFileSync(join(dir, 'study/analysis.R'), 'utf8')).toBe(THESIS),
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

  it('refuses --out . (the current folder), from a real process', () => {
    const p = tempProject({ 'pipeline.yaml': S, 'data.csv': DATA, 'work/analysis.R': THESIS });
    try {
      const r = cli(['run', p.path('pipeline.yaml'), '--out', '.', '--quiet'], p.path('work'));
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/^error: output folder "\." is the current folder or contains it/);
      expect(readdirSync(p.path('work'))).toEqual(['analysis.R']);
      expect(readdirSync(p.dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
    } finally {
      p.dispose();
    }
  });

  it('replaces an earlier report folder (a run.lock.json written by alliance)', () => {
    const p = tempProject({ 'pipeline.yaml': S, 'data.csv': DATA, 'out/run.lock.json': OLD_LOCK, 'out/stale.txt': OLD_REPORT });
    try {
      const r = cli(['run', p.path('pipeline.yaml'), '--out', p.path('out'), '--quiet']);
      expect(r.status, r.stderr).toBe(0);
      expect(existsSync(p.path('out/stale.txt'))).toBe(false);
      expect(JSON.parse(readFileSync(p.path('out/run.lock.json'), 'utf8')).pipeline.name).toBe('robust');
    } finally {
      p.dispose();
    }
  });

  // No handler runs in the process (it would wait for a busy main thread, and never runs on
  // SIGKILL); the janitor process started with the output folder removes it once the run is gone.
  for (const signal of ['SIGINT', 'SIGKILL'] as const) {
    it(`${signal} during a run: the process ends at once and the unfinished folder is removed (real process)`, async () => {
      const p = tempProject();
      try {
        const child = spawn(process.execPath, [join(REPO, 'src/cli/alliance.js'), 'run', join(REPO, 'pipelines/demo.yaml'), '--out', p.path('reports/out'), '--quiet'], { stdio: 'ignore' });
        const exited = new Promise<NodeJS.Signals | number | null>((done) => child.on('exit', (code, sig) => done(sig ?? code)));
        // wait until the temporary folder exists (the run has planned and started its stages)
        const tmpExists = () => existsSync(p.path('reports')) && readdirSync(p.path('reports')).some((f) => f.includes('.tmp-'));
        for (let i = 0; i < 1000 && !tmpExists(); i++) await new Promise((r) => setTimeout(r, 10));
        expect(tmpExists()).toBe(true);
        child.kill(signal);
        expect(await exited).toBe(signal);
        // the janitor removes the folder, and reports/, which the run created, within moments
        for (let i = 0; i < 500 && readdirSync(p.dir).length > 0; i++) await new Promise((r) => setTimeout(r, 10));
        expect(readdirSync(p.dir)).toEqual([]);
      } finally {
        p.dispose();
      }
    }, 60_000);
  }

  it('a run killed between moving the earlier report aside and renaming the new one in: the earlier report is put back', async () => {
    const p = tempProject();
    try {
      const folder = new OutputFolder(p.path('out'));
      // the state commit() leaves for an instant: the earlier report moved aside, the new one not yet in place
      mkdirSync(`${folder.tmp}.old`);
      writeFileSync(join(`${folder.tmp}.old`, 'index.html'), OLD_REPORT);
      folder.write('index.html', 'the unfinished new report\n');
      // the janitor's pipe closes as if this process had died
      (folder as unknown as { janitor: { stdin: { end(): void } } }).janitor.stdin.end();
      for (let i = 0; i < 500 && !existsSync(p.path('out')); i++) await new Promise((r) => setTimeout(r, 10));
      expect(readFileSync(p.path('out/index.html'), 'utf8')).toBe(OLD_REPORT);
      for (let i = 0; i < 500 && readdirSync(p.dir).length > 1; i++) await new Promise((r) => setTimeout(r, 10));
      expect(readdirSync(p.dir)).toEqual(['out']);
    } finally {
      p.dispose();
    }
  });

  it('exits with status 1 from a real process (symlinked --out)', () => {
    const p = tempProject({ 'pipeline.yaml': S, 'data.csv': DATA });
    try {
      mkdirSync(p.path('elsewhere'));
      symlinkSync(p.path('elsewhere'), p.path('out'));
      const r = cli(['run', p.path('pipeline.yaml'), '--out', p.path('out'), '--quiet']);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/^error: output folder ".*out" is a symbolic link/);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
      expect(readdirSync(p.path('elsewhere'))).toEqual([]);
      expect(readdirSync(p.dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
    } finally {
      p.dispose();
    }
  });
});
