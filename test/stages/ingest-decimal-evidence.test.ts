// Decimal-comma detection (src/engine/csv-header.ts) used to look at every cell: one free-text cell
// "1,2" in a ';'-delimited file with '.' decimals switched the whole file to decimal_separator=','
// and its '3.5' was refused ("'3.5' is not a number"). Expected (README: `decimal` option, ','
// detected for ';'-delimited files): only columns that are numbers under the decimal-comma reading
// count as evidence, a '.' decimal anywhere counts against, and on conflicting evidence the file is
// read with '.', so a comma-decimal column stops the run with the hint "(decimal comma? set
// `decimal: ','`)", naming the file, line and column.
import { afterEach, describe, expect, it } from 'vitest';
import { DuckDBSession } from '../../src/engine/duckdb-session.ts';
import { DataError } from '../../src/engine/errors.ts';
import { sniffHeader } from '../../src/engine/csv-header.ts';
import { ingest } from '../../src/stages/ingest.ts';
import { tempProject } from '../helpers/temp-project.ts';

let project: ReturnType<typeof tempProject> | undefined;
afterEach(() => project?.dispose());

async function read(text: string, options: Record<string, unknown> = {}): Promise<{ result: Record<string, unknown>; rows: Record<string, unknown>[] }> {
  project = tempProject({ 'data.csv': text });
  const db = await DuckDBSession.create();
  try {
    const ctx = { db, specDir: project.dir, stageId: 'sessions', specPath: 'stages[0]', input: () => {}, ledger: { add: () => {} } };
    const out = await ingest.run({ file: 'data.csv', ...options } as never, ctx as never);
    return { result: out.result as Record<string, unknown>, rows: await db.rows('SELECT * EXCLUDE (_row) FROM t_sessions ORDER BY _row') };
  } finally {
    db.close();
  }
}

describe('ingest: decimal comma detected from numeric columns only', () => {
  it("reads '.' decimals of a ';' file whose free-text column holds \"1,2\"", async () => {
    const { result, rows } = await read('patient;session;note;x\nP1;1;1,2;3.5\nP1;2;ok;4.25\nP2;1;;1.5\n');
    expect(result).toMatchObject({ delimiter: ';', decimal: '.' });
    expect(rows).toEqual([
      { patient: 'P1', session: 1, note: '1,2', x: 3.5 },
      { patient: 'P1', session: 2, note: 'ok', x: 4.25 },
      { patient: 'P2', session: 1, note: null, x: 1.5 },
    ]);
  });

  it('still detects real decimal commas beside free text and whole numbers', async () => {
    const { result, rows } = await read('patient;session;note;x\nP1;1;1,2 und mehr;3,5\nP1;2;ok;4\n');
    expect(result).toMatchObject({ delimiter: ';', decimal: ',' });
    expect(rows.map((r) => r.x)).toEqual([3.5, 4]);
  });

  it("keeps '.' on conflicting evidence, and the comma column fails with the decimal-comma hint", async () => {
    const error = await read('patient;session;a;x\nP1;1;3,5;3.5\nP1;2;4,5;4.25\n').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DataError);
    expect(error).toMatchObject({ file: 'data.csv', column: 'a', place: { lines: [2] } });
    expect((error as DataError).message).toBe("'3,5' is not a number (decimal comma? set `decimal: ','`)");
  });

  it("reads the conflicting file as declared with decimal: ','", async () => {
    const { rows } = await read('patient;session;a;b\nP1;1;3,5;x.y\nP1;2;2;1.5e\n', { decimal: ',', text: ['b'] });
    expect(rows.map((r) => r.a)).toEqual([3.5, 2]);
  });

  // found by QA: a column whose every value had a decimal comma was read as text, silently, and a
  // model formula then used it as a factor ('dose2,0', 'dose2,5'); only a column with some '.'
  // numbers stopped the run
  it.each([
    ['a comma-delimited file with quoted "1,5" cells', 'patient,session,phq,dose\nP1,1,11,"1,5"\nP1,2,12,"2,0"\nP2,1,9,"2,5"\n', {}, "decimal comma? set `decimal: ','`"],
    ["a ';' file read with decimal: '.' declared", 'patient;session;phq;dose\nP1;1;11;1,5\nP1;2;12;2,0\nP2;1;9;2,5\n', { decimal: '.' }, "decimal comma? set `decimal: ','`"],
  ])('a column of decimal-comma numbers only stops the run: %s', async (_, text, options, hint) => {
    const error = await read(text, options).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DataError);
    expect(error).toMatchObject({ file: 'data.csv', column: 'dose', place: { lines: [2] } });
    expect((error as DataError).message).toContain(`'1,5' is not a number (${hint}`);
  });

  it("reads the quoted decimal commas of a comma-delimited file as numbers with decimal: ','", async () => {
    const { rows } = await read('patient,session,dose\nP1,1,"1,5"\nP1,2,2\n', { decimal: ',' });
    expect(rows.map((r) => r.dose)).toEqual([1.5, 2]);
  });

  it('keeps such a column as text when it is declared under text:', async () => {
    const { rows } = await read('patient,session,dose\nP1,1,"1,5"\nP1,2,"2,0"\n', { text: ['dose'] });
    expect(rows.map((r) => r.dose)).toEqual(['1,5', '2,0']);
  });

  it('sniffHeader reports the evidence columns and keeps its result shape', () => {
    project = tempProject({ 'a.csv': 'p;a;b;c\n1;3,5;x;2\n2;;1,5;3.25\n', 'b.csv': 'p;a;b\n1;3,5;x\n2;2;1,5\n' });
    expect(sniffHeader(project.path('a.csv'))).toEqual({ delimiter: ';', columns: ['p', 'a', 'b', 'c'], bom: false, decimalComma: false, decimalCommaColumns: ['a'], headerOnly: false, notText: undefined });
    expect(sniffHeader(project.path('b.csv'))).toMatchObject({ decimalComma: true, decimalCommaColumns: ['a'] });
    // a comma-delimited file: the column is evidence, the file is not read with decimal commas
    project.write('c.csv', 'p,a,b\n1,"3,5",x\n2,"2",y\n');
    expect(sniffHeader(project.path('c.csv'))).toMatchObject({ delimiter: ',', decimalComma: false, decimalCommaColumns: ['a'] });
  });
});
