// OQ-45 total = sum of the prorated subscales. Reference: ../shared/reference/methods.md §2, OQ-45
// details: "Missing items: replace with the rounded mean of the remaining items in that subscale
// [V: scoring sheet]"; with the total being SD + IR + SR (0–180 = 0–100 + 0–44 + 0–36), a missing
// item never enters the total with another subscale's mean. Expected values are worked out by hand
// below (exact integers or k/45: tolerance 0 or 1e-12). Subscale limits with maxMissingFraction .1:
// SD ⌊2.5⌋ = 2, IR ⌊1.1⌋ = 1, SR ⌊0.9⌋ = 0 missing items.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBSession, sqlIdent } from '../../src/engine/duckdb-session.ts';
import { builtinInstruments } from '../../src/instruments/index.ts';
import { defineInstrument } from '../../src/instruments/instrument-definition.ts';
import { scaleSql } from '../../src/instruments/scoring-sql.ts';
import { runSpecText, tempProject } from '../helpers/temp-project.ts';

const oq = builtinInstruments.get('oq-45')!;
const cols = Array.from({ length: 45 }, (_, i) => `oq${i + 1}`);

/**
 * A raw OQ-45 row whose SCORED (reverse-keyed) item values are `sd`, `ir`, `sr` per subscale (a
 * function of the position in the subscale's item list), `null` for a missing item.
 */
function row(sd: (n: number) => number | null, ir: (n: number) => number | null, sr: (n: number) => number | null): (number | null)[] {
  const raw: (number | null)[] = Array(45).fill(null);
  for (const [items, f] of [[oq.subscales.sd, sd], [oq.subscales.ir, ir], [oq.subscales.sr, sr]] as const) {
    items.forEach((item, n) => {
      const v = f(n);
      raw[item - 1] = v === null ? null : oq.reverse.includes(item) ? 4 - v : v;
    });
  }
  return raw;
}

// Patient X, session 1 of the audit (/tmp/audit-pipes/oq.csv): SD item 2 (first in the SD list) missing, every
// other SD item scored 4, every IR and SR item scored 0.
//   SD = 24·4 + round(96/24 = 4) = 100; IR = 0; SR = 0; total = 100 + 0 + 0 = 100.
//   (The defect prorated the total from all 44 answered items: 96 + round(96/44 = 2.18) = 98.)
const patientX = row((n) => (n === 0 ? null : 4), () => 0, () => 0);

// Two subscales each miss one item: SD item 3 (second in the list) and IR item 7 (second in the list).
//   SD: 24 answered, 13 scored 3 and 11 scored 2 → 39 + 22 = 61, mean 61/24 = 2.54 → 3; SD = 61 + 3 = 64.
//   IR: 10 answered, all 0 → mean 0; IR = 0.       SR: 9 × 4 = 36.
//   total = 64 + 0 + 36 = 100.  (All-items prorating: 97 + 2·round(97/43 = 2.26) = 101.)
const sdValues = (n: number) => (n === 1 ? null : n < 14 ? 3 : 2); // positions 0, 2..13 → 3 (13 items), 14..24 → 2 (11 items)
const twoSubscales = row(sdValues, (n) => (n === 1 ? null : 0), () => 4);

// SR item 4 (first in the SR list) missing: SR allows no missing item, so SR is missing and so is the total
// (set missing, not prorated), although 1 of 45 items is well under 10 %.
const srMissing = row(() => 1, () => 1, (n) => (n === 0 ? null : 1));

// Three items missing, one too many for SD (2 allowed): SD and the total are missing.
const sdTooMany = row((n) => (n < 3 ? null : 2), () => 2, () => 2);

const complete = row(() => 1, () => 2, () => 3); // 25 + 22 + 27 = 74, nothing prorated
const empty: (number | null)[] = Array(45).fill(null);

let db: DuckDBSession;
beforeAll(async () => {
  db = await DuckDBSession.create();
});
afterAll(() => db.close());

async function score(rows: (number | null)[][], aggregate: 'sum' | 'mean' = 'sum', def = oq) {
  const scales = scaleSql(def, cols.slice(0, def.items), aggregate);
  const values = rows.map((r) => `(${r.map((v) => (v === null ? 'NULL' : v)).join(', ')})`).join(', ');
  const select = scales.flatMap((s) => [
    `(${s.score})::DOUBLE AS ${sqlIdent(s.scale)}`,
    `(${s.prorated}) AS ${sqlIdent(`${s.scale}_prorated`)}`,
    `(${s.tooManyMissing}) AS ${sqlIdent(`${s.scale}_tooMany`)}`,
    `(${s.allMissing}) AS ${sqlIdent(`${s.scale}_empty`)}`,
  ]);
  return (await db.rows(`SELECT ${select.join(', ')} FROM (VALUES ${values}) AS t(${cols.slice(0, def.items).join(', ')})`)) as Record<string, number | boolean | null>[];
}

describe('OQ-45 total is the sum of the prorated subscales (scoring sheet)', () => {
  it('patient X: SD item 2 missing, SD items 4, IR/SR 0 → SD 100, total 100 (not 98)', async () => {
    const [s] = await score([patientX]);
    expect(s).toMatchObject({ sd: 100, ir: 0, sr: 0, total: 100 });
    expect(s.total).toBe((s.sd as number) + (s.ir as number) + (s.sr as number));
  });

  it('SD and IR each miss an item: SD 64, IR 0, SR 36, total 100 (all-items prorating would give 101)', async () => {
    const [s] = await score([twoSubscales]);
    expect(s).toMatchObject({ sd: 64, ir: 0, sr: 36, total: 100 });
  });

  it('the total is missing when a subscale is, and each row is counted once as prorated, set missing or form missing', async () => {
    const rows = await score([patientX, twoSubscales, srMissing, sdTooMany, complete, empty]);
    expect(rows.map((r) => r.total)).toEqual([100, 100, null, null, 74, null]);
    expect(rows.map((r) => r.sr)).toEqual([0, 36, null, 18, 27, null]);
    expect(rows.map((r) => r.sd)).toEqual([100, 64, 25, null, 25, null]);
    expect(rows.map((r) => r.total_prorated)).toEqual([true, true, false, false, false, false]);
    expect(rows.map((r) => r.total_tooMany)).toEqual([false, false, true, true, false, false]);
    expect(rows.map((r) => r.total_empty)).toEqual([false, false, false, false, false, true]);
  });

  it('item-mean aggregate: the total is the prorated subscale sum over 45 items', async () => {
    const [x, two] = await score([patientX, twoSubscales], 'mean');
    expect(x.total).toBeCloseTo(100 / 45, 12);
    expect(two.total).toBeCloseTo(100 / 45, 12);
    expect(two.sd).toBeCloseTo(64 / 25, 12);
  });

  it('an instrument without the rule still prorates its total from all its own items (WAI-SR)', async () => {
    // WAI-SR (maxMissingFraction .2): task items 5, bond 4, goal 3, task item 1 missing. Subscales allow
    // ⌊0.8⌋ = 0 missing, so task is missing; the total allows ⌊2.4⌋ = 2: 43 answered over 11 items,
    // total = 43 + 43/11 = 46.909…
    const wai = builtinInstruments.get('wai-sr')!;
    const raw = [null, 5, 4, 3, 4, 3, 4, 3, 4, 5, 3, 5];
    const [s] = await score([raw], 'sum', wai);
    expect(s.task).toBeNull();
    expect(s.total as number).toBeCloseTo(43 + 43 / 11, 12);
    expect(s.total_prorated).toBe(true);
  });

  it('rejects the rule on an instrument whose subscales do not use every item once', () => {
    expect(() =>
      defineInstrument({ key: 'x', name: 'X', items: 4, min: 0, max: 4, higherIsBetter: false, roundProratedMean: true, subscales: { a: [1, 2], b: [3] }, citation: { key: 'x', text: 'X' } }),
    ).toThrow(/every item exactly once/);
  });
});

describe('score stage on the audit file: values and ledger counts for oq_total', () => {
  let project: ReturnType<typeof tempProject> | undefined;
  afterEach(() => project?.dispose());

  it('scores oq_total = SD + IR + SR and counts prorated / set-missing totals', async () => {
    const line = (p: string, s: number, r: (number | null)[]) => [p, s, ...r.map((v) => (v === null ? '' : v))].join(',');
    const csv = ['patient,session,' + cols.join(','), line('X', 1, patientX), line('X', 2, complete), line('Y', 1, twoSubscales), line('Y', 2, srMissing), line('Z', 1, complete)].join('\n') + '\n';
    project = tempProject({ 'oq.csv': csv });
    const outcome = await runSpecText(
      project.dir,
      `
name: oq
stages:
  - id: sessions
    type: ingest
    file: oq.csv
  - id: scored
    type: score
    from: sessions
    instruments:
      - { instrument: oq-45, prefix: oq }
`,
    );
    const scales = (outcome.results.scored as { scales: Record<string, { prorated: number; tooManyMissing: number; formMissing: number; scored: number }> }).scales;
    // rows: X1 prorated (total 100), X2 complete, Y1 prorated (total 100), Y2 SR missing → total missing, Z1 complete
    expect(scales.oq_total).toEqual({ prorated: 2, tooManyMissing: 1, formMissing: 0, scored: 4 });
    expect(scales.oq_sr).toEqual({ prorated: 0, tooManyMissing: 1, formMissing: 0, scored: 4 });
    const ledger = outcome.ledger.entries.filter((e) => e.stage === 'scored' && e.detail.startsWith('oq_total:'));
    expect(ledger.find((e) => e.reason === 'missing-items-prorated')?.count).toBe(2);
    expect(ledger.find((e) => e.reason === 'too-many-missing-items')?.count).toBe(1);
    // the entries say how the total came about (sum of prorated subscales), not a 10% item limit
    expect(ledger.find((e) => e.reason === 'missing-items-prorated')?.detail).toBe('oq_total: the sum of its subscales, at least one of them prorated');
    expect(ledger.find((e) => e.reason === 'too-many-missing-items')?.detail).toBe('oq_total: left missing because a subscale was missing (too many of its items missing)');
    expect(outcome.stages.find((s) => s.id === 'scored')!.output.methods!.join(' ')).toContain('Outcome Questionnaire-45.2: each missing item replaced by the rounded mean of its subscale, and the total the sum of the subscales');
  });
});
