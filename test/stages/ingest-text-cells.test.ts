// Text cells of a CSV (src/stages/ingest.ts, textCellSql): `NULLIF(trim(v), '')` is evaluated only
// for cells it can change (empty, a space at either end, or a character outside ASCII), the others
// are taken as they are. Reference: DuckDB's own `NULLIF(trim(v), '')`, the form it replaces, on
// every code point of the Basic Multilingual Plane and a sample of the others, alone, at either
// end and inside a cell; the two must agree on every cell (IS NOT DISTINCT FROM, so NULLs count).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBSession } from '../../src/engine/duckdb-session.ts';
import { textCellSql } from '../../src/stages/ingest.ts';

let db: DuckDBSession;
beforeAll(async () => {
  db = await DuckDBSession.create();
  // every code point but the surrogates, in five positions, plus cells of spaces only
  await db.run(`CREATE TABLE cells AS
    WITH cp AS (SELECT chr(c::INTEGER) AS ch FROM range(1, 65536) t(c) WHERE c < 55296 OR c > 57343
                UNION ALL SELECT chr(c::INTEGER) FROM range(65536, 1114112, 97) t(c))
    SELECT x FROM (SELECT ch AS x FROM cp UNION ALL SELECT ch || 'P01' FROM cp UNION ALL SELECT 'P01' || ch FROM cp
                   UNION ALL SELECT 'P' || ch || '01' FROM cp UNION ALL SELECT ch || ch FROM cp
                   UNION ALL SELECT x FROM (VALUES (''), (' '), ('   '), (' P01'), ('P01 '), (' P01 '), ('P 01'), ('P01')) v(x))`);
});
afterAll(() => db.close());

const mismatches = (expr: string) => db.scalar(`SELECT count(*) FROM cells WHERE (${expr}) IS DISTINCT FROM NULLIF(trim(x), '')`);

describe('ingest: text cells trimmed only where trim can change them', () => {
  it("agrees with NULLIF(trim(x), '') on every cell", async () => {
    expect(Number(await db.scalar('SELECT count(*) FROM cells'))).toBeGreaterThan(300_000);
    expect(Number(await mismatches(textCellSql('x')))).toBe(0);
  });

  it('the test can fail: a shortcut that checks only for ASCII spaces misses the Unicode ones trim removes', async () => {
    const spacesOnly = `CASE WHEN prefix(x, ' ') OR suffix(x, ' ') OR x = '' THEN NULLIF(trim(x), '') ELSE x END`;
    // U+00A0, U+1680, U+2000–U+200A, U+202F, U+205F, U+3000 alone, at the start, at the end and doubled
    expect(Number(await mismatches(spacesOnly))).toBe(16 * 4);
  });
});
