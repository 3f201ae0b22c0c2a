// Stage `within-between`: every patient of the source is either used by the model or counted in the
// ledger with its reason (README "Nothing is lost silently"). Patients without a single usable row
// (alliance and outcome at t, outcome `lag` recorded sessions later) had their sessions counted but
// not themselves (audit: the demo's state_trait used 299 of 300 patients and no patient entry said
// why). Expected counts are made by hand from the data below.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSpecText, tempProject } from '../helpers/temp-project.ts';
import type { LedgerEntry } from '../../src/engine/ledger.ts';

// Eight complete patients P1..P8 with 6 sessions each (made by a fixed LCG), then the cases:
//   S1: 1 session (no session 1 later: not applicable at lag 1 and 2)
//   S2: 2 sessions, complete (used at lag 1; no session 2 later: not applicable at lag 2)
//   M1: 4 sessions, wai_total blank at every session (excluded)
//   M2: 3 sessions, phq_total blank at sessions 2 and 3: at lag 1 row 1 lacks phq at t+1, row 2 phq at
//       t, row 3 is past the end (excluded); at lag 2 row 1 lacks phq at t+2 (excluded)
function csv(): string {
  const lines = ['patient,session,wai_total,phq_total'];
  let seed = 11;
  const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let p = 1; p <= 8; p++) {
    const level = 35 + 10 * next();
    for (let s = 1; s <= 6; s++) lines.push(`P${p},${s},${Math.round(level + s + 6 * next())},${Math.round(22 - 1.5 * s + 8 * next())}`);
  }
  lines.push('S1,1,44,18', 'S2,1,41,20', 'S2,2,45,16');
  lines.push('M1,1,,19', 'M1,2,,17', 'M1,3,,15', 'M1,4,,14');
  lines.push('M2,1,40,21', 'M2,2,42,', 'M2,3,43,');
  return lines.join('\n') + '\n';
}
const PATIENTS = 12;
const spec = (lag: number) => `
name: t
seed: 3
stages:
  - { id: sessions, type: ingest, file: data.csv }
  - { id: st, type: within-between, from: sessions, alliance: wai_total, outcome: phq_total, lag: ${lag} }
`;

const patientEntries = (entries: LedgerEntry[]) =>
  entries
    .filter((e) => e.stage === 'st' && e.unit === 'patients')
    .map((e) => ({ action: e.action, reason: e.reason, count: e.count }))
    .sort((x, y) => `${x.reason}${x.action}`.localeCompare(`${y.reason}${y.action}`));

// Each lag: the patients the model uses, and those without a usable row, excluded (missing values)
// or not applicable (too few sessions).
const CASES = [
  { what: 'lag 1: P1..P8 and S2 used; M1, M2 (enough sessions, missing values) excluded; S1 (1 session) not applicable', lag: 1, used: 9, excluded: 2, notApplicable: 1 },
  { what: 'lag 2: P1..P8 used; M1, M2 excluded; S1, S2 (at most 2 sessions) not applicable', lag: 2, used: 8, excluded: 2, notApplicable: 2 },
];

describe('within-between: every patient used or in the ledger', () => {
  let project: ReturnType<typeof tempProject>;
  beforeAll(() => {
    project = tempProject({ 'data.csv': csv() });
  });
  afterAll(() => project?.dispose());

  it.each(CASES)('$what', async ({ lag, used, excluded, notApplicable }) => {
    const outcome = await runSpecText(project.dir, spec(lag));
    const r = outcome.results.st as { patients: number; noRowPatients: number; model: { ngroups: Record<string, number> } };
    expect({ patients: r.patients, noRowPatients: r.noRowPatients }).toEqual({ patients: used, noRowPatients: excluded + notApplicable });
    expect(r.model.ngroups.patient).toBe(used);
    expect(patientEntries(outcome.ledger.entries)).toEqual([
      { action: 'excluded', reason: 'no-usable-row', count: excluded },
      { action: 'not-applicable', reason: 'no-usable-row', count: notApplicable },
    ]);
    // used plus the ledger's patients: all patients of the file
    expect(used + excluded + notApplicable).toBe(PATIENTS);
    // the excluded patients are exclusions as --strict sees them; the not-applicable ones are not
    const strictReasons = outcome.ledger.exclusions().filter((e) => e.unit === 'patients').map((e) => e.action);
    expect(strictReasons).toEqual(['excluded']);
  });

  it('--strict passes when the only patient without a usable row has too few sessions', async () => {
    const complete = tempProject({ 'data.csv': csv().split('\n').filter((l) => !/^M[12],/.test(l)).join('\n') });
    try {
      const { ledger, results } = await runSpecText(complete.dir, spec(1), { strict: true });
      expect(ledger.exclusions()).toEqual([]);
      expect(patientEntries(ledger.entries)).toEqual([{ action: 'not-applicable', reason: 'no-usable-row', count: 1 }]);
      expect((results.st as { noRowPatients: number }).noRowPatients).toBe(1);
    } finally {
      complete.dispose();
    }
  });

  it('--strict stops on patients left without a usable row by missing values', async () => {
    await expect(runSpecText(project.dir, spec(1), { strict: true })).rejects.toThrow(/--strict: .*stage 'st', within-between\) excluded/);
  });
});
