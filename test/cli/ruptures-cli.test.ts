// `alliance ruptures FILE --preset NAME --json` against test/fixtures/ruptures/ruptures.json, the
// independent base-R implementation of the documented rules (test/fixtures/ruptures/ruptures.R):
// the fixture's series is written as a long CSV and each preset's episodes and patient
// classification must come back through the quick command (which uses the `ruptures` stage's
// compute function). The fixture's times are days (7, 14, …), so sessions are not filled in
// (--no-fill-sessions; with filling the 6 days between sessions would become missing sessions).
// Tolerance 1e-9 on thresholds (R's sd() vs ours); scores and drops are exact inputs.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { tempProject } from '../helpers/temp-project.ts';
import { inProcess } from '../fixtures/sudden-cli/in-process.ts';

type Num = number | null;
interface Episode { id: number; position: number; time: number; pre: number; score: number; drop: number; threshold: number; depth: number; repaired: boolean; repairPosition: number; pattern: string; censored: boolean; strict: boolean }
const fixture = JSON.parse(readFileSync(new URL('../fixtures/ruptures/ruptures.json', import.meta.url), 'utf8')) as {
  series: { ids: number[]; time: number[]; score: Num[] };
  results: { rule: { name: string; preset?: string; reliability?: number }; episodes: Episode[]; patients: { id: number; evaluable: number; status: string; strictStatus: string }[] }[];
};

const project = tempProject();
afterAll(() => project.dispose());
const s = fixture.series;
const csv = project.write('series.csv', ['patient,day,wai', ...s.ids.map((id, i) => `${id},${s.time[i]},${s.score[i] ?? ''}`)].join('\n') + '\n');

describe('alliance ruptures reproduces the base-R rule implementation', () => {
  const presets = fixture.results.filter((r) => r.rule.preset);

  it('has all four presets in the fixture', () => {
    expect(presets.map((r) => r.rule.preset).sort()).toEqual(['gumz2012', 'rci', 'stiles2004', 'strauss2006']);
  });

  for (const r of presets) {
    it(`${r.rule.name}`, async () => {
      const args = ['ruptures', csv, '--id', 'patient', '--time', 'day', '--score', 'wai', '--preset', r.rule.preset!, '--no-fill-sessions', '--json'];
      if (r.rule.reliability !== undefined) args.push('--reliability', String(r.rule.reliability));
      const out = await inProcess(args);
      expect(out.stderr).toBe('');
      expect(out.status).toBe(0);
      const got = JSON.parse(out.stdout) as { episodes: { id: number; session: number; time: number; pre: number; score: number; drop: number; threshold: number; depth: number; repaired: boolean; repairSession: number | null; pattern: string; censored: boolean; strict: boolean }[]; patients: Record<string, string>; notEvaluable: number[]; strict?: { patients: Record<string, string> } };
      expect(got.episodes.length).toBe(r.episodes.length);
      got.episodes.forEach((e, k) => {
        const x = r.episodes[k]!;
        expect({ id: e.id, session: e.session, time: e.time, pre: e.pre, score: e.score, repaired: e.repaired, repairSession: e.repairSession, pattern: e.pattern, censored: e.censored, strict: e.strict }).toEqual({ id: x.id, session: x.position, time: x.time, pre: x.pre, score: x.score, repaired: x.repaired, repairSession: x.repaired ? x.repairPosition : null, pattern: x.pattern, censored: x.censored, strict: x.strict });
        expect(Math.abs(e.drop - x.drop)).toBeLessThan(1e-9);
        expect(Math.abs(e.depth - x.depth)).toBeLessThan(1e-9);
        expect(Math.abs(e.threshold - x.threshold)).toBeLessThan(1e-9);
      });
      // the R rules give a patient who cannot be judged status "none" with evaluable 0; the
      // command writes such a patient as the stage does: "not-evaluable"
      for (const p of r.patients) {
        expect(got.patients[String(p.id)], `patient ${p.id}`).toBe(p.evaluable ? p.status : 'not-evaluable');
        if (got.strict) expect(got.strict.patients[String(p.id)], `patient ${p.id} (strict)`).toBe(p.evaluable ? p.strictStatus : 'not-evaluable');
      }
      expect(r.patients.some((p) => !p.evaluable)).toBe(true);
      expect(got.notEvaluable.sort((a, b) => a - b)).toEqual(r.patients.filter((p) => !p.evaluable).map((p) => p.id));
    });
  }

  it('refuses rci without a reliability (usage error)', async () => {
    const out = await inProcess(['ruptures', csv, '--id', 'patient', '--time', 'day', '--score', 'wai', '--preset', 'rci']);
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(/--reliability/);
  });

  it('fills integer day numbers unless told not to (so --no-fill-sessions matters here)', async () => {
    const filled = JSON.parse((await inProcess(['ruptures', csv, '--id', 'patient', '--time', 'day', '--score', 'wai', '--preset', 'strauss2006', '--json'])).stdout);
    expect(filled.insertedSessions).toBeGreaterThan(0);
  });
});
