import { describe, expect, it } from 'vitest';
import { candidateTerms } from '../../src/answering/analysis/term-candidates.ts';

describe('candidateTerms', () => {
  it.each([
    ['a capitalised run, possessive dropped', 'Lenin Moreno’s government said', ['Lenin Moreno'], ['government']],
    ['a straight-quote possessive and a plural one', "Assange's lawyer met the Reuters' editors", ['Assange', 'Reuters'], ['lawyer met', 'editors']],
    ['"of" inside a name', 'the Bank of England raised rates', ['Bank of England'], ['raised rates']],
    ['non-ASCII capitals and lower-case letters', 'Élodie Dupré visited the café terrace', ['Élodie Dupré'], ['visited', 'café terrace']],
    ['hyphenated words in phrases, digits and marks break them', 'far-right territory, 2016 hacked emails', [], ['far-right territory', 'hacked emails']],
    ['short lone words are not topics; runs of four or more words are not phrases', 'tiny, enormous purple hungry dogs', [], []],
  ])('%s', (_case, text, names, phrases) => {
    const terms = candidateTerms(text);
    expect(terms.names.map((name) => name.words.join(' '))).toEqual(names);
    expect(terms.phrases).toEqual(phrases);
  });

  it('marks a name that opens the sentence', () => {
    expect(candidateTerms('Correa left office').names).toEqual([{ words: ['Correa'], first: true }]);
    expect(candidateTerms('then Correa left').names).toEqual([{ words: ['Correa'], first: false }]);
  });
});
