// formatFromName is the one place ingest, import-studies and the quick commands' loadTable tell
// data formats apart by file name. Expected formats: the extensions the README's ingest table
// documents (.parquet; .json, .ndjson, .jsonl; .tsv, .tab; anything else is read as CSV).
import { describe, expect, it } from 'vitest';
import { formatFromName } from '../../src/engine/file-format.ts';

describe('formatFromName', () => {
  it.each([
    ['rom.parquet', 'parquet'],
    ['ROM.PARQUET', 'parquet'],
    ['studies.json', 'json'],
    ['studies.NDJSON', 'json'],
    ['studies.jsonl', 'json'],
    ['export.tsv', 'tsv'],
    ['export.Tab', 'tsv'],
    ['export.csv', 'csv'],
    ['export.csv.gz', 'csv'],
    ['export.txt', 'csv'],
    ['export', 'csv'],
    ['/data/v2.parquet/export', 'csv'],
    ['export.json.csv', 'csv'],
    ['export.parquet.bak', 'csv'],
  ])('%s is read as %s', (path, format) => {
    expect(formatFromName(path)).toBe(format);
  });
});
