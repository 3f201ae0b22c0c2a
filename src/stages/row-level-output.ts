import { tableToCsv } from '../report/csv/index.ts';
import type { CellValue } from '../report/types.ts';

/**
 * Per-patient or per-episode lists (rupture episodes, sudden-gain events, patient classifications)
 * grow with the sample: at 100,000 patients they would make results.json hundreds of megabytes.
 * Up to `INLINE_LIMIT` rows they stay inline in results.json; above it they are written as CSV
 * beside it (`data/<name>.csv`, same columns, pseudonymous ids unless the spec opts in) and
 * results.json records the file and the row count instead.
 */
export const INLINE_LIMIT = 20_000;

export function rowLevelOutput<T extends Record<string, unknown>>(
  name: string,
  rows: T[],
  files: Record<string, string>,
): T[] | { file: string; rows: number } {
  if (rows.length <= INLINE_LIMIT) return rows;
  const keys = Object.keys(rows[0] ?? {});
  const file = `data/${name}.csv`;
  files[file] = tableToCsv(
    keys.map((k) => ({ key: k, label: k })),
    rows as unknown as Record<string, CellValue>[],
  );
  return { file, rows: rows.length };
}

/** A patient → value map, inline up to INLINE_LIMIT entries, else as a two-column CSV. */
export function patientMapOutput(name: string, map: Record<string, string>, files: Record<string, string>): Record<string, string> | { file: string; rows: number } {
  const entries = Object.entries(map);
  if (entries.length <= INLINE_LIMIT) return map;
  const file = `data/${name}.csv`;
  files[file] = tableToCsv(
    [
      { key: 'patient', label: 'patient' },
      { key: 'value', label: 'value' },
    ],
    entries.map(([patient, value]) => ({ patient, value })),
  );
  return { file, rows: entries.length };
}
