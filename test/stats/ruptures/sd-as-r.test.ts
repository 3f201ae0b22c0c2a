// Audit: a drop exactly equal to the threshold was missed because the patient's SD carried a
// rounding error. ruptures.ts promises "A tie (d = θ) counts" and rupture-preset.ts "SDs use the
// n − 1 denominator, as R's sd()"; ruptureSeriesStats used running (Welford) sums, which give
// 3.0000000000000004 and 2.0000000000000009 where R's sd() gives exactly 3 and 2, so θ = 2·SD =
// 6.000000000000001 and the drops of exactly 6 went unseen. The SDs are now R's, bit for bit, on
// these series and on the random series of test/fixtures/ruptures-sd/ruptures-sd.R.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ruptures, ruptureSeriesStats } from '../../../src/stats/ruptures/index.ts';
import { cli, tempProject } from '../../helpers/temp-project.ts';
import { longSeries } from '../sudden/test-series.ts';

const TIED = [50, 58, 55, 55, 54, 48, 56, 59, 54, 57, 58, 57, 51, 54, 55, 55];
const SHORT = [42, 37, 40, 43, 39, 40, 39];

describe('SDs exactly as R sd() where R is exact', () => {
  it('own SDs of the two audited series', () => {
    // R: sd(c(50, 58, 55, 55, 54, 48, 56, 59, 54, 57, 58, 57, 51, 54, 55, 55)) == 3  → TRUE
    // R: sd(c(42, 37, 40, 43, 39, 40, 39)) == 2                                        → TRUE
    expect(Array.from(ruptureSeriesStats(longSeries([[1, TIED], [2, SHORT]])).ownSd)).toEqual([3, 2]);
  });

  it('stiles2004 (2 × own SD) finds both drops of exactly 6 = 2 × 3', () => {
    // 54 → 48 at session 6, back to 56 at 7 (V); 57 → 51 at session 13, 54 at 14 (unrepaired, window 1).
    const r = ruptures(longSeries([[1, TIED]]), 'stiles2004');
    expect(r.episodes.map((e) => [e.time, e.pre, e.score, e.drop, e.threshold, e.pattern])).toEqual([
      [6, 54, 48, 6, 6, 'V'],
      [13, 57, 51, 6, 6, 'unrepaired'],
    ]);
    expect(r.patients.status).toEqual(['unrepaired']);
  });
});

interface Block {
  series: (number | null)[][];
  sd: string[];
  sampleSd: { scores: string; differences: string; first: string };
}
const fx = JSON.parse(readFileSync(new URL('../../fixtures/ruptures-sd/ruptures-sd.json', import.meta.url), 'utf8')) as { integers: Block; decimals: Block };

describe('SDs against R sd() on random series (test/fixtures/ruptures-sd/ruptures-sd.R)', () => {
  for (const kind of ['integers', 'decimals'] as const) {
    it(`${fx[kind].series.length} series of ${kind}: own and sample SDs equal R's to the last bit`, () => {
      const b = fx[kind];
      const stats = ruptureSeriesStats(longSeries(b.series.map((ys, p) => [p + 1, ys.map((v) => v ?? NaN)])));
      expect(Array.from(stats.ownSd)).toEqual(b.sd.map(Number));
      expect(stats.sd).toEqual({ scores: Number(b.sampleSd.scores), differences: Number(b.sampleSd.differences), first: Number(b.sampleSd.first) });
    });
  }
});

let project: ReturnType<typeof tempProject> | undefined;
afterEach(() => project?.dispose());

it('alliance ruptures --preset stiles2004 reports the two tied episodes (real CLI)', () => {
  project = tempProject({ 'a.csv': `id,session,score\n${TIED.map((v, k) => `A,${k + 1},${v}`).join('\n')}\n` });
  const r = cli(['ruptures', 'a.csv', '--id', 'id', '--time', 'session', '--score', 'score', '--preset', 'stiles2004', '--json'], project.dir);
  expect(r.status, r.stderr).toBe(0);
  const out = JSON.parse(r.stdout) as { episodes: { session: number; drop: number; threshold: number; pattern: string }[] };
  expect(out.episodes.map((e) => [e.session, e.drop, e.threshold, e.pattern])).toEqual([
    [6, 6, 6, 'V'],
    [13, 6, 6, 'unrepaired'],
  ]);
});
