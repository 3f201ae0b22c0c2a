// Numeric missing-value codes (found by QA): a trial export with -99 for a missing baseline and 999
// for a missing final PHQ-9 total was analysed as those numbers (r of alliance with the final score
// −.24 → −.065, no ledger entry; change classified them). Now ingest's missingCodes declares them:
// they become missing in every numeric column but the session number, counted per column in the
// ledger, and the run equals the run on the same file with those cells blank. Without the option,
// change with a named instrument refuses totals outside the instrument's range (PHQ-9 sum 0–27).
import { afterAll, describe, expect, it } from 'vitest';
import { runSpecText, tempProject } from '../helpers/temp-project.ts';

const header = 'patient,therapist,session,x,phq_total_pre,phq_total_post';
/** 40 patients, one row each; x and the PHQ-9 totals vary; `code` replaces the cells listed. */
const rows = (cell: (i: number, column: 'x' | 'pre' | 'post') => string | undefined) =>
  [header, ...Array.from({ length: 40 }, (_, i) => {
    const x = String(10 + ((i * 7) % 13));
    const pre = String(8 + ((i * 5) % 17));
    const post = String(2 + ((i * 11) % 19));
    return `P${String(i).padStart(2, '0')},T${i % 4},1,${cell(i, 'x') ?? x},${cell(i, 'pre') ?? pre},${cell(i, 'post') ?? post}`;
  })].join('\n') + '\n';
const coded = rows((i, c) => (i === 3 && c === 'pre' ? '-99' : i === 7 && c === 'post' ? '999' : i === 12 && c === 'x' ? '-99' : undefined));
const blank = rows((i, c) => ((i === 3 && c === 'pre') || (i === 7 && c === 'post') || (i === 12 && c === 'x') ? '' : undefined));

const project = tempProject({ 'coded.csv': coded, 'blank.csv': blank });
afterAll(() => project.dispose());

const spec = (file: string, ingest = '', change = ', instrument: phq-9') => `
name: t
stages:
  - { id: trial, type: ingest, file: ${file}, grain: patient${ingest} }
  - id: d
    type: derive
    from: trial
    columns: { phq_baseline: phq_total_pre, phq_final: phq_total_post }
  - { id: change, type: change, from: d, outcome: phq${change} }
  - { id: cor, type: correlate, from: change, pairs: [{ x: x, y: phq_final }, { x: x, y: phq_total_pre }] }
`;

describe('ingest missingCodes', () => {
  it('declared codes are missing, counted per column, and the results equal those of the file with blanks', async () => {
    const withCodes = await runSpecText(project.dir, spec('coded.csv', ', missingCodes: [-99, 999]'));
    const withBlanks = await runSpecText(project.dir, spec('blank.csv'));
    expect(withCodes.results.cor).toEqual(withBlanks.results.cor);
    expect(withCodes.results.change).toEqual(withBlanks.results.change);
    const declared = withCodes.ledger.entries.filter((e) => e.reason === 'declared-missing-code');
    expect(declared.map((e) => [e.detail, e.count, e.action, e.unit])).toEqual([
      ["column 'x': values equal to a declared missing code (-99, 999)", 1, 'set-missing', 'values'],
      ["column 'phq_total_pre': values equal to a declared missing code (-99, 999)", 1, 'set-missing', 'values'],
      ["column 'phq_total_post': values equal to a declared missing code (-99, 999)", 1, 'set-missing', 'values'],
    ]);
  });

  it('without the option, change with an instrument refuses totals outside its range', async () => {
    await expect(runSpecText(project.dir, spec('coded.csv'))).rejects.toThrow(
      "2 of the phq_baseline and phq_final scores of 'd' lie outside Patient Health Questionnaire-9's range 0 to 27 (e.g. -99); if they are missing-value codes, declare them with ingest's missingCodes, else check the instrument named",
    );
  });
});
