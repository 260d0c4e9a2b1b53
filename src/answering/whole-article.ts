/**
 * Answers to questions about an article as a whole (see analysis/article-questions.ts): its
 * summary in its own words (headline, standfirst, lead, and its most central sentences), its
 * furniture (headline, standfirst, captions, photo credits), and its metadata (byline, date, site),
 * or plainly that the article does not say.
 */
import { quotableParagraphs, type Article, type Paragraph } from '../corpus/articles.ts';
import type { ArticleInfo, Extract } from './answer.ts';
import type { ArticleQuestionKind } from './analysis/article-questions.ts';
import { fold } from './analysis/text.ts';
import { extractAround, EXTRACT_MAX_CHARS } from './extracts.ts';
import { inverseDocumentFrequency } from './lexical/bm25.ts';
import type { Segment } from './segment.ts';

/** Central sentences a summary adds after the lead. */
const CENTRAL_SENTENCES = 2;
/** A central sentence has at least this many words (a fragment says little) and fits an extract. */
const MIN_CENTRAL_WORDS = 8;
/** Captions or credits listed at most. */
const MAX_FURNITURE = 3;

/** What an article lacks, by the kind of question ("does not say who wrote it"). */
export const ARTICLE_LACKS: Record<ArticleQuestionKind, string> = {
  byline: 'who wrote it',
  published: 'when it was published',
  site: 'where it was published',
  headline: 'its headline',
  subtitle: 'a subheading (it has none)',
  caption: 'a photo caption (it has none)',
  credit: 'who took the photo',
  summary: 'enough to summarise',
};

export interface ArticleAnswer {
  about: ArticleInfo & { kind: ArticleQuestionKind };
  /** The quotes that answer (summary, headline, caption…); none for metadata. */
  extracts: Extract[];
  /** Whether the article says what was asked (a byline, a caption…). */
  found: boolean;
}

/** An article as the answers name it. */
export function articleInfo(article: Article): ArticleInfo {
  const { byline, published, siteName, url } = article.metadata;
  return { key: article.key, id: article.id, title: article.title, byline, published, siteName, url };
}

/**
 * The article a whole-article question means, among those searched (ranked oldest first): the
 * newest whose title, file name or site holds every word the question adds ("the assange
 * article"), or the newest of all when it adds none. Undefined when the words name no article:
 * then they ask about the story ("how long was Barr's summary"), not about an article.
 */
export function chooseArticle(candidates: Article[], rest: string[]): Article | undefined {
  const wanted = rest.map((word) => fold(word));
  for (let i = candidates.length - 1; i >= 0; i--) {
    const article = candidates[i]!;
    const names = fold(`${article.title} ${article.id} ${article.metadata.siteName ?? ''}`);
    if (wanted.every((word) => names.includes(word))) return article;
  }
  return undefined;
}

/** Quotes a span of a paragraph (the whole of it, or a sentence), all of it in bold. */
function paragraphExtract(article: Article, number: number, start: number, end: number): Extract {
  return { articleId: article.id, articleKey: article.key, articleTitle: article.title, paragraph: number, start, end, text: article.text.slice(start, end), highlight: { start: 0, end: end - start }, score: 1, coverage: 1 };
}

/** The first MAX_FURNITURE of these paragraphs, each quoted whole. */
function quoteParagraphs(article: Article, paragraphs: readonly Paragraph[]): Extract[] {
  return paragraphs.slice(0, MAX_FURNITURE).map((p) => paragraphExtract(article, p.number, p.start, p.end));
}

/** The answer to a whole-article question about one article of a segment. */
export function answerAboutArticle(kind: ArticleQuestionKind, segment: Segment, articleIndex: number): ArticleAnswer {
  const article = segment.articles[articleIndex]!;
  const about = { ...articleInfo(article), kind };
  switch (kind) {
    case 'byline':
      return { about, extracts: [], found: article.metadata.byline !== null };
    case 'published':
      return { about, extracts: [], found: article.metadata.published !== null };
    case 'site':
      return { about, extracts: [], found: article.metadata.siteName !== null || article.metadata.url !== null };
    case 'headline':
    case 'subtitle':
    case 'caption': {
      // Each is the paragraph role of the same name.
      const found = quotableParagraphs(article).filter((p) => p.role === kind);
      return { about, extracts: quoteParagraphs(article, found), found: found.length > 0 };
    }
    case 'credit':
      return creditAnswer(about, segment, articleIndex);
    case 'summary':
      return { about, extracts: summaryExtracts(segment, articleIndex), found: true };
  }
}

/** Photo credits: the credit sentences of captions ("CREDIT: GETTY / …"), else the captions. */
function creditAnswer(about: ArticleAnswer['about'], segment: Segment, articleIndex: number): ArticleAnswer {
  const article = segment.articles[articleIndex]!;
  const { first, last } = segment.articleSentences(articleIndex);
  const extracts: Extract[] = [];
  for (let s = first; s <= last && extracts.length < MAX_FURNITURE; s++) {
    if (segment.sentences.role(s) !== 'credit') continue;
    const { sentences, position } = segment.contextAround(s, EXTRACT_MAX_CHARS);
    extracts.push({ ...extractAround(article, sentences[position]!.paragraph, sentences, position), score: 1, coverage: 1 });
  }
  if (extracts.length > 0) return { about, extracts, found: true };
  return { about, extracts: quoteParagraphs(article, quotableParagraphs(article).filter((p) => p.role === 'caption')), found: false };
}

/**
 * A summary in the article's own words: its headline, its standfirst, its lead (the first body
 * paragraph, as much as fits an extract), then the sentences most central to it — those whose
 * words the article uses most, weighed by how rare they are in the corpus (the centroid
 * method of Radev et al., 2004) — in the article's order.
 */
function summaryExtracts(segment: Segment, articleIndex: number): Extract[] {
  const article = segment.articles[articleIndex]!;
  const paragraphs = quotableParagraphs(article);
  const extracts: Extract[] = [];
  for (const paragraph of paragraphs.filter((p) => p.role === 'headline' || p.role === 'subtitle')) extracts.push(paragraphExtract(article, paragraph.number, paragraph.start, paragraph.end));
  const { first, last } = segment.articleSentences(articleIndex);
  const isBody = (s: number) => ['body', 'list', 'quote'].includes(segment.sentences.role(s));
  const leadSentence = Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => first + i).find(isBody);
  if (leadSentence === undefined) return extracts;
  const { sentences: around, position } = segment.contextAround(leadSentence, EXTRACT_MAX_CHARS);
  const lead = { ...extractAround(article, around[position]!.paragraph, around, position), score: 1, coverage: 1 };
  extracts.push({ ...lead, highlight: { start: 0, end: lead.text.length } });

  // How often the article uses each term, and how rare the term is across the segment.
  const counts = new Map<string, number>();
  for (let s = first; s <= last; s++) if (isBody(s)) for (const { term } of segment.tokensOf(s)) counts.set(term, (counts.get(term) ?? 0) + 1);
  const weight = (term: string) => {
    const count = counts.get(term) ?? 0;
    if (count < 2) return 0;
    return count * inverseDocumentFrequency(segment.lexical.documentFrequency(segment.lexical.termId(term)), segment.lexical.documentCount);
  };
  const scored: { s: number; score: number }[] = [];
  for (let s = first; s <= last; s++) {
    const start = segment.sentences.start[s]!;
    if (!isBody(s) || (start >= lead.start && start < lead.end)) continue;
    const tokens = segment.tokensOf(s);
    const length = segment.sentences.end[s]! - start;
    if (tokens.length < MIN_CENTRAL_WORDS || length > EXTRACT_MAX_CHARS) continue;
    const distinct = new Set(tokens.map((token) => token.term));
    let total = 0;
    for (const term of distinct) total += weight(term);
    scored.push({ s, score: total / Math.sqrt(distinct.size) });
  }
  const central = scored
    .sort((a, b) => b.score - a.score || a.s - b.s)
    .slice(0, CENTRAL_SENTENCES)
    .sort((a, b) => a.s - b.s);
  for (const { s } of central) {
    const sentence = segment.sentences.get(s);
    extracts.push(paragraphExtract(article, sentence.paragraph, sentence.start, sentence.end));
  }
  return extracts;
}
