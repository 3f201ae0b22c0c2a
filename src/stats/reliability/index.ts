export { itemCovariance, type ItemCovariance } from './item-covariance.ts';
export { cronbachAlpha, type CronbachAlpha } from './cronbach-alpha.ts';
export { oneFactorMl, type OneFactorMl } from './one-factor-ml.ts';
export { omegaTotal, type OmegaTotal } from './omega-total.ts';
