/**
 * The Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design", https://jfly.uni-koeln.de/color/),
 * distinguishable under the common forms of colour-vision deficiency. Ordered so the first
 * colours keep contrast on white; yellow comes late.
 */
export const OKABE_ITO = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#000000'] as const;

/** Font stack for every chart; DejaVu Sans is the font the PNG export embeds. */
export const CHART_FONT = 'DejaVu Sans, Verdana, sans-serif';

/**
 * The shared Vega-Lite `config` for every figure: Okabe–Ito categories, a colour-blind-safe
 * sequential/diverging scheme, DejaVu Sans, text sizes readable at print width (axis labels
 * 11 px, titles 12–14 px at 96 px per inch), light grid, white background. Chart builders
 * may set `config: chartConfig`; the renderer merges it under each spec's own `config`
 * anyway (see `withChartConfig`).
 */
export const chartConfig = {
  background: 'white',
  padding: 8,
  font: CHART_FONT,
  view: { stroke: null, continuousWidth: 480, continuousHeight: 300 },
  range: {
    category: [...OKABE_ITO],
    ordinal: { scheme: 'viridis' },
    ramp: { scheme: 'viridis' },
    heatmap: { scheme: 'viridis' },
    diverging: { scheme: 'blueorange' },
  },
  mark: { color: OKABE_ITO[0] },
  point: { size: 40, filled: true, opacity: 0.8 },
  line: { strokeWidth: 2 },
  rule: { color: '#555555' },
  title: { font: CHART_FONT, fontSize: 14, fontWeight: 'bold', anchor: 'start', color: '#222222', offset: 10 },
  axis: {
    labelFont: CHART_FONT,
    titleFont: CHART_FONT,
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: 'normal',
    titlePadding: 8,
    labelColor: '#333333',
    titleColor: '#222222',
    domainColor: '#555555',
    tickColor: '#555555',
    gridColor: '#e6e6e6',
  },
  legend: {
    labelFont: CHART_FONT,
    titleFont: CHART_FONT,
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: 'normal',
    labelColor: '#333333',
    titleColor: '#222222',
  },
  header: { labelFont: CHART_FONT, titleFont: CHART_FONT, labelFontSize: 12, titleFontSize: 12 },
  text: { font: CHART_FONT, fontSize: 11 },
} as const;
