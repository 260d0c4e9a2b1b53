import { IntList } from '../int-list.ts';
import { CREDIT_MARKER, POST_ATTRIBUTION, quotableParagraphs, trimSpan, type Article, type ParagraphRole } from './articles.ts';

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

  /** A sentence as written, in the articles the table was made of. */
  text(articles: readonly Article[], s: number): string {
    return articles[this.articleIndex[s]!]!.text.slice(this.start[s], this.end[s]);
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
        const sentence = text.text.slice(span.start, span.end);
        const credit = (paragraph.role === 'caption' && CREDIT_MARKER.test(sentence)) || POST_ATTRIBUTION.test(sentence);
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
 * Paragraphs longer than this are segmented a window at a time. Intl.Segmenter's cost grows with
 * the text's length for every sentence it finds (quadratic: one 800 KB paragraph took 22 s),
 * while windows of 2 KB keep it linear (measured fastest, 0.05 s per 2 MB of prose).
 */
export const SEGMENT_WINDOW_CHARS = 2048;

/** Whether a segment holds a letter: what ends the segmenter's look-ahead past a full stop (UAX #29 rule SB8). */
const LETTER = /\p{L}/u;

/**
 * Sentence spans of text[start, end), trimmed, as offsets into text. Line breaks inside the span
 * count as spaces (hard-wrapped paragraphs are one flow of sentences). A sentence longer than
 * maxChars (text with no sentence punctuation) is cut at the last whitespace that fits, or hard
 * at maxChars when there is none.
 *
 * A span longer than windowChars is segmented in windows: each window's sentences are kept but
 * for the last, which the window cuts, and the one before it when the boundary between them may
 * have been decided by the window's end rather than by the text (no letter after it in the
 * window); the next window starts at the last boundary kept, one the segmenter decided on text it
 * saw whole. The sentences are those of segmenting the whole span, except where a window holds no
 * sure boundary (a sentence of thousands of characters): that text is cut as an over-long
 * sentence is, at min(maxChars, windowChars / 4).
 */
export function segmentSentences(text: string, start: number, end: number, maxChars = Infinity, windowChars = SEGMENT_WINDOW_CHARS): Span[] {
  const spans: Span[] = [];
  const keep = (from: number, to: number) => {
    const span = trimSpan(text, from, to);
    // Not spread into push(): a long run without punctuation is cut into unboundedly many pieces.
    if (span.end > span.start) for (const piece of cutLongSpan(text, span, maxChars)) spans.push(piece);
  };
  let at = start;
  while (at < end) {
    let windowEnd = end - at <= windowChars ? end : at + windowChars;
    // Never between the two halves of a surrogate pair.
    if (windowEnd < end && /[\uD800-\uDBFF]/.test(text[windowEnd - 1]!)) windowEnd--;
    const starts = segmentStarts(text, at, windowEnd);
    if (windowEnd === end) {
      starts.forEach((from, i) => keep(from, starts[i + 1] ?? end));
      break;
    }
    const last = starts.length - 1;
    // The boundary before the last segment is sure only when the look-ahead found a letter in it.
    const sure = LETTER.test(text.slice(starts[last]!, windowEnd)) ? last : last - 1;
    if (sure >= 1) {
      for (let i = 0; i < sure; i++) keep(starts[i]!, starts[i + 1]!);
      at = starts[sure]!;
      continue;
    }
    // A window of one long sentence: its pieces but the last, which may go on past the window.
    const pieces = cutLongSpan(text, trimSpan(text, at, windowEnd), Math.min(maxChars, Math.floor(windowChars / 4)));
    if (pieces.length < 2) {
      for (const piece of pieces) keep(piece.start, piece.end);
      at = windowEnd;
      continue;
    }
    for (const piece of pieces.slice(0, -1)) keep(piece.start, piece.end);
    at = pieces[pieces.length - 1]!.start;
  }
  return spans;
}

/** Where each sentence of text[start, end) starts, as Intl.Segmenter finds them (line breaks read as spaces). */
function segmentStarts(text: string, start: number, end: number): number[] {
  const starts: number[] = [];
  for (const segment of segmenter.segment(text.slice(start, end).replace(/[\r\n]/g, ' '))) starts.push(start + segment.index);
  return starts;
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
