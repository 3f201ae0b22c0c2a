// Stage `within-patient`: every patient of the source is either used or counted in the ledger with
// its reason (README "Nothing is lost silently"), including patients without a single complete
// pair, which were counted as sessions but not as patients (audit: demo P000041, 2 sessions, no
// complete pair at lag 1). A patient needs at least 2 complete pairs (minPairs, as rmcorr and
// psych::statsBy need within-patient variation); expected counts are made by hand from the data below.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSpecText, tempProject } from '../helpers/temp-project.ts';
import type { WithinPatientRow } from '../../src/stages/within-patient.ts';

// patient: rows of (a, b); '' is a blank cell.
const DATA: Record<string, [string, string][]> = {
  A: [['3', '10'], ['5', '8'], ['4', '9'], ['6', '7']],
  B: [['2', '12'], ['4', '11'], ['3', '13'], ['5', '9']],
  C: [['7', '6'], ['6', '8'], ['8', '5'], ['9', '4'], ['7', '7']],
  D: [['', '10'], ['', '9'], ['4', '8'], ['5', '6']],
  E: [['3', '11'], ['4', ''], ['5', '']],
  F: [['', '9'], ['6', '8']],
  G: [['4', '10'], ['5', '9']],
  H: [['3', '12']],
  I: [['', '10'], ['', '9'], ['', '8']],
  J: [['5', '9'], ['3', '11'], ['6', '8'], ['4', '10']],
};
const CSV = ['patient,session,a,b', ...Object.entries(DATA).flatMap(([p, rows]) => rows.map(([a, b], s) => `${p},${s + 1},${a},${b}`))].join('\n') + '\n';

const spec = `
name: t
seed: 1
stages:
  - { id: s, type: ingest, file: data.csv }
  - { id: w, type: within-patient, from: s, pairs: [{ x: a, y: b }, { x: a, y: b, lag: 1 }] }
`;

let project: ReturnType<typeof tempProject>;
let outcome: Awaited<ReturnType<typeof runSpecText>>;

beforeAll(async () => {
  project = tempProject({ 'data.csv': CSV });
  outcome = await runSpecText(project.dir, spec);
});
afterAll(() => project?.dispose());

const patientEntries = (label: string) =>
  outcome.ledger.entries
    .filter((e) => e.stage === 'w' && e.unit === 'patients' && e.detail.startsWith(`${label}:`))
    .map((e) => ({ action: e.action, reason: e.reason, count: e.count }))
    .sort((x, y) => `${x.reason}${x.action}`.localeCompare(`${y.reason}${y.action}`));

// Each pair: what the stage reports and the ledger's patient entries (sorted by reason, then action).
const CASES = [
  {
    what: 'same session: A, B, C, D (2 pairs), G, J used; E, F with 1 pair excluded; H (1 session) not applicable; I (no a) excluded',
    label: 'a × b',
    row: { patients: 6, n: 21, droppedPatients: 3, noPairPatients: 1 },
    ledger: [
      { action: 'excluded', reason: 'no-complete-pair', count: 1 },
      { action: 'excluded', reason: 'too-few-pairs', count: 2 },
      { action: 'not-applicable', reason: 'too-few-sessions', count: 1 },
    ],
  },
  {
    what: 'lag 1: A, B, C, J used; D (1 pair) excluded; G (2 sessions, 1 pair) not applicable; E, I (enough sessions, no pair) excluded; F, H (too few sessions, no pair) not applicable',
    label: 'a × b at t+1',
    row: { patients: 4, n: 13, droppedPatients: 2, noPairPatients: 4 },
    ledger: [
      { action: 'excluded', reason: 'no-complete-pair', count: 2 },
      { action: 'not-applicable', reason: 'no-complete-pair', count: 2 },
      { action: 'excluded', reason: 'too-few-pairs', count: 1 },
      { action: 'not-applicable', reason: 'too-few-sessions', count: 1 },
    ],
  },
];

describe('within-patient: every patient used or in the ledger', () => {
  const rows = () => (outcome.results.w as { correlations: WithinPatientRow[] }).correlations;

  it.each(CASES.map((c, i) => ({ ...c, i })))('$what', ({ i, label, row, ledger }) => {
    const r = rows()[i];
    expect({ patients: r.patients, n: r.n, droppedPatients: r.droppedPatients, noPairPatients: r.noPairPatients }).toEqual(row);
    expect(patientEntries(label)).toEqual(ledger);
    // used plus the ledger's patients: all 10 patients of the file
    expect(r.patients + ledger.reduce((sum, e) => sum + e.count, 0)).toBe(Object.keys(DATA).length);
  });
});
