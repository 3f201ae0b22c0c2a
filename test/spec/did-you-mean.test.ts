import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { didYouMean, formatSuggestion } from '../../src/spec/did-you-mean.ts';

const stages = ['ingest', 'score', 'change', 'correlate', 'mixed', 'sudden', 'ruptures', 'compare', 'meta', 'report'];

describe('didYouMean', () => {
  it('suggests the closest stage type for one typo of each kind', () => {
    expect(didYouMean('corelate', stages)).toEqual(['correlate']); // deletion
    expect(didYouMean('correlatte', stages)).toEqual(['correlate']); // insertion
    expect(didYouMean('rupturas', stages)).toEqual(['ruptures']); // substitution
    expect(didYouMean('suddne', stages)).toEqual(['sudden']); // adjacent transposition costs 1
  });

  it('is case-insensitive and returns the candidate as spelled', () => {
    expect(didYouMean('MIXED', stages)).toEqual(['mixed']);
    expect(didYouMean('patient_id', ['Patient_ID', 'session'])).toEqual(['Patient_ID']);
  });

  it('applies the limit max(1, floor(len/3))', () => {
    // 'mxd' has length 3 → limit 1; 'mixed' is 2 insertions away.
    expect(didYouMean('mxd', stages)).toEqual([]);
    // 'mixd' has length 4 → limit 1; one insertion away.
    expect(didYouMean('mixd', stages)).toEqual(['mixed']);
    // 'corrrelat' (9) → limit 3: one insertion + one deletion = 2.
    expect(didYouMean('corrrelat', stages)).toEqual(['correlate']);
    // 'abcdef' (6) → limit 2; 'abXYZf' needs 3 substitutions.
    expect(didYouMean('abcdef', ['abXYZf'])).toEqual([]);
    expect(didYouMean('abcdef', ['abXYef'])).toEqual(['abXYef']);
  });

  it('uses the restricted (optimal string alignment) transposition rule', () => {
    // OSA('ca', 'abc') = 3 (unrestricted Damerau–Levenshtein would give 2); limit for 'ca' is 1 anyway,
    // so check with a longer word: OSA('xxxxxxca', 'xxxxxxabc') = 3 > limit 2.
    expect(didYouMean('xxxxxxca', ['xxxxxxabc'])).toEqual([]);
    expect(didYouMean('xxxxxxac', ['xxxxxxca'])).toEqual(['xxxxxxca']);
  });

  it('orders by distance, keeps candidate order on ties, and honours max', () => {
    const cands = ['wai_s3', 'wai_s12', 'wai_s1', 'wai_s2'];
    expect(didYouMean('wai_s', cands)).toEqual(['wai_s3', 'wai_s1', 'wai_s2']);
    expect(didYouMean('wai_s', cands, { max: 2 })).toEqual(['wai_s3', 'wai_s1']);
    expect(didYouMean('wai_s12', cands)).toEqual(['wai_s12', 'wai_s1', 'wai_s2']);
    expect(didYouMean('wai_s', cands, { max: 0 })).toEqual(['wai_s3']);
  });

  it('offers a longer candidate that a word of 5 or more characters begins, after the close spellings', () => {
    expect(didYouMean('maxMissing', ['instrument', 'items', 'maxMissingFraction'])).toEqual(['maxMissingFraction']);
    expect(didYouMean('wai_s', ['wai_s12', 'wai_s3'])).toEqual(['wai_s3', 'wai_s12']);
    expect(didYouMean('item', ['itemColumns'])).toEqual([]); // 4 characters: too short to say
  });

  it('ignores duplicate candidates and accepts any iterable', () => {
    expect(didYouMean('scor', new Set(['score', 'score', 'scar']))).toEqual(['score', 'scar']);
    expect(didYouMean('scor', ['score', 'score'])).toEqual(['score']);
  });

  it('offers nothing for an empty candidate list or an empty word far from all', () => {
    expect(didYouMean('x', [])).toEqual([]);
    expect(didYouMean('', ['abc'])).toEqual([]);
    expect(didYouMean('', ['a'])).toEqual(['a']);
  });

  it('property: one random edit of a candidate (length ≥ 3) is always recognised', () => {
    const word = fc.stringMatching(/^[a-z_]{3,20}$/);
    fc.assert(
      fc.property(word, fc.nat(), fc.constantFrom('ins', 'del', 'sub', 'swap'), fc.constantFrom('q', 'z', '_'), (w, at, kind, ch) => {
        const i = at % w.length;
        let typo: string;
        if (kind === 'ins') typo = w.slice(0, i) + ch + w.slice(i);
        else if (kind === 'del') typo = w.slice(0, i) + w.slice(i + 1);
        else if (kind === 'sub') typo = w.slice(0, i) + ch + w.slice(i + 1);
        else typo = i + 1 < w.length ? w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2) : w;
        expect(didYouMean(typo, ['zzzzzzzzzzzzzzzzzzzzzzzzzzzzzz', w])).toContain(w);
      }),
    );
  });
});

describe('formatSuggestion', () => {
  it('formats none, one, two and three suggestions', () => {
    expect(formatSuggestion('zzzz', stages)).toBe('');
    expect(formatSuggestion('scroe', stages)).toBe(" Did you mean 'score'?");
    expect(formatSuggestion('scor', ['score', 'scar'])).toBe(" Did you mean 'score' or 'scar'?");
    expect(formatSuggestion('wai_s', ['wai_s1', 'wai_s2', 'wai_s3'])).toBe(" Did you mean 'wai_s1', 'wai_s2' or 'wai_s3'?");
  });
});
