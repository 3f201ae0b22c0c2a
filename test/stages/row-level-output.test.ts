// Large per-patient lists leave results.json for CSV files above INLINE_LIMIT rows.
import { describe, expect, it } from 'vitest';
import { INLINE_LIMIT, patientMapOutput, rowLevelOutput } from '../../src/stages/row-level-output.ts';

describe('row-level outputs', () => {
  it('keeps small lists inline', () => {
    const files: Record<string, string> = {};
    const rows = [{ id: 'P-1', x: 1 }];
    expect(rowLevelOutput('ev', rows, files)).toBe(rows);
    expect(files).toEqual({});
  });
  it('writes large lists as CSV with every row and records the file', () => {
    const files: Record<string, string> = {};
    const rows = Array.from({ length: INLINE_LIMIT + 1 }, (_, i) => ({ id: `P-${i}`, x: i / 2 }));
    expect(rowLevelOutput('ev', rows, files)).toEqual({ file: 'data/ev.csv', rows: INLINE_LIMIT + 1 });
    const lines = files['data/ev.csv'].trim().split('\r\n');
    expect(lines[0]).toBe('id,x');
    expect(lines).toHaveLength(INLINE_LIMIT + 2);
    expect(lines[3]).toBe('P-2,1');
    const map = Object.fromEntries(rows.map((r) => [r.id, 'none']));
    expect(patientMapOutput('st', map, files)).toEqual({ file: 'data/st.csv', rows: INLINE_LIMIT + 1 });
  });
});
