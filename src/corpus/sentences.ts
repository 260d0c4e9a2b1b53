import { CREDIT_MARKER, quotableParagraphs, trimSpan, type Article, type ParagraphRole } from './articles.ts';

export interface Span {
  start: number;
  end: number;
}

/** A paragraph's role, or "credit" for a caption's photo credit ("CREDIT: GETTY / …"). */
export type SentenceRole = ParagraphRole | 'credit';

/** One sentence of the corpus: offsets into its article's text. */
export interface Sentence extends Span {
  /** The article's position in the corpus. */
  article: number;
  paragraph: number;
  /** The sentence's position among its paragraph's sentences. */
  position: number;
  role: SentenceRole;
}

/**
 * Every sentence of every quotable paragraph (headline first), in article and text order: the
 * one sentence table that chunking and answering share. Sentences longer than maxChars are cut.
 */
export function sentenceTable(articles: Article[], maxChars: number): Sentence[] {
  return articles.flatMap((article, a) =>
    quotableParagraphs(article).flatMap((paragraph) =>
      segmentSentences(article.text, paragraph.start, paragraph.end, maxChars).map((span, position) => {
        const credit = paragraph.role === 'caption' && CREDIT_MARKER.test(article.text.slice(span.start, span.end));
        return { article: a, paragraph: paragraph.number, ...span, position, role: credit ? 'credit' : paragraph.role };
      }),
    ),
  );
}

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/**
 * Sentence spans of text[start, end), trimmed, as offsets into text. Line breaks inside the span
 * count as spaces (hard-wrapped paragraphs are one flow of sentences). A sentence longer than
 * maxChars (text with no sentence punctuation) is cut at the last whitespace that fits, or hard
 * at maxChars when there is none.
 */
export function segmentSentences(text: string, start: number, end: number, maxChars = Infinity): Span[] {
  const flowing = text.slice(start, end).replace(/[\r\n]/g, ' ');
  const spans: Span[] = [];
  for (const segment of segmenter.segment(flowing)) {
    const span = trimSpan(text, start + segment.index, start + segment.index + segment.segment.length);
    if (span.end > span.start) spans.push(...cutLongSpan(text, span, maxChars));
  }
  return spans;
}

function cutLongSpan(text: string, span: Span, maxChars: number): Span[] {
  const pieces: Span[] = [];
  let { start } = span;
  while (span.end - start > maxChars) {
    let cut = start + maxChars;
    while (cut > start && !/\s/u.test(text[cut]!)) cut--;
    if (cut === start) {
      cut = start + maxChars;
      // Never cut between the two halves of a surrogate pair (an emoji, say).
      if (/[\uDC00-\uDFFF]/.test(text[cut]!)) cut--;
    }
    const piece = trimSpan(text, start, cut);
    if (piece.end > piece.start) pieces.push(piece);
    start = trimSpan(text, cut, span.end).start;
  }
  pieces.push({ start, end: span.end });
  return pieces;
}
