// The quick commands' one-line text names the rows they left out in the right number: "1 row left
// out", "2 rows left out" (it printed "1 rows left out"). Real CLI processes; the statistics in these
// lines are checked against R elsewhere (test/cli/meta*.test.ts, test/cli/correlate*.test.ts), this
// test only reads the count's wording.
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempProject } from '../helpers/temp-project.ts';

const project = tempProject();
afterAll(() => project.dispose());

project.write('one.csv', 'study,r,n\nA,0.25,40\nB,0.31,120\nC,0.12,65\nD,0.40,33\nE,,50\n');
project.write('two.csv', 'study,r,n\nA,0.25,40\nB,0.31,120\nC,0.12,65\nD,0.40,33\nE,,50\nF,0.2,\n');
const xy = (blank: number) => ['x,y', ...Array.from({ length: 8 }, (_, i) => `${i},${i < blank ? '' : (i * 3) % 7}`)].join('\n') + '\n';
project.write('xy1.csv', xy(1));
project.write('xy2.csv', xy(2));

function stdout(args: string[]): string {
  const r = cli(args, project.dir);
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

describe('quick commands: the count of rows left out', () => {
  it('meta: 1 row, then 2 rows', () => {
    expect(stdout(['meta', 'one.csv', '--r', 'r', '--n', 'n'])).toContain('(1 row left out: E: missing r)');
    expect(stdout(['meta', 'two.csv', '--r', 'r', '--n', 'n'])).toContain('(2 rows left out: E: missing r; F: missing n)');
  });

  it('correlate: 1 incomplete row, then 2', () => {
    expect(stdout(['correlate', 'xy1.csv', '--x', 'x', '--y', 'y'])).toContain('n = 7 (1 incomplete row left out)');
    expect(stdout(['correlate', 'xy2.csv', '--x', 'x', '--y', 'y'])).toContain('n = 6 (2 incomplete rows left out)');
  });
});
