// The quick commands with a column that is empty in every row, or too few usable rows: README
// "Commands" promises one message naming the file and the column(s), exit 1, no stack trace, no
// output. Before the fix: `correlate` said only "pearson: needs at least 4 pairs, got 0" (no file,
// no column), `meta` "no study left to pool (6 rows, 6 left out)" (no file), `mixed` "only 0
// complete rows for 2 fixed effects" (no column), and `sudden` and `ruptures` printed "0 events in 0
// of 4 patients" with exit 0 for a --score column with no value. Real CLI processes, run in the
// data's folder so the file is named as given.
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempProject } from '../helpers/temp-project.ts';

const project = tempProject();
afterAll(() => project.dispose());

/** 24 rows: patients P0…P3, sessions 1…6, a varying score, and e, blank (`blank`) in every row. */
const rows = Array.from({ length: 24 }, (_, i) => ({ id: `P${i % 4}`, t: 1 + Math.floor(i / 4), score: 10 + ((i * 7) % 5) }));
const csv = (blank: string) => ['id,t,score,e', ...rows.map((r) => `${r.id},${r.t},${r.score},${blank}`)].join('\n') + '\n';
project.write('empty.csv', csv(''));
project.write('spaces.json', JSON.stringify(rows.map((r) => ({ ...r, e: '   ' }))));
project.write('null.json', JSON.stringify(rows.map((r, i) => ({ ...r, e: i % 2 ? null : '' }))));
project.write('three.csv', 'id,t,score\nP1,1,3\nP1,2,4\nP2,1,5\n');
project.write('two.csv', 'id,t,score\nP1,1,3\nP2,2,\n');
// every study misses r or n, but neither column is empty in every row (that is refused naming the column)
project.write('studies.csv', ['study,r,n', ...Array.from({ length: 6 }, (_, i) => (i % 2 ? `S${i},0.3,` : `S${i},,50`))].join('\n') + '\n');

function expectOneMessage(args: string[], message: string) {
  const r = cli(args, project.dir);
  expect(r.status, r.stderr).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toBe(`error: ${message}\n`);
}

const FILES = ['empty.csv', 'spaces.json', 'null.json'];

describe('quick commands: a column empty in every row is named with its file', () => {
  it.each(FILES)('correlate %s --y e', (file) => {
    expectOneMessage(['correlate', file, '--x', 'score', '--y', 'e'], `${file}, column 'e': --y e: the column has no values (it is empty in every row)`);
  });

  it.each(FILES)('correlate %s --covariates e', (file) => {
    expectOneMessage(['correlate', file, '--x', 't', '--y', 'score', '--covariates', 'e'], `${file}, column 'e': --covariates e: the column has no values (it is empty in every row)`);
  });

  it.each(FILES)('sudden and ruptures %s --score e (was: 0 events, exit 0)', (file) => {
    const message = `${file}, column 'e': --score e: the column has no values (it is empty in every row)`;
    expectOneMessage(['sudden', file, '--id', 'id', '--time', 't', '--score', 'e', '--crit1', '3'], message);
    expectOneMessage(['ruptures', file, '--id', 'id', '--time', 't', '--score', 'e', '--preset', 'stiles2004'], message);
  });

  it.each(FILES)('mixed %s with e in the formula', (file) => {
    const message = `${file}, column 'e': --formula e: the column has no values (it is empty in every row)`;
    expectOneMessage(['mixed', file, '--formula', 'e ~ t + (1 | id)'], message);
    expectOneMessage(['mixed', file, '--formula', 'score ~ e + (1 | id)'], message);
  });
});

describe('quick commands: too few usable rows are named with the file and the columns', () => {
  it('correlate: 3 complete rows (the kernel needs 4)', () => {
    expectOneMessage(['correlate', 'three.csv', '--x', 't', '--y', 'score'], 'three.csv: --x t, --y score: pearson: needs at least 4 pairs, got 3');
  });

  it('mixed: 1 complete row for 2 fixed effects', () => {
    expectOneMessage(['mixed', 'two.csv', '--formula', 'score ~ t + (1 | id)'], "two.csv: --formula 'score ~ t + (1 | id)': only 1 complete rows for 2 fixed effects");
  });

  it('meta: no study with both values', () => {
    expectOneMessage(['meta', 'studies.csv', '--r', 'r', '--n', 'n'], 'studies.csv: --r r, --n n: no study left to pool (6 rows, 6 left out)');
  });
});
