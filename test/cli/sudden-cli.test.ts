// `alliance sudden FILE --json` against the R package suddengains 0.7.2: the fixture
// test/fixtures/sudden/suddengains.json (written by test/fixtures/sudden/suddengains.R, which runs
// identify_sg / identify_sl, create_bysg and create_byperson on the package's sgdata and a small
// hand-made set) holds the input series and the package's events. The test writes each series as
// a long CSV (id, session, score; blank = missing) and checks that the quick command, which goes
// through the `sudden` stage's compute function, reports the same events. suddengains dates an
// event at the pre-change session n − 1; the command reports the post-change session n, so
// session = sg_session_n + 1. Values are integers (BDI, RQ) or exact inputs: compared exactly.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempProject } from '../helpers/temp-project.ts';
import { inProcess } from '../fixtures/sudden-cli/in-process.ts';

type Num = number | null;
interface Config {
  name: string;
  call: string;
  data: string;
  direction: 'decrease' | 'increase';
  crit1: number | null;
  crit1_rci?: { sd: number; reliability: number };
  crit2: number | null;
  crit3: boolean;
  crit3Adjust: boolean;
  crit3Alpha: number;
  crit3Critical: number;
  events: { id: number; sg_session_n: number; pre: number; post: number; sg_magnitude: number }[];
  selected: { id: number; sg_session_n: number }[];
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/sudden/suddengains.json', import.meta.url), 'utf8')) as {
  series: Record<string, { ids: number[]; time: number[]; score: Num[] }>;
  configs: Config[];
};

const project = tempProject();
afterAll(() => project.dispose());
const files: Record<string, string> = {};
for (const [name, s] of Object.entries(fixture.series)) {
  const lines = ['id,session,score', ...s.ids.map((id, i) => `${id},${s.time[i]},${s.score[i] ?? ''}`)];
  files[name] = project.write(`${name}.csv`, lines.join('\n') + '\n');
}

/** The flags that reproduce a fixture configuration, or null when the CLI cannot express it. */
function flags(cf: Config): string[] | null {
  if (cf.crit3Alpha !== 0.05) return null; // no --crit3-alpha flag
  // identify_sl's criterion 2 is pre − post ≤ crit2 × pre; ours mirrors the gain rule, so a
  // loss configuration with criterion 2 is a different rule (see suddenGains' documentation).
  if (cf.direction === 'increase' && cf.crit2 !== null) return null;
  const f: string[] = ['--direction', cf.direction];
  if (cf.crit1_rci) f.push('--reliability', String(cf.crit1_rci.reliability), '--sd', String(cf.crit1_rci.sd));
  else f.push('--crit1', cf.crit1 === null ? 'none' : String(Math.abs(cf.crit1)));
  if (cf.crit2 === null) f.push('--no-crit2');
  else f.push('--crit2', String(cf.crit2));
  if (!cf.crit3) f.push('--no-crit3');
  if (!cf.crit3Adjust) f.push('--no-crit3-adjust', '--crit3-critical', String(cf.crit3Critical));
  return f;
}

describe('alliance sudden reproduces suddengains 0.7.2 events', () => {
  const runnable = fixture.configs.filter((cf) => flags(cf) !== null);

  it('covers gains and losses, RCI and point cut-offs, adjusted and fixed criterion 3', () => {
    expect(runnable.length).toBeGreaterThanOrEqual(8);
    expect(runnable.some((cf) => cf.direction === 'increase')).toBe(true);
    expect(runnable.some((cf) => cf.crit1_rci)).toBe(true);
  });

  for (const cf of runnable) {
    it(`${cf.name}: ${cf.call}`, async () => {
      const r = await inProcess(['sudden', files[cf.data]!, '--id', 'id', '--time', 'session', '--score', 'score', ...flags(cf)!, '--json']);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const out = JSON.parse(r.stdout) as { events: { id: number; session: number; pre: number; post: number; magnitude: number }[]; selected: { id: number; session: number }[]; counts: { insertedSessions: number } };
      expect(out.counts.insertedSessions).toBe(0);
      const sign = cf.direction === 'decrease' ? 1 : -1;
      // With criterion 3 alone suddengains can flag an interval whose pre or post score is
      // missing; an interval is tested here only when both are present (by design).
      const expected = cf.events.filter((e) => e.pre !== null && e.post !== null).map((e) => ({ id: e.id, session: e.sg_session_n + 1, pre: e.pre, post: e.post, magnitude: sign * e.sg_magnitude }));
      expect(out.events.map(({ id, session, pre, post, magnitude }) => ({ id, session, pre, post, magnitude }))).toEqual(expected);
      // For losses suddengains' 'largest' ranks the signed pre − post (our 'smallest'); compare gains only,
      // and only where no event was left out above.
      if (cf.direction === 'decrease' && expected.length === cf.events.length) expect(out.selected.map((e) => ({ id: e.id, session: e.session }))).toEqual(cf.selected.map((e) => ({ id: e.id, session: e.sg_session_n + 1 })));
    });
  }

  it('inserts absent session numbers as missing, so a gap is never tested as one interval', async () => {
    const csv = project.write('gap.csv', 'id,session,score\nA,1,30\nA,2,31\nA,3,29\nA,5,15\nA,6,14\nA,7,13\n');
    const filled = JSON.parse((await inProcess(['sudden', csv, '--id', 'id', '--time', 'session', '--score', 'score', '--crit1', '7', '--no-crit3', '--json'])).stdout);
    expect(filled.counts.insertedSessions).toBe(1);
    expect(filled.events).toEqual([]);
    const asGiven = JSON.parse((await inProcess(['sudden', csv, '--id', 'id', '--time', 'session', '--score', 'score', '--crit1', '7', '--no-crit3', '--no-fill-sessions', '--json'])).stdout);
    // Rows as given: 29 → 15 is the 4th row; the id is the file's own (text) id.
    expect(asGiven.events.map((e: { id: string; session: number; time: number }) => [e.id, e.session, e.time])).toEqual([['A', 4, 5]]);
  });

  it('refuses a missing criterion-1 choice and bad fractions with usage errors (real CLI process)', () => {
    const a = cli(['sudden', files.bdi!, '--id', 'id', '--time', 'session', '--score', 'score']);
    expect(a.status).toBe(2);
    expect(a.stderr).toMatch(/--crit1/);
  });

  it('refuses bad fractions and unknown columns', async () => {
    const b = await inProcess(['sudden', files.bdi!, '--id', 'id', '--time', 'session', '--score', 'score', '--crit1', '7', '--crit2', '1.5']);
    expect(b.status).toBe(2);
    const c = await inProcess(['sudden', files.bdi!, '--id', 'id', '--time', 'session', '--score', 'nope', '--crit1', '7']);
    expect(c.stderr).toMatch(/no such column/);
  });

  it('names the lines of a duplicate (patient, session): all of them, counted', async () => {
    // header on line 1; p1's session 3 is on lines 4, 6 and 7 (line 5 is another patient)
    const dup = project.write('dup.csv', 'patient,session,score\np1,1,20\np1,2,18\np1,3,10\np2,1,9\np1,3,9\np1,3,8\n');
    const r = await inProcess(['sudden', dup, '--id', 'patient', '--time', 'session', '--score', 'score', '--crit1', '3']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`error: ${dup}, lines 4, 6 and 7, column 'session': patient 'p1' has 3 rows for session 3; one score per patient and session is needed\n`);
    // numeric ids and a session written two ways (2.0 and 2) are the same session
    const num = project.write('dup-numeric.csv', 'patient,session,score\n7,1,20\n7,2.0,18\n7,2,10\n7,3,10\n');
    const n = await inProcess(['ruptures', num, '--id', 'patient', '--time', 'session', '--score', 'score', '--preset', 'stiles2004']);
    expect(n.stderr).toBe(`error: ${num}, lines 3 and 4, column 'session': patient '7' has two rows for session 2; one score per patient and session is needed\n`);
  });
});
