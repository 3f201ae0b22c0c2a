export { ledgerSummary, LEDGER_SUMMARY_ACTIONS, type LedgerSummaryRow } from './ledger-summary.ts';
