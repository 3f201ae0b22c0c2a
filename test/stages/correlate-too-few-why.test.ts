// A pair left with too few complete rows said only "partial correlation: needs at least 6 pairs,
// got 0". Found by QA on an export whose sessions are numbered 2, 4, 6 …: the demo stopped at
// correlate without a word on why, because with no session 3 every patient's only score up to
// session 3 is the baseline, so prior improvement is missing for all of them. README promise:
// every user error is one clear message naming where the problem is. The message now counts the
// rows lacking each column, most first, and says what a row needs for the patients stage's columns
// (TableShape.needs), naming the option that sets k.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeMissing } from '../../src/engine/missing-by-design.ts';
import { REPO, runSpecText, tempProject } from '../helpers/temp-project.ts';

const project = tempProject();
afterAll(() => project.dispose());

/** data-samples/rom-small.csv with every session number doubled (2, 4, 6 …), as a biweekly export numbers them. */
function doubledSessions(): string {
  const [header, ...lines] = readFileSync(join(REPO, 'data-samples/rom-small.csv'), 'utf8').trimEnd().split('\n');
  const at = header!.split(',').indexOf('session');
  return [header, ...lines.map((l) => l.split(',').map((v, i) => (i === at ? String(2 * Number(v)) : v)).join(','))].join('\n') + '\n';
}

const spec = (file: string) => `
name: t
stages:
  - { id: sessions, type: ingest, file: ${file} }
  - { id: scored, type: score, from: sessions, instruments: [{ instrument: wai-sr, prefix: wai }, { instrument: phq-9, prefix: phq }] }
  - { id: patients, type: patients, from: scored, outcome: phq_total, alliance: [wai_total] }
  - id: r
    type: correlate
    from: patients
    pairs: [{ x: wai_total_first3, y: phq_total_later_improvement, covariates: [phq_total_baseline, phq_total_prior_improvement] }]
`;

describe('correlate: a pair with too few complete rows says which columns the others lacked', () => {
  it('sessions numbered 2, 4, 6 …: prior improvement is missing for all 300 patients, and what it needs', async () => {
    project.write('gaps.csv', doubledSessions());
    const error = await runSpecText(project.dir, spec(project.path('gaps.csv'))).then(
      () => null,
      (e: Error) => e.message,
    );
    expect(error).toMatch(/^stages\[3\] \(stage 'r', correlate\): pairs\[0\] \(wai_total_first3 × phq_total_later_improvement\): partial correlation: needs at least 6 pairs, got 0\. /);
    expect(error).toContain(
      "All 300 rows of table 'patients' lack a value: phq_total_prior_improvement in 300, which needs an outcome score after the baseline at a session numbered up to 3 (stage 'patients', option session); ",
    );
  });

  it('the same pipeline on the sample as shipped (sessions 1, 2, 3 …) correlates the pair', async () => {
    const out = await runSpecText(project.dir, spec(join(REPO, 'data-samples/rom-small.csv')));
    expect((out.results.r as { correlations: { n: number }[] }).correlations[0]!.n).toBeGreaterThan(200);
  });
});

describe('describeMissing', () => {
  const nan = NaN;
  it('counts each column once, most first, with what a row needs when the table says', () => {
    const x = Float64Array.of(1, nan, 3, 4, 5);
    const y = Float64Array.of(nan, nan, 3, nan, 5);
    expect(describeMissing(['x', 'y', 'x'], [x, y, x], { needs: new Map([['y', 'a score at session 3']]), source: "table 'p'" })).toBe(
      "3 of the 5 rows of table 'p' lack a value: y in 3, which needs a score at session 3; x in 1",
    );
  });

  it('says all or both when no row is complete, and names no source when given none', () => {
    expect(describeMissing(['a', 'b'], [Float64Array.of(nan, 1, 2), Float64Array.of(1, nan, nan)])).toBe('All 3 rows lack a value: b in 2; a in 1');
    expect(describeMissing(['a'], [Float64Array.of(nan, nan)])).toBe('Both rows lack a value: a in 2');
    expect(describeMissing(['a'], [Float64Array.of(nan)])).toBe('The only row lacks a value: a in 1');
    expect(describeMissing(['a'], [Float64Array.of(nan, 1, 2)])).toBe('1 of the 3 rows lacks a value: a in 1');
  });
});
