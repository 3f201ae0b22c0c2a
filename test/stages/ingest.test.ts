// Ingest of odd but valid files (issue 2 "Tests", issue 9 "Odd but valid files must work").
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { DataError } from '../../src/engine/errors.ts';
import { runSpecText, tempProject } from '../helpers/temp-project.ts';

const spec = (extra = '') => `
name: t
stages:
  - id: sessions
    type: ingest
    file: data.csv
${extra}
  - id: scored
    type: score
    from: sessions
    instruments: [{ instrument: phq-9, prefix: phq }]
`;

const header = 'patient,session,' + Array.from({ length: 9 }, (_, i) => `phq${i + 1}`).join(',');
const row = (p: string, s: number | string, v: number) => `${p},${s},${Array(9).fill(v).join(',')}`;

let project: ReturnType<typeof tempProject> | undefined;
afterEach(() => project?.dispose());

async function run(data: string | Buffer, extra = '', name = 'data.csv') {
  project = tempProject({ [name]: data });
  const outcome = await runSpecText(project.dir, spec(extra).replace('data.csv', name));
  return { outcome, results: JSON.parse(readFileSync(join(project.dir, 'out', 'results.json'), 'utf8')) };
}

describe('ingest: odd but valid files', () => {
  it('reads a UTF-8 BOM, CRLF line ends and trailing blank lines', async () => {
    const text = '\uFEFF' + [header, row('P1', 1, 2), row('P1', 2, 1), row('P2', 1, 3)].join('\r\n') + '\r\n\r\n\r\n';
    const { results } = await run(text);
    expect(results.stages.sessions.rows).toBe(3);
    expect(results.stages.sessions.patients).toBe(2);
    expect(results.stages.scored.scales.phq_total.scored).toBe(3);
  });

  it('keeps quoted fields with commas and newlines, and Unicode ids', async () => {
    const text = ['patient,session,note,' + header.split(',').slice(2).join(','), `"Ünal, A.",1,"line one\nline two, with comma",${Array(9).fill(1).join(',')}`, `患者-7,1,"""quoted""",${Array(9).fill(2).join(',')}`].join('\n') + '\n';
    const { results } = await run(text, '    text: [note]');
    expect(results.stages.sessions.patients).toBe(2);
    expect(results.stages.sessions.rows).toBe(2);
  });

  it('detects a semicolon delimiter with decimal commas', async () => {
    const text = ['patient;session;x;' + header.split(',').slice(2).join(';'), `P1;1;3,5;${Array(9).fill(1).join(';')}`, `P1;2;4,25;${Array(9).fill(0).join(';')}`].join('\n');
    const { results } = await run(text);
    expect(results.stages.sessions.delimiter).toBe(';');
    expect(results.stages.sessions.decimal).toBe(',');
  });

  it('reads TSV', async () => {
    const text = [header.replace(/,/g, '\t'), row('P1', 1, 1).replace(/,/g, '\t')].join('\n');
    const { results } = await run(text, '', 'data.tsv');
    expect(results.stages.sessions.rows).toBe(1);
  });

  it('sorts sessions given out of order and treats blanks as missing', async () => {
    const text = [header, row('P1', 3, 1), row('P1', 1, 2), `P1,2,,,,,,,,,`].join('\n');
    const { results } = await run(text);
    expect(results.stages.scored.scales.phq_total.formMissing).toBe(1);
  });

  it('reshapes a wide file (one row per patient) to long', async () => {
    const cols = [1, 2, 3].flatMap((s) => Array.from({ length: 9 }, (_, i) => `phq${i + 1}_s${s}`));
    const text = ['patient,' + cols.join(','), 'P1,' + cols.map((_, i) => (i < 18 ? 1 : '')).join(','), 'P2,' + cols.map(() => 2).join(',')].join('\n');
    const { results } = await run(text, '    wide: { separator: _s }');
    expect(results.stages.sessions.layout).toBe('wide');
    expect(results.stages.sessions.rows).toBe(5);
  });

  it('reads Parquet and JSON written by DuckDB', async () => {
    project = tempProject();
    const inst = await DuckDBInstance.create(':memory:');
    const con = await inst.connect();
    const phq = Array.from({ length: 9 }, (_, i) => `1 AS phq${i + 1}`).join(', ');
    await con.run(`COPY (SELECT 'P' || (range % 4) AS patient, (range // 4 + 1)::INTEGER AS session, ${phq} FROM range(12)) TO '${project.path('d.parquet')}' (FORMAT parquet)`);
    await con.run(`COPY (SELECT 'P' || (range % 4) AS patient, (range // 4 + 1)::INTEGER AS session, ${phq} FROM range(12)) TO '${project.path('d.json')}' (FORMAT json)`);
    con.closeSync();
    for (const f of ['d.parquet', 'd.json']) {
      const outcome = await runSpecText(project.dir, spec().replace('data.csv', f));
      expect((outcome.results.sessions as { rows: number }).rows).toBe(12);
      expect((outcome.results.sessions as { format: string }).format).toBe(f.endsWith('parquet') ? 'parquet' : 'json');
    }
  });
});

describe('ingest: wide columns whose reshaped name is taken', () => {
  // README promise: every user error is one message naming the file and column, with no partial
  // output. A plain column 'phq1' beside phq1_s1, phq1_s2 used to replace the reshaped phq1 values silently.
  const cols = [1, 2].flatMap((s) => Array.from({ length: 9 }, (_, i) => `phq${i + 1}_s${s}`));
  const wideFile = (extraHeader: string, extraValue: string) =>
    [`patient,${cols.join(',')}${extraHeader}`, `P1,${cols.map(() => 1).join(',')}${extraValue}`, `P2,${cols.map(() => 2).join(',')}${extraValue}`].join('\n') + '\n';
  async function failure(text: string): Promise<DataError> {
    project = tempProject({ 'data.csv': text });
    const error = await runSpecText(project.dir, spec('    wide: { separator: _s }')).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DataError);
    expect(existsSync(join(project.dir, 'out'))).toBe(false);
    return error as DataError;
  }

  it('refuses a plain column named like a wide stem, naming the file, the column and the stem', async () => {
    const e = await failure(wideFile(',phq1', ',3'));
    expect(e).toMatchObject({ file: 'data.csv', column: 'phq1' });
    expect(e.message).toMatch(/clashes with the wide stem 'phq1'.*'phq1_s1' … 'phq1_s2'.*Rename or drop one of them/);
  });

  it('compares the names case-insensitively, as DuckDB does', async () => {
    const e = await failure(wideFile(',PHQ3', ',3'));
    expect(e).toMatchObject({ file: 'data.csv', column: 'PHQ3' });
    expect(e.message).toMatch(/wide stem 'phq3'/);
  });

  it('refuses a wide stem named session, which the reshape creates', async () => {
    const e = await failure(wideFile(',session_s1,session_s2', ',1,2'));
    expect(e).toMatchObject({ file: 'data.csv', column: 'session_s1' });
    expect(e.message).toMatch(/wide stem 'session'.*clashes with the session number/);
  });

  it('refuses two columns that are the same session of one stem (phq1_s1 and phq1_s01), one of whose values would be lost', async () => {
    // found by QA: the column read last silently replaced the other, with no ledger entry
    const e = await failure(wideFile(',phq1_s01', ',5'));
    expect(e).toMatchObject({ file: 'data.csv', column: 'phq1_s01' });
    expect(e.message).toMatch(/columns 'phq1_s1' and 'phq1_s01' are both session 1 of the wide stem 'phq1'/);
  });

  it('refuses a plain session column in a wide file, whose session numbers come from the column names', async () => {
    // found by QA: it used to stop at checkSessions with "patient 'P1' has session 1 more than once (rows 1, 1)"
    const e = await failure(wideFile(',Session', ',1'));
    expect(e).toMatchObject({ file: 'data.csv', column: 'Session' });
    expect(e.message).toMatch(/plain column 'Session' would clash with them/);
  });

  it('still reads the same file without the clashing column', async () => {
    const { results } = await run(wideFile('', ''), '    wide: { separator: _s }');
    expect(results.stages.sessions.rows).toBe(4);
  });
});
