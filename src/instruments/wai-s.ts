import { defineInstrument } from './instrument-definition.ts';

/**
 * WAI short form (Tracey & Kokotovic 1989): 12 items from the full WAI, rated 1–7; four items
 * per subscale; items 4 and 10 reverse-keyed. Total 12–84.
 * The key is derived by applying the full-WAI key to the short form's items (full-WAI items
 * 2, 4, 8, 12, 21, 22, 23, 24, 26, 27, 32, 35); it was not found printed in a scoring source.
 */
export const waiS = defineInstrument({
  key: 'wai-s',
  name: 'Working Alliance Inventory – Short form (Tracey & Kokotovic)',
  items: 12,
  min: 1,
  max: 7,
  reverse: [4, 10],
  subscales: { task: [1, 2, 8, 12], bond: [3, 5, 7, 9], goal: [4, 6, 10, 11] },
  higherIsBetter: true,
  citation: {
    key: 'tracey1989',
    text: 'Tracey, T. J., & Kokotovic, A. M. (1989). Factor structure of the Working Alliance Inventory. Psychological Assessment, 1(3), 207–210. https://doi.org/10.1037/1040-3590.1.3.207',
  },
  unverified: ['subscale key derived from the full-WAI key, not read from a published scoring key'],
});
