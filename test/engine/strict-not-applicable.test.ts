// --strict stops on data that is lost (a missing value, a patient left out because of one), not on
// units an analysis cannot use by its design (README "Nothing is lost silently"): a patient's last
// session has no next session to pair with, a complete series too short for a sudden gain. Those
// are counted in the ledger as `not-applicable`. Exact expectations from the data written here:
// 12 patients with 2–13 sessions and no missing value.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSpecText, tempProject } from '../helpers/temp-project.ts';
import type { LedgerEntry } from '../../src/engine/ledger.ts';

const SESSIONS = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
function csv(blank?: { patient: number; session: number }): string {
  const lines = ['patient,session,wai_total,phq_total'];
  let seed = 7;
  const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  SESSIONS.forEach((n, p) => {
    for (let s = 1; s <= n; s++) {
      const wai = Math.round(40 + s + 8 * next());
      const phq = Math.max(0, Math.round(22 - 1.2 * s + 6 * next()));
      const blankHere = blank && blank.patient === p && blank.session === s;
      lines.push(`P${String(p + 1).padStart(2, '0')},${s},${wai},${blankHere ? '' : phq}`);
    }
  });
  return lines.join('\n') + '\n';
}
const spec = `
name: t
seed: 3
stages:
  - { id: sessions, type: ingest, file: data.csv }
  - { id: patients, type: patients, from: sessions, outcome: phq_total, alliance: [wai_total], session: 3 }
  - { id: within, type: within-patient, from: sessions, minPairs: 3, pairs: [{ x: wai_total, y: phq_total, lag: 1 }] }
  - { id: state_trait, type: within-between, from: sessions, alliance: wai_total, outcome: phq_total, lag: 1 }
  - { id: sudden, type: sudden, from: sessions, score: phq_total, direction: decrease, crit1: 3, outcome: { from: patients, column: phq_total_improvement } }
  - { id: ruptures, type: ruptures, from: sessions, score: wai_total, outcome: { from: patients, column: phq_total_improvement } }
`;

const entry = (entries: LedgerEntry[], stage: string, reason: string) => entries.find((e) => e.stage === stage && e.reason === reason);

describe('--strict and not-applicable ledger entries', () => {
  let complete: ReturnType<typeof tempProject>;
  let withBlank: ReturnType<typeof tempProject>;
  beforeAll(() => {
    complete = tempProject({ 'data.csv': csv() });
    withBlank = tempProject({ 'data.csv': csv({ patient: 6, session: 4 }) });
  });
  afterAll(() => {
    complete?.dispose();
    withBlank?.dispose();
  });

  it('complete data passes --strict; what the design rules out is counted as not applicable', async () => {
    const { ledger } = await runSpecText(complete.dir, spec, { strict: true });
    expect(ledger.exclusions()).toEqual([]);
    // each of the 12 patients' last session has no next session (lag 1)
    expect(entry(ledger.entries, 'within', 'no-later-session')).toMatchObject({ action: 'not-applicable', count: 12, unit: 'sessions' });
    expect(entry(ledger.entries, 'state_trait', 'no-later-session')).toMatchObject({ action: 'not-applicable', count: 12, unit: 'sessions' });
    // 3 pairs at lag 1 need 4 sessions: the patients with 2 and 3 sessions (1 and 2 pairs)
    expect(entry(ledger.entries, 'within', 'too-few-sessions')).toMatchObject({ action: 'not-applicable', count: 2, unit: 'patients' });
    // a sudden gain needs testable intervals: only short series have none, and none is for missing scores
    expect(entry(ledger.entries, 'sudden', 'series-too-short')?.action).toBe('not-applicable');
    expect(entry(ledger.entries, 'sudden', 'no-testable-interval')).toBeUndefined();
  });

  it('one blank score makes --strict stop at the first stage that loses data for it', async () => {
    await expect(runSpecText(withBlank.dir, spec, { strict: true })).rejects.toThrow(/--strict: stages\[2\] \(stage 'within', within-patient\) excluded 1 sessions \(incomplete-pair\)/);
    const { ledger } = await runSpecText(withBlank.dir, spec);
    // the blank phq_total at session 4 of P07: with y as a score at lag 1 only the row of session 3
    // (x at 3, y at 4) loses its pair; the last sessions stay not applicable
    expect(entry(ledger.entries, 'within', 'incomplete-pair')).toMatchObject({ action: 'excluded', count: 1 });
    expect(entry(ledger.entries, 'within', 'no-later-session')?.count).toBe(12);
  });
});
