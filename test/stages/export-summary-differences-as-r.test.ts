// Stage `export-summary`: the written mean differences equal R to the last bit (Object.is), as the
// stage documents them: yi = mean(x1) − mean(x2) and vi = s₁²/n₁ + s₂²/n₂, i.e. in R
// mean(x1) - mean(x2) and var(x1) / n1 + var(x2) / n2, the values of each group in file order.
// Reference: test/fixtures/export-summary-differences-as-r/export-summary-differences-as-r.R
// (R 4.2.2; values written with sprintf("%.17g")), on one row per patient of the shipped sample
// data-samples/rom-small.csv (patients.csv: mean WAI-SR totals, not whole numbers, and PHQ-9 changes,
// mostly whole numbers), over all rows and with `where` keeping site S02 (where S02 has no HUM
// patient: that difference is suppressed). DuckDB's avg() and var_samp() differed from R in the last
// bits for most of these numbers, var_samp even on whole numbers.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSpecText, tempProject } from '../helpers/temp-project.ts';
import type { SiteSummary } from '../../src/stages/export-summary.ts';

const here = new URL('../fixtures/export-summary-differences-as-r/', import.meta.url);
interface RDifference { variable: string; groups: [string, string]; n1: number; n2: number; yi: string; vi: string }
const R = JSON.parse(readFileSync(new URL('export-summary-differences-as-r.json', here), 'utf8')) as Record<'all' | 'S02', RDifference[]>;
const MIN_N = 10;

const differences = R.all.map((d) => `      - { variable: ${d.variable}, by: modality, groups: [${d.groups.join(', ')}] }`).join('\n');
const spec = `
name: t
stages:
  - { id: patients, type: ingest, file: patients.csv }
  - id: all
    type: export-summary
    from: patients
    site: all
    differences:
${differences}
    minN: ${MIN_N}
    file: all.json
  - id: s02
    type: export-summary
    from: patients
    site: S02
    where: { column: site, equals: S02 }
    differences:
${differences}
    minN: ${MIN_N}
    file: S02.json
`;

let project: ReturnType<typeof tempProject>;
beforeAll(async () => {
  project = tempProject({ 'patients.csv': readFileSync(new URL('patients.csv', here), 'utf8') });
  await runSpecText(project.dir, spec);
}, 60_000);
afterAll(() => project?.dispose());

describe('export-summary: mean differences equal R mean() and var() to the last bit', () => {
  for (const site of ['all', 'S02'] as const) {
    it(`${site}: every difference's n1, n2, yi and vi as written to the summary file`, () => {
      const summary = JSON.parse(readFileSync(project.path(`out/${site}.json`), 'utf8')) as SiteSummary;
      const written = new Map(summary.differences.map((d) => [d.label, d]));
      const want = R[site].filter((e) => e.n1 >= MIN_N && e.n2 >= MIN_N);
      expect(written.size).toBe(want.length);
      expect(want.length).toBeGreaterThanOrEqual(3);
      const misses: string[] = [];
      for (const e of want) {
        const d = written.get(`${e.variable}: ${e.groups[0]} − ${e.groups[1]}`);
        if (!d || d.n1 !== e.n1 || d.n2 !== e.n2 || !Object.is(d.yi, Number(e.yi)) || !Object.is(d.vi, Number(e.vi))) {
          misses.push(`${e.variable} ${e.groups.join('−')}: n ${d?.n1}, ${d?.n2} yi ${d?.yi} vi ${d?.vi} (R ${e.n1}, ${e.n2} ${e.yi} ${e.vi})`);
        }
      }
      expect(misses).toEqual([]);
    });
  }
});
