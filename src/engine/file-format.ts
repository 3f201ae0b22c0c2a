import { extname } from 'node:path';

/** How a data file is read: delimited text (CSV, or TSV with a tab), JSON, or Parquet. */
export type FileFormat = 'csv' | 'tsv' | 'json' | 'parquet';

/**
 * A data file's format as its name gives it, in any letter case: `.parquet`; `.json`, `.ndjson`,
 * `.jsonl`; `.tsv`, `.tab`; anything else is delimited text read as CSV (a compressed
 * `.csv.gz` too, which DuckDB's CSV reader opens). The one place the readers of data files
 * (ingest, import-studies, the quick commands' loadTable) tell formats apart.
 */
export function formatFromName(path: string): FileFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.parquet') return 'parquet';
  if (ext === '.json' || ext === '.ndjson' || ext === '.jsonl') return 'json';
  if (ext === '.tsv' || ext === '.tab') return 'tsv';
  return 'csv';
}
