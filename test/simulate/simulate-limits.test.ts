// `alliance simulate --patients 1e12` ended in "internal error: RangeError: Invalid typed array
// length", exit 70, and --therapists / --sites out of range were exit 1 as if the data were wrong.
// Expected (README: wrong usage is one clear message, exit 2, no stack trace, no partial output):
// counts that are not whole numbers or lie outside their range are usage errors naming the flag;
// --patients has a documented maximum, MAX_SIMULATE_PATIENTS (5,000,000). The library refuses, with
// a StatInputError naming `patients`, a simulation whose rows could not be allocated (12 item bytes
// a row in one typed array of at most 2^32 bytes, Node 20).
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_SIMULATE_PATIENTS, resolveSimulateOptions } from '../../src/simulate/resolve-simulate-options.ts';
import { StatInputError } from '../../src/stats/errors.ts';
import { cli, tempProject } from '../helpers/temp-project.ts';

const project = tempProject();
afterAll(() => project.dispose());

function usage(args: string[], message: RegExp): void {
  const out = project.path('sim.csv');
  const r = cli(['simulate', ...args, '--out', out]);
  expect(r.status, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.match(/^error: /gm)).toEqual(['error: ']);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  expect(existsSync(out)).toBe(false);
}

describe('alliance simulate: counts out of range are usage errors', () => {
  it('documents 5,000,000 patients as the maximum', () => {
    expect(MAX_SIMULATE_PATIENTS).toBe(5_000_000);
  });

  it.each([
    [['--patients', '1e12'], /--patients must be a whole number from 1 to 5,000,000 \(got 1000000000000\)/],
    [['--patients', '5000001'], /--patients must be a whole number from 1 to 5,000,000 \(got 5000001\)/],
    [['--patients', '2.5'], /--patients must be a whole number from 1 to 5,000,000 \(got 2\.5\)/],
    [['--patients', '100', '--therapists', '1e12'], /^error: --therapists must be a whole number from 1 to 100, no more than --patients \(got 1000000000000\)$/m],
    [['--patients', '100', '--therapists', '2.5'], /^error: --therapists must be a whole number from 1 to 100, no more than --patients \(got 2\.5\)$/m],
    // 100 patients / 20 = 5 therapists by default (resolveSimulateOptions)
    [['--patients', '100', '--sites', '0'], /^error: --sites must be a whole number from 1 to 5, no more than the therapists \(5 by default for 100 patients; set --therapists for more\) \(got 0\)$/m],
    [['--patients', '100', '--therapists', '10', '--sites', '11'], /^error: --sites must be a whole number from 1 to 10, no more than --therapists \(got 11\)$/m],
  ])('%j exits 2 with one message', (args, message) => {
    usage(args, message);
  });

  it('refuses in the library a simulation whose rows exceed one typed array', () => {
    // 2^32 / 12 / 250 = 1,431,655.8 patients of 250 sessions at most
    expect(() => resolveSimulateOptions({ patients: 1_431_656, sessions: { min: 250, max: 250 } })).toThrow(StatInputError);
    expect(() => resolveSimulateOptions({ patients: 1_431_656, sessions: { min: 250, max: 250 } })).toThrow(/option patients is 1431656; expected at most 1431655 with sessions\.max 250/);
    expect(resolveSimulateOptions({ patients: 1_431_655, sessions: { min: 250, max: 250 } }).patients).toBe(1_431_655);
  });
});
