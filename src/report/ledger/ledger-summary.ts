import { escape, from } from 'arquero';
import { LEDGER_ACTIONS, type LedgerAction, type LedgerEntry, type LedgerUnit } from '../../engine/ledger.ts';

/** One stage and unit of the data-quality ledger with the summed count of each action. */
export type LedgerSummaryRow = { stage: string; unit: LedgerUnit } & Record<LedgerAction, number>;

/**
 * The data-quality ledger as a compact wide table: one row per stage and unit, one column per
 * action holding the summed counts of its entries (0 where there are none), rows in pipeline
 * stage order (stages missing from `stageOrder` last, in ledger order), units in ledger order.
 * Built with arquero (Heer et al., https://idl.uw.edu/arquero/): groupby(stage, unit) and
 * pivot(action, sum(count)). O(entries).
 * @example ledgerSummary([{ stage: 'score', action: 'prorated', unit: 'values', count: 3, reason: 'r', detail: '' }, { stage: 'score', action: 'prorated', unit: 'values', count: 2, reason: 's', detail: '' }], ['score'])
 * // [{ stage: 'score', unit: 'values', excluded: 0, 'set-missing': 0, 'not-applicable': 0, prorated: 5, altered: 0, flagged: 0 }]
 */
export function ledgerSummary(entries: readonly LedgerEntry[], stageOrder: readonly string[]): LedgerSummaryRow[] {
  if (entries.length === 0) return [];
  const rank = new Map(stageOrder.map((s, i) => [s, i]));
  const wide = from(entries.map(({ stage, unit, action, count }) => ({ stage, unit, action, count })))
    .groupby('stage', 'unit')
    .pivot('action', { count: 'sum(d.count)' });
  const present = new Set(wide.columnNames());
  const filled = Object.fromEntries(
    LEDGER_ACTIONS.map((a) => [a, present.has(a) ? escape((d: Record<string, number | undefined>) => d[a] ?? 0) : escape(() => 0)]),
  );
  return wide
    .derive({ ...filled, __rank: escape((d: { stage: string }) => rank.get(d.stage) ?? stageOrder.length) })
    .orderby('__rank')
    .select('stage', 'unit', ...LEDGER_ACTIONS)
    .objects() as LedgerSummaryRow[];
}
