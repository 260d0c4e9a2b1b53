import type { Article } from '../corpus/articles.ts';
import type { Sentence, Span } from '../corpus/sentences.ts';
import type { Extract } from './answer.ts';

/** Context around the best sentence is added only while the extract stays within this. */
export const EXTRACT_MAX_CHARS = 450;

/**
 * The best sentence and, while they fit in maxChars, its neighbours in the same paragraph
 * (the one before first: it usually says who or what the sentence is about).
 */
export function extractAround(
  article: Article,
  paragraph: number,
  sentences: Span[],
  best: number,
  maxChars = EXTRACT_MAX_CHARS,
): Extract {
  let first = best;
  let last = best;
  const fits = (from: number, to: number) => sentences[to]!.end - sentences[from]!.start <= maxChars;
  for (let grew = true; grew; ) {
    grew = false;
    if (first > 0 && fits(first - 1, last)) {
      first--;
      grew = true;
    }
    if (last < sentences.length - 1 && fits(first, last + 1)) {
      last++;
      grew = true;
    }
  }
  const start = sentences[first]!.start;
  const end = sentences[last]!.end;
  return {
    articleId: article.id,
    articleKey: article.key,
    articleTitle: article.title,
    paragraph,
    start,
    end,
    text: article.text.slice(start, end),
    highlight: { start: sentences[best]!.start - start, end: sentences[best]!.end - start },
    score: 0,
    coverage: 0,
  };
}

/** Keeps extracts in order, dropping any that overlaps one kept before it. */
export function dropOverlapping(extracts: Extract[]): Extract[] {
  const kept: Extract[] = [];
  for (const extract of extracts) {
    const overlaps = kept.some((other) => other.articleId === extract.articleId && other.start < extract.end && extract.start < other.end);
    if (!overlaps) kept.push(extract);
  }
  return kept;
}

/**
 * Extracts around the ranked sentences, best first, skipping any that overlaps one already
 * taken, until `top` are found. Each remembers the sentence it was built around. A sentence inside
 * an extract already taken is skipped before its context is built (`locate` says where it is):
 * its extract would overlap that one (in a paragraph of tiny sentences, most candidates are).
 */
export function buildExtracts(
  ranked: { sentence: number; score: number; coverage: number }[],
  /** The sentence's article, and the sentences around it in its paragraph (at least those within EXTRACT_MAX_CHARS). */
  context: (sentence: number) => { article: Article; sentences: Sentence[]; position: number },
  top: number,
  locate: (sentence: number) => { articleId: string; start: number; end: number },
): (Extract & { sentence: number })[] {
  const kept: (Extract & { sentence: number })[] = [];
  for (const { sentence, score, coverage } of ranked) {
    if (kept.length >= top) break;
    const at = locate(sentence);
    if (kept.some((other) => other.articleId === at.articleId && other.start < at.end && at.start < other.end)) continue;
    const { article, sentences, position } = context(sentence);
    const extract = { ...extractAround(article, sentences[position]!.paragraph, sentences, position), score, coverage, sentence };
    if (dropOverlapping([...kept, extract]).length > kept.length) kept.push(extract);
  }
  return kept;
}
