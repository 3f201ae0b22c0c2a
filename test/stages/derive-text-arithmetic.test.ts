// Arithmetic on a text column (`phq1 + modality`) was refused with "'+' needs a number, but column
// 'modality' is text at …" and no word on what to do: recode the text as numbers, or, for a column
// the researcher expected numbers in, why it is text. What ingest does with missing-value codes
// (src/stages/ingest.ts, mostlyNumeric): a column of numbers with some codes ('NA', '.') stays
// numeric and the run stops at the first code with its line; a column whose cells are all empty
// or codes is text (TableShape.whyText says so); a column with more other text than numbers is
// text; -99 is a number like any other (ingest's missingCodes declares it missing).
// Expected: the refusal shows how to recode (`ifelse(modality == 'x', 1, 0)`) and when ingest
// reads a column as text, or, for a column of codes only, why it is text, as comparisons do.
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempProject } from '../helpers/temp-project.ts';
import { validateSpecErrors } from '../helpers/validate-spec-errors.ts';
import { deriveSpec } from '../helpers/derive-spec.ts';

const p = tempProject();
afterAll(() => p.dispose());

const RECODE = "To compute with text, recode it as numbers, e.g. ifelse(modality == 'x', 1, 0) with one of its values for 'x' (ingest reads a column as text when its cells hold more text than numbers, missing-value codes such as 'NA' aside)";

async function problem(columns: string, head?: string, from?: string): Promise<string> {
  const errors = await validateSpecErrors(p.dir, deriveSpec(columns, head, from));
  expect(errors, columns).toHaveLength(1);
  return errors[0].message;
}

/** A pipeline head that ingests `csv` (written as `file`) as table `sessions`. */
function ingestHead(file: string, csv: string): string {
  p.write(file, csv);
  return `\nname: t\nstages:\n  - { id: sessions, type: ingest, file: ${file} }\n`;
}

describe('derive: arithmetic on text says how to compute with it', () => {
  it('a text column of categories: recode it as numbers', async () => {
    expect(await problem('      x: phq1 + modality\n')).toBe(`'+' needs a number, but column 'modality' is text at character 8. ${RECODE} (in expression "phq1 + modality")`);
    expect(await problem('      x: -modality\n')).toBe(`unary '-' needs a number, but column 'modality' is text at character 2. ${RECODE} (in expression "-modality")`);
    expect(await problem('      x: mean_of(phq1, site)\n')).toMatch(/^'mean_of' needs a number, but column 'site' is text at character 15\. To compute with text, recode it as numbers, e\.g\. ifelse\(site == 'x', 1, 0\)/);
    expect(await problem('      x: coalesce(modality, site) * 2\n')).toMatch(/^'\*' needs a number, but this is text at character 1\. To compute with text, recode it as numbers, e\.g\. ifelse\(coalesce\(modality, site\) == 'x', 1, 0\)/);
  });

  it('a file column with more text than numbers is text, as the hint says', async () => {
    const head = ingestHead('mostly-text.csv', ['patient,session,score', 'P1,1,3', 'P1,2,unknown', 'P2,1,not asked', 'P2,2,refused'].join('\n') + '\n');
    expect(await problem('      x: score + 1\n', head, 'sessions')).toBe(
      `'+' needs a number, but column 'score' is text at character 1. ${RECODE.replace("modality == 'x'", "score == 'x'")} (in expression "score + 1")`,
    );
  });

  it('a column of missing-value codes only: why it is text', async () => {
    const head = ingestHead('codes-only.csv', ['patient,session,phq_total,later', 'P1,1,10,NA', 'P1,2,8,NA', 'P2,1,12,NA', 'P2,2,9,NA'].join('\n') + '\n');
    expect(await problem('      x: later * 2\n', head, 'sessions')).toBe(
      `'*' needs a number, but column 'later' is text at character 1. Column 'later' is text: its cells are all empty or the missing-value code 'NA' (missing values must be empty cells; re-export with blanks for missing, e.g. write.csv(x, na = "") in R) (in expression "later * 2")`,
    );
  });

  it('numbers with an NA among them stay numbers: the expression validates and the run stops at the NA, with its line', async () => {
    const csv = ['patient,session,phq_total', 'P1,1,10', 'P1,2,NA', 'P2,1,12', 'P2,2,9'].join('\n') + '\n';
    const head = ingestHead('numbers-na.csv', csv);
    expect(await validateSpecErrors(p.dir, deriveSpec('      x: phq_total * 2\n', head, 'sessions'))).toEqual([]);
    const file = p.write('numbers-na.yaml', deriveSpec('      x: phq_total * 2\n', head, 'sessions'));
    const r = cli(['run', file, '--out', p.path('out-na')], p.dir);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/numbers-na\.csv, line 3, column 'phq_total': 'NA' is not a number \(missing values must be empty cells/);
  });
});
