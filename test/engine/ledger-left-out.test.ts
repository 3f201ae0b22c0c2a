import { describe, expect, it } from 'vitest';
import { Ledger } from '../../src/engine/ledger.ts';
import { ledgerLeftOut } from '../../src/engine/missing-by-design.ts';

// The split of a stage's left-out units into not-applicable (missing by design) and excluded is
// written in one place (ledgerLeftOut) for the six stages that make it; the counts here are the
// arguments themselves, so each expectation is the subtraction worked by hand.
const entry = (leftOut: number, count: number) => ({
  stage: 'r',
  unit: 'patients' as const,
  leftOut,
  byDesign: { count, why: 'y_later: patients with no session after 3' },
  notApplicable: 'x × y_later: left out by design',
  excluded: { reason: 'incomplete-pair', detail: 'x × y_later: left out for a missing value' },
});

describe('ledgerLeftOut', () => {
  it('writes the by-design units as not-applicable and the rest as excluded', () => {
    const ledger = new Ledger();
    ledgerLeftOut(ledger, entry(5, 4));
    expect(ledger.entries).toEqual([
      { stage: 'r', action: 'not-applicable', unit: 'patients', count: 4, reason: 'missing-by-design', detail: 'x × y_later: left out by design (y_later: patients with no session after 3)' },
      { stage: 'r', action: 'excluded', unit: 'patients', count: 1, reason: 'incomplete-pair', detail: 'x × y_later: left out for a missing value' },
    ]);
    expect(ledger.exclusions().map((e) => e.count)).toEqual([1]);
  });

  it('writes no entry for a count of zero', () => {
    const all = new Ledger();
    ledgerLeftOut(all, entry(3, 3));
    expect(all.entries.map((e) => [e.action, e.count])).toEqual([['not-applicable', 3]]);
    const none = new Ledger();
    ledgerLeftOut(none, entry(2, 0));
    expect(none.entries.map((e) => [e.action, e.count])).toEqual([['excluded', 2]]);
  });

  it('throws when more units lack a value by design than were left out (a defect in the stage)', () => {
    const ledger = new Ledger();
    expect(() => ledgerLeftOut(ledger, entry(2, 3))).toThrow("stage 'r': 3 patients lack a value by design but only 2 were left out (incomplete-pair)");
    expect(() => ledgerLeftOut(undefined, entry(2, 3))).toThrow(/only 2 were left out/);
    expect(ledger.entries).toEqual([]);
  });
});

describe('Ledger.add', () => {
  it('refuses a negative or fractional count instead of dropping it', () => {
    const ledger = new Ledger();
    const e = { stage: 's', action: 'excluded' as const, unit: 'rows' as const, reason: 'incomplete-row', detail: 'd' };
    expect(() => ledger.add({ ...e, count: -1 })).toThrow("ledger: stage 's' counted -1 rows (incomplete-row)");
    expect(() => ledger.add({ ...e, count: 1.5 })).toThrow(/counted 1.5 rows/);
    expect(() => ledger.add({ ...e, count: Number.NaN })).toThrow(/counted NaN rows/);
    ledger.add({ ...e, count: 0 });
    ledger.add({ ...e, count: 2 });
    expect(ledger.entries.map((x) => x.count)).toEqual([2]);
  });
});
