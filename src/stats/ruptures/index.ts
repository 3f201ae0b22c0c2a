export { rupturePreset, type RupturePresetName, type RuptureRule, type RuptureThreshold } from './rupture-preset.ts';
export {
  ruptures,
  type RuptureEpisode,
  type RupturePattern,
  type RupturePatients,
  type RupturePatientStatus,
  type RupturesResult,
} from './ruptures.ts';
