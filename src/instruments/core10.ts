import { defineInstrument } from './instrument-definition.ts';

/**
 * CORE-10 (Barkham et al. 2013): ten items rated 0–4 (six problems, three functioning, one
 * risk), total 0–40, higher is worse; clinical cut-off 11. The positively worded items are
 * 2 and 3 per the item list, but one guide names 3 and 4: left un-reversed until resolved
 * against the official form — declare `reverse` in a custom instrument if your form needs it.
 */
export const core10 = defineInstrument({
  key: 'core-10',
  name: 'CORE-10',
  items: 10,
  min: 0,
  max: 4,
  maxMissingFraction: 0.1,
  higherIsBetter: false,
  cutoff: 11,
  citation: {
    key: 'barkham2013',
    text: 'Barkham, M., Bewick, B., Mullin, T., Gilbody, S., Connell, J., Cahill, J., Mellor-Clark, J., Richards, D., Unsworth, G., & Evans, C. (2013). The CORE-10: A short measure of psychological distress for routine use in the psychological therapies. Counselling and Psychotherapy Research, 13(1), 3–13. https://doi.org/10.1080/14733145.2012.729069',
  },
  unverified: ['reverse-keyed items (2 and 3, or 3 and 4) not resolved: none reversed', 'reliable-change value unknown'],
});
