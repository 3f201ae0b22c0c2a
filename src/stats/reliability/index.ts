export { itemCovariance, type ItemCovariance } from './item-covariance.ts';
export { cronbachAlpha, type CronbachAlpha } from './cronbach-alpha.ts';
export { cronbachAlphaFromCovariance } from './cronbach-alpha-from-covariance.ts';
export { oneFactorMl, type OneFactorMl } from './one-factor-ml.ts';
export { omegaTotal, type OmegaTotal } from './omega-total.ts';
export { omegaTotalFromCovariance } from './omega-total-from-covariance.ts';
