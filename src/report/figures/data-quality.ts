import { LEDGER_ACTIONS, type LedgerAction, type LedgerEntry } from '../../engine/ledger.ts';
import type { VegaLiteSpec } from '../types.ts';

/** Okabe–Ito colour of each ledger action. */
const COLOUR: Record<LedgerAction, string> = { excluded: '#D55E00', 'set-missing': '#E69F00', 'not-applicable': '#56B4E9', prorated: '#0072B2', altered: '#CC79A7', flagged: '#999999' };

/** Horizontal bar chart of the data-quality ledger: count per stage and reason, coloured by action. */
export function dataQualityChart(entries: LedgerEntry[]): VegaLiteSpec {
  const values = entries.map((e) => ({ what: `${e.stage}: ${e.reason}`, count: e.count, action: e.action, unit: e.unit, detail: e.detail }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Data-quality ledger',
    width: 420,
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'what', type: 'nominal', sort: '-x', title: null },
      x: { field: 'count', type: 'quantitative', title: 'Count' },
      color: {
        field: 'action',
        type: 'nominal',
        title: 'Action',
        scale: { domain: [...LEDGER_ACTIONS], range: LEDGER_ACTIONS.map((a) => COLOUR[a]) },
      },
      tooltip: [
        { field: 'what', title: 'Stage: reason' },
        { field: 'count', title: 'Count' },
        { field: 'unit', title: 'Unit' },
        { field: 'detail', title: 'Detail' },
      ],
    },
  };
}
