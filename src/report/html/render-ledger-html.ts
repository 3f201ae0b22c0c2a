import type { LedgerEntry } from '../../engine/ledger.ts';
import type { CellValue } from '../types.ts';
import { escapeHtml } from './escape-html.ts';
import { renderTableHtml } from './render-table-html.ts';

/**
 * The data-quality ledger as a table: one row per change a stage made to the data (excluded,
 * prorated, set missing, altered, flagged), with its count, unit, reason and explanation, so
 * a reader sees everything that did not reach the analysis as it arrived.
 * @example renderLedgerHtml([{ stage: 'ingest', action: 'excluded', unit: 'rows', count: 3, reason: 'duplicate-session', detail: '…' }])
 */
export function renderLedgerHtml(ledger: readonly LedgerEntry[], htmlId = 'ledger'): string {
  if (ledger.length === 0) {
    return `<p id="${escapeHtml(htmlId)}">No rows or values were excluded, prorated, set missing, altered or flagged.</p>`;
  }
  const rows: Record<string, CellValue>[] = ledger.map((e) => ({ ...e }));
  return renderTableHtml({
    htmlId,
    caption: 'Data-quality ledger: every change made to the data, by stage',
    className: 'ledger',
    columns: [
      { key: 'stage', label: 'Stage' },
      { key: 'action', label: 'Action' },
      { key: 'count', label: 'Count', format: 'int' },
      { key: 'unit', label: 'Unit' },
      { key: 'reason', label: 'Reason' },
      { key: 'detail', label: 'Detail' },
    ],
    rows,
  });
}
