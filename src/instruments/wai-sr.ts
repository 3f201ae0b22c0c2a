import { defineInstrument } from './instrument-definition.ts';

/**
 * WAI – Short Revised (Hatcher & Gillaspy 2006): 12 positively worded items rated 1–5 (no
 * reverse keys); Task 1, 2, 10, 12; Bond 3, 5, 7, 9; Goal 4, 6, 8, 11; subscales 4–20, total 12–60.
 * Not derivable from the parent WAI key (WAI item 25 is Task here, item 24 is Goal).
 */
export const waiSr = defineInstrument({
  key: 'wai-sr',
  name: 'Working Alliance Inventory – Short Revised',
  items: 12,
  min: 1,
  max: 5,
  subscales: { task: [1, 2, 10, 12], bond: [3, 5, 7, 9], goal: [4, 6, 8, 11] },
  higherIsBetter: true,
  reliability: 0.9,
  citation: {
    key: 'hatcher2006',
    text: 'Hatcher, R. L., & Gillaspy, J. A. (2006). Development and validation of a revised short version of the Working Alliance Inventory. Psychotherapy Research, 16(1), 12–25. https://doi.org/10.1080/10503300500352500',
  },
  unverified: ['default reliability .90 for reliable change is an approximation of published subscale alphas (.85–.90)'],
});
