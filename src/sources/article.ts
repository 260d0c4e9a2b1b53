/**
 * What the sources stage hands on: an article as a reader sees it (fetch → decode → extract →
 * ExtractedArticle), with the structure kept as a role per paragraph, ready to be stored.
 */

/** What a paragraph is on the page: a heading, a list item, a picture's caption, … */
export type SourceRole = 'body' | 'heading' | 'subtitle' | 'caption' | 'byline' | 'list' | 'quote';

/** One paragraph on one line: whitespace collapsed, trimmed, entities decoded, no markup. */
export interface ExtractedParagraph {
  text: string;
  role: SourceRole;
}

export interface ExtractedArticle {
  /** What the user gave: a URL or a file path. */
  source: string;
  title: string;
  byline: string | null;
  /** ISO 8601 (date or date-time) when parseable, else null. */
  published: string | null;
  siteName: string | null;
  /** A language tag such as 'en': from the page's markup, else detected from the text. */
  lang: string | null;
  /** The canonical URL, else the page's own URL when known. */
  url: string | null;
  /** The article in reading order; the title is not included. */
  paragraphs: ExtractedParagraph[];
}

/** A source that cannot be read as an article, for a reason one line tells the user. */
export class SourceError extends Error {}
