/**
 * Hostile articles (issue 18), generated here, through the public interfaces: the corpus, the
 * engine (openSearcher, answer, lookup, suggestTerms) and the reply formatter. The work each does is
 * bounded by design; these tests check results, and the bounds by counting.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Searcher } from '../../src/answering/engine.ts';
import { openSearcher } from '../../src/app/open.ts';
import { HOSTILE_SHAPES, LONG_NAME, LONG_NAME_ARTICLE, MASKED_LINK_ARTICLE } from '../../src/cli/hostile-articles.ts';
import { parseArticle } from '../../src/corpus/articles.ts';
import { layoutColumns } from '../../src/corpus/layout.ts';
import { SEGMENT_WINDOW_CHARS, SentenceTable, sentenceTable } from '../../src/corpus/sentences.ts';
import { formatAnswer, formatChoices, formatMentions, formatParagraph, LIMITS } from '../../src/discord/format.ts';
import { termFromChoice } from '../../src/discord/term-choices.ts';
import { markupLeaks, quoteLines } from '../discord/markup.ts';
import { folderWith, quiet, TEST_MODEL, testEngineConfig, testModelsDir } from '../helpers.ts';

let modelsDir: string;

beforeAll(() => {
  modelsDir = testModelsDir('minister denied announced confirmed questioned plan number tuesday port authority embassy budget ministry guayaquil ships');
});

afterEach(() => vi.restoreAllMocks());

/** An engine over these articles, indexed with the test model (ingest, the index and all). */
async function engineOf(articles: Record<string, string>): Promise<Searcher> {
  const articlesDir = folderWith(articles, 'quote-bot-hostile-');
  mkdirSync(join(articlesDir, 'ignored'));
  return openSearcher(testEngineConfig({ model: TEST_MODEL, modelsDir, articlesDir }), { log: quiet });
}

describe('row 1: an article of 130,000 short paragraphs', () => {
  it('lays out and segments without overflowing the stack', () => {
    const article = parseArticle('many', 'many.txt', HOSTILE_SHAPES.manyParagraphs(1_300_000));
    expect(article.paragraphs.length).toBeGreaterThan(125_000);
    const columns = layoutColumns([article]);
    expect(columns.paragraphNumber!.length).toBe(article.paragraphs.length + 1);
    expect(sentenceTable([article], 500).length).toBe(article.paragraphs.length + 1);
  });
});

describe('row 2: one paragraph of 25,000 sentences on single-newline lines (1.2 MB)', () => {
  it('is segmented in bounded windows, each character handed to the segmenter at most about twice', () => {
    const text = HOSTILE_SHAPES.oneParagraphOfLines(1_200_000);
    const article = parseArticle('lines', 'lines.txt', text);
    expect(article.paragraphs).toHaveLength(1);
    const segment = vi.spyOn(Intl.Segmenter.prototype, 'segment');
    const sentences = sentenceTable([article], 500);
    const lengths = segment.mock.calls.map(([input]) => input.length);
    // The segmenter's cost grows with its input's length for every sentence: bounded inputs, linear work.
    expect(Math.max(...lengths)).toBeLessThanOrEqual(SEGMENT_WINDOW_CHARS);
    expect(lengths.reduce((sum, length) => sum + length, 0)).toBeLessThan(2 * text.length);
    expect(sentences.length).toBeGreaterThan(20_000);
    for (const s of [0, 1, 12_345, sentences.length - 1]) expect(text.slice(sentences.start[s], sentences.end[s])).toMatch(/^(?:[A-Z].* on Tuesday\.|One paragraph of lines)$/);
  });
});

describe('an engine over hostile articles', () => {
  let engine: Searcher;
  beforeAll(async () => {
    engine = await engineOf({
      'one-line.txt': HOSTILE_SHAPES.oneLine(150_000),
      'links.md': MASKED_LINK_ARTICLE,
      'mac.txt': HOSTILE_SHAPES.carriageReturns(3_000),
      'names.txt': LONG_NAME_ARTICLE,
      'no-punctuation.txt': HOSTILE_SHAPES.noPunctuation(50_000),
    });
  });

  it('row 3: /lookup in a 150 KB one-line article replies within Discord’s limit, the term in bold, escaping only what it shows', () => {
    const result = engine.lookup('port authority');
    if (!result.found) throw new Error('no mention found');
    const longest = Math.max(...result.mentions.map((mention) => mention.text.length));
    expect(longest).toBeGreaterThan(100_000);
    const reply = formatMentions(result.term, result.mentions);
    expect(reply.content.length).toBeLessThanOrEqual(LIMITS.content);
    expect(reply.content).toContain('**port authority**');
    expect(markupLeaks(quoteLines(reply.content))).toEqual([]);
  });

  it('row 3: Full paragraph of the 150 KB line stays within the limit', () => {
    const article = engine.articles.find((a) => a.id === 'one-line')!;
    const paragraph = engine.paragraph(article.key, 1)!;
    expect(paragraph.text.length).toBeGreaterThan(100_000);
    const reply = formatParagraph(paragraph);
    expect(reply.content.length).toBeLessThanOrEqual(LIMITS.content);
    expect(markupLeaks(quoteLines(reply.content))).toEqual([]);
  });

  it('row 4: neither /ask, More extracts nor /lookup can form a masked link from article text', async () => {
    const answer = await engine.answer('What did the ministry publish in the annual budget report?', 9);
    const quoted = answer.extracts.filter((extract) => extract.articleId === 'links');
    expect(quoted.length).toBeGreaterThan(0);
    for (let page = 0; page < 3; page++) expect(markupLeaks(quoteLines(formatAnswer(answer, page).content))).toEqual([]);
    expect(formatAnswer(answer).content).toContain('\\[the annual budget report.');
    const port = engine.lookup('port');
    if (!port.found) throw new Error('no mention of the port');
    const reply = formatMentions(port.term, port.mentions);
    expect(reply.content).toContain('\\[the **port**\\](http://evil.example/**port**)');
    expect(markupLeaks(quoteLines(reply.content))).toEqual([]);
  });

  it('row 8: an article with lone carriage returns is quoted with no raw \\r, its "> not a quote" line escaped', async () => {
    const article = engine.articles.find((a) => a.id === 'mac')!;
    expect(article.text).not.toContain('\r');
    // The article's last paragraph: a sentence, then its own "> not a quote" line.
    const paragraph = engine.paragraph(article.key, article.paragraphs.length)!;
    expect(paragraph.text).toMatch(/Tuesday\.\n> not a quote$/);
    const reply = formatParagraph(paragraph);
    expect(reply.content).toMatch(/Tuesday\.\n> \\> not a quote\n/);
    const answer = await engine.answer('What did the port authority announce?', 9);
    for (const page of [0, 1, 2]) {
      const content = formatAnswer(answer, page).content;
      expect(content).not.toMatch(/[\r\u2028\u2029]/);
      expect(markupLeaks(quoteLines(content))).toEqual([]);
    }
  });

  it('row 11: a 173-character name chosen in autocomplete finds its passages', () => {
    const suggested = engine.suggestTerms('maria fern', 25);
    expect(suggested.map((term) => term.text)).toContain(LONG_NAME);
    const choice = formatChoices(suggested).find((c) => c.name.startsWith('Maria Fernanda Espinosa Garces Alvarado'))!;
    expect(choice.value.length).toBeLessThanOrEqual(LIMITS.choiceName);
    const result = engine.lookup(termFromChoice(choice.value, engine));
    expect(result.found).toBe(true);
    if (result.found) expect(result.mentions.map((mention) => mention.paragraph)).toEqual([1, 2]);
  });

  it('answers around a paragraph with no sentence punctuation, in extracts of bounded length', async () => {
    const answer = await engine.answer('word12 word13', 9);
    expect(answer.extracts.length).toBeGreaterThan(0);
    for (const extract of answer.extracts) expect(extract.text.length).toBeLessThanOrEqual(500);
  });
});

describe('row 7: "U.S. " × 50,000 in one paragraph', () => {
  /** What one answer reads of the sentence table, by sentence. */
  async function sentenceReads(repeats: number) {
    const engine = await engineOf({ 'us.txt': HOSTILE_SHAPES.abbreviations(5 * repeats) });
    await engine.answer('Who leads Ecuador?', 9);
    const reads = vi.spyOn(SentenceTable.prototype, 'get');
    const answer = await engine.answer('Who leads Ecuador?', 9);
    const count = reads.mock.calls.length;
    reads.mockRestore();
    return { answer, count };
  }

  it('answers from the paragraph that says, with work per question independent of the paragraph’s length', async () => {
    const small = await sentenceReads(50_000);
    const large = await sentenceReads(100_000);
    expect(small.answer.extracts[0]!.text).toContain('Lenin Moreno leads Ecuador');
    expect(large.answer.extracts.length).toBeGreaterThan(0);
    for (const extract of large.answer.extracts) expect(extract.text.length).toBeLessThanOrEqual(500);
    // Rebuilding the paragraph per extract read all its sentences for each: twice the paragraph, twice the reads. Now a bounded window.
    expect(large.count).toBeLessThan(1.2 * small.count + 100);
  });
});
