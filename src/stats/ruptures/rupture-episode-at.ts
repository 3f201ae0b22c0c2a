import { scoresAround } from '../sudden/scores-around.ts';
import type { SessionSeries } from '../sudden/patient-runs.ts';
import { RUPTURE_PATTERNS, type RuptureEpisodeColumns } from './ruptures-columns.ts';
import type { RuptureEpisode } from './ruptures.ts';

/**
 * Episode `k` of {@link rupturesColumns} as a `RuptureEpisode` object (the shape `ruptures`
 * returns), with the scores at t − 3 … t + 3 read from the series the episodes were found in
 * (Stiles et al. 2004, doi:10.1037/0022-0167.51.1.81, for the rule family; see `ruptures`).
 * For the few episodes a report shows, or small samples. O(1).
 * @example
 * const s = { ids: Int32Array.of(1, 1, 1), time: Float64Array.of(1, 2, 3), score: Float64Array.of(6, 3, 6) };
 * ruptureEpisodeAt(s, rupturesColumns(s, { threshold: { type: 'absolute', value: 2 }, window: 1 }).episodes, 0).pattern // 'V'
 */
export function ruptureEpisodeAt(series: SessionSeries, ep: RuptureEpisodeColumns, k: number): RuptureEpisode {
  if (!(k >= 0 && k < ep.count)) throw new RangeError(`episode ${k} does not exist (${ep.count} episodes)`);
  const row = ep.row[k]!;
  const ids = series.ids;
  const start = row - ep.position[k]! + 1;
  // The run's end matters only up to row + 3, the last row `around` reads.
  let end = row + 1;
  while (end < ids.length && end <= row + 3 && ids[end] === ids[row]) end++;
  return {
    id: ep.id[k]!,
    row,
    position: ep.position[k]!,
    time: ep.time[k]!,
    pre: ep.pre[k]!,
    score: ep.score[k]!,
    drop: ep.drop[k]!,
    threshold: ep.threshold[k]!,
    depth: ep.depth[k]!,
    minPosition: ep.minPosition[k]!,
    declineLength: ep.declineLength[k]!,
    dipLength: ep.dipLength[k]!,
    repaired: ep.repaired[k] === 1,
    repairPosition: ep.repairPosition[k]!,
    repairTime: ep.repairTime[k]!,
    pattern: RUPTURE_PATTERNS[ep.pattern[k]!]!,
    censored: ep.censored[k] === 1,
    strict: ep.strict[k] === 1,
    around: scoresAround(series.score, start, end, row, 3, 3),
  };
}
