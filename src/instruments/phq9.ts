import { defineInstrument } from './instrument-definition.ts';

/**
 * Patient Health Questionnaire-9 (Kroenke, Spitzer & Williams 2001): nine items rated 0–3,
 * total 0–27, higher is worse; severity bands 5/10/15/20; caseness ≥ 10.
 * Reliable change 6 points as used by IAPT (unverified); one missing item is prorated.
 */
export const phq9 = defineInstrument({
  key: 'phq-9',
  name: 'Patient Health Questionnaire-9',
  items: 9,
  min: 0,
  max: 3,
  maxMissingFraction: 0.12,
  higherIsBetter: false,
  reliableChange: 6,
  cutoff: 10,
  reliability: 0.89,
  citation: {
    key: 'kroenke2001',
    text: 'Kroenke, K., Spitzer, R. L., & Williams, J. B. W. (2001). The PHQ-9: Validity of a brief depression severity measure. Journal of General Internal Medicine, 16(9), 606–613. https://doi.org/10.1046/j.1525-1497.2001.016009606.x',
  },
  unverified: ['reliable change 6 points (IAPT convention; other sources use 5)', 'reliability .89 (Kroenke et al. 2001 report α = .89)'],
});
