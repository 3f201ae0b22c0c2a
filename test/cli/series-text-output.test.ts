// The text output (no --json) of `alliance sudden` and `alliance ruptures`. Found by QA on an
// export whose sessions are numbered 2, 4, 6 …: the commands inserted the absent numbers as
// missing scores, which leaves such a patient no consecutive pair to test, but the text said
// neither that sessions were inserted nor how many intervals were tested; and each event line
// gave the session's position in the filled series ("session 4") where the file says 8. README
// "Commands": the text names the inserted sessions, the patients with no interval, and each
// event's --time value. Real CLI processes.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempProject } from '../helpers/temp-project.ts';

const rows = (id: string, times: number[], score: (i: number) => number) => times.map((t, i) => `${id},${t},${score(i)}`);
const range = (n: number, step = 1) => Array.from({ length: n }, (_, i) => (i + 1) * step);
const project = tempProject({
  // A: sessions 1…8, a gain of 10 into session 5; B: sessions 2, 4 … 12, the same drop into session 8
  'gains.csv': ['id,t,score', ...rows('A', range(8), (i) => (i < 4 ? 20 : 10)), ...rows('B', range(6, 2), (i) => (i < 3 ? 20 : 10))].join('\n') + '\n',
  // C: sessions 2, 4 … 16, a dip into session 10; D: sessions 1…8, a dip into session 4
  'dips.csv': ['id,t,score', ...rows('C', range(8, 2), (i) => (i === 4 ? 1 : 5)), ...rows('D', range(8), (i) => (i === 3 ? 4.5 : 5))].join('\n') + '\n',
});
afterAll(() => project.dispose());

function stdout(args: string[]): string {
  const r = cli(args, project.dir);
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

describe('alliance sudden, text output', () => {
  const args = ['sudden', 'gains.csv', '--id', 'id', '--time', 't', '--score', 'score', '--crit1', '5'];

  it('says how many sessions it inserted and which patients were left with no interval to test', () => {
    expect(stdout(args)).toBe(
      '1 sudden decrease in 1 of 2 patients (crit1 5, crit2 0.25, crit3 on)\n' +
        '5 session-to-session intervals tested; 1 patient has none (a tested interval joins two consecutive session numbers with scores, neither of them the first or last session)\n' +
        '5 absent session numbers inserted as missing scores (--no-fill-sessions: rows as given)\n' +
        '  A\tt 5\t20 → 10\t(10)\n',
    );
  });

  it('with --no-fill-sessions: nothing inserted, and an event is dated by the file, t 8, not position 4', () => {
    expect(stdout([...args, '--no-fill-sessions'])).toBe(
      '2 sudden decreases in 2 of 2 patients (crit1 5, crit2 0.25, crit3 on)\n8 session-to-session intervals tested\n  A\tt 5\t20 → 10\t(10)\n  B\tt 8\t20 → 10\t(10)\n',
    );
  });

  it('a reliable-change crit1 is shown to 4 significant digits and said where it came from (--json has it whole)', () => {
    // Jacobson & Truax: 1.96 × √2 × SD × √(1 − reliability) = 1.96 × √2 × 3 × √0.1 = 2.6296…
    const rc = ['sudden', 'gains.csv', '--id', 'id', '--time', 't', '--score', 'score', '--reliability', '0.9', '--sd', '3', '--no-fill-sessions'];
    expect(stdout(rc)).toMatch(/^2 sudden decreases in 2 of 2 patients \(crit1 2\.63, crit2 0\.25, crit3 on\)\ncrit1 is the reliable-change value for reliability \.9 and SD 3, as given\n8 session-to-session/);
    const json = JSON.parse(stdout([...rc, '--json'])) as { settings: { crit1Cutoff: number } };
    expect(json.settings.crit1Cutoff).toBeCloseTo(1.96 * Math.SQRT2 * 3 * Math.sqrt(0.1), 12);
  });

  it('--json counts the patients with no interval', () => {
    const out = JSON.parse(stdout([...args, '--json'])) as { counts: Record<string, number> };
    expect(out.counts).toMatchObject({ patients: 2, intervalsTested: 5, patientsWithoutInterval: 1, insertedSessions: 5 });
  });
});

describe('alliance ruptures, text output', () => {
  const args = ['ruptures', 'dips.csv', '--id', 'id', '--time', 't', '--score', 'score', '--preset', 'stiles2004'];

  it('says how many sessions it inserted, and of how many patients the evaluable ones are', () => {
    // C is seen at even sessions only: with the odd ones inserted as missing it has no two consecutive
    // scores, so its dip (5 → 1) cannot be judged and it is not evaluable (it was counted as "none")
    expect(stdout(args)).toBe(
      'stiles2004: 1 episode (1 repaired) in 1 evaluable of 2 patients; patients none 0, repaired 1, unrepaired 0\n' +
        '7 absent session numbers inserted as missing scores (--no-fill-sessions: rows as given)\n' +
        '  D\tt 4\tdrop 0.50 (threshold 0.35)\tV\n',
    );
  });

  it('with --no-fill-sessions: an episode is dated by the file, t 10, not position 5', () => {
    expect(stdout([...args, '--no-fill-sessions'])).toBe(
      'stiles2004: 2 episodes (2 repaired) in 2 evaluable of 2 patients; patients none 0, repaired 2, unrepaired 0\n  C\tt 10\tdrop 4.00 (threshold 2.83)\tV\n  D\tt 4\tdrop 0.50 (threshold 0.35)\tV\n',
    );
  });

  it('with --direction increase an episode is a rise, not a drop (it printed "drop" for either)', () => {
    // the same scores turned upside down (30 − score): D's dip becomes a peak of the same size
    const rows = readFileSync(project.path('dips.csv'), 'utf8').trim().split('\n');
    project.write('peaks.csv', rows.map((l, i) => (i === 0 ? l : l.replace(/,([^,]*)$/, (_, v: string) => (v === '' ? ',' : `,${30 - Number(v)}`)))).join('\n') + '\n');
    expect(stdout(['ruptures', 'peaks.csv', '--id', 'id', '--time', 't', '--score', 'score', '--preset', 'stiles2004', '--direction', 'increase'])).toBe(
      'stiles2004: 1 episode (1 repaired) in 1 evaluable of 2 patients; patients none 0, repaired 1, unrepaired 0\n' +
        '7 absent session numbers inserted as missing scores (--no-fill-sessions: rows as given)\n' +
        '  D\tt 4\trise 0.50 (threshold 0.35)\tV\n',
    );
  });
});
