export { chartConfig, OKABE_ITO, CHART_FONT } from './chart-config.ts';
export { withChartConfig } from './with-chart-config.ts';
export { assertInlineData } from './assert-inline-data.ts';
export { renderVegaLiteToSvg, type RenderSvgOptions } from './render-vega-lite-to-svg.ts';
export { renderSvgToPng, DEJAVU_SANS_FILES, type RenderPngOptions } from './render-svg-to-png.ts';
export { renderSvgToPngAsync } from './render-svg-to-png-async.ts';
