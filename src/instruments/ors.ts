import { defineInstrument } from './instrument-definition.ts';

/**
 * Outcome Rating Scale (Miller et al. 2003): four visual-analogue items scored 0–10
 * (individual, interpersonal, social, overall), total 0–40, higher is better.
 * Adult clinical cut-off 25 and reliable change 5 points (secondary sources).
 */
export const ors = defineInstrument({
  key: 'ors',
  name: 'Outcome Rating Scale',
  items: 4,
  min: 0,
  max: 10,
  integer: false,
  maxMissingFraction: 0,
  higherIsBetter: true,
  reliableChange: 5,
  cutoff: 25,
  citation: {
    key: 'miller2003',
    text: 'Miller, S. D., Duncan, B. L., Brown, J., Sparks, J. A., & Claud, D. A. (2003). The Outcome Rating Scale: A preliminary study of the reliability, validity, and feasibility of a brief visual analog measure. Journal of Brief Therapy, 2(2), 91–100.',
  },
  unverified: ['cut-off 25 and reliable change 5 (secondary sources)'],
});
