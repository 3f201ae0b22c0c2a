// `alliance meta` with a needed column that has no value in any row: README "Commands" promises one
// message naming the file and the column, exit 1, no stack trace, no output, as correlate, sudden,
// ruptures and mixed give since 27bd1b4 ("--y e: the column has no values (it is empty in every
// row)"). Before the fix meta loaded the file inside metaOnFile and could only say "--r r, --n n:
// no study left to pool (6 rows, 6 left out)", naming no column. Real CLI processes, run in the
// data's folder so the file is named as given. No study complete with no column empty keeps that
// message (test/cli/quick-too-few-rows.test.ts).
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempProject } from '../helpers/temp-project.ts';

const project = tempProject();
afterAll(() => project.dispose());

/** Six studies with r, n, yi, vi and a moderator; `blank` replaces the values of column `empty`. */
const studies = Array.from({ length: 6 }, (_, i) => ({ study: `S${i}`, r: 0.1 + i / 20, n: 40 + 10 * i, yi: 0.2 + i / 10, vi: 0.01 + i / 100, site: `A${i % 2}` }));
function csv(empty: string): string {
  const keys = Object.keys(studies[0]);
  return [keys.join(','), ...studies.map((s) => keys.map((k) => (k === empty ? '' : String(s[k as keyof typeof s]))).join(','))].join('\n') + '\n';
}
project.write('no-r.csv', csv('r'));
project.write('no-n.csv', csv('n'));
project.write('no-site.csv', csv('site'));
project.write('no-vi.json', JSON.stringify(studies.map((s, i) => ({ ...s, vi: i % 2 ? null : '  ' }))));

function expectOneMessage(args: string[], message: string) {
  const r = cli(args, project.dir);
  expect(r.status, r.stderr).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toBe(`error: ${message}\n`);
}

const empty = (file: string, column: string, flag: string) => `${file}, column '${column}': ${flag} ${column}: the column has no values (it is empty in every row)`;

describe('alliance meta names the file and a needed column that is empty in every row', () => {
  it('--r', () => expectOneMessage(['meta', 'no-r.csv', '--r', 'r', '--n', 'n'], empty('no-r.csv', 'r', '--r')));

  it('--n', () => expectOneMessage(['meta', 'no-n.csv', '--r', 'r', '--n', 'n'], empty('no-n.csv', 'n', '--n')));

  it('--vi in JSON (null and blank strings)', () => expectOneMessage(['meta', 'no-vi.json', '--yi', 'yi', '--vi', 'vi'], empty('no-vi.json', 'vi', '--vi')));

  it('--mods', () => expectOneMessage(['meta', 'no-site.csv', '--yi', 'yi', '--vi', 'vi', '--mods', 'site'], empty('no-site.csv', 'site', '--mods')));

  it('--three-level', () => expectOneMessage(['meta', 'no-site.csv', '--yi', 'yi', '--vi', 'vi', '--three-level', 'site'], empty('no-site.csv', 'site', '--three-level')));
});
