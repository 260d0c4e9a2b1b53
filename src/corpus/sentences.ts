import { IntList } from '../int-list.ts';
import { CREDIT_MARKER, quotableParagraphs, trimSpan, type Article, type ParagraphRole } from './articles.ts';

export interface Span {
  start: number;
  end: number;
}

/** A paragraph's role, or "credit" for a caption's photo credit ("CREDIT: GETTY / …"). */
export type SentenceRole = ParagraphRole | 'credit';

/** One sentence of the corpus: offsets into its article's text. */
export interface Sentence extends Span {
  /** The article's position in the corpus (its index in the article list; Chunk.articleId is its id). */
  articleIndex: number;
  paragraph: number;
  /** The sentence's position among its paragraph's sentences. */
  position: number;
  role: SentenceRole;
}

/** Stored as their position here: new roles go at the end. */
const ROLES: SentenceRole[] = ['body', 'headline', 'subtitle', 'caption', 'credit', 'heading', 'byline', 'list', 'quote'];

/**
 * The corpus's sentences as columns of numbers (compact: a 10 MB corpus has ~100,000 sentences),
 * in article and text order. Stored beside the index, so start-up reads it instead of segmenting.
 */
export class SentenceTable {
  constructor(
    readonly articleIndex: Int32Array,
    readonly paragraph: Int32Array,
    readonly start: Int32Array,
    readonly end: Int32Array,
    readonly position: Int32Array,
    private readonly roles: Int32Array,
  ) {}

  static from(sentences: Sentence[]): SentenceTable {
    const column = (pick: (sentence: Sentence) => number) => Int32Array.from(sentences, pick);
    return new SentenceTable(
      column((s) => s.articleIndex),
      column((s) => s.paragraph),
      column((s) => s.start),
      column((s) => s.end),
      column((s) => s.position),
      column((s) => ROLES.indexOf(s.role)),
    );
  }

  /** The columns, by name, to store. */
  columns(): Record<string, Int32Array> {
    return { sentenceArticle: this.articleIndex, sentenceParagraph: this.paragraph, sentenceStart: this.start, sentenceEnd: this.end, sentencePosition: this.position, sentenceRole: this.roles };
  }

  /** The table from stored columns (see columns()). */
  static fromColumns(ints: (name: string) => Int32Array): SentenceTable {
    return new SentenceTable(ints('sentenceArticle'), ints('sentenceParagraph'), ints('sentenceStart'), ints('sentenceEnd'), ints('sentencePosition'), ints('sentenceRole'));
  }

  get length(): number {
    return this.articleIndex.length;
  }

  role(s: number): SentenceRole {
    return ROLES[this.roles[s]!] ?? 'body';
  }

  get(s: number): Sentence {
    return { articleIndex: this.articleIndex[s]!, paragraph: this.paragraph[s]!, start: this.start[s]!, end: this.end[s]!, position: this.position[s]!, role: this.role(s) };
  }

  /** Whether two sentence numbers are in the same paragraph of the same article. */
  sameParagraph(a: number, b: number): boolean {
    return a >= 0 && b >= 0 && a < this.length && b < this.length && this.articleIndex[a] === this.articleIndex[b] && this.paragraph[a] === this.paragraph[b];
  }
}

/**
 * Every sentence of every quotable paragraph (headline first), in article and text order: the
 * one sentence table that chunking and answering share. Sentences longer than maxChars are cut.
 */
export function sentenceTable(articles: Article[], maxChars: number): SentenceTable {
  const columns = Array.from({ length: 6 }, () => new IntList());
  const [articleIndex, paragraphs, start, end, position, role] = columns as [IntList, IntList, IntList, IntList, IntList, IntList];
  articles.forEach((text, a) => {
    for (const paragraph of quotableParagraphs(text)) {
      segmentSentences(text.text, paragraph.start, paragraph.end, maxChars).forEach((span, i) => {
        const credit = paragraph.role === 'caption' && CREDIT_MARKER.test(text.text.slice(span.start, span.end));
        articleIndex.push(a);
        paragraphs.push(paragraph.number);
        start.push(span.start);
        end.push(span.end);
        position.push(i);
        role.push(ROLES.indexOf(credit ? 'credit' : paragraph.role));
      });
    }
  });
  return new SentenceTable(articleIndex.toArray(), paragraphs.toArray(), start.toArray(), end.toArray(), position.toArray(), role.toArray());
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
