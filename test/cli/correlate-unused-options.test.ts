// `alliance correlate` refuses, as a usage error (exit 2, one message, no output), a flag that the
// correlation asked for would never read, which was accepted and silently left out: --exact and
// --no-exact choose how Spearman's and Kendall's p values are computed, while Pearson's and a partial
// correlation's come from the t test (`--exact --method pearson` printed the same result as no
// flag). The stage refuses `exact` beside `method: pearson` likewise (src/stages/correlate.ts). And
// --seed is the bootstrap's: without --bootstrap it changed nothing.
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempProject } from '../helpers/temp-project.ts';

const project = tempProject({ 'd.csv': 'x,y,z\n1,2,1\n2,3,3\n3,5,2\n4,4,5\n5,7,4\n6,6,6\n' });
afterAll(() => project.dispose());
const base = ['correlate', project.path('d.csv'), '--x', 'x', '--y', 'y'];

function usageError(flags: string[], message: string): void {
  const r = cli([...base, ...flags]);
  expect(r.status, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toBe(`error: ${message}\nRun 'alliance correlate --help' for usage.\n`);
}

describe('alliance correlate: --exact and --no-exact are read only for Spearman and Kendall without covariates', () => {
  it.each([[[]], [['--method', 'pearson']]])('refuses them with Pearson (%j)', (method) => {
    for (const flag of ['--exact', '--no-exact']) {
      usageError([...method, flag], `${flag} is only used with --method spearman or kendall, and --method pearson (the default) takes its p values from the t test; add --method spearman or kendall, or drop ${flag}`);
    }
  });

  it('refuses them with --covariates (a partial Spearman correlation)', () => {
    usageError(['--method', 'spearman', '--covariates', 'z', '--exact'], '--exact is not used with --covariates: a partial correlation takes its p value from the t test; drop --exact or --covariates');
  });

  it('uses them with Spearman and Kendall', () => {
    for (const [method, exact, pMethod] of [['spearman', '--no-exact', 't'], ['kendall', '--exact', 'exact'], ['kendall', '--no-exact', 'normal']]) {
      const r = cli([...base, '--method', method!, exact!, '--json']);
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).pMethod).toBe(pMethod);
    }
  });
});

describe('alliance correlate: --seed is read only with --bootstrap', () => {
  it('refuses it without --bootstrap', () => {
    const message = '--seed is the seed of the bootstrap and is only used with --bootstrap; add --bootstrap or drop --seed';
    usageError(['--seed', '7'], message);
    usageError(['--method', 'spearman', '--covariates', 'z', '--seed', '7'], message);
  });

  it('uses it with --bootstrap, and seed 1 without --seed', () => {
    const seedOf = (...flags: string[]) => {
      const r = cli([...base, '--bootstrap', '20', ...flags, '--json']);
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(r.stdout).bootstrap.seed as number;
    };
    expect(seedOf('--seed', '7')).toBe(7);
    expect(seedOf()).toBe(1);
  });
});
