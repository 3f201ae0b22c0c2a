// JSON whose numbers are written as strings (`"wai1": "4"`, as REDCap's JSON export writes every
// value, blanks as "") was refused: the demo stopped with "column 'wai1' of table 'sessions' is
// text, expected numeric", the quick commands with "the column is text". A CSV cell is text too and
// is read as a number when it holds one, so such a JSON file is now read as the same data as CSV
// would be (found by QA on a REDCap-style export). Expected: the whole demo pipeline's results on
// rom-small as string-valued JSON equal those on the CSV; the quick commands agree; a string that
// is not a plain number ("4 points", "0x10") is still refused with its row and column, and one past
// the largest double ("1e999") with a message saying so.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, REPO, tempProject } from '../helpers/temp-project.ts';

const CSV = join(REPO, 'data-samples/rom-small.csv');
const [header, ...lines] = readFileSync(CSV, 'utf8').trimEnd().split('\n');
const names = header!.split(',');
/** rom-small as JSON records whose every value is a string, blanks "" (REDCap's layout). */
const records = lines.map((l) => Object.fromEntries(l.split(',').map((v, j) => [names[j]!, v])));

const project = tempProject({ 'redcap.json': JSON.stringify(records) });
afterAll(() => project.dispose());

/** results.json's stages of a demo run on `data`, without what names the input file. */
function demoStages(data: string, out: string): Record<string, unknown> {
  const r = cli(['run', join(REPO, 'pipelines/demo.yaml'), '--param', `data=${data}`, '--out', out, '--quiet'], project.dir);
  expect(r.status, r.stderr).toBe(0);
  const stages = JSON.parse(readFileSync(join(project.dir, out, 'results.json'), 'utf8')).stages as Record<string, unknown>;
  delete stages.sessions; // the file's name and hash
  return stages;
}

describe('JSON numbers written as strings are read as numbers, as CSV cells are', () => {
  it('the demo pipeline on rom-small as string-valued JSON gives the results of the CSV', () => {
    expect(records[0]!.wai1).toBe('4');
    expect(demoStages(project.path('redcap.json'), 'out-json')).toEqual(demoStages(CSV, 'out-csv'));
  }, 120_000);

  it('the quick commands read them too', () => {
    const json = cli(['correlate', 'redcap.json', '--x', 'wai1', '--y', 'phq1', '--json'], project.dir);
    const csv = cli(['correlate', CSV, '--x', 'wai1', '--y', 'phq1', '--json'], project.dir);
    expect(json.status, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(JSON.parse(csv.stdout));
  });

  it.each([
    ['4 points', "'4 points' is not a number"],
    ['0x10', "'0x10' is not a number"],
    ['1e999', "'1e999' is not a finite number (a JSON string beyond a double's range of ±1.8e308)"],
  ])('a string that is not a plain number, "%s", is refused with its row and column', (value, message) => {
    const bad = records.map((r, i) => (i === 5 ? { ...r, phq3: value } : r));
    project.write(`bad-${value}.json`, JSON.stringify(bad));
    project.write(`bad-${value}.yaml`, `name: b\nstages:\n  - { id: s, type: ingest, file: bad-${value}.json }\n  - { id: w, type: within-patient, from: s, pairs: [{ x: wai1, y: phq3 }] }\n`);
    const r = cli(['run', `bad-${value}.yaml`, '--out', `out-bad-${value}`, '--quiet'], project.dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`bad-${value}.json, row 6, column 'phq3': `);
    expect(r.stderr.replace(/"/g, "'")).toContain(message);
  });
});
