/**
 * The data-quality ledger: every row or value that a stage excluded, prorated, recoded or
 * otherwise altered is recorded here with its reason and count, so nothing is lost silently.
 * It is written to results.json and rendered in the report; `--strict` turns exclusions into errors.
 *
 * Actions: `excluded` and `set-missing` remove data that was there or should have been (a missing
 * or invalid value, too few complete pairs): `--strict` stops on them. `not-applicable` counts units
 * an analysis cannot use by its design whatever the data quality — a patient's last session has no
 * next session to pair with, a series too short for the method — so they are shown but `--strict`
 * does not stop on them. `prorated`, `altered` and `flagged` keep the data and say what happened.
 */
export const LEDGER_ACTIONS = ['excluded', 'set-missing', 'not-applicable', 'prorated', 'altered', 'flagged'] as const;
/** A ledger action; LEDGER_ACTIONS lists them in the order the report shows them. */
export type LedgerAction = (typeof LEDGER_ACTIONS)[number];
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
  /**
   * Records an entry; one with a count of 0 is left out. A count that is not a whole number of
   * zero or more is a defect in the stage that computed it, and throws rather than vanish.
   */
  add(entry: LedgerEntry): void {
    if (!Number.isInteger(entry.count) || entry.count < 0) throw new Error(`ledger: stage '${entry.stage}' counted ${entry.count} ${entry.unit} (${entry.reason}); a count is a whole number of 0 or more`);
    if (entry.count > 0) this.entries.push(entry);
  }
  /** Entries that remove data (for --strict), from entry `from` on. */
  exclusions(from = 0): LedgerEntry[] {
    return this.entries.slice(from).filter((e) => e.action === 'excluded' || e.action === 'set-missing');
  }
}
