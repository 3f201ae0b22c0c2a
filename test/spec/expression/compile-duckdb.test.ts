import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import fc from 'fast-check';
import { compileExpressionToSql, parseExpression, printExpression, quoteIdent } from '../../../src/spec/expression/index.ts';
import { typedTrees } from './arbitraries.ts';

// Compiled SQL runs in a real in-memory DuckDB. Expected values are worked out
// by hand from the three rows below (null = SQL NULL / missing).
//   id  a     b    "wai total"  modality     "a""; DROP TABLE t; --"
//   1   4     2    10           'CBT'        1
//   2   -1    0    NULL         'O''Brien'   2
//   3   NULL  5    3            NULL         3
let instance: DuckDBInstance;
let con: DuckDBConnection;

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  con = await instance.connect();
  await con.run(`CREATE TABLE t (id INTEGER, a DOUBLE, b DOUBLE, "wai total" DOUBLE, modality VARCHAR, "a""; DROP TABLE t; --" DOUBLE)`);
  await con.run(`INSERT INTO t VALUES (1, 4, 2, 10, 'CBT', 1), (2, -1, 0, NULL, 'O''Brien', 2), (3, NULL, 5, 3, NULL, 3)`);
});

afterAll(() => {
  con?.closeSync();
  instance?.closeSync();
});

async function evaluate(expression: string): Promise<unknown[]> {
  const sql = compileExpressionToSql(parseExpression(expression), quoteIdent);
  const reader = await con.runAndReadAll(`SELECT ${sql} AS v FROM t ORDER BY id`);
  return reader.getRowObjects().map((r) => (typeof r.v === 'bigint' ? Number(r.v) : r.v));
}

describe('compiled expressions evaluated by DuckDB', () => {
  const exact: [string, unknown[]][] = [
    ['a / b', [2, null, null]], // division by zero is missing, not an error
    ['(a - b) ^ 2', [4, 1, null]],
    ['-2^2 + a', [0, -5, null]], // R precedence: -(2^2)
    ['7 / 2', [3.5, 3.5, 3.5]], // real division, not integer division
    ['sqrt(a)', [2, null, null]], // negative → missing instead of a DuckDB error
    ['log(b)', [Math.log(2), null, Math.log(5)]], // log(0) → missing
    ['log10(100) + 0.5', [2.5, 2.5, 2.5]],
    ['mean_of(a, b, `wai total`)', [16 / 3, -0.5, 4]], // missing values are skipped
    ['sum_of(a, `wai total`)', [14, -1, 3]],
    ['sum_of(a, a)', [8, -2, null]], // all missing → missing
    ['min(a, b)', [2, -1, 5]],
    ['max(a, b)', [4, 0, 5]],
    ["ifelse(modality == 'O''Brien', 1, 0)", [0, 1, null]], // missing condition → missing
    ['ifelse(a > b, a, b)', [4, 0, null]],
    ['is_missing(`wai total`)', [false, true, false]],
    ['coalesce(a, b)', [4, -1, 5]],
    ['round(b / 3, 2)', [0.67, 0, 1.67]],
    ['round(2.5) + round(-2.5)', [0, 0, 0]], // halves away from zero: 3 + (-3)
    ['round(1234.5, -2)', [1200, 1200, 1200]],
    ['abs(a) + floor(1.5) + ceil(1.2)', [7, 4, null]],
    ['a > 0 and b > 0', [true, false, null]],
    ['not (a > 0)', [false, true, null]],
    ['a != 4 or b == 5', [false, true, true]], // NULL or TRUE = TRUE
    ['`a"; DROP TABLE t; --` * 10', [10, 20, 30]],
    ["modality == 'x'' OR ''1''==''1'", [false, false, null]],
    ["modality == 'C\\BT'", [false, false, null]], // backslash is literal
    ['exp(0) + 1e-7 * 0', [1, 1, 1]],
    ['id * 2000000000 + id', [2000000001, 4000000002, 6000000003]], // INTEGER column: no INT32 overflow
  ];
  it.each(exact)('%s', async (expression, expected) => {
    const got = await evaluate(expression);
    expect(got).toHaveLength(expected.length);
    got.forEach((v, k) => {
      if (typeof expected[k] === 'number') expect(v as number).toBeCloseTo(expected[k] as number, 12);
      else expect(v).toBe(expected[k]);
    });
  });

  it('the hostile column name did not drop the table', async () => {
    const r = await con.runAndReadAll('SELECT count(*) AS n FROM t');
    expect(Number(r.getRowObjects()[0].n)).toBe(3);
  });
});

describe('every well-typed expression runs in DuckDB without error', () => {
  // Columns typed as the stages will type them; values include missing, zero,
  // negative, huge and tiny numbers, so guards (sqrt/log domain, division by
  // zero) and type binding are all exercised.
  it('fast-check: 300 random expressions over numeric, boolean and text columns', async () => {
    await con.run(`CREATE TABLE p (a DOUBLE, b DOUBLE, n INTEGER, f BOOLEAN, s VARCHAR)`);
    await con.run(`INSERT INTO p VALUES (4, 2, 3, TRUE, 'x'), (-1, 0, 0, FALSE, 'it''s'), (NULL, 5, NULL, NULL, NULL), (1e300, -1e-300, -7, TRUE, ''), (-0.5, 1e-9, 2147483647, FALSE, 'x'), (7, 3, -2147483648, TRUE, 'y')`);
    const trees = typedTrees({
      number: fc.constantFrom(0, 1, 2.5, 1e300, 1e-300, 123456789),
      text: fc.constantFrom('x', "it's", '', 'a"b'),
      numColumn: fc.constantFrom('a', 'b', 'n'),
      boolColumn: fc.constant('f'),
      textColumn: fc.constant('s'),
    });
    await fc.assert(
      fc.asyncProperty(fc.oneof(trees.num, trees.bool, trees.txt), async (tree) => {
        const sql = compileExpressionToSql(tree, quoteIdent);
        try {
          await con.runAndReadAll(`SELECT ${sql} AS v FROM p`);
        } catch (e) {
          throw new Error(`${printExpression(tree)}\n${sql}\n${(e as Error).message}`);
        }
      }),
      { numRuns: 300, seed: 20261122 },
    );
  });
});
