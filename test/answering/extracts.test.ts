import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/corpus/articles.ts';
import { segmentSentences } from '../../src/corpus/sentences.ts';
import type { Extract } from '../../src/answering/answer.ts';
import { dropOverlapping, extractAround } from '../../src/answering/extracts.ts';

const text = 'Title\n\nFirst sentence here. Second one is the answer. Third adds context. Fourth is far away and long enough.';
const article = parseArticle('a', 'a.txt', text);
const paragraph = article.paragraphs[0]!;
const sentences = segmentSentences(text, paragraph.start, paragraph.end);

describe('extractAround', () => {
  it.each([
    ['only the sentence when nothing else fits', 1, 30, 'Second one is the answer.', 'Second one is the answer.'],
    ['the sentence before comes first', 1, 50, 'First sentence here. Second one is the answer.', 'Second one is the answer.'],
    ['then the one after', 1, 70, 'First sentence here. Second one is the answer. Third adds context.', 'Second one is the answer.'],
    ['at the start it grows forward', 0, 50, 'First sentence here. Second one is the answer.', 'First sentence here.'],
    ['everything when it all fits', 3, 500, text.slice(paragraph.start, paragraph.end), 'Fourth is far away and long enough.'],
  ])('%s', (_name, best, maxChars, expectedText, expectedHighlight) => {
    const extract = extractAround(article, 1, sentences, best, maxChars);
    expect(extract.text).toBe(expectedText);
    expect(extract.text.slice(extract.highlight.start, extract.highlight.end)).toBe(expectedHighlight);
    expect(text.slice(extract.start, extract.end)).toBe(extract.text);
  });
});

describe('dropOverlapping', () => {
  const extract = (articleId: string, start: number, end: number): Extract => ({
    articleId, articleKey: '', articleTitle: '', paragraph: 1, start, end, text: '', highlight: { start: 0, end: 0 }, score: 0, coverage: 0,
  });
  it.each([
    ['keeps disjoint extracts', [extract('a', 0, 10), extract('a', 10, 20)], 2],
    ['drops one overlapping an earlier one', [extract('a', 0, 10), extract('a', 5, 15), extract('a', 20, 30)], 2],
    ['the same offsets in another article do not overlap', [extract('a', 0, 10), extract('b', 0, 10)], 2],
  ])('%s', (_name, extracts, kept) => {
    expect(dropOverlapping(extracts)).toHaveLength(kept);
  });
});
