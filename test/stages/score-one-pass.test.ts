// Score writes its table in one pass when the source is a stored table and every instrument stops
// on invalid responses (the default): the score table carries a guard that stops at an invalid
// response and each scale's answered count, from which the ledger counts are read. These tests
// check that path against counts computed here in plain JS from the generated responses and the
// definitions' rules (methods.md §2: prorate when at most ⌊k · maxMissingFraction⌋ of a scale's k
// items are missing; the OQ-45 total is the sum of its prorated subscales, missing when one is),
// against the two-pass path (`invalid: missing` on the same valid data), and that an invalid
// response still stops the run with the message that locates its row, column and value.
import { afterAll, describe, expect, it } from 'vitest';
import { oq45 } from '../../src/instruments/oq45.ts';
import { waiSr } from '../../src/instruments/wai-sr.ts';
import { createRng } from '../../src/stats/random/index.ts';
import { runSpecText, tempProject } from '../helpers/temp-project.ts';

const project = tempProject();
afterAll(() => project.dispose());

const rng = createRng(7);
const header = ['patient', 'session', ...Array.from({ length: 12 }, (_, i) => `wai${i + 1}`), ...Array.from({ length: 45 }, (_, i) => `oq${i + 1}`)];
/** Per row, WAI-SR and OQ-45 responses (null = missing): per row a missingness rate from 0 to 30%, some rows blank. */
const data = Array.from({ length: 600 }, (_, r) => {
  const rate = r % 25 === 0 ? 1 : [0, 0.02, 0.08, 0.15, 0.3][r % 5];
  return {
    wai: Array.from({ length: 12 }, () => (rng.uniform() < rate ? null : 1 + Math.floor(rng.uniform() * 5))),
    oq: Array.from({ length: 45 }, () => (rng.uniform() < rate ? null : Math.floor(rng.uniform() * 5))),
  };
});
const csvOf = (rows: typeof data) =>
  [header.join(','), ...rows.map((d, r) => [`P${Math.floor(r / 6)}`, (r % 6) + 1, ...d.wai, ...d.oq].map((v) => (v === null ? '' : String(v))).join(','))].join('\n') + '\n';
project.write('valid.csv', csvOf(data));

/** The ledger counts of one scale: its items as 1-based numbers within the row's responses. */
function expected(responses: (number | null)[][], items: number[], fraction: number) {
  const allowed = Math.floor(items.length * fraction + 1e-9);
  let prorated = 0, tooMany = 0, none = 0;
  for (const row of responses) {
    const missing = items.filter((i) => row[i - 1] === null).length;
    if (missing === items.length) none++;
    else if (missing > allowed) tooMany++;
    else if (missing > 0) prorated++;
  }
  return { prorated, tooManyMissing: tooMany, formMissing: none };
}

const spec = (invalid: string, file = 'valid.csv') => `
name: t
stages:
  - { id: sessions, type: ingest, file: ${file} }
  - id: scored
    type: score
    from: sessions
    instruments:
      - { instrument: wai-sr, prefix: wai, invalid: ${invalid} }
      - { instrument: oq-45, items: 'oq{i}', prefix: oq, invalid: ${invalid} }
`;
type Scales = Record<string, { prorated: number; tooManyMissing: number; formMissing: number; scored: number }>;

describe('score in one pass (stored source, invalid responses refused)', async () => {
  const onePass = await runSpecText(project.dir, spec('error'));
  const twoPass = await runSpecText(project.dir, spec('missing'));
  const scales = (onePass.results.scored as { scales: Scales }).scales;

  it('counts prorated, too-many-missing and blank forms per WAI-SR scale as the rule gives them', () => {
    const rows = data.map((d) => d.wai);
    const all = Array.from({ length: 12 }, (_, i) => i + 1);
    for (const [scale, items] of [['total', all], ...Object.entries(waiSr.subscales)] as [string, number[]][]) {
      const want = expected(rows, items, waiSr.maxMissingFraction);
      expect(scales[`wai_${scale}`], scale).toMatchObject(want);
      expect(scales[`wai_${scale}`].scored).toBe(600 - want.tooManyMissing - want.formMissing);
    }
    expect(scales.wai_total.prorated).toBeGreaterThan(10);
    expect(scales.wai_total.tooManyMissing).toBeGreaterThan(10);
  });

  it('OQ-45: subscales by the rule; the total prorated when an item is missing and every subscale scored', () => {
    const rows = data.map((d) => d.oq);
    for (const [scale, items] of Object.entries(oq45.subscales)) expect(scales[`oq_${scale}`], scale).toMatchObject(expected(rows, items, oq45.maxMissingFraction));
    const subs = Object.values(oq45.subscales);
    const scoredAll = (row: (number | null)[]) => subs.every((items) => expected([row], items, oq45.maxMissingFraction).tooManyMissing + expected([row], items, oq45.maxMissingFraction).formMissing === 0);
    const anyMissing = (row: (number | null)[]) => row.some((v) => v === null);
    const blank = (row: (number | null)[]) => row.every((v) => v === null);
    expect(scales.oq_total).toMatchObject({
      prorated: rows.filter((r) => anyMissing(r) && scoredAll(r)).length,
      tooManyMissing: rows.filter((r) => !blank(r) && !scoredAll(r)).length,
      formMissing: rows.filter(blank).length,
    });
  });

  it('gives the two-pass path’s counts and ledger', () => {
    expect(scales).toEqual((twoPass.results.scored as { scales: Scales }).scales);
    const entries = (o: typeof onePass) => o.ledger.entries.filter((e) => e.stage === 'scored');
    expect(entries(onePass)).toEqual(entries(twoPass));
  });

  it('an invalid response still stops the run at its row, column and value', async () => {
    const bad = data.map((d) => ({ wai: [...d.wai], oq: [...d.oq] }));
    bad[4].wai[2] = 7;
    bad[11].wai[2] = 9;
    bad[2].oq[7] = 2.5;
    project.write('bad.csv', csvOf(bad));
    const err = await runSpecText(project.dir, spec('error', 'bad.csv')).then(
      () => undefined,
      (e: unknown) => e as { message: string; row?: number; column?: string },
    );
    expect(err?.message).toMatch(/^value 7 is outside the Working Alliance Inventory – Short Revised response range 1–5 \(whole numbers\); 1 more such value\(s\) in this column\./);
    expect(err).toMatchObject({ row: 5, column: 'wai3' });
  });

  it('the methods state each scale\'s prorating limit (⌊k · maxMissingFraction⌋ of its k items)', () => {
    const methods = onePass.stages.find((x) => x.id === 'scored')!.output.methods!.join(' ');
    // WAI-SR: ⌊12 · 0.2⌋ = 2, ⌊4 · 0.2⌋ = 0; OQ-45 (maxMissingFraction 0.1, subscales only): ⌊25 · 0.1⌋ = 2, ⌊11 · 0.1⌋ = 1, ⌊9 · 0.1⌋ = 0
    expect(methods).toContain('(Working Alliance Inventory – Short Revised: up to 2 of 12 items missing for the total, none for its 4-item subscales; Outcome Questionnaire-45.2: up to 2 of 25 for sd, up to 1 of 11 for ir, none of 9 for sr)');
  });
});
