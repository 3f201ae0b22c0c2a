import { defineInstrument } from './instrument-definition.ts';

/**
 * Outcome Questionnaire-45.2 (Lambert et al.): 45 items rated 0–4, total 0–180, higher is worse.
 * Reverse-keyed items 1, 12, 13, 20, 21, 24, 31, 37, 43 (scored 4 − x); subscales SD (25 items),
 * IR (11), SR (9). Missing items are replaced with the rounded mean of the subscale's answered
 * items (scoring sheet); the total is SD + IR + SR so prorated, missing when a subscale is.
 * Reliable change 14 points; total cut-off 63/64.
 */
export const oq45 = defineInstrument({
  key: 'oq-45',
  name: 'Outcome Questionnaire-45.2',
  items: 45,
  min: 0,
  max: 4,
  reverse: [1, 12, 13, 20, 21, 24, 31, 37, 43],
  subscales: {
    sd: [2, 3, 5, 6, 8, 9, 10, 11, 13, 15, 22, 23, 24, 25, 27, 29, 31, 33, 34, 35, 36, 40, 41, 42, 45],
    ir: [1, 7, 16, 17, 18, 19, 20, 26, 30, 37, 43],
    sr: [4, 12, 14, 21, 28, 32, 38, 39, 44],
  },
  roundProratedMean: true,
  maxMissingFraction: 0.1,
  higherIsBetter: false,
  reliableChange: 14,
  cutoff: 64,
  reliability: 0.93,
  citation: {
    key: 'lambert2004',
    text: 'Lambert, M. J., Morton, J. J., Hatfield, D., Harmon, C., Hamilton, S., Reid, R. C., Shimokawa, K., Christopherson, C., & Burlingame, G. M. (2004). Administration and scoring manual for the OQ-45.2 (Outcome Questionnaire). American Professional Credentialing Services.',
  },
  unverified: ['subscale item lists (checked against item content only)', 'total cut-off (63 vs 64)', 'reliability .93', 'maximum missing fraction'],
});
