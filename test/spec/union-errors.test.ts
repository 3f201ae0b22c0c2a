// An option that takes one of several forms (a union: `crit1` is a number, {reliability, sd} or
// 'none'; a ruptures threshold is one of three objects told apart by `type:`) made validate print
// every form's complaint: `crit1: { sd: 4 }` gave "must be number", "missing required option
// 'reliability'", "must be string" and "must be 'none'", and a `type: sd` threshold was told
// "must be one of 'rci', 'absolute' (got 'sd')". README promise: validate reports each problem as
// one clear message with its spec path. Expected: the complaint of the form the value is meant
// for, or one line listing the forms when its kind fits none.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, REPO, tempProject } from '../helpers/temp-project.ts';

const SPEC = `name: unions
stages:
  - { id: sessions, type: ingest, file: ${join(REPO, 'data-samples/rom-small.csv')} }
  - { id: scored, type: score, from: sessions, instruments: [{ instrument: phq-9, prefix: phq }] }
  - { id: a, type: sudden, from: scored, score: phq_total, crit1: { sd: 4 } }
  - { id: b, type: sudden, from: scored, score: phq_total, crit1: "x" }
  - { id: c, type: sudden, from: scored, score: phq_total, crit1: true }
  - { id: d, type: ruptures, from: scored, score: phq_total, rules: [{ name: r, threshold: 1 }] }
  - { id: e, type: ruptures, from: scored, score: phq_total, rules: [{ name: r, threshold: { type: sd, k: 1 } }] }
  - { id: f, type: ruptures, from: scored, score: phq_total, rules: [{ name: r, threshold: { type: foo, value: 1 } }] }
  - { id: g, type: correlate, from: scored, method: pearsn, pairs: [{ x: phq_total, y: phq1 }] }
`;
// The same union in every entry of a list: the second of two score instruments with `items` given
// as an object was told "does not match any allowed form" where the first was told "must be text
// or a list": the first entry's union took the second entry's branch errors (same schema path,
// another instance path) and left that union with none to explain it.
const LIST_SPEC = `name: unionlist
stages:
  - { id: sessions, type: ingest, file: ${join(REPO, 'data-samples/rom-small.csv')} }
  - id: scored
    instruments:
      - { instrument: phq-9, items: { pattern: "phq{i}" } }
      - { instrument: wai-sr, items: { pattern: "wai{i}" } }
      - { instrument: wai-sr, prefix: w2, items: 3 }
    type: score
    from: sessions
`;
const p = tempProject({ 'unions.yaml': SPEC, 'unionlist.yaml': LIST_SPEC });
afterAll(() => p.dispose());

/** Per file, what `alliance validate FILE` must print (exit 1). */
const EXPECTED: [string, string, string[]][] = [
  ['unions.yaml', 'names what the value is missing, or the forms it may take', [
    'error: the pipeline spec has 8 problems:',
    "  unions.yaml, line 5, column 67: stages[2].crit1: missing required option 'reliability'",
    "  unions.yaml, line 6, column 67: stages[3].crit1: must be a number, an object or 'none' (got 'x')",
    "  unions.yaml, line 7, column 67: stages[4].crit1: must be a number, an object or 'none' (got true)",
    '  unions.yaml, line 8, column 92: stages[5].rules[0].threshold: must be an object (got 1)',
    "  unions.yaml, line 9, column 92: stages[6].rules[0].threshold: missing required option 'sd'",
    "  unions.yaml, line 10, column 100: stages[7].rules[0].threshold.type: must be one of 'sd', 'rci', 'absolute' (got 'foo').",
    "  unions.yaml, line 11, column 53: stages[8].method: must be one of 'pearson', 'spearman', 'kendall' (got 'pearsn'). Did you mean 'pearson'?",
    "  unions.yaml, line 11, column 37: stages[8].from: table 'scored' has one row per session; correlate needs one row per patient (point from at a patients or change stage; within-patient and within-between correlate session-level scores)",
  ]],
  ['unionlist.yaml', 'gives each entry of a list its own message', [
    'error: the pipeline spec has 3 problems:',
    '  unionlist.yaml, line 6, column 37: stages[1].instruments[0].items: must be text or a list',
    '  unionlist.yaml, line 7, column 38: stages[1].instruments[1].items: must be text or a list',
    '  unionlist.yaml, line 8, column 50: stages[1].instruments[2].items: must be text or a list (got 3)',
  ]],
];

describe('validate: one message per option that matches none of its forms', () => {
  it.each(EXPECTED)('%s: %s', (file, _what, lines) => {
    const r = cli(['validate', file], p.dir);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr.trimEnd().split('\n')).toEqual(lines);
  });
});
