// `alliance sudden` refuses options and combinations that it could not honour as a usage error
// (README "Quick commands": one message naming the problem, exit 2, no output), above all an
// option that the criteria asked for would never read, which was accepted and left out silently. --crit3-critical is the fixed critical value that
// --no-crit3-adjust asks for: with the adjustment on the critical value comes from a t
// distribution, and --no-crit3 switches criterion 3 off, so in both cases the value given was
// ignored (the same events were reported for --crit3-critical 50 as for none).
import { afterAll, describe, expect, it } from 'vitest';
import { tempProject } from '../helpers/temp-project.ts';
import { inProcess } from '../fixtures/sudden-cli/in-process.ts';

const project = tempProject();
afterAll(() => project.dispose());
// one patient with a sudden gain 29 → 15 at session 4: window means 30 vs 14 with an SD of 1
const csv = project.write('gain.csv', 'id,session,score\nA,1,30\nA,2,31\nA,3,29\nA,4,15\nA,5,14\nA,6,13\n');
const base = ['sudden', csv, '--id', 'id', '--time', 'session', '--score', 'score', '--crit1', '7'];

async function usageError(...flags: string[]): Promise<string> {
  const r = await inProcess([...base, ...flags]);
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  return r.stderr;
}

describe('alliance sudden: --crit3-critical is read only with --no-crit3-adjust', () => {
  it('refuses it with the adjustment on', async () => {
    expect(await usageError('--crit3-critical', '50')).toBe(
      "error: --crit3-critical is only used with --no-crit3-adjust (otherwise the critical value comes from a t distribution); add --no-crit3-adjust or drop --crit3-critical\nRun 'alliance sudden --help' for usage.\n",
    );
  });

  it('refuses it with criterion 3 off, adjusted or not', async () => {
    const message = "error: --crit3-critical is a criterion-3 setting and --no-crit3 switches criterion 3 off; drop --crit3-critical or --no-crit3\nRun 'alliance sudden --help' for usage.\n";
    expect(await usageError('--no-crit3', '--crit3-critical', '50')).toBe(message);
    expect(await usageError('--no-crit3', '--no-crit3-adjust', '--crit3-critical', '50')).toBe(message);
  });

  it('uses it with --no-crit3-adjust, and 2.776 without it', async () => {
    const run = async (...flags: string[]) => {
      const r = await inProcess([...base, ...flags, '--json']);
      expect(r.stderr).toBe('');
      return JSON.parse(r.stdout) as { events: unknown[]; settings: { crit3Critical: number } };
    };
    const high = await run('--no-crit3-adjust', '--crit3-critical', '50');
    expect(high.settings.crit3Critical).toBe(50);
    expect(high.events).toEqual([]);
    const fixed = await run('--no-crit3-adjust');
    expect(fixed.settings.crit3Critical).toBe(2.776);
    expect(fixed.events).toHaveLength(1);
  });
});

// --no-crit3-adjust chooses how criterion 3's critical value is found: with --no-crit3 it was
// ignored (the same events as without it)
describe('alliance sudden: --no-crit3-adjust is refused with --no-crit3', () => {
  it('names both flags', async () => {
    expect(await usageError('--no-crit3', '--no-crit3-adjust')).toBe(
      "error: --no-crit3-adjust is a criterion-3 setting and --no-crit3 switches criterion 3 off; drop --no-crit3-adjust or --no-crit3\nRun 'alliance sudden --help' for usage.\n",
    );
  });
});

// --reliability and --sd only make the reliable-change crit1; beside an explicit --crit1 they were
// ignored (the text output even said "crit1 is as given" for --crit1 4 --reliability 0.8)
describe('alliance sudden: --reliability and --sd are refused beside --crit1', () => {
  it('names the option given and --crit1', async () => {
    expect(await usageError('--reliability', '0.8')).toBe(
      "error: --reliability is only used for the reliable-change crit1, and --crit1 7 sets criterion 1 directly; drop --reliability or --crit1\nRun 'alliance sudden --help' for usage.\n",
    );
    expect(await usageError('--sd', '3')).toMatch(/^error: --sd is only used for the reliable-change crit1, and --crit1 7 sets criterion 1 directly; drop --sd or --crit1\n/);
  });

  it('names both, and --crit1 none as switching criterion 1 off', async () => {
    const r = await inProcess(['sudden', csv, '--id', 'id', '--time', 'session', '--score', 'score', '--crit1', 'none', '--reliability', '0.8', '--sd', '3']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: --reliability and --sd are only used for the reliable-change crit1, and --crit1 none switches criterion 1 off; drop them or --crit1\n/);
  });
});

// with every criterion off no interval can qualify: the kernel refused it with exit 1, as if the
// data were at fault; it is wrong usage (exit 2), found before the file is read
describe('alliance sudden: every criterion switched off is a usage error', () => {
  it('exits 2 with one message naming the three switches, before reading the file', async () => {
    const r = await inProcess(['sudden', project.path('absent.csv'), '--id', 'id', '--time', 'session', '--score', 'score', '--crit1', 'none', '--no-crit2', '--no-crit3']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("error: --crit1 none, --no-crit2 and --no-crit3 switch every criterion off; keep at least one of the three criteria\nRun 'alliance sudden --help' for usage.\n");
  });
});

// a reliability of 1 made the reliable-change cut-off 0; ruptures refused it, sudden took it
describe('alliance sudden: --reliability lies in [0, 1), as for ruptures', () => {
  it('refuses 1 with the message ruptures gives, and takes .999', async () => {
    const r = await inProcess(['sudden', csv, '--id', 'id', '--time', 'session', '--score', 'score', '--reliability', '1']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("error: --reliability must lie in [0, 1)\nRun 'alliance sudden --help' for usage.\n");
    const ruptures = await inProcess(['ruptures', csv, '--id', 'id', '--time', 'session', '--score', 'score', '--preset', 'rci', '--reliability', '1']);
    expect(ruptures.stderr.split('\n')[0]).toBe(r.stderr.split('\n')[0]);
    expect((await inProcess(['sudden', csv, '--id', 'id', '--time', 'session', '--score', 'score', '--reliability', '0.999', '--sd', '3'])).status).toBe(0);
  });
});
