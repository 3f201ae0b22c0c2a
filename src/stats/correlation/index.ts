export { assertLevel } from './assert-level.ts';
export { assertPairedSample } from './assert-paired-sample.ts';
export { fisherZ } from './fisher-z.ts';
export { fisherZInverse } from './fisher-z-inverse.ts';
export { rToD } from './r-to-d.ts';
export { fisherInterval, type FisherInterval } from './fisher-interval.ts';
export { correlationCi } from './correlation-ci.ts';
export { rankAverage } from './rank-average.ts';
export { centredCrossProducts, type CentredCrossProducts } from './centred-cross-products.ts';
export { pearsonR } from './pearson-r.ts';
export { slopeUnscaled, unitScaled, unitScaledTogether, unitScaledWithFactors, unitScaleFactors } from './unit-scaled.ts';
export type { CorrelationInference, CorrelationTest } from './types.ts';
export { pearson, type PearsonOptions } from './pearson.ts';
export { spearman, type SpearmanOptions, type SpearmanResult, type SpearmanCiMethod } from './spearman.ts';
export { kendall, type KendallOptions, type KendallResult } from './kendall.ts';
export { groupIndex, type GroupIndex } from './group-index.ts';
export { groupMeans } from './group-means.ts';
export { partialCorrelation, type PartialCorrelationOptions, type PartialCorrelationResult } from './partial-correlation.ts';
export { rmcorr, type RmcorrOptions, type RmcorrResult } from './rmcorr.ts';
export { rmcorrFromSums, type RmcorrSums } from './rmcorr-from-sums.ts';
export {
  statsByWithinBetween,
  type StatsByOptions,
  type StatsByLevel,
  type StatsByResult,
} from './stats-by-within-between.ts';
export { statsByFromR } from './stats-by-from-r.ts';
export { withinBetweenRuns, type WithinBetweenRunsOptions, type WithinBetweenRunsResult } from './within-between-runs.ts';
