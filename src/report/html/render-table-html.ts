import { formatCell } from '../format/format-cell.ts';
import type { CellValue, TableColumn } from '../types.ts';
import { escapeHtml } from './escape-html.ts';

export interface HtmlTableInput {
  /** HTML id of the wrapper (already file-safe). */
  htmlId: string;
  /** "Table 3"; omitted for appendix tables. */
  label?: string;
  caption: string;
  columns: readonly TableColumn[];
  rows: readonly Record<string, CellValue>[];
  note?: string;
  /** Relative link to the CSV export, if any. */
  csvHref?: string;
  /** Extra class on the table, e.g. "compact". */
  className?: string;
}

/**
 * An APA-style table (APA Publication Manual, 7th ed., §7.8–7.21): bold number, italic title,
 * horizontal rules only, numeric columns right-aligned with tabular figures, a "Note." line.
 * Every cell goes through {@link formatCell} and every string through {@link escapeHtml}.
 * @example renderTableHtml({ htmlId: 'tab-cor', label: 'Table 1', caption: 'Correlations', columns, rows })
 */
export function renderTableHtml(t: HtmlTableInput): string {
  const numeric = t.columns.map(
    (c) => (c.format !== undefined && c.format !== 'text') || (t.rows.length > 0 && t.rows.every((r) => typeof r[c.key] === 'number' || r[c.key] == null)),
  );
  const cls = (i: number): string => (numeric[i] ? ' class="num"' : '');
  const head = t.columns.map((c, i) => `<th scope="col"${cls(i)}>${escapeHtml(c.label)}</th>`).join('');
  const body = t.rows
    .map((r) => `<tr>${t.columns.map((c, i) => `<td${cls(i)}>${escapeHtml(formatCell(r[c.key], c.format))}</td>`).join('')}</tr>`)
    .join('\n');
  const noteId = `${t.htmlId}-note`;
  const label = t.label ? `<span class="label">${escapeHtml(t.label)}</span>` : '';
  const described = t.note ? ` aria-describedby="${escapeHtml(noteId)}"` : '';
  const tableClass = ['apa', t.className].filter(Boolean).join(' ');
  const captionId = `${t.htmlId}-caption`;
  // The caption sits outside <table> (named by aria-labelledby) so a narrow table does not wrap it.
  return [
    `<div class="table-block" id="${escapeHtml(t.htmlId)}">`,
    `<p class="table-caption" id="${escapeHtml(captionId)}">${label}<span class="title">${escapeHtml(t.caption)}</span></p>`,
    `<table class="${escapeHtml(tableClass)}" aria-labelledby="${escapeHtml(captionId)}"${described}>`,
    `<thead><tr>${head}</tr></thead>`,
    `<tbody>\n${body}\n</tbody>`,
    `</table>`,
    t.note ? `<p class="note" id="${escapeHtml(noteId)}"><em>Note.</em> ${escapeHtml(t.note)}</p>` : '',
    t.csvHref ? `<p class="downloads">Download: <a href="${escapeHtml(t.csvHref)}">CSV</a></p>` : '',
    `</div>`,
  ]
    .filter((s) => s !== '')
    .join('\n');
}
