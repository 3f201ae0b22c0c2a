export { normalInterpolatedQuantile, usesExtremeOrder } from './normal-interpolated-quantile.ts';
export { finiteSorted } from './finite-sorted.ts';
export { lowerBound } from './lower-bound.ts';
export { percentileInterval } from './percentile-interval.ts';
export { bcaInterval, type BcaInterval } from './bca-interval.ts';
export { correlationStatistic, type BootstrapMethod } from './correlation-statistic.ts';
export { jackknifeCorrelation } from './jackknife-correlation.ts';
export { resampleStatistic } from './resample-statistic.ts';
export { bootstrapReplicates } from './bootstrap-replicates.ts';
export { prepareBootstrapReplicates } from './prepare-bootstrap-replicates.ts';
export {
  bootstrapCorrelation,
  type BootstrapCorrelationOptions,
  type BootstrapCorrelationResult,
} from './bootstrap-correlation.ts';
export { jackknifeRankCorrelation } from './jackknife-rank-correlation.ts';
export { fenwickAdd } from './fenwick-add.ts';
export { fenwickPrefix } from './fenwick-prefix.ts';
