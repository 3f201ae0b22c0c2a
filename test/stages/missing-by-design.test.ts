// Values a patient lacks by design are not missing data (README "Nothing is lost silently"): later
// improvement needs a recorded session after session k, change needs two sessions, early alliance
// needs a session up to k. Before TableShape.missingByDesign, every stage that left such patients
// out counted them as `excluded`, so --strict stopped on complete data (e.g. the demo's
// "early alliance × later improvement" pair for patients who ended by session 3). Now they are
// `not-applicable`; a value missing from a filled-in session is still `excluded`.
//
// The data written here is complete (no blank cell) and each patient's sessions are numbered
// without gaps, so the patients stage's values are missing exactly where the design rules them
// out. Expected patient sets (k = 3), worked out by hand from the session ranges below:
//   P01 sessions 1, P02 1–2, P03 1–3, P04 1–4 … P12 1–12, P13 4–8 (starts after k), P14 3–7.
//   wai_total_s3 (a score at session 3): missing for P01, P02, P13
//   wai_total_first3, phq_total_at_3 (a score up to session 3): P13
//   wai_total_slope, phq_total_change, phq_total_improvement (two sessions): P01
//   phq_total_prior_improvement (two sessions up to 3): P01, P13, P14
//   phq_total_later_improvement (a session up to 3 and one after it): P01, P02, P03, P13
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSpecText, tempProject } from '../helpers/temp-project.ts';
import type { LedgerEntry } from '../../src/engine/ledger.ts';

const RANGES: [number, number][] = [[1, 1], [1, 2], [1, 3], [1, 4], [1, 5], [1, 6], [1, 7], [1, 8], [1, 9], [1, 10], [1, 11], [1, 12], [4, 8], [3, 7]];

/** The data; `blank` empties phq_total of one patient (1-based) from a session on. */
function csv(blank?: { patient: number; from: number }): string {
  const lines = ['patient,therapist,modality,session,wai_total,phq_total'];
  let seed = 11;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  RANGES.forEach(([first, last], p) => {
    for (let s = first; s <= last; s++) {
      const wai = Math.round(40 + s + 10 * next());
      const phq = Math.max(0, Math.round(22 - 1.3 * s + 7 * next()));
      const blankHere = blank && blank.patient === p + 1 && s >= blank.from;
      lines.push(`P${String(p + 1).padStart(2, '0')},T${(p % 4) + 1},${p % 2 ? 'CBT' : 'PDT'},${s},${wai},${blankHere ? '' : phq}`);
    }
  });
  return lines.join('\n') + '\n';
}

const COLUMNS = ['wai_total_s3', 'wai_total_first3', 'phq_total_at_3', 'wai_total_slope', 'phq_total_change', 'phq_total_improvement', 'phq_total_prior_improvement', 'phq_total_later_improvement'];
const EXPECTED_BY_DESIGN = [3, 1, 1, 1, 1, 1, 3, 4];

const spec = `
name: t
seed: 5
stages:
  - { id: sessions, type: ingest, file: data.csv }
  - { id: patients, type: patients, from: sessions, outcome: phq_total, alliance: [wai_total], session: 3 }
  - id: each
    type: correlate
    from: patients
    pairs: [${COLUMNS.map((c) => `{ x: wai_total_mean, y: ${c} }`).join(', ')}]
  - { id: change, type: change, from: patients, outcome: phq_total, rcValue: 5 }
  - id: c
    type: correlate
    from: patients
    pairs:
      - { x: wai_total_first3, y: phq_total_later_improvement }
      - { x: wai_total_first3, y: phq_total_improvement, covariates: [phq_total_prior_improvement] }
  - { id: modalities, type: compare, from: change, by: modality, alliance: wai_total_first3, outcome: phq_total_improvement, margin: { r: 0.1, smd: 0.2 } }
  - { id: th, type: therapist-effects, from: patients, alliance: wai_total_mean, outcome: phq_total_later_improvement }
  - { id: export, type: export-summary, from: patients, site: A, minN: 4, correlations: [{ x: wai_total_first3, y: phq_total_later_improvement }] }
  - { id: sudden, type: sudden, from: sessions, score: phq_total, direction: decrease, crit1: 3, outcome: { from: patients, column: phq_total_later_improvement } }
  - { id: ruptures, type: ruptures, from: sessions, score: wai_total, outcome: { from: change, column: phq_total_improvement } }
  - id: d
    type: derive
    from: patients
    columns: { half: phq_total_later_improvement / 2, with_first: phq_total_later_improvement + wai_total_first3, chained: half * 2, never: 'coalesce(phq_total_later_improvement, 0)' }
  - { id: dc, type: correlate, from: d, pairs: [{ x: wai_total_mean, y: half }, { x: wai_total_mean, y: with_first }, { x: wai_total_mean, y: chained }, { x: wai_total_mean, y: never }] }
  - { id: m, type: mixed, from: d, formula: 'half ~ wai_total_mean + (1 | therapist)' }
`;

const entries = (all: LedgerEntry[], stage: string) => all.filter((e) => e.stage === stage);

describe('values missing by design', () => {
  let complete: ReturnType<typeof tempProject>;
  let withBlank: ReturnType<typeof tempProject>;
  beforeAll(() => {
    complete = tempProject({ 'data.csv': csv() });
    // P06 (sessions 1–6) without phq_total from session 4 on: its later improvement is missing data
    withBlank = tempProject({ 'data.csv': csv({ patient: 6, from: 4 }) });
  });
  afterAll(() => {
    complete?.dispose();
    withBlank?.dispose();
  });

  it('complete data passes --strict, each value the design rules out counted as not applicable', async () => {
    const { ledger, results } = await runSpecText(complete.dir, spec, { strict: true });
    expect(ledger.exclusions()).toEqual([]);
    // one pair per patients column: exactly the hand-counted patients, named with the column
    const each = entries(ledger.entries, 'each');
    COLUMNS.forEach((c, i) => {
      const e = each.find((x) => x.detail.startsWith(`wai_total_mean × ${c}:`));
      expect(e, c).toMatchObject({ action: 'not-applicable', unit: 'patients', reason: 'missing-by-design', count: EXPECTED_BY_DESIGN[i] });
      expect(e!.detail).toContain(`(${c}: patients `);
      expect((results.each as { correlations: { n: number; missingPairs: number }[] }).correlations[i]).toMatchObject({ n: 14 - EXPECTED_BY_DESIGN[i]!, missingPairs: EXPECTED_BY_DESIGN[i] });
    });
    // the change stage: P01
    expect(entries(ledger.entries, 'change')).toContainEqual(expect.objectContaining({ action: 'not-applicable', reason: 'missing-by-design', count: 1 }));
    // first3 × later: P01, P02, P03, P13 (P13 lacks both; only the columns some patient lacks are named)
    const [later, partial] = entries(ledger.entries, 'c');
    expect(later).toMatchObject({ action: 'not-applicable', count: 4 });
    expect(later!.detail).toMatch(/\(wai_total_first3: patients whose first recorded session is after session 3; phq_total_later_improvement: patients with no recorded session after session 3, or none up to it\)$/);
    // first3 × improvement | prior: P01, P13, P14
    expect(partial).toMatchObject({ action: 'not-applicable', count: 3 });
    // compare, from the change table that carries the patients table's columns: P01 (improvement), P13 (first3)
    expect(entries(ledger.entries, 'modalities')).toContainEqual(expect.objectContaining({ action: 'not-applicable', reason: 'missing-by-design', count: 2 }));
    expect(entries(ledger.entries, 'th')).toContainEqual(expect.objectContaining({ action: 'not-applicable', reason: 'missing-by-design', count: 4 }));
    expect(entries(ledger.entries, 'export')).toContainEqual(expect.objectContaining({ action: 'not-applicable', reason: 'missing-by-design', count: 4 }));
    // outcome comparisons: later improvement (4 patients), improvement carried into the change table (P01)
    expect(entries(ledger.entries, 'sudden')).toContainEqual(expect.objectContaining({ action: 'not-applicable', reason: 'missing-by-design', count: 4 }));
    // ruptures: P01, with one session, is not evaluable and counted once, as a series too short
    // (not also as lacking its improvement by design: each left-out patient once per stage)
    expect(entries(ledger.entries, 'ruptures')).toContainEqual(expect.objectContaining({ action: 'not-applicable', reason: 'series-too-short', count: 1 }));
    expect(entries(ledger.entries, 'ruptures').filter((e) => e.reason === 'missing-by-design').reduce((n, e) => n + e.count, 0)).toBe(0);
    // derived from later improvement (and first3, lacking for P13 only, who lacks both): the same 4
    // patients, through a chain of two derived columns too; coalesce() leaves none missing
    expect(entries(ledger.entries, 'dc').map((e) => [e.detail.split(':')[0], e.action, e.count])).toEqual([
      ['wai_total_mean × half', 'not-applicable', 4],
      ['wai_total_mean × with_first', 'not-applicable', 4],
      ['wai_total_mean × chained', 'not-applicable', 4],
    ]);
    expect(entries(ledger.entries, 'dc')[2]!.detail).toContain('(chained: patients lacking half by design (half: patients lacking phq_total_later_improvement by design');
    expect((results.dc as { correlations: { n: number }[] }).correlations.map((c) => c.n)).toEqual([10, 10, 10, 14]);
    // a mixed model on the derived table: its dropped rows are the same patients
    expect(entries(ledger.entries, 'm')).toEqual([expect.objectContaining({ action: 'not-applicable', unit: 'rows', reason: 'missing-by-design', count: 4 })]);
  });

  it('a derived value missing although its inputs are present (division by zero) is not missing by design', async () => {
    const zero = `${spec}
  - { id: z, type: derive, from: patients, columns: { ratio: phq_total_later_improvement / (last_session - 6) } }
  - { id: zc, type: correlate, from: z, pairs: [{ x: wai_total_mean, y: ratio }] }
`;
    const { ledger } = await runSpecText(complete.dir, zero);
    // P06, whose last session is 6, and who has later improvement
    expect(entries(ledger.entries, 'z')).toEqual([expect.objectContaining({ action: 'set-missing', reason: 'derived-undefined', count: 1 })]);
    // the 4 patients lacking later improvement lack the ratio by design; P06 lacks it for the division
    expect(entries(ledger.entries, 'zc').map((e) => [e.action, e.count])).toEqual([['not-applicable', 4], ['excluded', 1]]);
  });

  it('a chain of derived columns each reading two before it stops being declared once its condition is too long', async () => {
    // each link's condition holds both earlier ones', so it grows like the Fibonacci numbers: f30
    // would be over a million times f1's, had MAX_BY_DESIGN_SQL not stopped it
    const links = Array.from({ length: 30 }, (_, i) => `f${i + 1}: '${i === 0 ? 'phq_total_later_improvement' : i === 1 ? 'f1 * 2' : `f${i} + f${i - 1}`}'`);
    const chain = `${spec}
  - { id: f, type: derive, from: patients, columns: { ${links.join(', ')} } }
  - { id: fc, type: correlate, from: f, pairs: [{ x: wai_total_mean, y: f3 }, { x: wai_total_mean, y: f30 }] }
`;
    const { ledger } = await runSpecText(complete.dir, chain);
    const [f3, f30] = ['f3', 'f30'].map((c) => entries(ledger.entries, 'fc').filter((e) => e.detail.startsWith(`wai_total_mean × ${c}:`)).map((e) => [e.action, e.count]));
    expect(f3).toEqual([['not-applicable', 4]]);
    // not declared: the same 4 patients count as missing data
    expect(f30).toEqual([['excluded', 4]]);
  });

  it('a value missing from recorded sessions is missing data: excluded, and --strict stops on it', async () => {
    await expect(runSpecText(withBlank.dir, spec, { strict: true })).rejects.toThrow(/--strict: stages\[2\] \(stage 'each', correlate\) excluded 1 patients \(incomplete-pair\): wai_total_mean × phq_total_later_improvement/);
    const { ledger } = await runSpecText(withBlank.dir, spec);
    for (const stage of ['each', 'c', 'th', 'export', 'sudden']) {
      const later = entries(ledger.entries, stage).filter((e) => /later_improvement/.test(e.detail) && !/\| /.test(e.detail));
      expect(later.map((e) => [e.action, e.count]), stage).toEqual([['not-applicable', 4], ['excluded', 1]]);
    }
    // derived from later improvement: P06's value is missing data there too, in a correlation and a mixed model
    expect(entries(ledger.entries, 'dc').filter((e) => e.detail.startsWith('wai_total_mean × half:')).map((e) => [e.action, e.count])).toEqual([['not-applicable', 4], ['excluded', 1]]);
    expect(entries(ledger.entries, 'm').map((e) => [e.action, e.unit, e.count])).toEqual([['not-applicable', 'rows', 4], ['excluded', 'rows', 1]]);
  });
});
