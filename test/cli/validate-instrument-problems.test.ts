// `alliance validate` lists every problem of a spec in one run (README "Pipelines": validate "reports
// every problem at once with its spec path"), including those of the custom instruments defined
// under the top-level `instruments:`. The first bad definition used to be thrown at once, hiding a
// second bad definition and every stage's problems until it was fixed. Expected: each bad
// definition at its `instruments[i]` path and YAML line, in file order and before the stages'
// problems (they sit above `stages:`); the stages still planned; a stage using a badly defined
// instrument skipped, as a stage reading a failed stage is, rather than told "unknown instrument";
// `alliance run` refuses the spec with the same lines and writes nothing. The messages are those of
// src/instruments/resolve-instruments.ts and defineInstrument (max must exceed min; a reverse item
// within 1..items); the did-you-mean is that of the columns of data-samples/rom-small.csv.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, REPO, tempProject } from '../helpers/temp-project.ts';
import { validateFailureLines } from '../helpers/validate-spec-errors.ts';

const INGEST = `  - { id: sessions, type: ingest, file: ${join(REPO, 'data-samples/rom-small.csv')} }\n`;

// line 3: max below min; line 4: a reverse item outside 1..3; line 5: a subscale with no items
const TWO_BAD = `name: two-bad
instruments:
  - { key: first, name: "First", items: 3, min: 4, max: 0, higherIsBetter: true }
  - { key: second, name: "Second", items: 3, min: 0, max: 4, higherIsBetter: true, reverse: [5] }
  - { key: third, name: "Third", items: 3, min: 0, max: 4, higherIsBetter: true, subscales: { a: [] } }
stages:
${INGEST}`;

// line 3: the custom key repeats a built-in one; stage 1 has an unrelated misspelled column (line 9)
const BAD_AND_COLUMN = `name: bad-and-column
instruments:
  - { key: phq-9, name: "My PHQ", items: 9, min: 0, max: 3, higherIsBetter: false }
stages:
${INGEST}  - id: scored
    type: score
    from: sessions
    instruments: [{ instrument: wai-sr, items: [wai1, wai2, wai3, wai4, wai5, wai6, wai7, wai8, wai9, wai10, wai11, waix] }]
`;

// stage 1 scores the badly defined 'mine' (and is skipped); stage 2 reads stage 1 (skipped too);
// stage 3 has its own problem, still listed
const USED = `name: used
instruments:
  - { key: mine, name: "Mine", items: 3, min: 0, max: 4, higherIsBetter: true, subscales: { a: [] } }
stages:
${INGEST}  - { id: scored, type: score, from: sessions, instruments: [{ instrument: mine, items: [wai1, wai2, wai3], prefix: my }] }
  - { id: patients, type: patients, from: scored, outcome: my_total, alliance: [my_total] }
  - { id: other, type: score, from: sessions, instruments: [{ instrument: gad-7, prefix: g }] }
`;

// one definition with three problems, each in its own field (lines 7, 8 and 9); they used to be
// listed one per round of validate
const THREE_IN_ONE = `name: three-in-one
instruments:
  - key: mine
    name: Mine
    items: 4
    min: 1
    max: 0
    reverse: [5]
    subscales: { a: [1, 9], b: [] }
    higherIsBetter: true
stages:
${INGEST}`;

// a definition failing the schema (line 3, aggregate) used to stop validate before any stage was
// checked; now the stage problems are listed too (line 7: a misspelled column), and the stage
// scoring the instrument is skipped (line 8)
const SCHEMA_AND_STAGES = `name: schema-and-stages
instruments:
  - { key: mine, name: "Mine", items: 3, min: 0, max: 4, higherIsBetter: true, aggregate: summ }
stages:
  - id: sessions
    type: ingest
    file: ${join(REPO, 'data-samples/rom-small.csv')}
    text: [sitee]
  - { id: scored, type: score, from: sessions, instruments: [{ instrument: mine, items: [wai1, wai2, wai3], prefix: my }] }
`;

// line 3: a definition failing the schema (aggregate) whose other fields show problems too (max
// below min; a reverse item outside 1..3): listed in one round, where the latter used to wait for
// the next. Line 4: a count of items the schema refuses, so its item numbers are not checked
// against it; line 5: a reverse item the schema refuses (below 1), listed once, by the schema.
const SCHEMA_AND_MEANING = `name: schema-and-meaning
instruments:
  - { key: mine, name: "Mine", items: 3, min: 4, max: 0, higherIsBetter: true, aggregate: summ, reverse: [5] }
  - { key: yours, name: "Yours", items: three, min: 0, max: 4, higherIsBetter: true, reverse: [5] }
  - { key: theirs, name: "Theirs", items: 3, min: 0, max: 4, higherIsBetter: true, reverse: [0] }
stages:
${INGEST}`;

const p = tempProject({ 'two-bad.yaml': TWO_BAD, 'bad-and-column.yaml': BAD_AND_COLUMN, 'used.yaml': USED, 'three-in-one.yaml': THREE_IN_ONE, 'schema-and-stages.yaml': SCHEMA_AND_STAGES, 'schema-and-meaning.yaml': SCHEMA_AND_MEANING });
afterAll(() => p.dispose());

describe('alliance validate lists the problems of the custom instruments with the rest', () => {
  it('every bad instrument definition, each at its spec path and line', () => {
    expect(validateFailureLines('two-bad.yaml', p.dir)).toEqual([
      'error: the pipeline spec has 3 problems:',
      expect.stringMatching(/^ {2}two-bad\.yaml, line 3, column \d+: instruments\[0\]\.max: max must exceed min$/),
      expect.stringMatching(/^ {2}two-bad\.yaml, line 4, column \d+: instruments\[1\]\.reverse: reverse item 5 is outside 1\.\.3$/),
      expect.stringMatching(/^ {2}two-bad\.yaml, line 5, column \d+: instruments\[2\]\.subscales\.a: subscale 'a' lists no items; give at least one item number \(1\.\.3\)$/),
    ]);
  });

  it('every problem of one definition, each at its field', () => {
    expect(validateFailureLines('three-in-one.yaml', p.dir)).toEqual([
      'error: the pipeline spec has 4 problems:',
      '  three-in-one.yaml, line 7, column 10: instruments[0].max: max must exceed min',
      '  three-in-one.yaml, line 8, column 14: instruments[0].reverse: reverse item 5 is outside 1..4',
      "  three-in-one.yaml, line 9, column 21: instruments[0].subscales.a: subscale 'a' item 9 is outside 1..4",
      "  three-in-one.yaml, line 9, column 32: instruments[0].subscales.b: subscale 'b' lists no items; give at least one item number (1..4)",
    ]);
  });

  it('a definition failing the schema, listed with the stages\' problems', () => {
    expect(validateFailureLines('schema-and-stages.yaml', p.dir)).toEqual([
      'error: the pipeline spec has 2 problems:',
      expect.stringMatching(/^ {2}schema-and-stages\.yaml, line 3, column \d+: instruments\[0\]\.aggregate: must be one of 'sum', 'mean' \(got 'summ'\)\. Did you mean 'sum'\?$/),
      expect.stringMatching(/^ {2}schema-and-stages\.yaml, line 8, column 11: stages\[0\]\.text: column 'sitee' is not in .*rom-small\.csv\. Did you mean 'site'\?$/),
    ]);
  });

  it('a definition failing the schema, with the problems its well-formed fields show, in one round', () => {
    expect(validateFailureLines('schema-and-meaning.yaml', p.dir)).toEqual([
      'error: the pipeline spec has 5 problems:',
      expect.stringMatching(/^ {2}schema-and-meaning\.yaml, line 3, column \d+: instruments\[0\]\.aggregate: must be one of 'sum', 'mean' \(got 'summ'\)\. Did you mean 'sum'\?$/),
      expect.stringMatching(/^ {2}schema-and-meaning\.yaml, line 3, column \d+: instruments\[0\]\.max: max must exceed min$/),
      expect.stringMatching(/^ {2}schema-and-meaning\.yaml, line 3, column \d+: instruments\[0\]\.reverse: reverse item 5 is outside 1\.\.3$/),
      expect.stringMatching(/^ {2}schema-and-meaning\.yaml, line 4, column \d+: instruments\[1\]\.items: /),
      expect.stringMatching(/^ {2}schema-and-meaning\.yaml, line 5, column \d+: instruments\[2\]\.reverse\[0\]: /),
    ]);
  });

  it('a bad instrument and an unrelated misspelled column of a later stage, instrument first', () => {
    expect(validateFailureLines('bad-and-column.yaml', p.dir)).toEqual([
      'error: the pipeline spec has 2 problems:',
      expect.stringMatching(/^ {2}bad-and-column\.yaml, line 3, column \d+: instruments\[0\]\.key: instrument key 'phq-9' is already defined by a built-in instrument$/),
      expect.stringMatching(/^ {2}bad-and-column\.yaml, line 9, column \d+: stages\[1\]\.instruments\[0\]\.items\[11\]: column 'waix' is not in table 'sessions'\. Did you mean /),
    ]);
  });

  it('a stage using the badly defined instrument is skipped, not told the instrument is unknown', () => {
    const lines = validateFailureLines('used.yaml', p.dir);
    expect(lines).toEqual([
      'error: the pipeline spec has 2 problems:',
      expect.stringMatching(/^ {2}used\.yaml, line 3, column \d+: instruments\[0\]\.subscales\.a: subscale 'a' lists no items; give at least one item number \(1\.\.3\)$/),
      expect.stringMatching(/^ {2}used\.yaml, line 8, column \d+: stages\[3\]\.instruments\[0\]\.items: column 'g1' is not in table 'sessions'\./),
    ]);
    expect(lines.join('\n')).not.toMatch(/unknown instrument/);
  });

  it('alliance run refuses the spec with the same lines and writes nothing', () => {
    const out = join(p.dir, 'out-two-bad');
    const r = cli(['run', 'two-bad.yaml', '--out', out, '--quiet'], p.dir);
    expect(r.status).toBe(1);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('error: the pipeline spec has 3 problems:');
    expect(lines).toEqual(validateFailureLines('two-bad.yaml', p.dir));
    expect(existsSync(out)).toBe(false);
  });
});
