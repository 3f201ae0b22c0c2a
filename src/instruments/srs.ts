import { defineInstrument } from './instrument-definition.ts';

/**
 * Session Rating Scale v3 (Duncan et al. 2003): four 10-cm visual-analogue lines scored 0–10
 * (relationship, goals & topics, approach/method, overall); total 0–40. A total at or below
 * about 36 flags a possible alliance concern (secondary sources differ between ≤ 36 and < 36).
 */
export const srs = defineInstrument({
  key: 'srs',
  name: 'Session Rating Scale',
  items: 4,
  min: 0,
  max: 10,
  integer: false,
  maxMissingFraction: 0,
  higherIsBetter: true,
  cutoff: 36,
  citation: {
    key: 'duncan2003',
    text: 'Duncan, B. L., Miller, S. D., Sparks, J. A., Claud, D. A., Reynolds, L. R., Brown, J., & Johnson, L. D. (2003). The Session Rating Scale: Preliminary psychometric properties of a "working" alliance measure. Journal of Brief Therapy, 3(1), 3–12.',
  },
  unverified: ['cut-off 36 (secondary sources only; boundary ≤ vs <)'],
});
