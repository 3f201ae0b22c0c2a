import { defineInstrument } from './instrument-definition.ts';

/**
 * CORE-10 (Barkham et al. 2013): ten items rated 0–4 (six problems, three functioning, one
 * risk), total 0–40, higher is worse; clinical cut-off 11. Items 2 ("I have felt I have someone
 * to turn to for support when needed") and 3 ("I have felt able to cope when things go wrong")
 * are the positively worded ones and are reverse-keyed (4 − x). One guide names items 3 and 4,
 * but item 4 ("Talking to people has felt too much for me") is worded negatively.
 */
export const core10 = defineInstrument({
  key: 'core-10',
  name: 'CORE-10',
  items: 10,
  min: 0,
  max: 4,
  reverse: [2, 3],
  maxMissingFraction: 0.1,
  higherIsBetter: false,
  cutoff: 11,
  citation: {
    key: 'barkham2013',
    text: 'Barkham, M., Bewick, B., Mullin, T., Gilbody, S., Connell, J., Cahill, J., Mellor-Clark, J., Richards, D., Unsworth, G., & Evans, C. (2013). The CORE-10: A short measure of psychological distress for routine use in the psychological therapies. Counselling and Psychotherapy Research, 13(1), 3–13. https://doi.org/10.1080/14733145.2012.729069',
  },
  unverified: ['reverse-keyed items 2 and 3 follow the item wording and a secondary source (NovoPsych); the official scoring form was not seen', 'reliable-change value unknown'],
});
