import { quotableParagraphs, type Article } from './articles.ts';
import type { SentenceTable, Span } from './sentences.ts';

export interface ChunkingOptions {
  /** A chunk's target length in characters; only a single over-long word can exceed it. */
  targetChars: number;
  /** How many characters of whole trailing sentences a split paragraph's next chunk repeats. */
  overlapChars: number;
}

export interface Chunk {
  /** `${articleId}#${index}`: stable while the article and the chunking options are. */
  id: string;
  articleId: string;
  index: number;
  paragraphStart: number;
  paragraphEnd: number;
  /** Offsets into the article's text; text === article.text.slice(start, end). */
  start: number;
  end: number;
  text: string;
}

interface ChunkSpan extends Span {
  paragraphStart: number;
  paragraphEnd: number;
}

/** Chunks of every article, in order; `sentences` is the corpus's sentence table (see sentenceTable). */
export function chunkCorpus(articles: Article[], sentences: SentenceTable, options: ChunkingOptions): Chunk[] {
  // Each article's sentences, by paragraph number.
  const byArticle = articles.map(() => new Map<number, Span[]>());
  for (let s = 0; s < sentences.length; s++) {
    const paragraphs = byArticle[sentences.articleIndex[s]!]!;
    const paragraph = sentences.paragraph[s]!;
    const spans = paragraphs.get(paragraph) ?? [];
    spans.push({ start: sentences.start[s]!, end: sentences.end[s]! });
    paragraphs.set(paragraph, spans);
  }
  return articles.flatMap((article, a) => chunkArticle(article, byArticle[a]!, options));
}

/**
 * Paragraph-aware chunking of one article (headline included), given its sentences. Consecutive
 * paragraphs that together fit the target share a chunk; a paragraph longer than the target is
 * split on its sentence boundaries, each next chunk repeating up to overlapChars of the previous
 * one's closing sentences. Chunks never straddle a dropped line.
 */
function chunkArticle(article: Article, sentences: Map<number, Span[]>, options: ChunkingOptions): Chunk[] {
  const { text } = article;
  const spans: ChunkSpan[] = [];
  // Whether the last span is a run of whole paragraphs that a short next paragraph may join.
  let lastIsWhole = false;
  for (const paragraph of quotableParagraphs(article)) {
    const own = { start: paragraph.start, end: paragraph.end, paragraphStart: paragraph.number, paragraphEnd: paragraph.number };
    if (paragraph.end - paragraph.start > options.targetChars) {
      for (const window of packSentences(sentences.get(paragraph.number) ?? [], options)) spans.push({ ...own, ...window });
      lastIsWhole = false;
      continue;
    }
    const last = spans[spans.length - 1];
    if (
      last &&
      lastIsWhole &&
      text.slice(last.end, paragraph.start).trim() === '' &&
      paragraph.end - last.start <= options.targetChars
    ) {
      last.end = paragraph.end;
      last.paragraphEnd = paragraph.number;
    } else {
      spans.push(own);
    }
    lastIsWhole = true;
  }
  return spans.map((span, index) => ({
    id: `${article.id}#${index}`,
    articleId: article.id,
    index,
    ...span,
    text: text.slice(span.start, span.end),
  }));
}

/** Greedy windows of whole sentences, each at most targetChars long, overlapping by whole sentences. */
function packSentences(sentences: Span[], options: ChunkingOptions): Span[] {
  const windows: Span[] = [];
  let first = 0;
  while (first < sentences.length) {
    let last = first;
    while (last + 1 < sentences.length && sentences[last + 1]!.end - sentences[first]!.start <= options.targetChars) last++;
    windows.push({ start: sentences[first]!.start, end: sentences[last]!.end });
    if (last === sentences.length - 1) break;
    // The next window starts with the closing sentences that fit in the overlap, but always moves on.
    let next = last + 1;
    while (next - 1 > first && sentences[last]!.end - sentences[next - 1]!.start <= options.overlapChars) next--;
    first = next;
  }
  return windows;
}
