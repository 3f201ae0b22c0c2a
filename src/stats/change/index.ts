export type { Direction } from './types.ts';
export { assertDirection } from './assert-direction.ts';
export { orientChange } from './orient-change.ts';
export { percentChange } from './percent-change.ts';
export { residualizedGain, type ResidualizedGain } from './residualized-gain.ts';
export { clinicalCutoffs, type ClinicalCutoffs } from './clinical-cutoffs.ts';
export {
  reliableChange,
  RELIABLE_CHANGE_LABELS,
  type CutoffRule,
  type ReliableChange,
  type ReliableChangeInput,
  type ReliableChangeLabel,
} from './reliable-change.ts';
