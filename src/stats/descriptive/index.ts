export { assertFinite } from './assert-finite.ts';
export { mean } from './mean.ts';
export { variance } from './variance.ts';
export { sd } from './sd.ts';
export { quantileSorted } from './quantile-sorted.ts';
export { quantiles } from './quantiles.ts';
export { simpleRegression, type SimpleRegression } from './simple-regression.ts';
export { summarizeColumn, type ColumnSummary } from './summarize-column.ts';
