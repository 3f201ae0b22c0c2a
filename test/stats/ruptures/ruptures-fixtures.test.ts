// Expected values from test/fixtures/ruptures/ruptures.R: an independent base-R implementation
// of the documented rules (thresholds from R's sd() and mean()) run on a simulated set of 60
// patients (AR(1) noise, planted dips, 10% missing, single-session patients). Each case names
// its rule; numbers agree to 1e-10.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { StatInputError } from '../../../src/stats/errors.ts';
import {
  RUPTURE_PATTERNS,
  RUPTURE_STATUSES,
  ruptureEpisodeAt,
  rupturePreset,
  ruptures,
  rupturesColumns,
  ruptureSeriesStats,
  type RupturePresetName,
  type RuptureRule,
} from '../../../src/stats/ruptures/index.ts';

type Num = number | null;
interface RRule {
  name: string;
  preset?: RupturePresetName;
  type: 'sd' | 'rci' | 'absolute';
  k?: number;
  sd?: 'own' | 'sample' | 'max';
  of?: 'scores' | 'differences';
  reliability?: number;
  rsd?: number | 'sample' | 'first';
  value?: number;
  reference: 'previous' | 'mean';
  window: number;
  tolerance: number;
  strict?: number;
  direction?: 'decrease' | 'increase';
}
interface Fixture {
  series: { ids: number[]; time: number[]; score: Num[] };
  results: {
    rule: RRule;
    sampleSd: Num;
    episodes: Record<string, number | string | boolean>[];
    patients: { id: number; ownSd: Num; threshold: Num; evaluable: number; nEpisodes: number; status: string; strictStatus: string }[];
  }[];
}

const fx = JSON.parse(readFileSync(new URL('../../fixtures/ruptures/ruptures.json', import.meta.url), 'utf8')) as Fixture;
const series = {
  ids: Int32Array.from(fx.series.ids),
  time: Float64Array.from(fx.series.time),
  score: Float64Array.from(fx.series.score, (v) => (v === null ? NaN : v)),
};
const TOL = 1e-10;
const near = (got: number, want: Num, what: string) => {
  if (want === null) expect(got, what).toBeNaN();
  else expect(Math.abs(got - want), `${what}: ${got} vs ${want}`).toBeLessThan(TOL * Math.max(1, Math.abs(want)));
};

function toRule(r: RRule): RuptureRule {
  if (r.preset === 'rci') return rupturePreset('rci', { reliability: r.reliability! });
  if (r.preset) return rupturePreset(r.preset);
  const threshold =
    r.type === 'sd'
      ? { type: 'sd' as const, k: r.k!, sd: r.sd!, sampleSdOf: r.of! }
      : r.type === 'rci'
        ? { type: 'rci' as const, reliability: r.reliability!, sd: r.rsd! }
        : { type: 'absolute' as const, value: r.value! };
  return {
    threshold,
    reference: r.reference,
    window: r.window,
    tolerance: r.tolerance,
    direction: r.direction ?? 'decrease',
    ...(r.strict === undefined ? {} : { strict: r.strict }),
  };
}

describe('ruptures agrees with the base-R implementation in ruptures.R', () => {
  expect(fx.results.length).toBeGreaterThan(0);
  for (const res of fx.results) {
    it(res.rule.name, () => {
      const r = ruptures(series, toRule(res.rule));
      near(r.sampleSd, res.sampleSd, 'sampleSd');
      expect(r.episodes.length).toBe(res.episodes.length);
      res.episodes.forEach((want, k) => {
        const got = r.episodes[k]!;
        const where = `episode ${k} (patient ${want.id}, position ${want.position})`;
        expect([got.id, got.position, got.time, got.minPosition, got.declineLength, got.dipLength, got.repairPosition], where).toEqual([
          want.id, want.position, want.time, want.minPosition, want.declineLength, want.dipLength, want.repairPosition,
        ]);
        expect([got.repaired, got.pattern, got.censored, got.strict], where).toEqual([want.repaired, want.pattern, want.censored, want.strict]);
        for (const f of ['pre', 'score', 'drop', 'threshold', 'depth'] as const) near(got[f], want[f] as number, `${where} ${f}`);
      });
      res.patients.forEach((want, p) => {
        expect(r.patients.id[p]).toBe(want.id);
        near(r.patients.ownSd[p]!, want.ownSd, `ownSd ${want.id}`);
        near(r.patients.threshold[p]!, want.threshold, `threshold ${want.id}`);
        expect([r.patients.evaluable[p], r.patients.nEpisodes[p], r.patients.status[p], r.patients.strictStatus[p]], `patient ${want.id}`).toEqual([
          want.evaluable, want.nEpisodes, want.status, want.strictStatus,
        ]);
      });
    });
  }
});

// The columnar form (rupturesColumns, ruptureSeriesStats, ruptureEpisodeAt) against the same
// fixture, and equal to the object form `ruptures` returns, with and without shared series stats.
describe('rupturesColumns agrees with the base-R implementation in ruptures.R', () => {
  const stats = ruptureSeriesStats(series);
  expect(fx.results.length).toBeGreaterThan(0);

  it('ruptureSeriesStats: own SDs as R sd() per patient', () => {
    fx.results[0]!.patients.forEach((want, p) => {
      expect(stats.runs.ids[p]).toBe(want.id);
      near(stats.ownSd[p]!, want.ownSd, `ownSd ${want.id}`);
    });
  });

  for (const res of fx.results) {
    it(res.rule.name, () => {
      const rule = toRule(res.rule);
      const r = rupturesColumns(series, rule, stats);
      const ep = r.episodes;
      near(r.sampleSd, res.sampleSd, 'sampleSd');
      expect(ep.count).toBe(res.episodes.length);
      res.episodes.forEach((want, k) => {
        const where = `episode ${k} (patient ${want.id}, position ${want.position})`;
        expect([ep.id[k], ep.position[k], ep.time[k], ep.minPosition[k], ep.declineLength[k], ep.dipLength[k], ep.repairPosition[k]], where).toEqual([
          want.id, want.position, want.time, want.minPosition, want.declineLength, want.dipLength, want.repairPosition,
        ]);
        expect([ep.repaired[k] === 1, RUPTURE_PATTERNS[ep.pattern[k]!], ep.censored[k] === 1, ep.strict[k] === 1], where).toEqual([want.repaired, want.pattern, want.censored, want.strict]);
        for (const f of ['pre', 'score', 'drop', 'threshold', 'depth'] as const) near(ep[f][k]!, want[f] as number, `${where} ${f}`);
      });
      res.patients.forEach((want, p) => {
        near(r.patients.threshold[p]!, want.threshold, `threshold ${want.id}`);
        expect([r.patients.evaluable[p], r.patients.nEpisodes[p], RUPTURE_STATUSES[r.patients.status[p]!], RUPTURE_STATUSES[r.patients.strictStatus[p]!]], `patient ${want.id}`).toEqual([
          want.evaluable, want.nEpisodes, want.status, want.strictStatus,
        ]);
      });
      // Without shared stats: the same result; the object form: the same episodes.
      expect(rupturesColumns(series, rule)).toEqual(r);
      const objects = ruptures(series, rule);
      expect(Array.from({ length: ep.count }, (_, k) => ruptureEpisodeAt(series, ep, k))).toEqual(objects.episodes);
    });
  }

  it('refuses stats of another series, and an episode that does not exist', () => {
    const other = ruptureSeriesStats({ ids: Int32Array.of(1, 1), time: Float64Array.of(1, 2), score: Float64Array.of(1, 2) });
    expect(() => rupturesColumns(series, 'strauss2006', other)).toThrow(StatInputError);
    const ep = rupturesColumns(series, 'strauss2006').episodes;
    expect(() => ruptureEpisodeAt(series, ep, ep.count)).toThrow(RangeError);
  });
});
