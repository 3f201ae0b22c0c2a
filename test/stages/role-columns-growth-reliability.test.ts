// growth, within-between, within-patient and reliability (rows: first) refuse a `from` table without
// patient or session column and say which of the two is missing, worded as 4399b87 words it for
// patients, sudden and ruptures (README promise: one clear message naming the spec path). They used
// to say "needs patient and session columns" (within-patient: "is not a session-level table with
// patient and session columns") whichever was missing. The check is now a problem, not a stop, so
// validate also lists the stage's independent checks after it (within-patient's pairs, reliability's
// instruments). Expected: the exact messages below, checked on the plans with tables of known shape.
import { describe, expect, it } from 'vitest';
import type { TableShape } from '../../src/engine/table-shape.ts';
import { growth } from '../../src/stages/growth.ts';
import { reliability } from '../../src/stages/reliability.ts';
import type { PlanContext } from '../../src/stages/stage-definition.ts';
import { withinBetween } from '../../src/stages/within-between.ts';
import { withinPatient } from '../../src/stages/within-patient.ts';

const CASES: [TableShape['roles'], string][] = [
  [{ patient: 'patient' }, 'no session column'],
  [{ session: 'session' }, 'no patient column'],
  [{}, 'no patient and session columns'],
];

const SCORED = { prefix: 'phq', instrument: 'phq-9', higherIsBetter: false, scales: ['total'], itemColumns: [], aggregate: 'sum' as const };

/**
 * A plan context over one table 't' (numeric columns y and a, the given roles, grain and scored
 * instruments; instrument 'phq-9' known) that collects every problem as `path: message`; `fail`
 * and an unknown instrument throw, and eachEntry goes on to the next entry as the planner does.
 */
function planContext(roles: TableShape['roles'], grain: TableShape['grain'] = 'session', instruments: TableShape['instruments'] = []) {
  const shape: TableShape = { id: 't', grain, columns: new Map([['y', 'number'], ['a', 'number'], ...Object.values(roles).map((c) => [c, 'string'] as [string, 'string'])]), roles, instruments };
  const problems: string[] = [];
  const problem = (p: string, m: string) => void problems.push(`${p}: ${m}`);
  const fail = (p: string, m: string): never => {
    problem(p, m);
    throw new Error('failed');
  };
  const ctx = {
    table: () => shape,
    requireColumn: (s: TableShape, c: string, p: string) => (s.columns.has(c) ? undefined : problem(p, `no column ${c}`)),
    problem,
    fail,
    instrument: (key: string, p: string) => (key === 'phq-9' ? {} : fail(p, `unknown instrument '${key}'`)),
    eachEntry: <T>(entries: readonly T[], check: (e: T, i: number) => void) =>
      entries.forEach((e, i) => {
        try {
          check(e, i);
        } catch {
          // recorded by fail
        }
      }),
  } as unknown as PlanContext;
  return { ctx, problems };
}

describe('a table without patient or session column is refused with the missing one named', () => {
  it.each(CASES)('growth (roles %j)', (roles, missing) => {
    const { ctx, problems } = planContext(roles);
    growth.plan({ from: 't', variables: ['y'] }, ctx);
    expect(problems).toEqual([`from: table 't' has ${missing}`]);
  });

  it.each(CASES)('within-between (roles %j)', (roles, missing) => {
    const { ctx, problems } = planContext(roles);
    withinBetween.plan({ from: 't', alliance: 'a', outcome: 'y' }, ctx);
    expect(problems).toEqual([`from: table 't' has ${missing}`]);
  });

  it.each(CASES)('within-patient on a session-level table (roles %j)', (roles, missing) => {
    const { ctx, problems } = planContext(roles);
    withinPatient.plan({ from: 't', pairs: [{ x: 'a', y: 'y' }] }, ctx);
    expect(problems).toEqual([`from: table 't' has ${missing}`]);
  });

  it.each(CASES)('reliability, rows: first (roles %j)', (roles, missing) => {
    const { ctx, problems } = planContext(roles, 'session', [SCORED]);
    reliability.plan({ from: 't' }, ctx);
    expect(problems).toEqual([`rows: rows: first needs patient and session columns; table 't' has ${missing}`]);
  });

  it('reliability, rows: all, does not need them', () => {
    const { ctx, problems } = planContext({}, 'session', [SCORED]);
    reliability.plan({ from: 't', rows: 'all' }, ctx);
    expect(problems).toEqual([]);
  });
});

describe('within-patient names a table that is not session-level, and what it lacks', () => {
  it('a patient-level table with its patient column', () => {
    const { ctx, problems } = planContext({ patient: 'patient' }, 'patient');
    withinPatient.plan({ from: 't', pairs: [{ x: 'a', y: 'y' }] }, ctx);
    expect(problems).toEqual(["from: 't' is not a session-level table and has no session column"]);
  });

  it('a table of another grain with both roles', () => {
    const { ctx, problems } = planContext({ patient: 'patient', session: 'session' }, 'other');
    withinPatient.plan({ from: 't', pairs: [{ x: 'a', y: 'y' }] }, ctx);
    expect(problems).toEqual(["from: 't' is not a session-level table"]);
  });
});

describe('validate goes on after the role check to the checks that do not depend on it', () => {
  it("within-patient lists each pairs entry's problems too", () => {
    const { ctx, problems } = planContext({ patient: 'patient' }, 'patient');
    withinPatient.plan({ from: 't', pairs: [{ x: 'a', y: 'y', yAs: 'change' }, { x: 'b', y: 'y' }] }, ctx);
    expect(problems).toEqual([
      "from: 't' is not a session-level table and has no session column",
      'pairs[0].lag: yAs: change needs lag ≥ 1 (change from session t to t + lag)',
      'pairs[1].x: no column b',
    ]);
  });

  it('reliability lists an unknown instrument of the table too', () => {
    const { ctx, problems } = planContext({ patient: 'patient' }, 'session', [{ ...SCORED, prefix: 'x', instrument: 'x-1' }]);
    expect(() => reliability.plan({ from: 't' }, ctx)).toThrow('failed');
    expect(problems).toEqual(["rows: rows: first needs patient and session columns; table 't' has no session column", "from: unknown instrument 'x-1'"]);
  });
});
