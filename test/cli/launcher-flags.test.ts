// The launcher's `#!/usr/bin/env -S node --max-semi-space-size=4` line gives every run started as a
// program (`npx alliance`, as the README and .ci/run do) the V8 flag that lowered the
// 100,000-patient demo's peak RSS by about 45 MiB, and `alliance bench` reads that line so that it
// times runs with the same flags. A first line that env cannot split (no -S) or that bench cannot
// read would silently measure something other than what users run.
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { afterAll, expect, it } from 'vitest';
import { CLI, REPO, tempProject } from '../helpers/temp-project.ts';
import { readShebangFlags } from '../../src/cli/commands/bench.ts';

const project = tempProject();
afterAll(() => project.dispose());

it('reads the Node flags of a `#!/usr/bin/env [-S] node [flags]` line and refuses any other first line', () => {
  expect(readShebangFlags('#!/usr/bin/env -S node --max-semi-space-size=4 --stack-size=2000\nrest')).toEqual(['--max-semi-space-size=4', '--stack-size=2000']);
  expect(readShebangFlags('#!/usr/bin/env node\n// launcher')).toEqual([]);
  expect(readShebangFlags('#!/usr/bin/env -S node')).toEqual([]);
  expect(() => readShebangFlags('#!/bin/sh\nexec node "$0"')).toThrow(/first line/);
  expect(() => readShebangFlags('// no shebang\n')).toThrow(/first line/);
});

it('the launcher, run as a program, starts Node with the flags bench reads from it', () => {
  const flags = readShebangFlags(readFileSync(CLI, 'utf8'));
  expect(flags).toContain('--max-semi-space-size=4');
  // a module preloaded through NODE_OPTIONS writes the flags Node was started with
  const seen = project.path('exec-argv.json');
  const probe = project.write('probe.mjs', `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(seen)}, JSON.stringify(process.execArgv));\n`);
  const r = spawnSync(CLI, ['--version'], { encoding: 'utf8', cwd: REPO, timeout: 60_000, env: { ...process.env, NODE_OPTIONS: `--import=${probe}` } });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(`${REPO}/package.json`, 'utf8')).version);
  expect(JSON.parse(readFileSync(seen, 'utf8'))).toEqual(flags);
});
