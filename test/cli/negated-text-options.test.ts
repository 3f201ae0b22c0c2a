// yargs negates any option written --no-…, so a text option reached its command as false:
// `correlate --no-y` ended in "internal error: word.toLowerCase is not a function" (exit 70),
// `bench --no-sizes` in a TypeError, `open --no-host` served on http://false:PORT and
// `correlate --no-covariates` was accepted and dropped. Reference: the README's rule that wrong
// usage is one message with exit 2 and no output. A numeric option's --no- form keeps its own
// message (parseDecimal), and sudden's --no-crit2, which means "criterion 2 off", still works.
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/temp-project.ts';

const usage = (args: string[], message: string) => {
  const r = cli(args);
  expect(r.status, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toContain(message);
};

describe("a text option's --no- form is wrong usage", () => {
  it.each([
    [['correlate', 'data-samples/rom-small.csv', '--x', 'wai1', '--no-y'], '--y takes a value; --no-y is not an option'],
    [['correlate', 'data-samples/rom-small.csv', '--x', 'wai1', '--y', 'phq1', '--no-covariates'], '--covariates takes a value; --no-covariates is not an option'],
    [['bench', '--no-sizes'], '--sizes takes a value; --no-sizes is not an option'],
    [['open', 'reports/none', '--no-host'], '--host takes a value; --no-host is not an option'],
    [['mixed', 'data-samples/rom-small.csv', '--formula', 'phq1 ~ session + (1 | patient)', '--no-reference'], '--reference takes a value; --no-reference is not an option'],
  ])('%j', (args, message) => usage(args, message));

  it('a numeric option keeps its own message, and --no-crit2 keeps its meaning', () => {
    usage(['correlate', 'data-samples/rom-small.csv', '--x', 'wai1', '--y', 'phq1', '--no-level'], '--level takes a number; --no-level is not an option');
    const r = cli(['sudden', 'data-samples/rom-small.csv', '--id', 'patient', '--time', 'session', '--score', 'phq1', '--crit1', '4', '--no-crit2', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).settings.crit2).toBeNull();
  });
});
