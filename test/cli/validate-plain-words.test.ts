// validate's messages for a value of the wrong kind or out of bounds, in the words the union
// messages use ("must be text or a list"), with the value given. Before: ajv's own wording
// ("must be array", "must be integer", "must be <= 0.5", "must NOT have fewer than 1 items"),
// and a `from:` misspelling of a stage that itself had a problem got no did-you-mean (only
// stages planned without problems were suggested). Within a stage the problems come in the order
// the checks run (schema first, in its order), not by line. README promise: every problem at once, each
// one clear message with its spec path and a did-you-mean for misspelled names.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, REPO, tempProject } from '../helpers/temp-project.ts';

const SPEC = `name: words
stages:
  - id: sessions
    type: ingest
    file: ${join(REPO, 'data-samples/rom-small.csv')}
    missingCodes: -99
    colums: { patient: patient }
  - id: scored
    type: score
    from: sesions
    instruments: [{ instrument: phq-9, maxMissingFraction: 2 }]
  - id: t
    type: trajectories
    from: scored
    variables: phq9_total
    maxSession: 2.5
    minN: -1
    level: 1.5
  - id: t2
    type: trajectories
    from: scored
    variables: []
`;
const p = tempProject({ 'words.yaml': SPEC });
afterAll(() => p.dispose());

describe('validate: plain words for kinds and bounds', () => {
  it('names the kind or bound wanted and the value given', () => {
    const r = cli(['validate', 'words.yaml'], p.dir);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      'error: the pipeline spec has 9 problems:',
      '  words.yaml, line 6, column 19: stages[0].missingCodes: must be a list (got -99)',
      "  words.yaml, line 7, column 5: stages[0].colums: unknown option 'colums'. Did you mean 'columns'? Allowed: id, type, file, format, delimiter, decimal, columns, dateFormat, text, missingCodes, grain, wide",
      "  words.yaml, line 10, column 11: stages[1].from: no earlier stage with id 'sesions'. Did you mean 'sessions'?",
      '  words.yaml, line 11, column 60: stages[1].instruments[0].maxMissingFraction: must be at most 0.5 (got 2)',
      "  words.yaml, line 15, column 16: stages[2].variables: must be a list (got 'phq9_total')",
      '  words.yaml, line 16, column 17: stages[2].maxSession: must be a whole number (got 2.5)',
      '  words.yaml, line 17, column 11: stages[2].minN: must be at least 2 (got -1)',
      '  words.yaml, line 18, column 12: stages[2].level: must be less than 1 (got 1.5)',
      '  words.yaml, line 22, column 16: stages[3].variables: must have at least 1 entry',
    ]);
  });

  it('a list that must not repeat an entry names the repeat, at its line, and the entry it repeats', () => {
    // before: ajv's "must NOT have duplicate items (items ## 1 and 0 are identical)" at the list
    p.write('studies.csv', 'study,r,n,grade\nA,0.3,50,1\nB,0.2,60,2\nC,0.25,40,1\n');
    p.write('repeat.yaml', `name: repeat
stages:
  - { id: s, type: import-studies, file: studies.csv }
  - id: m
    type: meta
    from: s
    r: r
    n: n
    mods: [grade, n, grade]
`);
    const r = cli(['validate', 'repeat.yaml'], p.dir);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      'error: the pipeline spec has 1 problem:',
      "  repeat.yaml, line 9, column 22: stages[1].mods[2]: repeats 'grade' (also entry [0]); list each once",
    ]);
  });

  it('text of the wrong length: empty, too long or too short, in words (before: ajv\'s "must NOT have fewer than 1 characters")', () => {
    p.write('length.yaml', `name: length
stages:
  - { id: a, type: ingest, file: "" }
  - { id: b, type: ingest, file: ${join(REPO, 'data-samples/rom-small.csv')}, delimiter: ";;", dateFormat: "%" }
`);
    const r = cli(['validate', 'length.yaml'], p.dir);
    expect(r.status, r.stderr).toBe(1);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines.slice(1)).toEqual([
      '  length.yaml, line 3, column 34: stages[0].file: must not be empty',
      expect.stringMatching(/^ {2}length\.yaml, line 4, column \d+: stages\[1\]\.delimiter: must have at most 1 character \(got ';;'\)$/),
      expect.stringMatching(/^ {2}length\.yaml, line 4, column \d+: stages\[1\]\.dateFormat: must have at least 2 characters \(got '%'\)$/),
    ]);
    // an empty map of new columns
    p.write('derive.yaml', `name: d\nstages:\n  - { id: a, type: ingest, file: ${join(REPO, 'data-samples/rom-small.csv')} }\n  - { id: b, type: derive, from: a, columns: {} }\n`);
    expect(cli(['validate', 'derive.yaml'], p.dir).stderr).toMatch(/, line 4, column \d+: stages\[1\]\.columns: must have at least 1 entry\n/);
    // an empty --param lands on the option it fills
    const d = cli(['validate', join(REPO, 'pipelines/demo.yaml'), '--param', 'data=']);
    expect(d.stderr).toMatch(/stages\[0\]\.file: must not be empty\n/);
  });
});

