// compare refuses a kept modality group whose outcome (or alliance) has one value for all its
// complete patients, naming the `by` column, the group and the column. Before, the run stopped with
// "correlation undefined: a variable has zero variance" (and Welch's kernel says "group 0 has zero
// variance"), naming neither the group nor the column.
// Reference: R gives no result for such a group, e.g.
//   cor.test(c(1, 2, 3, 4), c(5, 5, 5, 5))  # t = NA, cor NA, warning "the standard deviation is zero"
//   oneway.test(y ~ g, data.frame(y = c(5, 5, 5, 5, 2, 3, 4, 5), g = rep(c("a", "b"), each = 4)))
//   # F = NaN, num df = 1, denom df = NaN, p-value = NA
// and the README promises one clear located message, exit 1, for every user error.
// Data: test/fixtures/compare-small-groups/patients.csv (CBT 12, PDT 12 complete patients kept).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, REPO, runSpecText, tempProject } from '../helpers/temp-project.ts';

const rows = readFileSync(join(REPO, 'test/fixtures/compare-small-groups/patients.csv'), 'utf8').trimEnd().split('\n');
const header = rows[0].split(',').map((h) => JSON.parse(h) as string);
const col = (name: string) => header.indexOf(name);
/** The fixture with `column` set to `value` for every patient of `modality`. */
const constant = (modality: string, column: string, value: string) =>
  rows
    .map((l, i) => {
      const f = l.split(',');
      if (i > 0 && f[col('modality')] === `"${modality}"`) f[col(column)] = value;
      return f.join(',');
    })
    .join('\n') + '\n';
const spec = (file: string) => `name: constant
stages:
  - { id: pts, type: ingest, file: ${file} }
  - { id: cmp, type: compare, from: pts, alliance: wai_total_first3, outcome: phq_total_improvement, margin: { r: 0.1, smd: 0.2 } }
`;

const p = tempProject();
afterAll(() => p.dispose());

describe('compare: a kept group without variation is refused by name', () => {
  it('a constant outcome names the stage, the by column, the group and the column', async () => {
    const file = p.write('outcome.csv', constant('CBT', 'phq_total_improvement', '5'));
    await expect(runSpecText(p.dir, spec(file))).rejects.toThrow(
      /stage 'cmp', compare\): phq_total_improvement is 5 for all 12 complete patients of modality 'CBT': .*Welch's ANOVA \(oneway\.test: F = NaN\)/,
    );
  });
  it('a constant alliance is refused too, and every such group is named in the one message', async () => {
    const csv = constant('CBT', 'phq_total_improvement', '5');
    const file = p.write('both.csv', csv.split('\n').map((l) => (l.includes('"PDT"') ? l.split(',').map((v, j) => (j === col('wai_total_first3') ? '40' : v)).join(',') : l)).join('\n'));
    const run = runSpecText(p.dir, spec(file));
    await expect(run).rejects.toThrow(/phq_total_improvement is 5 for all 12 complete patients of modality 'CBT'.*; wai_total_first3 is 40 for all 12 complete patients of modality 'PDT': its alliance–outcome correlation is undefined/);
  });
  it('the CLI prints it as one message with exit 1, no stack trace and no output folder', () => {
    p.write('cli.csv', constant('PDT', 'phq_total_improvement', '0'));
    p.write('cli.yaml', spec('cli.csv'));
    const r = cli(['run', 'cli.yaml', '--out', join(p.dir, 'out-cli')], p.dir);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(p.dir, 'out-cli'))).toBe(false);
    expect(r.stderr).toMatch(/^error: stages\[1\] \(stage 'cmp', compare\): phq_total_improvement is 0 for all 12 complete patients of modality 'PDT'/);
  });
});
