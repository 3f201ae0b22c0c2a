/**
 * The report renderer: a ReportDocument (see types.ts) in, a self-contained report folder out.
 * Formatting helpers (APA numbers and sentences), chart theme and renderers, HTML safety
 * helpers, CSV export, pseudonyms, the ledger summary and figure sampling are exported for the stages that build
 * report blocks.
 */
export type * from './types.ts';
export { renderReport, FIGURE_ROW_WARNING, HTML_BYTES_WARNING, type RenderReportOptions, type RenderReportResult } from './render-report.ts';
export { ReportError } from './report-error.ts';
export * from './format/index.ts';
export * from './chart/index.ts';
export * from './html/index.ts';
export * from './csv/index.ts';
export * from './privacy/index.ts';
export * from './ledger/index.ts';
export * from './sample/index.ts';
