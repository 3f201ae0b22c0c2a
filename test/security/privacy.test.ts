// Issue 9 "Sensitive data": reports and summaries carry no identifiers unless the spec opts in.
// The demo pipeline runs on the shipped sample (300 patients) through the real CLI; no patient id
// may appear in index.html, results.json, run.lock.json or any figure file.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROM_SMALL_SCORED } from '../helpers/rom-small-scored.ts';
import { cli, REPO, tempProject } from '../helpers/temp-project.ts';

const project = tempProject();
const out = join(project.dir, 'demo');
let files: string[] = [];
const ids = [...new Set(readFileSync(join(REPO, 'data-samples/rom-small.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[2]))];

beforeAll(() => {
  const r = cli(['run', 'pipelines/demo.yaml', '--out', out, '--quiet']);
  expect(r.status, r.stderr).toBe(0);
  const walk = (d: string): string[] => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]));
  files = walk(out);
}, 180_000);
afterAll(() => project.dispose());

describe('the demo report without the identifiers opt-in', () => {
  it('has the sample ids to look for', () => {
    expect(ids).toHaveLength(300);
    expect(ids[0]).toMatch(/^P\d{6}$/);
  });

  it('wrote the report, results and figures', () => {
    const names = files.map((f) => f.slice(out.length + 1));
    expect(names).toEqual(expect.arrayContaining(['index.html', 'results.json', 'run.lock.json']));
    expect(names.filter((n) => n.startsWith('figures/')).length).toBeGreaterThan(2);
  });

  it('contains no patient id in any output file', () => {
    const leaks: string[] = [];
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const found = ids.filter((id) => text.includes(id));
      if (found.length) leaks.push(`${f.slice(out.length + 1)}: ${found.slice(0, 3).join(', ')}${found.length > 3 ? ` (+${found.length - 3})` : ''}`);
    }
    expect(leaks).toEqual([]);
  });
});

// An audit found ids in the report when a stage grouped by an identifier column: trajectories and
// compare `by: therapist` / `by: patient` labelled groups with the ids, and a mixed model with
// `therapist` in the fixed part named its coefficients after them (`therapistT0002`). They now get
// pseudonyms unless the report stage says `identifiers: true`. An R cross-check found the same in
// meta with `study: patient`: study labels, the left-out list and the ledger named the patients;
// with `subgroup` or `mods` on therapist, the subgroups and coefficients named the therapists.
describe('stages grouping by patient or therapist', () => {
  const spec = (identifiers: boolean) => `${ROM_SMALL_SCORED}  - { id: by_therapist, type: trajectories, from: scored, variables: [wai_total], by: therapist }
  - { id: by_patient, type: trajectories, from: scored, variables: [wai1], by: patient, minN: 2 }
  - { id: patients, type: patients, from: scored, outcome: phq_total, alliance: [wai_total] }
  - { id: cmp, type: compare, from: patients, by: therapist, alliance: wai_total_first3, outcome: phq_total_improvement, margin: { r: 0.1, smd: 0.2 } }
  - { id: m, type: mixed, from: scored, formula: "phq_total ~ therapist + (1 | patient)" }
  - { id: meta_sub, type: meta, from: patients, yi: wai_total_slope, vi: n_sessions, study: patient, subgroup: therapist, method: FE }
  - { id: meta_mods, type: meta, from: patients, yi: wai_total_slope, vi: n_sessions, study: patient, mods: [therapist], method: FE }
  - { id: report, type: report${identifiers ? ', identifiers: true' : ''} }
`;
  const therapists = [...new Set(readFileSync(join(REPO, 'data-samples/rom-small.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[1]))];
  const run = (identifiers: boolean) => {
    const dir = join(project.dir, `grouped-${identifiers}`);
    project.write(`grouped-${identifiers}.yaml`, spec(identifiers));
    const r = cli(['run', join(project.dir, `grouped-${identifiers}.yaml`), '--out', dir, '--quiet']);
    expect(r.status, r.stderr).toBe(0);
    const walk = (d: string): string[] => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]));
    return walk(dir).map((f) => readFileSync(f, 'utf8')).join('\n');
  };

  it('shows no patient or therapist id without the opt-in, and pseudonyms in their place', () => {
    expect(therapists[0]).toMatch(/^T\d{4}$/);
    const text = run(false);
    expect([...ids, ...therapists].filter((id) => text.includes(id))).toEqual([]);
    expect(text).toMatch(/therapistT-[0-9a-f]{4}/); // the fixed effects' names
    expect(text).toMatch(/"group": ?"P-[0-9a-f]{4,}"/); // patient groups
    expect(text).toMatch(/"label": ?"P-[0-9a-f]{4,}"/); // meta's study labels
  }, 120_000);

  it('shows the ids with identifiers: true', () => {
    const text = run(true);
    expect(text).toContain(`therapist${therapists[1]}`);
    expect(ids.some((id) => text.includes(`"group":"${id}"`) || text.includes(`"group": "${id}"`))).toBe(true);
  }, 120_000);
});
