import { defineInstrument } from './instrument-definition.ts';

/**
 * Working Alliance Inventory, full 36-item form (Horvath & Greenberg 1989), client or therapist.
 * Items rated 1–7; 14 reverse-keyed items rescored as 8 − x; three 12-item subscales (12–84),
 * total 36–252. Key checked against two independent scoring codes (see methods.md §1).
 */
export const wai = defineInstrument({
  key: 'wai',
  name: 'Working Alliance Inventory (36 items)',
  items: 36,
  min: 1,
  max: 7,
  reverse: [1, 3, 7, 9, 10, 11, 12, 15, 20, 27, 29, 31, 33, 34],
  subscales: {
    task: [2, 4, 7, 11, 13, 15, 16, 18, 24, 31, 33, 35],
    bond: [1, 5, 8, 17, 19, 20, 21, 23, 26, 28, 29, 36],
    goal: [3, 6, 9, 10, 12, 14, 22, 25, 27, 30, 32, 34],
  },
  higherIsBetter: true,
  citation: {
    key: 'horvath1989',
    text: 'Horvath, A. O., & Greenberg, L. S. (1989). Development and validation of the Working Alliance Inventory. Journal of Counseling Psychology, 36(2), 223–233. https://doi.org/10.1037/0022-0167.36.2.223',
  },
});
