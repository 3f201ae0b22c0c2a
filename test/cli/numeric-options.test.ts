// The quick commands' numeric options (numberOption in src/cli/parse-params.ts): read as the text
// typed, so parseDecimal refuses what yargs's number type read with Number() (0x10 as 16, 1_000 as
// NaN); labelled [number] in --help, where reading them as text had made yargs show [string]; and a
// value with a minus sign is the option's value, where yargs took a negative it does not recognise
// (-1e-3, -3e-1) for short flags and reported "Unknown arguments: 1, e".
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempProject } from '../helpers/temp-project.ts';

const project = tempProject({ 'd.csv': 'x,y\n1,2\n2,3\n3,5\n4,4\n5,7\n6,6\n', 'report/index.html': '<html></html>' });
afterAll(() => project.dispose());
const CORRELATE = ['correlate', project.path('d.csv'), '--x', 'x', '--y', 'y'];
const META = ['meta', 'data-samples/meta/molloy2014.csv', '--r', 'r', '--n', 'n'];
const MIXED = ['mixed', 'data-samples/rom-small.csv', '--formula', 'phq1 ~ session + (1 | patient)'];
const SUDDEN = ['sudden', 'data-samples/rom-small.csv', '--id', 'patient', '--time', 'session', '--score', 'phq1'];
const SIMULATE = ['simulate', '--out', project.path('sim.csv')];
const VERIFY = ['verify', project.path('no-report')];
const OPEN = ['open', project.path('report')];
const RCI = ['ruptures', 'data-samples/rom-small.csv', '--id', 'patient', '--time', 'session', '--score', 'wai1', '--preset', 'rci'];

/** Each command's numeric options, as its --help lists them. */
const NUMERIC: Record<string, string[]> = {
  'compare-correlations': ['r1', 'n1', 'r2', 'n2', 'level', 'margin', 'alpha'],
  correlate: ['level', 'bootstrap', 'seed'],
  meta: ['level'],
  mixed: ['level'],
  sudden: ['crit1', 'reliability', 'sd', 'crit2', 'crit3-critical'],
  ruptures: ['reliability', 'sd'],
  simulate: ['patients', 'seed', 'therapists', 'sites'],
  verify: ['tolerance'],
  open: ['port'],
};

/** A command line that runs, and a numeric option with a text Number() reads but a decimal is not. */
const NOT_DECIMAL: [string[], string, string][] = [
  [CORRELATE, '--bootstrap', '0x10'],
  [CORRELATE, '--level', '0x0'],
  [CORRELATE, '--seed', '1_000'],
  [CORRELATE, '--seed', 'Infinity'],
  [META, '--level', '0x0'],
  [MIXED, '--level', '0x0'],
  [MIXED, '--level', '9.5e-1%'],
  [SUDDEN, '--reliability', '0x0'],
  [[...SUDDEN, '--reliability', '.8'], '--sd', '0x5'],
  // the fixed critical value Infinity reached the kernel: exit 1, 'crit3Critical must be a finite positive number'
  [[...SUDDEN, '--crit1', '4', '--no-crit3-adjust'], '--crit3-critical', 'Infinity'],
  [RCI, '--reliability', '0x0'],
  [[...RCI, '--reliability', '.8'], '--sd', '1_000'],
  [SIMULATE, '--patients', '0x10'],
  [[...SIMULATE, '--patients', '40'], '--seed', '0b1'],
  [[...SIMULATE, '--patients', '40'], '--therapists', '0o2'],
  [[...SIMULATE, '--patients', '40'], '--sites', ' 1'],
  [VERIFY, '--tolerance', '0x1'],
  // 0x10000 is a port out of range, where a hex port in range would start serving before the fix
  [OPEN, '--port', '0x10000'],
];

/** The type label `alliance <command> --help` shows for each long option: `--level` → 'number'. */
function helpLabels(command: string): Map<string, string> {
  const r = cli([command, '--help']);
  expect(r.status, r.stderr).toBe(0);
  const labels = new Map<string, string>();
  // an option's entry starts with a dash after two spaces (six when the command has one-letter
  // options); it may wrap onto further, deeper indented lines, which may start with a flag its
  // description names
  for (const entry of r.stdout.slice(r.stdout.indexOf('Options:')).split(/\n(?= {2,6}-)/).slice(1)) {
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

  it.each(NOT_DECIMAL.map(([args, flag, text]) => ({ command: args[0], args, flag, text })))('$command: refuses $flag $text as a usage error naming the flag and the text', ({ args, flag, text }) => {
    usageError([...args, flag, text], `${flag} must be a decimal number such as 5, -0.5 or 1e-3 (got '${text}')`);
  });
});

describe('correlate: negative values', () => {
  it('takes a negative seed in exponent notation (--seed -1e3)', () => {
    const r = cli([...CORRELATE, '--bootstrap', '20', '--seed', '-1e3', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).bootstrap.seed).toBe(-1000);
  });

  it('gives a negative level or replicate count its own range message', () => {
    usageError([...CORRELATE, '--level', '-1e-3'], '--level must be between 0 and 1, e.g. 0.95');
    usageError([...CORRELATE, '--bootstrap', '-2e3'], '--bootstrap must be a whole number of replicates from 10 to 1,000,000, e.g. 2000');
  });
});

describe('a numeric option takes the next word as its value', () => {
  it('whatever it is: a flag or -Infinity is refused as the value it is', () => {
    // yargs read -Infinity as the flags -I, -n, -f … ('Unknown arguments: I, n, f, i, t, y'), and left --level without a value
    usageError([...SUDDEN, '--crit1', '4', '--no-crit3-adjust', '--crit3-critical', '-Infinity'], "--crit3-critical must be a decimal number such as 5, -0.5 or 1e-3 (got '-Infinity')");
    usageError([...CORRELATE, '--level', '--json'], "--level must be a decimal number such as 5, -0.5 or 1e-3 (got '--json')");
  });

  it('its --no- form is not an option (yargs negated it to false, reported as \'got false\')', () => {
    usageError(['compare-correlations', '--r1', '.3', '--n1', '50', '--r2', '.1', '--n2', '60', '--no-level'], '--level takes a number; --no-level is not an option');
    usageError([...CORRELATE, '--no-bootstrap'], '--bootstrap takes a number; --no-bootstrap is not an option');
    // --crit1 (a number or 'none') is read apart from parseDecimal: it said "got 'false'", or beside --reliability "--crit1 false sets criterion 1 directly"
    const crit1 = "--crit1 takes a number or 'none'; --no-crit1 is not an option (--crit1 none switches criterion 1 off)";
    usageError([...SUDDEN, '--no-crit1'], crit1);
    usageError([...SUDDEN, '--no-crit1', '--reliability', '.8'], crit1);
  });

  it('last on the line without a value, it is a usage error naming the option (not an internal error)', () => {
    usageError([...CORRELATE, '--level'], '--level needs a value');
    usageError(['compare-correlations', '--r1', '.3', '--n1', '50', '--r2', '.1', '--n2'], '--n2 needs a value');
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

describe('meta and mixed: --level', () => {
  it('a level outside (0, 1), negative or not, is the range message, before the file is read', () => {
    usageError([...META, '--level', '-5e-1'], '--level must be between 0 and 1, e.g. 0.95');
    // mixed refused it only in the fit, after reading the file (exit 1, 'confidence level must be in (0, 1)')
    usageError([...MIXED, '--level', '1.5'], '--level must be between 0 and 1, e.g. 0.95');
    usageError([...MIXED, '--level', '-1e-3'], '--level must be between 0 and 1, e.g. 0.95');
  });
});

describe('sudden and ruptures', () => {
  it("sudden's --crit1 and --crit2 keep their own messages, which name 'none' and --no-crit2", () => {
    // Number() took --crit1 0x4 for 4 points and --crit2 0x0 for a fraction of 0
    usageError([...SUDDEN, '--crit1', '0x4'], "--crit1 must be a number ≥ 0 or 'none', got '0x4'");
    usageError([...SUDDEN, '--crit1', '4', '--crit2', '0x0'], '--crit2 must be a fraction between 0 and 1 (or --no-crit2)');
    usageError([...SUDDEN, '--crit1', '4', '--crit2', ' .3'], '--crit2 must be a fraction between 0 and 1 (or --no-crit2)');
  });

  it('a negative value gets the range message of its option', () => {
    usageError([...SUDDEN, '--crit1', '-1e-3'], "--crit1 must be a number ≥ 0 or 'none', got '-1e-3'");
    usageError([...SUDDEN, '--crit1', '4', '--crit2', '-5e-1'], '--crit2 must be a fraction between 0 and 1 (or --no-crit2)');
    usageError([...SUDDEN, '--crit1', '4', '--no-crit3-adjust', '--crit3-critical', '-2e0'], '--crit3-critical must be positive');
    usageError([...SUDDEN, '--reliability', '-5e-1'], '--reliability must lie in [0, 1)');
    usageError([...RCI, '--reliability', '-5e-1'], '--reliability must lie in [0, 1)');
    usageError([...RCI, '--reliability', '.8', '--sd', '-1e0'], '--sd must be positive');
  });
});

describe('simulate', () => {
  it('takes a negative seed in exponent notation (--seed -1e3), and writes nothing for a refused count', () => {
    const out = project.path('neg.csv');
    const r = cli(['simulate', '--patients', '20', '--seed', '-1e3', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(project.path('neg.truth.json'), 'utf8')).options.seed).toBe(-1000);
    usageError(['simulate', '--out', project.path('none.csv'), '--patients', '-2e1'], '--patients must be a whole number from 1 to 5,000,000 (got -20)');
    expect(existsSync(project.path('none.csv'))).toBe(false);
  });
});

describe('verify and open: negative values', () => {
  it('get the range message of their option', () => {
    usageError([...VERIFY, '--tolerance', '-1e-9'], '--tolerance must be a number ≥ 0, e.g. 1e-9 (0: every number bit-identical)');
    usageError([...OPEN, '--port', '-1e0'], '--port must be a whole number from 0 to 65535 (got -1)');
  });
});

describe('bench --sizes', () => {
  // Number() read each entry: 0x10 was 16 patients, and 'abc' failed only in the simulation (--patients NaN)
  it('lists plain decimal whole numbers, refused before anything is simulated', () => {
    const dir = project.path('bench');
    usageError(['bench', '--dir', dir, '--sizes', '200,0x10'], "--sizes must be a decimal number such as 5, -0.5 or 1e-3 (got '0x10')");
    usageError(['bench', '--dir', dir, '--sizes', '2.5e1,abc'], "--sizes must be a decimal number such as 5, -0.5 or 1e-3 (got 'abc')");
    usageError(['bench', '--dir', dir, '--sizes', '200,2.5'], '--sizes must list whole numbers of patients, e.g. 10000,100000 (got 2.5)');
    expect(existsSync(dir)).toBe(false);
  });
});
