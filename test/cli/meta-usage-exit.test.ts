// `alliance meta` with a combination of flags the three-level model refuses: README "Exit codes"
// promises 2 for wrong command-line usage (as correlate's `--bootstrap` with `--covariates`), before
// the file is read. Before the fix these were data errors (exit 1) raised after loading the file, so
// a missing file hid them. Real CLI processes.
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempProject } from '../helpers/temp-project.ts';

const project = tempProject();
afterAll(() => project.dispose());
project.write('s.csv', 'yi,vi,site\n0.1,0.01,a\n0.2,0.02,a\n0.3,0.01,b\n0.1,0.03,c\n');

function expectUsage(args: string[], message: string) {
  const r = cli(args, project.dir);
  expect(r.status, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.split('\n')[0]).toBe(`error: ${message}`);
}

describe('alliance meta: refused flag combinations are usage errors (exit 2)', () => {
  it('--three-level with --test knha', () =>
    expectUsage(['meta', 's.csv', '--yi', 'yi', '--vi', 'vi', '--three-level', 'site', '--test', 'knha'], "--test: the three-level model supports test 'z' or 't'"));

  it('--three-level with --method DL', () =>
    expectUsage(['meta', 's.csv', '--yi', 'yi', '--vi', 'vi', '--three-level', 'site', '--method', 'DL'], '--method: the three-level model is fitted by REML or ML, not DL'));

  it('found before the file is read: a missing file does not hide it', () =>
    expectUsage(['meta', 'absent.csv', '--yi', 'yi', '--vi', 'vi', '--three-level', 'site', '--test', 'knha'], "--test: the three-level model supports test 'z' or 't'"));

  it('--three-level with --test t runs (the check is not a blanket refusal)', () => {
    const r = cli(['meta', 's.csv', '--yi', 'yi', '--vi', 'vi', '--three-level', 'site', '--test', 't', '--json'], project.dir);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).k).toBe(4);
  });
});
