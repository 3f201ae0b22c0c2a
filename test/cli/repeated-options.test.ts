// An option given twice on the command line: yargs hands the command a list, which a
// single-valued option never expects (`alliance correlate f.csv --x a --x b` ended in
// "internal error: TypeError: word.toLowerCase is not a function" and a stack trace), and a
// repeated --param or --reference name silently kept the last value. Each is now one usage
// message naming the option and both values, exit 2, nothing written. Options that repeat by
// design (--param, --reference with different names) still do.
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempProject } from '../helpers/temp-project.ts';

const project = tempProject({ 'd.csv': 'x,y\n1,2\n2,3\n3,5\n4,4\n5,7\n' });
afterAll(() => project.dispose());

function refused(args: string[], message: string): void {
  const r = cli(args);
  expect(r.status, r.stderr).toBe(2);
  expect(r.stderr).toContain(`error: ${message}`);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  expect(r.stdout).toBe('');
}

describe('an option given twice', () => {
  it('quick commands: a string, a choice and a number option', () => {
    refused(['correlate', project.path('d.csv'), '--x', 'x', '--x', 'y', '--y', 'y'], '--x was given 2 times ("x", "y"); give it once');
    refused(['correlate', project.path('d.csv'), '--x', 'x', '--y', 'y', '--method', 'kendall', '--method', 'spearman'], '--method was given 2 times ("kendall", "spearman"); give it once');
    // the numeric options are read as text (parseDecimal), so their values are quoted as given
    refused(['correlate', project.path('d.csv'), '--x', 'x', '--y', 'y', '--level', '0.9', '--level', '0.95'], '--level was given 2 times ("0.9", "0.95"); give it once');
    refused(['compare-correlations', '--r1', '0.3', '--r1', '0.4', '--n1', '50', '--r2', '0.1', '--n2', '60'], '--r1 was given 2 times ("0.3", "0.4"); give it once');
  });

  it('simulate and run write nothing', () => {
    refused(['simulate', '--patients', '10', '--patients', '20', '--out', project.path('s.csv')], '--patients was given 2 times ("10", "20"); give it once');
    expect(existsSync(project.path('s.csv'))).toBe(false);
    refused(['run', 'pipelines/demo.yaml', '--out', project.path('o1'), '--out', project.path('o2'), '--quiet'], `--out was given 2 times ("${project.path('o1')}", "${project.path('o2')}"); give it once`);
    expect(existsSync(project.path('o1')) || existsSync(project.path('o2'))).toBe(false);
  });

  it('--param with one name twice, and --reference with one factor twice', () => {
    refused(['validate', 'pipelines/demo.yaml', '--param', 'data=a.csv', '--param', 'data=b.csv'], "--param data was given twice ('a.csv' and 'b.csv'); give it once");
    refused(['mixed', 'data-samples/rom-small.csv', '--formula', 'wai1 ~ modality + (1 | patient)', '--reference', 'modality=CBT', '--reference', 'modality=PDT'], "--reference modality was given twice ('CBT' and 'PDT'); give it once");
  });

  it('repeatable options still repeat, and a flag given twice is still the flag', () => {
    const ok = cli(['correlate', project.path('d.csv'), '--x', 'x', '--y', 'y', '--json', '--json']);
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).n).toBe(5);
    const m = cli(['mixed', 'data-samples/rom-small.csv', '--formula', 'wai1 ~ modality + site + (1 | patient)', '--reference', 'modality=PDT', '--reference', 'site=S02', '--json']);
    expect(m.status, m.stderr).toBe(0);
    const names = Object.keys(JSON.parse(m.stdout).fixed);
    expect(names).toContain('modalityCBT');
    expect(names).toContain('siteS01');
  });
});
