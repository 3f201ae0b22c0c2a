/**
 * The report document model: stages contribute sections made of blocks; the renderer in
 * `src/report/` turns a ReportDocument into a self-contained index.html plus exported
 * figures (SVG, PNG, Vega-Lite JSON) and tables (CSV). Rendering formats; it never computes.
 */
import type { LedgerEntry } from '../engine/ledger.ts';

/** A Vega-Lite specification (kept loose here; validated against the Vega-Lite schema in tests). */
export type VegaLiteSpec = Record<string, unknown>;

export type CellValue = string | number | boolean | null;

export type ColumnFormat =
  | 'text'
  | 'int'
  /** correlation-like: two decimals, no leading zero (APA) */
  | 'r'
  /** p-value in APA style: three decimals, no leading zero, "< .001" */
  | 'p'
  /** degrees of freedom: integers as they are, approximate (Welch, Satterthwaite) df to two decimals */
  | 'df'
  | 'num1'
  | 'num2'
  | 'num3'
  | 'num4'
  | 'pct';

export interface TableColumn {
  key: string;
  label: string;
  format?: ColumnFormat;
}

export interface Citation {
  /** Stable key, e.g. `jacobson1991`. */
  key: string;
  /** Full reference in APA style. */
  text: string;
}

export type ReportBlock =
  | { kind: 'text'; text: string }
  | {
      kind: 'table';
      /** File-safe id; the table is also exported as tables/<id>.csv */
      id: string;
      caption: string;
      columns: TableColumn[];
      rows: Record<string, CellValue>[];
      note?: string;
    }
  | {
      kind: 'figure';
      /** File-safe id; exported as figures/<id>.svg, .png and .vl.json */
      id: string;
      title: string;
      /** Text description for screen readers (also the figure caption). */
      description: string;
      spec: VegaLiteSpec;
    };

export interface ReportSection {
  id: string;
  title: string;
  blocks: ReportBlock[];
}

export interface ReportAppendix {
  /** The pipeline spec as YAML text, after parameter substitution. */
  spec: string;
  inputs: { path: string; sha256: string; bytes: number }[];
  packages: Record<string, string>;
  seed: number;
  timings: { stage: string; seconds: number }[];
}

export interface ReportDocument {
  title: string;
  subtitle?: string;
  /** Generated methods paragraph (one per stage that ran), each sentence citing its method. */
  methods: string[];
  citations: Citation[];
  sections: ReportSection[];
  ledger: LedgerEntry[];
  appendix: ReportAppendix;
}
