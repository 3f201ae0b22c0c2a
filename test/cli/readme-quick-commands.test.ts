// README promise: "README.md documents every command, stage and option", and the quick commands'
// section lists their JSON output. This runs each quick command for real (`--help` and `--json`)
// and checks that every flag its help shows is in the README synopsis and every top-level key it
// prints is named in the README's table for that command; and that meta's --on-invalid help states
// the rule the code applies (invalidCorrelation in src/stages/meta.ts: |r| ≥ 1 is impossible).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, REPO } from '../helpers/temp-project.ts';

const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
const ROM = join(REPO, 'data-samples/rom-small.csv');
const META = join(REPO, 'data-samples/meta');

/** The README synopsis line of a quick command and the key table under it. */
function section(command: string): { synopsis: string; table: string } {
  const start = readme.indexOf(`\n\`alliance ${command} `);
  expect(start, `README synopsis of ${command}`).toBeGreaterThan(0);
  const rest = readme.slice(start + 1);
  const synopsis = rest.slice(0, rest.indexOf('\n'));
  const tableStart = rest.indexOf('\n| key |');
  const table = rest.slice(tableStart, rest.indexOf('\n\n', tableStart + 1));
  return { synopsis, table };
}

/** Long flags shown by `alliance <command> --help`, as a user would type them. */
function helpFlags(command: string): string[] {
  const r = cli([command, '--help']);
  expect(r.status).toBe(0);
  const flags: string[] = [];
  // an option's entry may wrap onto following lines (which do not start with a dash)
  const entries = r.stdout.slice(r.stdout.indexOf('Options:')).split(/\n(?=\s+-)/).slice(1);
  for (const e of entries) {
    const m = /^\s+(?:-(\w)\s|--([\w-]+))/.exec(e);
    if (!m) continue;
    const name = m[1] ?? m[2];
    if (name === 'help' || name === 'version') continue; // global flags, in the README's commands table once
    // a boolean that defaults to true is typed as --no-<name>
    flags.push(/\[boolean\]\s*\[default: true\]/.test(e.replace(/\s+/g, ' ')) ? `--no-${name}` : `--${name}`);
  }
  return flags;
}

function jsonKeys(args: string[]): string[] {
  const r = cli([...args, '--json']);
  expect(r.status, r.stderr).toBe(0);
  return Object.keys(JSON.parse(r.stdout));
}

const dir = mkdtempSync(join(tmpdir(), 'alliance-readme-quick-'));
const mixedCsv = join(dir, 'mixed.csv');
writeFileSync(mixedCsv, 'y,x,g\n1,1,a\n2,2,a\n3,3,a\n2,1,b\n4,2,b\n5,3,b\n1,1,c\n1,2,c\n3,3,c\n2,1,d\n3,2,d\n5,3,d\n');

const commands: { name: string; runs: string[][] }[] = [
  { name: 'correlate', runs: [['correlate', ROM, '--x', 'wai1', '--y', 'phq1', '--bootstrap', '50', '--seed', '2'], ['correlate', ROM, '--x', 'wai1', '--y', 'phq1', '--covariates', 'wai2']] },
  { name: 'mixed', runs: [['mixed', mixedCsv, '--formula', 'y ~ x + (1 | g)']] },
  { name: 'compare-correlations', runs: [['compare-correlations', '--r1', '0.3', '--n1', '100', '--r2', '0.2', '--n2', '120', '--margin', '0.1']] },
  {
    name: 'meta',
    runs: [
      ['meta', join(META, 'bcg.csv'), '--yi', 'yi', '--vi', 'vi', '--mods', 'ablat', '--test', 'knha'],
      ['meta', join(META, 'bakdash2021.csv'), '--yi', 'yi', '--vi', 'vi', '--three-level', 'sample'],
      ['meta', join(META, 'molloy2014.csv'), '--r', 'r', '--n', 'n'],
    ],
  },
  { name: 'sudden', runs: [['sudden', ROM, '--id', 'patient', '--time', 'session', '--score', 'phq1', '--crit1', '1']] },
  { name: 'ruptures', runs: [['ruptures', ROM, '--id', 'patient', '--time', 'session', '--score', 'wai1', '--preset', 'stiles2004']] },
];

describe('README quick commands', () => {
  for (const c of commands) {
    it(`${c.name}: every --help flag is in the synopsis and every JSON key in the table`, () => {
      const { synopsis, table } = section(c.name);
      for (const f of helpFlags(c.name)) expect(synopsis, `${c.name} ${f}`).toMatch(new RegExp(`${f.replace(/[-]/g, '\\-')}(?![\\w-])`));
      for (const run of c.runs) for (const k of jsonKeys(run)) expect(table, `${c.name} key ${k}`).toContain(`\`${k}\``);
    }, 120_000);
  }

  it('meta: a three-level fit prints tau2 = sigma2 sum and tau2CI null, as README says', () => {
    const r = cli(['meta', join(META, 'bakdash2021.csv'), '--yi', 'yi', '--vi', 'vi', '--three-level', 'sample', '--test', 't', '--json']);
    const out = JSON.parse(r.stdout) as { tau2: number; tau2CI: unknown; sigma2: number[]; tval: number; df: number; zval?: number };
    expect(out.tau2).toBeCloseTo(out.sigma2[0] + out.sigma2[1], 12);
    expect(out.tau2CI).toBeNull();
    expect(out.zval).toBeUndefined();
    expect(section('meta').table).toContain('`tau2` is the sum of the two `sigma2` components and `tau2CI` is null');
    expect(section('meta').table).toContain('`tval` with its degrees of freedom `df` under `--test t` or `knha`');
  }, 120_000);

  it('sudden: every key of counts is in the table', () => {
    const r = cli(['sudden', ROM, '--id', 'patient', '--time', 'session', '--score', 'phq1', '--crit1', '1', '--json']);
    const counts = (JSON.parse(r.stdout) as { counts: Record<string, number> }).counts;
    for (const k of Object.keys(counts)) expect(section('sudden').table, `counts.${k}`).toContain(k);
  }, 120_000);

  it('meta --on-invalid help states the code rule |r| ≥ 1 (r = 1.2 is refused like r = 1)', () => {
    expect(cli(['meta', '--help']).stdout.replace(/\s+/g, ' ')).toContain('|r| ≥ 1');
    const csv = join(dir, 'bad-r.csv');
    writeFileSync(csv, 'study,r,n\nA,0.3,50\nB,1.2,40\nC,0.2,60\n');
    const r = cli(['meta', csv, '--r', 'r', '--n', 'n']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('|r| = 1.2');
  }, 120_000);

  it('commands table shows the flags of simulate, bench and open', () => {
    for (const name of ['simulate', 'bench', 'open']) {
      const line = readme.split('\n').find((l) => l.startsWith(`| \`alliance ${name} `))!;
      for (const f of helpFlags(name)) expect(line, `${name} ${f}`).toContain(f);
    }
  }, 120_000);
});
