/**
 * Meta-analysis kernels with metafor parity (Viechtbauer 2010, doi:10.18637/jss.v036.i03):
 * effect sizes (corToEffect, effectSizes) → rma (FE/EE/DL/HE/HS/SJ/ML/REML/EB/PM × z/t/knha,
 * meta-regression, Q-profile τ² CI, prediction interval) or rmaThreeLevel (rma.mv ~ 1 | study/id)
 * → small-study and robustness analyses (regtest, ranktest, trimfill, failsafe, leave1out, cumul,
 * influence) → predictRma / zcorToR for reporting. Fixtures: test/fixtures/meta/*.R.
 */
export { zeroin, type ZeroinResult } from './zeroin.ts';
export { weightedFit, type WeightedFit } from './weighted-fit.ts';
export { projectionTraces, type ProjectionTraces } from './projection-traces.ts';
export { effectSizes, type EffectSizes } from './effect-sizes.ts';
export { designMatrix, type DesignMatrix } from './design-matrix.ts';
export { estimateTau2, type Tau2Method, type Tau2Control, type Tau2Estimate } from './estimate-tau2.ts';
export { confintTau2, type Tau2ConfInt } from './confint-tau2.ts';
export { rma, type RmaMethod, type RmaTest, type RmaOptions, type RmaResult, type RmaPrediction } from './rma.ts';
export { corToEffect, type CorMeasure } from './cor-to-effect.ts';
export { zcorToR, type CorrelationSummary } from './zcor-to-r.ts';
export { rmaThreeLevel, type RmaThreeLevelOptions, type RmaThreeLevelResult } from './rma-three-level.ts';
export { refitRma } from './refit-rma.ts';
export { regtest, type RegtestResult } from './regtest.ts';
export { ranktest, type RanktestResult } from './ranktest.ts';
export { trimfill, type TrimfillResult } from './trimfill.ts';
export { failsafe, type FailsafeResult } from './failsafe.ts';
export { sequentialFits, type SequentialAnalysis } from './sequential-fits.ts';
export { leave1out } from './leave1out.ts';
export { cumul } from './cumul.ts';
export { influence, type InfluenceResult } from './influence.ts';
export { predictRma } from './predict-rma.ts';
