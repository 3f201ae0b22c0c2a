// `alliance correlate` text: Kendall's APA sentence already ends "N = …" (a z test has no df), so
// the line does not add "; n = …" again (it read "N = 300; n = 300"); counts from 1,000 on have
// thousands separators (APA 7th ed. §6.38), in the sentence and in the line (it read "n = 3275").
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempProject } from '../helpers/temp-project.ts';

const project = tempProject();
afterAll(() => project.dispose());
// 1,250 pairs, two of them incomplete: x and y share a trend with deterministic scatter
const lines = ['x,y', ...Array.from({ length: 1250 }, (_, i) => (i === 10 ? `${i},` : i === 20 ? `,${i}` : `${i},${i + ((i * 7919) % 401) - 200}`))];
const file = project.write('big.csv', lines.join('\n') + '\n');

describe('alliance correlate text: the sample size once, with thousands separators', () => {
  it('kendall: N = 1,248 in the sentence and no second n', () => {
    const r = cli(['correlate', file, '--x', 'x', '--y', 'y', '--method', 'kendall']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^kendall: τ = .*, N = 1,248 \(2 incomplete rows left out\)\n$/);
    expect(r.stdout).not.toMatch(/; n = /);
  });
  it.each(['pearson', 'spearman'])('%s: r(1,246) in the sentence, then n = 1,248', (method) => {
    const r = cli(['correlate', file, '--x', 'x', '--y', 'y', '--method', method]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^${method}: r[s]?\\(1,246\\) = .*; n = 1,248 \\(2 incomplete rows left out\\)\\n$`));
  });
});
