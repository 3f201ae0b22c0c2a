// ingest reads delimiter and decimal only for a CSV or TSV file (sniffHeader, read_csv); a JSON or
// Parquet file has typed values and no delimiter, so beside one they were accepted and changed
// nothing. Each is now a spec problem at stages[i].delimiter / stages[i].decimal, named by
// `alliance validate` with its YAML line, saying how the file is read.
import { afterAll, describe, expect, it } from 'vitest';
import { tempProject } from '../helpers/temp-project.ts';
import { refusedOnce, validateSpecErrors } from '../helpers/validate-spec-errors.ts';

const rows = [{ patient: 'P1', session: 1, y: 1.5 }, { patient: 'P1', session: 2, y: 2.5 }];
const json = `${JSON.stringify(rows)}\n`;
const project = tempProject({ 'sessions.json': json, 'sessions.txt': json });
afterAll(() => project.dispose());

/** An ingest stage of `file` with further `options`. */
const spec = (file: string, options: string) => `name: t
stages:
  - { id: sessions, type: ingest, file: ${file}${options} }
`;

describe('ingest: delimiter and decimal only for a delimited text file', () => {
  it('a .json file: alliance validate names the option, its YAML line and how the file is read', async () => {
    expect(await refusedOnce(project, 'json.yaml', spec('sessions.json', ', decimal: ","'), spec('sessions.json', ''))).toBe(
      '  json.yaml, line 3, column 65: stages[0].decimal: decimal says how a CSV or TSV file is read, and sessions.json is read as JSON (by its extension), whose numbers are typed; drop decimal',
    );
  });

  it('format: json given: names that too, and both options', async () => {
    const why = 'sessions.txt is read as JSON (as format: json says), whose numbers are typed';
    expect(await validateSpecErrors(project.dir, spec('sessions.txt', ', format: json, delimiter: ";", decimal: ","'))).toEqual([
      { specPath: 'stages[0].delimiter', message: `delimiter says how a CSV or TSV file is read, and ${why}; drop delimiter` },
      { specPath: 'stages[0].decimal', message: `decimal says how a CSV or TSV file is read, and ${why}; drop decimal` },
    ]);
  });
});
