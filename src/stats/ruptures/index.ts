export { rupturePreset, type RupturePresetName, type RuptureRule, type RuptureThreshold } from './rupture-preset.ts';
export { ruptureEpisodeAt } from './rupture-episode-at.ts';
export { ruptureSeriesStats, type RuptureSeriesStats } from './rupture-series-stats.ts';
export {
  ruptures,
  type RuptureEpisode,
  type RupturePattern,
  type RupturePatients,
  type RupturePatientStatus,
  type RupturesResult,
} from './ruptures.ts';
export {
  RUPTURE_PATTERNS,
  RUPTURE_STATUSES,
  rupturesColumns,
  type RuptureEpisodeColumns,
  type RupturePatientColumns,
  type RupturesColumnsResult,
} from './ruptures-columns.ts';
