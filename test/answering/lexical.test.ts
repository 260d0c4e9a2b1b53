import { describe, expect, it } from 'vitest';
import { inverseDocumentFrequency } from '../../src/answering/lexical/bm25.ts';
import { LexicalIndexBuilder } from '../../src/answering/lexical/bm25-builder.ts';
import { applySuggestions, Spelling, spellingSuggestions, typoBudget } from '../../src/answering/lexical/spelling.ts';
import { Analyzer } from '../../src/answering/analysis/text.ts';

const analyzer = Analyzer.fromLexicon();
const analyze = (text: string) => analyzer.analyze(text);

/** An index over the given documents (one sentence each). */
function indexOf(documents: string[]) {
  const builder = new LexicalIndexBuilder();
  for (const document of documents) builder.add(analyze(document));
  return builder.finish();
}

const DOCUMENTS = [
  'Lenin Moreno is the president of Ecuador.',
  'Moreno said Assange violated the asylum agreement repeatedly, and Moreno repeated it on Tuesday.',
  'The embassy in London hosted Assange for seven years.',
  'Rafael Correa granted asylum in 2012.',
  'Moreno Moreno Moreno.',
];

describe('LexicalIndex: BM25 over sentences', () => {
  const index = indexOf(DOCUMENTS);
  const id = (word: string) => index.termId(analyze(word)[0]!.term)!;
  const idf = (termId: number | undefined) => inverseDocumentFrequency(index.documentFrequency(termId), index.documentCount);
  /** The words as query terms, each weighing its IDF in this index. */
  const weighted = (...words: string[]) => words.map((word) => ({ id: id(word), idf: idf(id(word)) }));

  it('finds exactly the documents holding a term', () => {
    expect([...index.search(weighted('Assange')).keys()].sort()).toEqual([1, 2]);
    expect(index.search(weighted('Correa')).size).toBe(1);
  });

  it('ranks a rarer term above a common one, and a shorter document above a longer one with the same count', () => {
    expect(idf(id('Correa'))).toBeGreaterThan(idf(id('Moreno')));
    const scores = index.search(weighted('asylum'));
    expect(scores.get(3)!).toBeGreaterThan(scores.get(1)!);
  });

  it('saturates repeated terms (k1): three times the count is far from three times the score', () => {
    const scores = index.search(weighted('Moreno'));
    expect(scores.get(4)! / scores.get(0)!).toBeLessThan(2);
    expect(scores.get(4)!).toBeGreaterThan(scores.get(0)!);
  });

  it('gives a term no document holds the highest idf', () => {
    expect(idf(undefined)).toBeGreaterThan(idf(id('Correa')));
  });

  it('scores a run of documents as one text, and one document as search does', () => {
    const terms = weighted('Assange', 'Correa');
    expect(index.scoreRange(terms, 2, 2)).toBeCloseTo(index.search(terms).get(2)!, 10);
    expect(index.counts(2, 3).get(id('asylum'))).toBe(1);
    expect(index.scoreRange(terms, 2, 3)).toBeGreaterThan(index.scoreRange(terms, 2, 2));
  });
});

describe('spelling suggestions', () => {
  const lexical = indexOf(DOCUMENTS);
  const spelling = new Spelling(lexical);
  const suggest = (question: string, isWord?: (word: string) => boolean) => spellingSuggestions(analyze(question), [spelling], (term) => lexical.termId(term) !== undefined, isWord);

  it.each([
    ['no typo allowed below five letters', 'abcd', 0],
    ['one from five letters', 'asange', 1],
    ['two from ten', 'ambassadors', 2],
  ])('typoBudget: %s', (_case, word, budget) => {
    expect(typoBudget(word)).toBe(budget);
  });

  it.each([
    ['a missing letter', 'Who is Asange?', [{ word: 'Asange', suggestion: 'Assange' }]],
    ['swapped letters', 'What did Moreon say?', [{ word: 'Moreon', suggestion: 'Moreno' }]],
    ['a stray first letter', 'When did Xcorrea grant it?', [{ word: 'Xcorrea', suggestion: 'Correa' }]],
    ['a wrong first letter (not looked for)', 'When did Xorrea grant it?', []],
    ['a known word', 'Who granted asylum?', []],
    ['a word too short to correct', 'Who is Mor?', []],
    ['a word too far from any term', 'Who is Zyxwvut?', []],
  ])('%s', (_case, question, expected) => {
    expect(suggest(question)).toEqual(expected);
  });

  it('corrects a real word only towards a name', () => {
    const isWord = (word: string) => ['corea', 'embasy', 'hoste'].includes(word);
    // "corea" is a word but "Correa" is a name; "hoste" would only become the word "hosted".
    expect(suggest('Did corea and hoste agree?', isWord)).toEqual([{ word: 'corea', suggestion: 'Correa' }]);
  });

  it('looks at no more than eight unknown words of a question', () => {
    const question = `${Array.from({ length: 8 }, (_, i) => `qqqqq${'abcdefgh'[i]}`).join(' ')} Asange`;
    expect(suggest(question)).toEqual([]);
  });

  it('applies suggestions to whole words only', () => {
    expect(applySuggestions('Asange and Asanges met Asange.', [{ word: 'Asange', suggestion: 'Assange' }])).toBe('Assange and Asanges met Assange.');
  });
});
