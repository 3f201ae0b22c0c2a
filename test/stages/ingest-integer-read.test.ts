// Ingest's fast compact read (src/stages/ingest.ts, readCompactDirectly): the columns stored compact
// are parsed by DuckDB's CSV reader as SMALLINT/INTEGER directly, instead of as DOUBLE narrowed
// under a guard, when mayHoldNonIntegers (src/engine/integer-cells.ts) finds no fraction or 0x/0b
// literal in the file. That is safe only if every other cell the integer parse accepts is the whole
// number the DOUBLE read stores. The reference here is DuckDB's own DOUBLE parse of the same cell,
// narrowed as the guarded read narrows it; each cell of the list either agrees, is refused by the
// integer parse (the file then goes to the DOUBLE read), or is flagged by the byte scan. A new
// DuckDB whose integer parse accepts more fails this test. Tolerance: none (whole numbers).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDBSession, sqlIdent } from '../../src/engine/duckdb-session.ts';
import { mayHoldNonIntegers } from '../../src/engine/integer-cells.ts';
import { readCompactDirectly } from '../../src/stages/ingest.ts';

const dir = mkdtempSync(join(tmpdir(), 'alliance-integer-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
function file(text: string | Buffer): string {
  const path = join(dir, `f${files++}.csv`);
  writeFileSync(path, text);
  return path;
}

const CELLS = ['3', '2.5', '.5', '5.', '2.0', '0.0', '1e2', '1E2', '1e-1', '-0', '+0', '-00', '+3', ' -3 ', ' 3', '3 ', '\t3', '   ', '0x10', '0X1f', '0b11', '0B11', '0o7', '1_000', '1__0', '03', '0003', '-', '+', '--3', '+-3', '3-', '1 2', '３', '٣', '32767', '32768', '-32768', '-32769', '2147483647', '99999999999999999999', 'inf', '-inf', 'nan', 'true', 'NULL', 'NA', '1,000', '3\u00a0'];

describe('the integer parse reads nothing the DOUBLE read would store differently', () => {
  it.each(CELLS.map((c) => [JSON.stringify(c), c]))('cell %s', async (_, cell) => {
    const path = file(`a,b\n"${cell}",1\n`);
    const db = await DuckDBSession.create();
    try {
      const parse = async (type: string): Promise<number | null | 'refused'> => {
        const sql = `SELECT a::DOUBLE AS a FROM read_csv('${path}', delim=',', quote='"', escape='"', header=true, auto_detect=false, columns={'a': '${type}', 'b': 'SMALLINT'}, strict_mode=true)`;
        return db.rows(sql).then(
          (r) => (r[0]!.a as number | null) ?? null,
          () => 'refused',
        );
      };
      const asInteger = await parse('SMALLINT');
      const asDouble = await parse('DOUBLE');
      // the guarded read stores a DOUBLE as SMALLINT only when whole and in range, else reads again as DOUBLE
      const stored = typeof asDouble === 'number' && Number.isInteger(asDouble) && asDouble >= -32768 && asDouble <= 32767 ? asDouble : asDouble === null ? null : 'not compact';
      const flagged = await mayHoldNonIntegers(path);
      const safe = flagged || asInteger === 'refused' || (asInteger === stored || (asInteger === 0 && stored === 0));
      expect({ cell, asInteger, stored, flagged, safe }).toMatchObject({ safe: true });
    } finally {
      db.close();
    }
  });
});

describe('mayHoldNonIntegers', () => {
  it.each([
    ['2.5', true],
    ['.5', true],
    ['5.', true],
    ['1e3', true],
    ['1E3', true],
    ['0x1', true],
    ['0X1', true],
    ['0b1', true],
    ['0B1', true],
    ['CBT,PDT,Pe,x,b,e.g', false],
    ['site,therapist,patient\nS1,T1,P000001\n', false],
    ['a.b,v.2', true],
  ])('%s: %s', async (text, expected) => {
    expect(await mayHoldNonIntegers(file(text))).toBe(expected);
  });

  // the file is read 4 MB at a time: a pair split over two pieces is still found
  const PIECE = 4 * 1024 * 1024;
  it.each([
    ['2', '.', 'a digit, then a dot starting the next piece'],
    ['.', '5', 'a dot ending a piece, then a digit'],
    ['1', 'e', 'a digit, then an exponent'],
    ['0', 'x', 'a zero, then x'],
  ])('%s|%s across the piece boundary (%s)', async (last, first) => {
    const bytes = Buffer.alloc(PIECE + 10, 'a');
    bytes.write(last, PIECE - 1);
    bytes.write(first, PIECE);
    expect(await mayHoldNonIntegers(file(bytes))).toBe(true);
    const apart = Buffer.alloc(PIECE + 10, 'a');
    apart.write(last, PIECE - 2);
    apart.write(first, PIECE);
    expect(await mayHoldNonIntegers(file(apart))).toBe(false);
  });
});

describe('readCompactDirectly', () => {
  async function read(text: string): Promise<{ made: boolean; tables: string[]; types?: Record<string, string> }> {
    const path = file(text);
    const db = await DuckDBSession.create();
    try {
      const select = `SELECT * FROM read_csv('${path}', header=true, auto_detect=false, columns={'p': 'VARCHAR', 'session': 'INTEGER', 'x': 'SMALLINT'}, strict_mode=true)`;
      const made = await readCompactDirectly(db, 'base', select, path);
      const tables = (await db.rows(`SELECT table_name FROM duckdb_tables() WHERE table_name = 'base'`)).map((r) => r.table_name as string);
      const types = made ? Object.fromEntries((await db.describe(sqlIdent('base'))).map((d) => [d.name, d.type])) : undefined;
      return { made, tables, types };
    } finally {
      db.close();
    }
  }

  it('whole numbers: the table is made with the compact types', async () => {
    expect(await read('p,session,x\nP1,1,3\nP1,2,4\n')).toEqual({ made: true, tables: ['base'], types: { p: 'VARCHAR', session: 'INTEGER', x: 'SMALLINT' } });
  });

  it('a fraction, which the integer parse would round: the table it made is dropped', async () => {
    expect(await read('p,session,x\nP1,1,3\nP1,2,2.5\n')).toEqual({ made: false, tables: [], types: undefined });
  });

  it('a value out of SMALLINT range: the read fails and nothing is left', async () => {
    expect(await read('p,session,x\nP1,1,3\nP1,2,40000\n')).toEqual({ made: false, tables: [], types: undefined });
  });
});
