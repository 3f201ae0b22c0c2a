/**
 * The data-quality ledger: every row or value that a stage excluded, prorated, recoded or
 * otherwise altered is recorded here with its reason and count, so nothing is lost silently.
 * It is written to results.json and rendered in the report; `--strict` turns exclusions into errors.
 */
export type LedgerAction = 'excluded' | 'prorated' | 'set-missing' | 'altered' | 'flagged';
export type LedgerUnit = 'rows' | 'values' | 'patients' | 'pairs' | 'studies' | 'sessions';

export interface LedgerEntry {
  /** Stage id that made the change. */
  stage: string;
  action: LedgerAction;
  unit: LedgerUnit;
  count: number;
  /** Short machine-readable reason, e.g. `item-out-of-range`. */
  reason: string;
  /** Human-readable explanation naming the column / file / rule. */
  detail: string;
}

export class Ledger {
  readonly entries: LedgerEntry[] = [];
  add(entry: LedgerEntry): void {
    if (entry.count > 0) this.entries.push(entry);
  }
  /** Entries that remove data (for --strict). */
  exclusions(): LedgerEntry[] {
    return this.entries.filter((e) => e.action === 'excluded' || e.action === 'set-missing');
  }
}
