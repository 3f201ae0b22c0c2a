// Approximate degrees of freedom (Satterthwaite) are printed to two decimals everywhere in the report,
// as formatDf documents and APA asks for fractional df. Before, within-between's text printed
// "t(1234.5)" and the fixed-effects tables of the mixed models printed their df column to one
// decimal, while the Welch tests of other stages printed two. Expectations: the stage's own df in
// its result, written as "d.dd" by hand (toFixed(2)), not through the formatter under test.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSpecText, tempProject } from '../helpers/temp-project.ts';
import { ROM_SMALL_SCORED } from '../helpers/rom-small-scored.ts';

interface Fixed { df: number }
const p = tempProject();
afterAll(() => p.dispose());

/** "1,234.57": two decimals with thousands separators, as the report prints numbers. */
const twoDecimals = (x: number) => x.toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/, ',');

describe('approximate df to two decimals', () => {
  let html: string;
  let wb: { model: { fixed: Record<string, Fixed> } };
  let mixed: { fixed: Record<string, Fixed> };
  beforeAll(async () => {
    const out = await runSpecText(
      p.dir,
      `${ROM_SMALL_SCORED}  - { id: st, type: within-between, from: scored, alliance: wai_total, outcome: phq_total, lag: 1 }
  - { id: m, type: mixed, from: scored, formula: "phq_total ~ session + wai_total + (1 | patient)" }
  - { id: report, type: report }
`,
    );
    wb = out.results.st as typeof wb;
    mixed = out.results.m as typeof mixed;
    html = readFileSync(join(p.dir, 'out/index.html'), 'utf8');
  });

  it('within-between: t(df) in the text', () => {
    const df = wb.model.fixed.alliance_within!.df;
    expect(Number.isInteger(df)).toBe(false);
    expect(html.match(/session\(s\) later \(SE [^,]*, t\([^)]*\)/)?.[0]).toMatch(new RegExp(`, t\\(${twoDecimals(df).replace('.', '\\.')}\\)$`));
  });

  it('mixed: the df column of the fixed-effects table', () => {
    const dfs = Object.values(mixed.fixed).map((f) => f.df);
    expect(dfs.some((d) => !Number.isInteger(d))).toBe(true);
    for (const df of dfs) expect(html.includes(`<td class="num">${twoDecimals(df)}</td>`), `df cell ${twoDecimals(df)}`).toBe(true);
  });
});
