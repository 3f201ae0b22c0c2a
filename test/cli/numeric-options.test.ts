// The quick commands' numeric options (numberOption in src/cli/parse-params.ts): read as the text
// typed, so parseDecimal refuses what yargs's number type read with Number() (0x10 as 16, 1_000 as
// NaN); labelled [number] in --help, where reading them as text had made yargs show [string]; and a
// value with a minus sign is the option's value, where yargs took a negative it does not recognise
// (-1e-3, -3e-1) for short flags and reported "Unknown arguments: 1, e".
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/temp-project.ts';

/** Each command's numeric options, as its --help lists them. */
const NUMERIC: Record<string, string[]> = {
  'compare-correlations': ['r1', 'n1', 'r2', 'n2', 'level', 'margin', 'alpha'],
};

/** The type label `alliance <command> --help` shows for each long option: `--level` → 'number'. */
function helpLabels(command: string): Map<string, string> {
  const r = cli([command, '--help']);
  expect(r.status, r.stderr).toBe(0);
  const labels = new Map<string, string>();
  // an option's entry may wrap onto following lines (which do not start with a dash)
  for (const entry of r.stdout.slice(r.stdout.indexOf('Options:')).split(/\n(?=\s+-)/).slice(1)) {
    const m = /^\s+(?:-\w, )?--?([\w-]+)[^]*?\[(boolean|string|number|array|count)\]/.exec(entry);
    if (m) labels.set(m[1]!, m[2]!);
  }
  return labels;
}

function usageError(args: string[], message: string): void {
  const r = cli(args);
  expect(r.status, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toBe(`error: ${message}\nRun 'alliance ${args[0]} --help' for usage.\n`);
}

describe('numeric options of the quick commands', () => {
  it.each(Object.entries(NUMERIC))('%s --help labels its numeric options [number]', (command, flags) => {
    const labels = helpLabels(command);
    for (const f of flags) expect(labels.get(f), `${command} --${f}`).toBe('number');
  });
});

describe('compare-correlations: negative values', () => {
  const base = ['compare-correlations', '--r1', '.3', '--n1', '50', '--r2', '.1', '--n2', '60'];

  it('takes a negative correlation in exponent notation (--r1 -3e-1)', () => {
    const r = cli(['compare-correlations', '--r1', '-3e-1', '--n1', '50', '--r2', '-1E-1', '--n2', '60', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ r1: -0.3, r2: -0.1 });
  });

  it('gives a negative margin its own range message', () => {
    usageError([...base, '--margin', '-1e-3'], '--margin must be positive');
    usageError([...base, '--margin', '-0.5'], '--margin must be positive');
  });
});
