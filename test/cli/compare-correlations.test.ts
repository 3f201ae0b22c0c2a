// `alliance compare-correlations` against test/fixtures/compare/compare.json (written by compare.R:
// cocor's Fisher z test and Zou's 2007 interval in base R). Tolerance 1e-10 relative.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, REPO } from '../helpers/temp-project.ts';

const fixture = JSON.parse(readFileSync(join(REPO, 'test/fixtures/compare/compare.json'), 'utf8')) as {
  compareCor: { r1: number; n1: number; r2: number; n2: number; level: number; z: number; p: number; diff: number; ciLower: number; ciUpper: number }[];
};

describe('alliance compare-correlations --json', () => {
  it.each(fixture.compareCor.slice(0, 3))('r1 = $r1 (n $n1) vs r2 = $r2 (n $n2)', (c) => {
    const r = cli(['compare-correlations', '--r1', String(c.r1), '--n1', String(c.n1), '--r2', String(c.r2), '--n2', String(c.n2), '--level', String(c.level), '--json']);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    for (const k of ['z', 'p', 'diff', 'ciLower', 'ciUpper'] as const) expect(Math.abs(j[k] - c[k])).toBeLessThanOrEqual(1e-10 * Math.max(1, Math.abs(c[k])));
  });

  it('methods.md item 6 (cocor): r .60 vs .65, n 2700 each → z −3.0168, p .0026, CI [−.0826, −.0175]', () => {
    const j = JSON.parse(cli(['compare-correlations', '--r1', '.6', '--n1', '2700', '--r2', '.65', '--n2', '2700', '--json']).stdout);
    expect(j.z).toBeCloseTo(-3.0168, 4);
    expect(j.p).toBeCloseTo(0.0026, 4);
    expect(j.ciLower).toBeCloseTo(-0.0826, 4);
    expect(j.ciUpper).toBeCloseTo(-0.0175, 4);
  });

  it('rejects an impossible correlation with a usage error', () => {
    const r = cli(['compare-correlations', '--r1', '1.2', '--n1', '50', '--r2', '.3', '--n2', '50']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--r1 must be a correlation/);
  });

  it('prints APA numbers: true minus signs, p < .001 rather than 0.00, the level as given', () => {
    const r = cli(['compare-correlations', '--r1', '-0.99999999', '--n1', '50', '--r2', '.1', '--n2', '60', '--level', '0.975']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^r1 − r2 = −1\.10, 97\.5% CI \[−\d\.\d\d, −\d\.\d\d\] \(Zou, 2007\); z = −\d+\.\d\d, p < \.001\n$/);
    // methods.md item 6 (cocor): z −3.0168, p .0026, CI [−.0826, −.0175]
    const six = cli(['compare-correlations', '--r1', '.6', '--n1', '2700', '--r2', '.65', '--n2', '2700', '--margin', '0.1']);
    expect(six.stdout.split('\n')[0]).toBe('r1 − r2 = −0.05, 95% CI [−0.08, −0.02] (Zou, 2007); z = −3.02, p = .003');
    expect(six.stdout.split('\n')[1]).toMatch(/^equivalence \(TOST, \|Δz\| < 0\.1, α = 0\.05 per one-sided test\): \w+, p [=<] \.\d{3}$/);
  });

  it('refuses an alpha outside (0, 0.5) as a usage error', () => {
    const r = cli(['compare-correlations', '--r1', '.3', '--n1', '50', '--r2', '.1', '--n2', '60', '--margin', '0.2', '--alpha', '0.6']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('error: --alpha must be between 0 and 0.5, e.g. 0.05');
  });

  // --alpha is the TOST's alone (the Zou interval has --level): without --margin it was accepted
  // and the output was the same for any alpha
  it('refuses --alpha without --margin as a usage error naming both', () => {
    const r = cli(['compare-correlations', '--r1', '.3', '--n1', '50', '--r2', '.1', '--n2', '60', '--alpha', '0.1']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("error: --alpha is only used by the equivalence test (TOST) of --margin; add --margin or drop --alpha\nRun 'alliance compare-correlations --help' for usage.\n");
    const tost = cli(['compare-correlations', '--r1', '.3', '--n1', '50', '--r2', '.1', '--n2', '60', '--alpha', '0.1', '--margin', '0.2']);
    expect(tost.status, tost.stderr).toBe(0);
    expect(tost.stdout).toContain('α = 0.1 per one-sided test');
  });

  // yargs's number type read the flags with Number(): --n1 0x10 was n1 = 16, and 0o20 and 0b10000
  // too; --r1 0x0 was r = 0. Plain decimals only now, as --param reads a numeric parameter
  it.each([
    ['--n1', '0x10'],
    ['--n1', '0o20'],
    ['--n1', '0b10000'],
    ['--n1', '1_000'],
    ['--r1', '0x0'],
    ['--level', 'Infinity'],
    ['--margin', '0x1'],
  ])('refuses %s %s as a usage error naming the flag and the text', (flag, text) => {
    const args = new Map([['--r1', '.3'], ['--n1', '50'], ['--r2', '.1'], ['--n2', '60'], ['--margin', '0.2'], [flag, text]]);
    const r = cli(['compare-correlations', ...[...args].flat()]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`error: ${flag} must be a decimal number such as 5, -0.5 or 1e-3 (got '${text}')\nRun 'alliance compare-correlations --help' for usage.\n`);
  });

  it('takes plain decimals in any notation: 50.0, 5e1, -.3', () => {
    const r = cli(['compare-correlations', '--r1', '-.3', '--n1', '50.0', '--r2', '.1', '--n2', '5e1', '--level', '9.5e-1', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ r1: -0.3, n1: 50, r2: 0.1, n2: 50, level: 0.95 });
  });
});
