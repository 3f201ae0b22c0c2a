export { ledgerSummary, type LedgerSummaryRow } from './ledger-summary.ts';
