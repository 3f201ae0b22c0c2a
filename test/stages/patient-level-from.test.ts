// compare, therapist-effects and export-summary count each row of `from` as a patient (README: their
// `from` is a patient-level stage, patients or change). An audit found them taking the score stage's
// session-level table: compare reported n = 3325 session rows of data-samples/rom-small.csv instead
// of its 300 patients, and export-summary with `where: {therapist: T0001}` and minN 100 exported
// n = 537 for a therapist with 49 patients, so the minN privacy suppression ("smallest number of
// patients behind any exported number") counted sessions. Reference: the README promises (one
// located message with the spec path, exit 1, no partial output; minN counts patients); the row,
// patient and therapist counts are read from the CSV here.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, REPO, tempProject } from '../helpers/temp-project.ts';
import { ROM_SMALL_SCORED } from '../helpers/rom-small-scored.ts';

const lines = readFileSync(join(REPO, 'data-samples/rom-small.csv'), 'utf8').trimEnd().split('\n');
const header = lines[0].split(',');
const cells = lines.slice(1).map((l) => l.split(','));
const patientsOf = (rows: string[][]) => new Set(rows.map((c) => c[header.indexOf('patient')])).size;
const rowCount = cells.length;
const patientCount = patientsOf(cells);
const t0001 = patientsOf(cells.filter((c) => c[header.indexOf('therapist')] === 'T0001'));

const PATIENTS = '  - { id: patients, type: patients, from: scored, outcome: phq_total, alliance: [wai_total] }\n';
const privacy = (from: string) =>
  `${ROM_SMALL_SCORED}${PATIENTS}  - { id: summary, type: export-summary, from: ${from}, site: S01, where: { column: therapist, equals: T0001 }, correlations: [{ x: ${from === 'patients' ? 'wai_total_mean, y: phq_total_improvement' : 'wai_total, y: phq_total'} }], minN: 100 }\n`;
const sessionLevel = `${ROM_SMALL_SCORED}  - { id: c, type: compare, from: scored, alliance: wai_totl, outcome: phq_total, margin: { r: 0.1, smd: 0.2 } }
  - { id: te, type: therapist-effects, from: scored, alliance: wai_total, outcome: phq_total }
  - { id: s, type: export-summary, from: scored, site: S01, correlations: [{ x: wai_total, y: phq_total }] }
`;
// one row per patient, ingested (its shape says session-level), and a derive view over it
const perPatient = ['patient,session,therapist,modality,alliance,outcome'];
for (let i = 0; i < 48; i++) perPatient.push(`P${i},1,T${i % 6},${i % 2 ? 'CBT' : 'IPT'},${30 + ((i * 7) % 11)},${(i * 5) % 13}`);
const project = tempProject({
  'session-level.yaml': sessionLevel,
  'privacy-scored.yaml': privacy('scored'),
  'privacy-patients.yaml': privacy('patients'),
  'per-patient.csv': perPatient.join('\n') + '\n',
});
afterAll(() => project.dispose());

const refusal = (at: string, table: string, stage: string) => `${at}.from: table '${table}' has one row per session; ${stage} needs one row per patient (point from at a patients or change stage)`;

describe('compare, therapist-effects and export-summary refuse a table that is not one row per patient', () => {
  it('validate lists each stage at its `from`, beside the stage\'s other problems', () => {
    expect(rowCount).toBeGreaterThan(patientCount);
    const r = cli(['validate', 'session-level.yaml'], project.dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(refusal('stages[2]', 'scored', 'compare'));
    expect(r.stderr).toMatch(/stages\[2\]\.alliance: column 'wai_totl' is not in table 'scored'/);
    expect(r.stderr).toContain(refusal('stages[3]', 'scored', 'therapist-effects'));
    expect(r.stderr).toContain(refusal('stages[4]', 'scored', 'export-summary'));
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('run refuses with exit 1 and writes nothing', () => {
    const out = project.path('out-session');
    const r = cli(['run', 'session-level.yaml', '--out', out, '--quiet'], project.dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(refusal('stages[2]', 'scored', 'compare'));
    expect(existsSync(out)).toBe(false);
  });

  it('export-summary: minN 100 is not met by the sessions of a therapist with fewer patients (no summary written)', () => {
    expect(t0001).toBeLessThan(100);
    const out = project.path('out-privacy');
    const r = cli(['run', 'privacy-scored.yaml', '--out', out, '--quiet'], project.dir);
    expect(r.status).toBe(1);
    expect(r.stderr.replace(/line \d+, column \d+/, 'line L, column C')).toBe(`error: the pipeline spec has 1 problem:\n  privacy-scored.yaml, line L, column C: ${refusal('stages[3]', 'scored', 'export-summary')}\n`);
    expect(existsSync(join(out, 'summary.json'))).toBe(false);
    expect(existsSync(out)).toBe(false);
  });

  it('export-summary from the patients stage suppresses that therapist under minN 100', () => {
    const out = project.path('out-patients');
    const r = cli(['run', 'privacy-patients.yaml', '--out', out, '--quiet'], project.dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.correlations).toEqual([]);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(results.stages.summary.suppressed).toEqual([`wai_total_mean × phq_total_improvement (n = ${t0001})`]);
  });

  for (const [stage, body] of [
    ['compare', 'alliance: wai1, outcome: phq1, margin: { r: 0.1, smd: 0.2 }'],
    ['therapist-effects', 'alliance: wai1, outcome: phq1'],
    ['export-summary', 'site: S01, correlations: [{ x: wai1, y: phq1 }]'],
  ] as const) {
    it(`${stage}: an ingest with several rows per patient is refused when the stage runs, with the counts of rows and patients`, () => {
      const file = `${stage}-ingest.yaml`;
      project.write(file, `name: t\nstages:\n  - { id: sessions, type: ingest, file: ${join(REPO, 'data-samples/rom-small.csv')} }\n  - { id: x, type: ${stage}, from: sessions, ${body} }\n`);
      const out = project.path(`out-${stage}`);
      const r = cli(['run', file, '--out', out, '--quiet'], project.dir);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(
        `stages[1].from (stage 'x', ${stage}): table 'sessions' has ${rowCount.toLocaleString('en-US')} rows for ${patientCount.toLocaleString('en-US')} patients (more than one row per patient, e.g. one per session); ${stage} needs one row per patient (point from at a patients or change stage)\n`,
      );
      expect(existsSync(out)).toBe(false);
    });
  }

  it('an ingest with one row per patient, and a derive view over it, are still accepted', () => {
    project.write(
      'per-patient.yaml',
      `name: t
stages:
  - { id: pts, type: ingest, file: per-patient.csv }
  - { id: d, type: derive, from: pts, columns: { outcome2: outcome * 2 } }
  - { id: c, type: compare, from: d, alliance: alliance, outcome: outcome2, margin: { r: 0.1, smd: 0.2 } }
  - { id: te, type: therapist-effects, from: d, alliance: alliance, outcome: outcome2 }
  - { id: s, type: export-summary, from: pts, site: S01, correlations: [{ x: alliance, y: outcome }] }
`,
    );
    const out = project.path('out-per-patient');
    const r = cli(['run', 'per-patient.yaml', '--out', out, '--quiet'], project.dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).correlations[0].n).toBe(perPatient.length - 1);
  });

  it('a derive view over the patients stage is still accepted', () => {
    project.write('derived-patients.yaml', `${ROM_SMALL_SCORED}${PATIENTS}  - { id: dp, type: derive, from: patients, columns: { gain: phq_total_improvement * 1 } }
  - { id: c, type: compare, from: dp, alliance: wai_total_mean, outcome: gain, margin: { r: 0.1, smd: 0.2 } }
  - { id: te, type: therapist-effects, from: dp, alliance: wai_total_mean, outcome: gain }
  - { id: s, type: export-summary, from: dp, site: S01, correlations: [{ x: wai_total_mean, y: gain }] }
`);
    const r = cli(['validate', 'derived-patients.yaml'], project.dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
