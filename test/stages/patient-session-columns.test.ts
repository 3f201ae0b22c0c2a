// The patients, sudden and ruptures plans refuse a `from` table without patient or session column
// and say which of the two is missing (README promise: one clear message naming the spec path). They
// used to say "has no patient and session columns" whichever was missing: a patients table (patient
// column, one row per patient) read by sudden was told it had no patient column. Expected: the exact
// message for each of the three cases, at spec path `from`, checked on the plans themselves with
// tables of known roles.
import { describe, expect, it } from 'vitest';
import type { TableShape } from '../../src/engine/table-shape.ts';
import { patients } from '../../src/stages/patients.ts';
import type { PlanContext } from '../../src/stages/stage-definition.ts';
import { planSeriesSource } from '../../src/stages/sudden.ts';

const CASES: [TableShape['roles'], string][] = [
  [{ patient: 'patient' }, "table 't' has no session column"],
  [{ session: 'session' }, "table 't' has no patient column"],
  [{}, "table 't' has no patient and session columns"],
];

/** A plan context over one table 't' (numeric columns y and a, the given roles) that collects every problem as `path: message`. */
function planContext(roles: TableShape['roles']): { ctx: PlanContext; problems: string[] } {
  const shape: TableShape = { id: 't', grain: 'other', columns: new Map([['y', 'number'], ['a', 'number'], ...Object.values(roles).map((c) => [c, 'string'] as [string, 'string'])]), roles, instruments: [] };
  const problems: string[] = [];
  const problem = (p: string, m: string) => void problems.push(`${p}: ${m}`);
  const ctx = {
    table: () => shape,
    requireColumn: (s: TableShape, c: string, p: string) => (s.columns.has(c) ? undefined : problem(p, `no column ${c}`)),
    problem,
    eachEntry: <T,>(entries: readonly T[], check: (entry: T, index: number) => void) => entries.forEach(check),
    fail: (p: string, m: string): never => {
      problem(p, m);
      throw new Error('failed');
    },
  } as unknown as PlanContext;
  return { ctx, problems };
}

describe('a table without patient or session column is refused with the missing one named', () => {
  it.each(CASES)('patients (roles %j)', (roles, message) => {
    const { ctx, problems } = planContext(roles);
    expect(() => patients.plan({ from: 't', outcome: 'y', alliance: ['a'] }, ctx)).toThrow('failed');
    expect(problems).toEqual([`from: ${message}`]);
  });

  it.each(CASES)('sudden and ruptures (planSeriesSource, roles %j)', (roles, message) => {
    const { ctx, problems } = planContext(roles);
    planSeriesSource({ from: 't', score: 'y' }, ctx);
    expect(problems).toEqual([`from: ${message}`]);
  });
});
