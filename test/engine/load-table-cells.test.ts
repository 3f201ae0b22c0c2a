// How the quick commands (`alliance correlate FILE …`, through loadTable) read CSV cells must
// match how a pipeline's ingest stage reads the same file (src/stages/ingest.ts trims every cell
// before reading it; test/robustness/valid-cases.ts "spaces around numbers and ids"). Expected
// values are the numbers written in the files themselves. Before the fix, ` 4.5 ` (or a `4.5 `
// after DuckDB's 20,480-row type sample) made the whole column text, so `--x x` was refused with
// "the column is text (a value is not a number)" although no cell is anything but a number.
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDBSession } from '../../src/engine/duckdb-session.ts';
import { loadTable, requireFileColumn } from '../../src/engine/load-table.ts';
import { cli, tempProject } from '../helpers/temp-project.ts';

const project = tempProject();
afterAll(() => project.dispose());

/** Data rows `x,y` with x = i + 0.5, y = (i·13) mod 7; `cell` replaces x in data row `row` (1-based). */
const file = (n: number, row: number, cell: string, delimiter = ',') =>
  ['x' + delimiter + 'y', ...Array.from({ length: n }, (_, i) => `${i + 1 === row ? cell : (delimiter === ';' ? `${i},5` : `${i}.5`)}${delimiter}${(i * 13) % 7}`)].join('\n') + '\n';

async function load(name: string, content: string) {
  const db = await DuckDBSession.create();
  try {
    const shape = await loadTable(db, project.write(name, content), 'data');
    const x = (await db.rows('SELECT x FROM data ORDER BY rowid')).map((r) => r.x);
    return { shape, x };
  } finally {
    db.close();
  }
}

/**
 * `alliance correlate FILE --json` on two 30-row files that differ only in x of data row 8 (the
 * reference cell, then the cell under test); expects the same output and returns the second.
 */
function correlateBoth(reference: [string, string], tested: [string, string]): Record<string, unknown> {
  const [a, b] = [reference, tested].map(([name, cell]) => {
    project.write(name, file(30, 8, cell));
    return cli(['correlate', name, '--x', 'x', '--y', 'y', '--json'], project.dir);
  });
  expect(b.stderr).toBe('');
  expect(b.status).toBe(0);
  expect(JSON.parse(b.stdout)).toEqual(JSON.parse(a.stdout));
  return JSON.parse(b.stdout);
}

describe('loadTable reads numbers with spaces around them as numbers, as ingest does', () => {
  it.each([
    ['quoted spaces', '" 4.5 "'],
    ['a trailing space', '4.5 '],
    ['a leading tab', '\t4.5'],
  ])('%s in a decimal column', async (_, cell) => {
    const { shape, x } = await load('spaced.csv', file(20, 5, cell));
    expect(shape.columns.get('x')).toBe('number');
    expect(x[4]).toBe(4.5);
    expect(x[0]).toBe(0.5);
  });

  it('a spaced decimal after the 20,480-row type sample of DuckDB', async () => {
    const { shape, x } = await load('late.csv', file(24_001, 24_001, ' 7.25 '));
    expect(shape.columns.get('x')).toBe('number');
    expect(x[24_000]).toBe(7.25);
  });

  it('a spaced decimal comma in a semicolon file (as ingest reads `3,5`)', async () => {
    const { shape, x } = await load('comma.csv', file(20, 3, ' 4,5 ', ';'));
    expect(shape.columns.get('x')).toBe('number');
    expect(x[2]).toBe(4.5);
  });

  it('a text column stays text and its first non-number is still named', async () => {
    const content = file(20, 6, 'abc').replace('\n2.5,', '\n2.5 ,');
    const { shape } = await load('text.csv', content);
    expect(shape.columns.get('x')).toBe('string');
    let error: unknown;
    try {
      requireFileColumn(shape, 'x', '--x');
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ name: 'DataError', message: "--x x: 'abc' is not a number", row: 6, column: 'x' });
  });

  it('codes with leading zeros stay text, as DuckDB keeps them', async () => {
    const { shape, x } = await load('codes.csv', 'x,y\n007,1\n010 ,2\n');
    expect(shape.columns.get('x')).toBe('string');
    expect(x).toEqual(['007', '010']);
  });

  it('zero-padded numbers in a column the command analyses are numbers, as ingest reads its numeric columns', async () => {
    const db = await DuckDBSession.create();
    try {
      const shape = await loadTable(db, project.write('padded.csv', 'x,y,id\n01,1,007\n 02 ,2,010\n,3,011\n'), 'data', ['x']);
      expect(shape.columns.get('x')).toBe('number');
      expect(shape.columns.get('id')).toBe('string');
      expect((await db.rows('SELECT x, id FROM data ORDER BY rowid')).map((r) => [r.x, r.id])).toEqual([[1, '007'], [2, '010'], [null, '011']]);
    } finally {
      db.close();
    }
  });

  it('correlate FILE on zero-padded columns gives the result of the same numbers written plainly (real CLI)', () => {
    const rows = Array.from({ length: 20 }, (_, i) => [i + 1, (i * 7) % 11]);
    project.write('plain-numbers.csv', `x,y\n${rows.map(([x, y]) => `${x},${y}`).join('\n')}\n`);
    project.write('padded-numbers.csv', `x,y\n${rows.map(([x, y]) => `${String(x).padStart(2, '0')},${String(y).padStart(3, '0')}`).join('\n')}\n`);
    const [plain, padded] = ['plain-numbers.csv', 'padded-numbers.csv'].map((f) => cli(['correlate', f, '--x', 'x', '--y', 'y', '--json'], project.dir));
    expect(padded.stderr).toBe('');
    expect(JSON.parse(padded.stdout)).toEqual(JSON.parse(plain.stdout));
    expect(JSON.parse(padded.stdout).n).toBe(20);
  });

  it('correlate FILE gives the same result with and without the spaces (real CLI)', () => {
    expect(correlateBoth(['plain.csv', '7.5'], ['spaces.csv', ' 7.5 '])).toMatchObject({ n: 30, missing: 0 });
  });
});

// Blank cells and cells of only spaces are missing values in both paths: ingest reads text cells
// as NULLIF(trim(cell), '') (src/stages/ingest.ts readTyped) and README promises that missing
// values are empty cells. Before the fix, one cell of spaces made a numeric column text (refused
// by `--x x` with "the column is text", no cell named), and a text cell of spaces or `P1 ` was
// kept as a value, so `P1 ` and `P1` were two patients for `alliance sudden`.
describe('loadTable reads blank cells and cells of only spaces as missing', () => {
  it('in a numeric column: empty, unquoted spaces and quoted spaces', async () => {
    const content = file(20, 3, '   ').replace('\n5.5,', '\n"  ",').replace('\n9.5,', '\n"",');
    const { shape, x } = await load('blank-number.csv', content);
    expect(shape.columns.get('x')).toBe('number');
    expect(x.map((v, i) => (v === null ? i + 1 : 0)).filter(Boolean)).toEqual([3, 6, 10]);
    expect(x[0]).toBe(0.5);
  });

  it('in a text column, where cells are also trimmed', async () => {
    const db = await DuckDBSession.create();
    try {
      await loadTable(db, project.write('blank-text.csv', 'id,y\nP1 ,1\n   ,2\n" P1",3\n"  ",4\nP2,5\n'), 'data');
      const rows = await db.rows('SELECT id, count(*)::INTEGER AS n FROM data GROUP BY id ORDER BY id NULLS LAST');
      expect(rows).toEqual([
        { id: 'P1', n: 2 },
        { id: 'P2', n: 1 },
        { id: null, n: 2 },
      ]);
    } finally {
      db.close();
    }
  });

  it('correlate FILE: cells of spaces count as missing pairs, like empty cells (real CLI)', () => {
    expect(correlateBoth(['empty.csv', ''], ['spaces-only.csv', '   '])).toMatchObject({ n: 29, missing: 1 });
  });
});
