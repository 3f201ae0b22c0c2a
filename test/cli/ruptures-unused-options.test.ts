// `alliance ruptures` refuses --reliability and --sd beside a preset that does not read them
// (README "Quick commands": one message naming the problem, exit 2, no output). Only the rci rule
// reads them; stiles2004, strauss2006 and gumz2012 take their SDs from the scores, and printed the
// same result with --reliability 0.5 --sd 1 as without them.
import { afterAll, describe, expect, it } from 'vitest';
import { tempProject } from '../helpers/temp-project.ts';
import { inProcess } from '../fixtures/sudden-cli/in-process.ts';

const project = tempProject();
afterAll(() => project.dispose());
const csv = project.write('wai.csv', 'id,session,score\nA,1,60\nA,2,62\nA,3,50\nA,4,61\nB,1,55\nB,2,57\nB,3,58\nB,4,40\n');
const run = (...flags: string[]) => inProcess(['ruptures', csv, '--id', 'id', '--time', 'session', '--score', 'score', ...flags]);

describe('alliance ruptures: --reliability and --sd are for --preset rci only', () => {
  it.each([
    [['--preset', 'stiles2004', '--reliability', '0.9'], '--reliability is only used by --preset rci (--preset stiles2004 takes its SDs from the scores); use --preset rci or drop --reliability'],
    [['--preset', 'gumz2012', '--sd', '4'], '--sd is only used by --preset rci (--preset gumz2012 takes its SDs from the scores); use --preset rci or drop --sd'],
    [['--preset', 'strauss2006', '--reliability', '0.9', '--sd', '4'], '--reliability and --sd are only used by --preset rci (--preset strauss2006 takes its SDs from the scores); use --preset rci or drop them'],
  ])('%j is a usage error', async (flags, message) => {
    const r = await run(...flags);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`error: ${message}\nRun 'alliance ruptures --help' for usage.\n`);
  });

  it('--preset rci still takes both', async () => {
    const r = await run('--preset', 'rci', '--reliability', '0.9', '--sd', '4', '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as { rule: { threshold: unknown } }).rule.threshold).toMatchObject({ type: 'rci', reliability: 0.9, sd: 4 });
  });
});
