// A CSV cell of only spaces (`   ` or `"   "`, common in SPSS and fixed-width exports) in a numeric
// column used to stop `alliance run` with "'   ' is not a number", while text columns and the quick
// commands read it as missing. README: blank cells are missing. Expected: such a file reads, scores
// and counts in the ledger exactly as the same file with empty cells; a blank session number fails
// as an empty one does; real non-numbers are still refused with their line and column.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataError, formatDataError } from '../../src/engine/errors.ts';
import { score } from '../../src/stages/score.ts';
import { runSpecTextSeeing, tempProject } from '../helpers/temp-project.ts';
import { SAMPLE_HEADER, SAMPLE_LINES, scorePatientsSpec } from '../helpers/rom-sample-rows.ts';

const projects: ReturnType<typeof tempProject>[] = [];
afterEach(() => {
  for (const p of projects.splice(0)) p.dispose();
});

const sample = SAMPLE_LINES;
const header = SAMPLE_HEADER;

/** The sample with `cells[[dataRow, column]]` (data row 1-based) replaced by the given text. */
function csv(cells: [number, string, string][]): string {
  const rows = sample.map((l) => l.split(','));
  for (const [row, column, text] of cells) rows[row][header.indexOf(column)] = text;
  return rows.map((r) => r.join(',')).join('\n') + '\n';
}

/** Runs the pipeline on `text`; the scored table's rows and results.json, or the error. */
async function run(text: string, file = 'data.csv'): Promise<{ scored: Record<string, unknown>[]; results: { stages: unknown; ledger: unknown } } | { error: unknown }> {
  const project = tempProject({ [file]: text });
  projects.push(project);
  let scored: Record<string, unknown>[] = [];
  try {
    await runSpecTextSeeing(project.dir, scorePatientsSpec(file), score, async (_, ctx) => {
      scored = await ctx.db.rows(`SELECT * EXCLUDE (_patient_code) FROM t_scored ORDER BY _row`);
    });
  } catch (error) {
    return { error };
  }
  const results = JSON.parse(readFileSync(join(project.dir, 'out', 'results.json'), 'utf8'));
  return { scored, results: { stages: results.stages, ledger: results.ledger } };
}

describe('ingest: CSV cells of only spaces are missing, as empty cells are', () => {
  it('item cells (quoted, unquoted, longer than 64 spaces) score and count as empty ones', async () => {
    const at: [number, string][] = [
      [1, 'wai3'], // baseline session: wai_total prorated
      [2, 'phq3'],
      [3, 'wai5'],
      [3, 'wai7'], // two bond items in one row: wai_bond left missing
      [7, 'phq1'], // second patient's baseline
    ];
    const blanks = ['"   "', '   ', ' ', '"  "', ' '.repeat(70)];
    const blank = await run(csv(at.map(([r, c], i) => [r, c, blanks[i]])));
    const empty = await run(csv(at.map(([r, c]) => [r, c, ''])));
    expect('error' in blank ? blank.error : undefined).toBeUndefined();
    expect('error' in empty ? empty.error : undefined).toBeUndefined();
    if ('error' in blank || 'error' in empty) return;
    expect(blank.scored).toHaveLength(12);
    expect(blank.scored[1].phq3).toBeNull();
    expect(blank.scored).toEqual(empty.scored);
    expect(blank.results).toEqual(empty.results);
    expect((blank.results.ledger as { reason: string }[]).map((e) => e.reason)).toEqual(expect.arrayContaining(['missing-items-prorated', 'too-many-missing-items']));
  });

  it('in a TSV file too', async () => {
    const tsv = (cell: string) => csv([[2, 'phq3', cell]]).replaceAll(',', '\t');
    const blank = await run(tsv('  '), 'data.tsv');
    const empty = await run(tsv(''), 'data.tsv');
    if ('error' in blank || 'error' in empty) throw new Error('both runs should succeed');
    expect(blank.scored[1].phq3).toBeNull();
    expect(blank.results).toEqual(empty.results);
  });

  it('a number with spaces around it in a column that also has a blank cell is still that number', async () => {
    const spaced = await run(csv([[2, 'phq3', '  '], [4, 'phq3', ' 2 ']]));
    const plain = await run(csv([[2, 'phq3', ''], [4, 'phq3', '2']]));
    if ('error' in spaced || 'error' in plain) throw new Error('both runs should succeed');
    expect(spaced.scored[3].phq3).toBe(2);
    expect(spaced.scored).toEqual(plain.scored);
  });

  it.each(['  ', '"   "'])('a session number %j fails as an empty one does', async (cell) => {
    const blank = await run(csv([[4, 'session', cell]]));
    const empty = await run(csv([[4, 'session', '']]));
    const error = 'error' in blank ? blank.error : undefined;
    expect(error).toBeInstanceOf(DataError);
    expect(error).toMatchObject({ message: 'session number is empty', file: 'data.csv', row: 4, column: 'session', place: { lines: [5] } });
    // the same error (its place.text differs: each run has its own temp folder)
    const emptyError = 'error' in empty ? empty.error : undefined;
    expect(emptyError).toBeInstanceOf(DataError);
    expect(emptyError).toMatchObject({ row: 4, place: { lines: [5] } });
    expect(formatDataError(emptyError as DataError)).toBe(formatDataError(error as DataError));
  });

  it.each([
    ['abc', "'abc' is not a number (declare the column under `text:` if it is not numeric)"],
    ['NA', "'NA' is not a number (missing values must be empty cells; re-export with blanks for missing, e.g. write.csv(x, na = \"\") in R)"],
    ['"3,5"', "'3,5' is not a number (decimal comma? set `decimal: ','`)"],
  ])('a real non-number %s after a blank cell is refused with its line and column', async (cell, message) => {
    const r = await run(csv([[2, 'phq3', '   '], [6, 'phq3', cell]]));
    const error = 'error' in r ? r.error : undefined;
    expect(error).toBeInstanceOf(DataError);
    expect(error).toMatchObject({ message, file: 'data.csv', column: 'phq3', place: { lines: [7] } });
  });
});
