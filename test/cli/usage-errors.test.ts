// Wrong command-line usage stops before the command runs: exit code 2, one message on stderr that
// names the problem, nothing on stdout and no output folder (README "Commands": exit codes; "no
// partial output"). Real CLI processes. Before the fix, yargs reported the problem and then ran the
// command anyway: a misspelled --covariate printed a plain correlation, --method pearsn a Kendall
// result, and --stict ran the whole pipeline without strict mode.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/temp-project.ts';

const dir = mkdtempSync(join(tmpdir(), 'alliance-usage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cases: [string, string[], RegExp][] = [
  ['an unknown flag (misspelled --covariates)', ['correlate', 'data-samples/rom-small.csv', '--x', 'wai1', '--y', 'phq1', '--covariate', 'phq2', '--json'], /Unknown argument: covariate/],
  ['a value outside the choices', ['correlate', 'data-samples/rom-small.csv', '--x', 'wai1', '--y', 'phq1', '--method', 'pearsn', '--json'], /method.*pearsn.*pearson/s],
  ['a missing required flag', ['correlate', 'data-samples/rom-small.csv', '--x', 'wai1', '--json'], /Missing required argument: y/],
  ['an unknown estimator', ['meta', 'data-samples/meta/molloy2014.csv', '--r', 'r', '--n', 'n', '--method', 'XYZ', '--json'], /method.*XYZ.*REML/s],
  ['run without a pipeline file', ['run'], /Not enough non-option arguments/],
  ['an unknown command', ['nosuch'], /Unknown argument: nosuch/],
  // unknown options are named before missing required ones, with the options the command takes
  ['options of another tool instead of the required ones', ['sudden', 'data-samples/rom-small.csv', '--patient', 'patient', '--session', 'session', '--score', 'phq1'], /^error: Unknown arguments: patient, session\. alliance sudden takes --id, --time, --score, --direction, .*--\[no-\]fill-sessions, --\[no-\]json\nRun 'alliance sudden --help' for usage\.\n$/],
  ['a misspelled dashed option, suggested', ['sudden', 'data-samples/rom-small.csv', '--id', 'patient', '--time', 'session', '--score', 'phq1', '--crit1', '3', '--fill-session'], /^error: Unknown argument: fill-session\. Did you mean --fill-sessions\? alliance sudden takes /],
  ['a misspelled short option, suggested', ['meta', 'data-samples/meta/molloy2014.csv', '-r', 'ri', '--nn', 'ni'], /^error: Unknown argument: nn\. Did you mean -n\? alliance meta takes -r, -n, /],
];

describe('usage errors stop before the command runs (real CLI)', () => {
  it.each(cases)('%s', (_label, args, message) => {
    const r = cli(args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/^error: /);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('a misspelled run flag (--stict) writes no report folder', () => {
    const out = join(dir, 'typo');
    const r = cli(['run', 'pipelines/demo.yaml', '--out', out, '--stict']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Unknown argument: stict\. Did you mean --strict\? alliance run takes --param, --out, --\[no-\]strict, --\[no-\]quiet\nRun 'alliance run --help' for usage/);
    expect(existsSync(out)).toBe(false);
  });
});
