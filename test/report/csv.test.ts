// tableToCsv round-trips through an independent RFC 4180 reader, for arbitrary cells (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tableToCsv } from '../../src/report/index.ts';
import type { CellValue } from '../../src/report/types.ts';

/** RFC 4180 §2 reader: records end in CRLF, fields in double quotes may hold commas, CR, LF and doubled quotes. */
function readCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (text[i] === '"' && text[i + 1] === '"') (field += '"'), (i += 2);
        else if (text[i] === '"') {
          i++;
          break;
        } else field += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r') field += text[i++];
    }
    record.push(field);
    if (text[i] === ',') i++;
    else {
      expect(text.slice(i, i + 2)).toBe('\r\n');
      i += 2;
      records.push(record);
      record = [];
    }
  }
  return records;
}

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const cell: fc.Arbitrary<CellValue> = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.string({ unit: fc.constantFrom('a', ',', '"', '\r', '\n', '=', '+', '-', '@', '\t', '1', '.', 'e', ' ', 'é') }),
);

describe('tableToCsv round trip', () => {
  it('reads back every cell: numbers exactly, NaN/null empty, booleans TRUE/FALSE, formula-like text with a leading quote', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(fc.array(cell, { minLength: 5, maxLength: 5 }), { maxLength: 30 }), (nc, data) => {
        const columns = Array.from({ length: nc }, (_, j) => ({ key: `c${j}`, label: `C${j}` }));
        const rows = data.map((cells) => Object.fromEntries(columns.map((c, j) => [c.key, cells[j]!])));
        const back = readCsv(tableToCsv(columns, rows));
        expect(back[0]).toEqual(columns.map((c) => c.key));
        expect(back).toHaveLength(rows.length + 1);
        rows.forEach((row, i) =>
          columns.forEach((c, j) => {
            const v = row[c.key]!;
            const got = back[i + 1]![j]!;
            if (typeof v === 'number') {
              const x = got === '' ? NaN : Number(got);
              expect(x === v || (Number.isNaN(x) && Number.isNaN(v)), `${got} for ${v}`).toBe(true); // -0 is written as 0
            }
            else if (typeof v === 'boolean') expect(got).toBe(v ? 'TRUE' : 'FALSE');
            else if (v === null) expect(got).toBe('');
            else expect(got).toBe(FORMULA_START.test(v) && !PLAIN_NUMBER.test(v) ? `'${v}` : v);
          }),
        );
      }),
      { numRuns: 300 },
    );
  });
});
