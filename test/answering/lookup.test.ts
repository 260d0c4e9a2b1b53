import { describe, expect, it } from 'vitest';
import { closestTerms, suggestTerms, TermIndex } from '../../src/answering/lexical/lookup.ts';
import { openSearcher } from '../../src/app/open.ts';
import { parseArticle } from '../../src/corpus/articles.ts';
import { sentenceTable } from '../../src/corpus/sentences.ts';
import { EMBEDDED_MODEL, EMBEDDED_MODELS_DIR } from '../../src/paths.ts';
import { folderWith, quiet, SEED_TEXT, testEngineConfig } from '../helpers.ts';

const article = parseArticle('seed', 'seed.txt', SEED_TEXT);
const sentences = sentenceTable([article], 500);
const index = TermIndex.build([article], sentences);
const texts = index.terms.map((term) => term.text);

describe('TermIndex', () => {
  it('offers names, places, organisations and recurring key phrases, not sentences or function words', () => {
    expect(texts).toEqual(expect.arrayContaining(['Assange', 'Wikileaks', 'Lenin Moreno', 'Rafael Correa', 'Panama Papers', 'London', 'new restrictions', 'embassy']));
    for (const text of texts) {
      expect(text.split(' ').length).toBeLessThanOrEqual(5);
      expect(['The', 'In', 'While', 'although', 'However']).not.toContain(text);
    }
  });

  it('takes names from the lexicon’s view of each word: a photo credit gives the photographer, not CREDIT or GETTY', () => {
    expect(texts).toContain('RODRIGO BUENDIA');
    expect(texts).not.toContain('CREDIT');
    expect(texts).not.toContain('GETTY');
    expect(texts).not.toContain('Questions');
  });

  it.each([
    ['a prefix', 'mor', 'Moreno'],
    ['a prefix of a later word', 'pap', 'Panama Papers'],
    ['any case', 'WIKI', 'Wikileaks'],
    ['a small typo', 'asange', 'Assange'],
    ['a swapped pair of letters', 'moreon', 'Moreno'],
  ])('suggests from %s', (_name, input, expected) => {
    const suggestions = suggestTerms([index], input, 25).map((term) => term.text);
    expect(suggestions).toContain(expected);
    expect(suggestions.length).toBeLessThanOrEqual(25);
  });

  it.each([
    ['Lenin Moreno', [6]],
    ['panama papers', [13]],
    ["Assange's lawyer", [12]],
  ])('finds every paragraph that mentions %s, with the places of the term', (term, paragraphs) => {
    const { mentions } = index.mentions(term);
    expect(mentions.map((m) => m.paragraph)).toEqual(paragraphs);
    for (const mention of mentions) {
      expect(SEED_TEXT.slice(mention.start, mention.end)).toBe(mention.text);
      for (const hit of mention.hits) expect(mention.text.slice(hit.start, hit.end).toLowerCase().replace('’', "'")).toBe(term.toLowerCase());
    }
  });

  it('joins the mentions within one paragraph into one entry', () => {
    const moreno = index.mentions('Moreno').mentions;
    expect(new Set(moreno.map((m) => m.paragraph)).size).toBe(moreno.length);
    expect(moreno.find((m) => m.paragraph === 7)!.hits.length).toBeGreaterThan(1);
  });

  it('lists at most as many paragraphs as asked, in order, and reads only the sentences given', () => {
    const all = index.mentions('Assange');
    expect(all.complete).toBe(true);
    expect(all.mentions.length).toBeGreaterThan(3);
    expect(index.mentions('Assange', null, 2)).toEqual({ mentions: all.mentions.slice(0, 2), complete: false });
    // Limit 0: nothing listed, but whether anything would have been.
    expect(index.mentions('Assange', null, 0)).toEqual({ mentions: [], complete: false });
    expect(index.mentions('Guayaquil', null, 0)).toEqual({ mentions: [], complete: true });
    const paragraphSix = Array.from({ length: sentences.length }, (_, s) => s).filter((s) => sentences.paragraph[s] === 6);
    expect(index.mentions('Assange', paragraphSix).mentions.map((m) => m.paragraph)).toEqual([6]);
  });

  it('names the closest terms for one the article lacks', () => {
    expect(index.find('moreon')).toBeUndefined();
    expect(closestTerms([index], 'moreon', 3).map((term) => term.text)).toContain('Moreno');
  });
});

describe('Searcher.lookup over several segments', () => {
  /** An articles folder holding one article of `count` paragraphs that mention Quito. */
  const folderMentioning = (count: number) =>
    folderWith({ 'quito.txt': `Town news\n\n${Array.from({ length: count }, (_, i) => `Item ${i} was seen in Quito today.`).join('\n\n')}\n` }, 'quote-bot-lookup-');
  const lookupOver = async (first: number, second: number) => {
    const config = testEngineConfig({ model: EMBEDDED_MODEL, modelsDir: EMBEDDED_MODELS_DIR, articlesDir: folderMentioning(first) });
    const searcher = await openSearcher(config, { log: quiet, lexicalOnly: true, also: [{ articlesDir: folderMentioning(second), indexDir: config.indexDir }] });
    const result = searcher.lookup('Quito');
    if (!result.found) throw new Error('Quito not found');
    return { listed: result.mentions.length, more: result.more };
  };

  it.each([
    ['both segments within the 500 listed', 300, 100, { listed: 400, more: false }],
    ['the first segment fills the list, the second mentions the term too', 500, 1, { listed: 500, more: true }],
    ['the first segment fills the list exactly, the second does not mention it', 500, 0, { listed: 500, more: false }],
    ['the second segment goes past the list', 450, 100, { listed: 500, more: true }],
  ])('%s', async (_name, first, second, expected) => {
    expect(await lookupOver(first, second)).toEqual(expected);
  });
});
