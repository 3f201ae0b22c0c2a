import { defineInstrument } from './instrument-definition.ts';

/**
 * Generalized Anxiety Disorder-7 (Spitzer et al. 2006): seven items rated 0–3, total 0–21,
 * higher is worse; bands 5/10/15; IAPT caseness ≥ 8. Reliable change 4 points (unverified).
 */
export const gad7 = defineInstrument({
  key: 'gad-7',
  name: 'Generalized Anxiety Disorder-7',
  items: 7,
  min: 0,
  max: 3,
  maxMissingFraction: 0.15,
  higherIsBetter: false,
  reliableChange: 4,
  cutoff: 8,
  reliability: 0.92,
  citation: {
    key: 'spitzer2006',
    text: 'Spitzer, R. L., Kroenke, K., Williams, J. B. W., & Löwe, B. (2006). A brief measure for assessing generalized anxiety disorder: The GAD-7. Archives of Internal Medicine, 166(10), 1092–1097. https://doi.org/10.1001/archinte.166.10.1092',
  },
  unverified: ['reliable change 4 points (secondary sources)', 'reliability .92'],
});
