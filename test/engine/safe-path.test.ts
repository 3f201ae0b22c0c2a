import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, linkSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assertNotInput, PathError, resolveInput, resolveInside } from '../../src/engine/safe-path.ts';

// Layout built for every test run:
//   base/out/                 output root (real folder)
//   base/out/figs/            existing subfolder
//   base/out/inner -> figs    symlink staying inside
//   base/out/escape -> base/secret      symlink to a folder outside
//   base/out/leak.csv -> base/secret/x.csv   symlink to a file outside
//   base/out/dangling -> base/secret/none.csv (does not exist)
//   base/out/loop -> loop
//   base/secret/x.csv
//   base/spec/pipeline.yaml, base/spec/data/sessions.csv
//   base/linkroot -> out      output root given through a symlink
let base: string;
let out: string;
let secret: string;
let specDir: string;

function expectPathError(fn: () => unknown, pattern: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(PathError);
  expect((caught as Error).message).toMatch(pattern);
}

beforeAll(() => {
  base = realpathSync(mkdtempSync(path.join(tmpdir(), 'alliance-safe-path-')));
  out = path.join(base, 'out');
  secret = path.join(base, 'secret');
  specDir = path.join(base, 'spec');
  mkdirSync(path.join(out, 'figs'), { recursive: true });
  mkdirSync(secret);
  mkdirSync(path.join(specDir, 'data'), { recursive: true });
  writeFileSync(path.join(secret, 'x.csv'), 'secret');
  writeFileSync(path.join(specDir, 'pipeline.yaml'), 'stages: []');
  writeFileSync(path.join(specDir, 'data', 'sessions.csv'), 'id,session\n');
  symlinkSync('figs', path.join(out, 'inner'));
  symlinkSync(secret, path.join(out, 'escape'));
  symlinkSync(path.join(secret, 'x.csv'), path.join(out, 'leak.csv'));
  symlinkSync(path.join(secret, 'none.csv'), path.join(out, 'dangling'));
  symlinkSync('loop', path.join(out, 'loop'));
  symlinkSync(out, path.join(base, 'linkroot'));
});

afterAll(() => {
  rmSync(base, { recursive: true, force: true });
});

describe('resolveInside', () => {
  it('resolves ordinary relative paths, existing or not', () => {
    expect(resolveInside(out, 'report.html')).toBe(path.join(out, 'report.html'));
    expect(resolveInside(out, 'figs/a.svg')).toBe(path.join(out, 'figs', 'a.svg'));
    expect(resolveInside(out, './new/deeper/b.csv')).toBe(path.join(out, 'new', 'deeper', 'b.csv'));
    expect(resolveInside(out, 'figs\\win.svg')).toBe(path.join(out, 'figs', 'win.svg'));
    expect(resolveInside(out, 'figs//c.svg')).toBe(path.join(out, 'figs', 'c.svg'));
  });

  it('allows symlinks that stay inside the root, and a root that is itself a symlink', () => {
    expect(resolveInside(out, 'inner/a.svg')).toBe(path.join(out, 'inner', 'a.svg'));
    const viaLink = path.join(base, 'linkroot');
    expect(resolveInside(viaLink, 'figs/a.svg')).toBe(path.join(viaLink, 'figs', 'a.svg'));
  });

  it('accepts a root that does not exist yet', () => {
    const fresh = path.join(base, 'not-yet', 'out');
    expect(resolveInside(fresh, 'r.html')).toBe(path.join(fresh, 'r.html'));
  });

  it('rejects absolute paths in POSIX and Windows forms', () => {
    expectPathError(() => resolveInside(out, '/etc/passwd'), /is absolute/);
    expectPathError(() => resolveInside(out, 'C:\\Windows\\x'), /is absolute/);
    expectPathError(() => resolveInside(out, 'C:relative'), /is absolute/);
    expectPathError(() => resolveInside(out, '\\\\server\\share\\x'), /is absolute/);
    expectPathError(() => resolveInside(out, '\\rooted'), /is absolute/);
    expectPathError(() => resolveInside(out, 'report.html:hidden'), /contains ':'/);
  });

  it('rejects .. segments, escaping or not', () => {
    expectPathError(() => resolveInside(out, '../secret/x.csv'), /'\.\.' segment/);
    expectPathError(() => resolveInside(out, 'figs/../../x'), /'\.\.' segment/);
    expectPathError(() => resolveInside(out, 'figs\\..\\..\\x'), /'\.\.' segment/);
    expectPathError(() => resolveInside(out, 'figs/../a.svg'), /'\.\.' segment/);
    expectPathError(() => resolveInside(out, '.../x'), /'\.\.' segment/); // Windows reads '...' as '..'
    expectPathError(() => resolveInside(out, 'figs/.. /x'), /'\.\.' segment/);
    expect(resolveInside(out, '..a/b..')).toBe(path.join(out, '..a', 'b..'));
  });

  it('rejects NUL, control and bidi-override characters, empty paths and the root itself', () => {
    expectPathError(() => resolveInside(out, 'a\u0000.csv'), /NUL/);
    expectPathError(() => resolveInside(out, 'a\n.csv'), /control/);
    expectPathError(() => resolveInside(out, 'report\u202Elmth.csv'), /bidirectional/);
    expectPathError(() => resolveInside(out, ''), /empty/);
    expectPathError(() => resolveInside(out, '.'), /output folder itself/);
    expectPathError(() => resolveInside(out, './/'), /output folder itself/);
  });

  it('rejects symlink escapes: folder link, file link, dangling link, link loop', () => {
    expectPathError(() => resolveInside(out, 'escape/new.csv'), new RegExp(`resolves to ${escapeRe(path.join(secret, 'new.csv'))}`));
    expectPathError(() => resolveInside(out, 'escape'), /symbolic link/);
    expectPathError(() => resolveInside(out, 'leak.csv'), /symbolic link/);
    expectPathError(() => resolveInside(out, 'dangling'), /broken or looping symbolic link/);
    expectPathError(() => resolveInside(out, 'loop/x'), /broken or looping symbolic link/);
  });

  it('names the spec path in errors when given', () => {
    expectPathError(() => resolveInside(out, '/abs', { specPath: 'stages[3].output' }), /\(at stages\[3\]\.output\)/);
  });
});

describe('assertNotInput', () => {
  const input = () => path.join(specDir, 'data', 'sessions.csv');

  it('passes when output and inputs differ', () => {
    expect(() => assertNotInput(path.join(out, 'scores.csv'), [input()])).not.toThrow();
    expect(() => assertNotInput(out, [input()])).not.toThrow();
  });

  it('rejects the same file, reached directly, through ./.. or through a symlink', () => {
    expectPathError(() => assertNotInput(input(), [input()]), /would overwrite the input file/);
    expectPathError(() => assertNotInput(path.join(specDir, 'data', '..', 'data', 'sessions.csv'), [input()]), /would overwrite/);
    expectPathError(() => assertNotInput(path.join(out, 'leak.csv'), [path.join(secret, 'x.csv')]), /would overwrite/);
  });

  it('rejects a hard link to an input', () => {
    const hard = path.join(out, 'hard.csv');
    linkSync(input(), hard);
    try {
      expectPathError(() => assertNotInput(hard, [input()]), /would overwrite/);
    } finally {
      rmSync(hard);
    }
  });

  it('rejects an output folder that contains an input', () => {
    expectPathError(() => assertNotInput(specDir, [input()], { specPath: 'output' }), /output folder ".*" \(at output\) contains the input file ".*sessions\.csv"/);
  });
});

describe('resolveInput', () => {
  it('resolves relative to the spec folder and accepts absolute paths', () => {
    expect(resolveInput(specDir, 'data/sessions.csv')).toBe(path.join(specDir, 'data', 'sessions.csv'));
    expect(resolveInput(path.join(specDir, 'data'), '../pipeline.yaml')).toBe(path.join(specDir, 'pipeline.yaml'));
    expect(resolveInput('/', path.join(secret, 'x.csv'))).toBe(path.join(secret, 'x.csv'));
    expect(resolveInput(specDir, path.join(out, 'leak.csv'))).toBe(path.join(out, 'leak.csv'));
  });

  it('says where it looked when the file is missing, and names the spec path', () => {
    expectPathError(
      () => resolveInput(specDir, 'data/missing.csv', { specPath: 'inputs.sessions' }),
      new RegExp(`"data/missing.csv" \\(at inputs.sessions\\) was not found: looked for ${escapeRe(path.join(specDir, 'data', 'missing.csv'))}`),
    );
    expectPathError(() => resolveInput(specDir, '~/data.csv'), /'~' is not expanded/);
  });

  // `--param data=export.csv` typed next to the file is read from the pipeline's folder; the README
  // quick start invites exactly that, so the message names the path that works from there.
  // The spec folder is made deeper than the current folder: otherwise the `..` steps of the
  // cwd-relative path stop at `/` from the spec folder and reach the same file (so the result
  // depended on where the checkout lives; CI clones deeper than a developer's).
  it('when the path names a file from the current folder instead, says how to write it from the spec folder', () => {
    const target = path.join(secret, 'x.csv');
    const fromCwd = path.relative(process.cwd(), target);
    const depth = process.cwd().split(path.sep).filter(Boolean).length + 2;
    const deepSpec = path.join(specDir, ...Array.from({ length: depth }, () => 'd'));
    mkdirSync(deepSpec, { recursive: true });
    expect(existsSync(path.resolve(deepSpec, fromCwd))).toBe(false);
    const fromSpec = path.relative(deepSpec, target);
    expectPathError(
      () => resolveInput(deepSpec, fromCwd),
      new RegExp(`${escapeRe(JSON.stringify(fromCwd))} is a file in the current folder: from the pipeline's folder write ${escapeRe(JSON.stringify(fromSpec))}, or give an absolute path$`),
    );
    expect(fromSpec).toMatch(/^(\.\.\/)+secret\/x\.csv$/);
    expectPathError(() => resolveInput(specDir, 'data/missing.csv'), /\)$/);
  });

  it('rejects folders, devices, broken links, empty paths and NUL bytes', () => {
    expectPathError(() => resolveInput(specDir, 'data'), /is a folder/);
    expectPathError(() => resolveInput(specDir, '/dev/null'), /not a regular file/);
    expectPathError(() => resolveInput(specDir, path.join(out, 'dangling')), /was not found/);
    expectPathError(() => resolveInput(specDir, path.join(out, 'loop')), /symbolic link loop/);
    expectPathError(() => resolveInput(specDir, ''), /empty/);
    expectPathError(() => resolveInput(specDir, 'data/sessions.csv\u0000.txt'), /NUL/);
  });
});

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
