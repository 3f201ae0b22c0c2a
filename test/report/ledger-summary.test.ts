// ledgerSummary (arquero groupby + pivot): the report's "Data-quality summary by stage" table.
// Expected values are the ledger's counts summed in this file by a plain loop per stage × unit ×
// action (0 where none), rows in pipeline stage order; and a report built from data-samples/
// rom-small.csv carries the table (index.html and tables/data-quality-summary.csv) with those sums.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerAction, LedgerEntry, LedgerUnit } from '../../src/engine/ledger.ts';
import { ledgerSummary } from '../../src/report/ledger/index.ts';
import { runSpecText, tempProject } from '../helpers/temp-project.ts';
import { ROM_SMALL_SCORED } from '../helpers/rom-small-scored.ts';

const ACTIONS: LedgerAction[] = ['excluded', 'set-missing', 'not-applicable', 'prorated', 'altered', 'flagged'];

/** Sums computed without arquero: key stage/unit, first seen order, then stable sort by stage order. */
function expectedSums(entries: LedgerEntry[], order: string[]): Record<string, string | number>[] {
  const rows: Record<string, string | number>[] = [];
  for (const e of entries) {
    let row = rows.find((r) => r.stage === e.stage && r.unit === e.unit);
    if (!row) rows.push((row = { stage: e.stage, unit: e.unit, ...Object.fromEntries(ACTIONS.map((a) => [a, 0])) }));
    row[e.action] = (row[e.action] as number) + e.count;
  }
  const rank = (s: string) => (order.includes(s) ? order.indexOf(s) : order.length);
  return rows.sort((a, b) => rank(a.stage as string) - rank(b.stage as string));
}

const entry = (stage: string, action: LedgerAction, unit: LedgerUnit, count: number, reason: string): LedgerEntry => ({ stage, action, unit, count, reason, detail: `${reason} in ${stage}` });

describe('ledgerSummary', () => {
  // entries arrive out of pipeline order; score repeats a reason and mixes units and actions
  const order = ['sessions', 'scored', 'patients', 'growth'];
  const ledger = [
    entry('growth', 'excluded', 'sessions', 486, 'missing-outcome'),
    entry('scored', 'prorated', 'values', 600, 'prorated-phq'),
    entry('scored', 'set-missing', 'values', 400, 'too-many-missing-items'),
    entry('sessions', 'excluded', 'rows', 3, 'duplicate-session'),
    entry('scored', 'prorated', 'values', 59, 'prorated-wai'),
    entry('scored', 'set-missing', 'values', 27, 'too-many-missing-items'),
    entry('scored', 'flagged', 'sessions', 470, 'fewer-items'),
    entry('patients', 'altered', 'patients', 4, 'several-therapists'),
    entry('patients', 'flagged', 'patients', 9, 'fewer-than-two-outcome-scores'),
    entry('sessions', 'excluded', 'rows', 5, 'duplicate-session'),
    entry('sessions', 'altered', 'values', 2, 'trimmed-id'),
  ];

  it('sums counts per stage × unit × action, 0 where none, in pipeline order', () => {
    const got = ledgerSummary(ledger, order);
    expect(got).toEqual(expectedSums(ledger, order));
    expect(got.map((r) => `${r.stage}/${r.unit}`)).toEqual(['sessions/rows', 'sessions/values', 'scored/values', 'scored/sessions', 'patients/patients', 'growth/sessions']);
    expect(got[2]).toEqual({ stage: 'scored', unit: 'values', excluded: 0, 'set-missing': 427, 'not-applicable': 0, prorated: 659, altered: 0, flagged: 0 });
  });

  it('has every action column even when the ledger uses only one action', () => {
    const only = [entry('b', 'flagged', 'pairs', 1, 'x'), entry('a', 'flagged', 'pairs', 2, 'x'), entry('a', 'flagged', 'pairs', 3, 'y')];
    const got = ledgerSummary(only, ['a', 'b']);
    expect(got).toEqual(expectedSums(only, ['a', 'b']));
    expect(Object.keys(got[0])).toEqual(['stage', 'unit', ...ACTIONS]);
  });

  it('puts stages not in the order last, and an empty ledger gives no rows', () => {
    const odd = [entry('zz', 'altered', 'rows', 1, 'x'), entry('a', 'excluded', 'rows', 2, 'y')];
    expect(ledgerSummary(odd, ['a'])).toEqual(expectedSums(odd, ['a']));
    expect(ledgerSummary([], ['a'])).toEqual([]);
  });
});

describe('the report built from data-samples has the data-quality summary table', () => {
  let project: ReturnType<typeof tempProject>;
  let outcome: Awaited<ReturnType<typeof runSpecText>>;
  beforeAll(async () => {
    project = tempProject();
    outcome = await runSpecText(
      project.dir,
      `${ROM_SMALL_SCORED}  - { id: patients, type: patients, from: scored, outcome: phq_total, alliance: [wai_total] }
  - { id: growth, type: growth, from: scored, variables: [phq_total] }
  - { id: report, type: report }
`,
    );
  });
  afterAll(() => project?.dispose());

  it('index.html names the table and tables/data-quality-summary.csv holds the summed ledger', () => {
    expect(outcome.ledger.entries.length).toBeGreaterThan(2);
    expect(readFileSync(join(outcome.outDir, 'index.html'), 'utf8')).toContain('Data-quality summary by stage');
    const want = expectedSums(outcome.ledger.entries, ['sessions', 'scored', 'patients', 'growth', 'report']);
    const csv = readFileSync(join(outcome.outDir, 'tables/data-quality-summary.csv'), 'utf8').trim().split('\r\n');
    expect(csv[0]).toBe('stage,unit,excluded,set-missing,not-applicable,prorated,altered,flagged');
    expect(csv.slice(1)).toEqual(want.map((r) => ['stage', 'unit', ...ACTIONS].map((k) => r[k]).join(',')));
  });
});
