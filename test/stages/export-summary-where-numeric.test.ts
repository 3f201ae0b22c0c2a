// export-summary's `where: { column, equals }` compared a value written as text with the column's
// text: on a numeric column (arm codes 1, 2, 3) `equals: "1"` matched no row, and the message listed
// the values as '1.0', '2.0', '3.0' (found by QA). A number written as text now selects the same
// rows as the number itself (the control); text that is not a number on a numeric column is
// refused by validate; a numeric value matching nothing lists the values as numbers. Real CLI.
import { afterAll, describe, expect, it } from 'vitest';
import { tempProject } from '../helpers/temp-project.ts';
import { expectRunFails, runStages } from '../helpers/cli-run.ts';

const rows = Array.from({ length: 30 }, (_, i) => `P${i},${(i % 2) + 1},${(i * 7) % 11},${(i * 5) % 13}`);
const spec = (equals: string) =>
  `name: t\nstages:\n  - { id: p, type: ingest, file: data.csv, grain: patient }\n  - { id: s, type: export-summary, from: p, site: A, minN: 4, where: { column: arm, equals: ${equals} }, correlations: [{ x: x, y: y }] }\n`;
const project = tempProject({
  'data.csv': ['patient,arm,x,y', ...rows].join('\n') + '\n',
  'number.yaml': spec('1'),
  'text.yaml': spec('"1"'),
  'spaced.yaml': spec('" 1 "'),
  'word.yaml': spec('CBT'),
  'absent.yaml': spec('"7"'),
});
afterAll(() => project.dispose());

describe('export-summary: where on a numeric column', () => {
  it('"1" selects the rows that 1 selects', () => {
    // the exported numbers (the summary's analysis hash differs with the spec's text)
    const exported = (name: string) => runStages(project, name).s.summary.correlations;
    const number = exported('number');
    expect(number[0].n).toBe(15);
    expect(exported('text')).toEqual(number);
    expect(exported('spaced')).toEqual(number);
  });

  it('text that is not a number is refused by validate', () => {
    expectRunFails(project, 'word', /stages\[1\]\.where\.equals: column 'arm' of table 'p' is numeric, and 'CBT' is not a number/, 'validate');
  });

  it('a number matching no row lists the values as numbers', () => {
    expectRunFails(project, 'absent', /no row of 'p' has arm = '7' \(its values are '1', '2'\)/);
  });
});
