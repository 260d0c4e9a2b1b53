/**
 * Articles' layouts (their paragraphs, headline first) as number columns, stored beside the
 * index by ingest and given back to the articles at start-up, so that they are not parsed again.
 */
import { quotableParagraphs, type Article, type Paragraph, type ParagraphRole } from './articles.ts';

/** Stored as their position here: new roles go at the end. */
const PARAGRAPH_ROLES: ParagraphRole[] = ['body', 'headline', 'subtitle', 'caption', 'heading', 'byline', 'list', 'quote'];

/** Each article's paragraphs (headline first), as columns. */
export function layoutColumns(articles: Article[]): Record<string, Int32Array> {
  const offsets = new Int32Array(articles.length + 1);
  const all: Paragraph[] = [];
  articles.forEach((article, a) => {
    // One at a time: spreading an article's paragraphs into push() overflows the stack past ~120,000.
    for (const paragraph of quotableParagraphs(article)) all.push(paragraph);
    offsets[a + 1] = all.length;
  });
  return {
    paragraphOffsets: offsets,
    paragraphNumber: Int32Array.from(all, (p) => p.number),
    paragraphStart: Int32Array.from(all, (p) => p.start),
    paragraphEnd: Int32Array.from(all, (p) => p.end),
    paragraphRole: Int32Array.from(all, (p) => PARAGRAPH_ROLES.indexOf(p.role)),
  };
}

/** Gives each article the layout stored for it (an article whose stored layout does not fit its text parses it instead). */
export function useStoredLayouts(articles: Article[], ints: (name: string) => Int32Array): void {
  const offsets = ints('paragraphOffsets');
  const numbers = ints('paragraphNumber');
  const starts = ints('paragraphStart');
  const ends = ints('paragraphEnd');
  const roles = ints('paragraphRole');
  if (offsets.length !== articles.length + 1) throw new Error('the stored paragraphs do not match the articles');
  articles.forEach((article, a) => {
    const paragraphs: Paragraph[] = [];
    for (let i = offsets[a]!; i < offsets[a + 1]!; i++) paragraphs.push({ number: numbers[i]!, start: starts[i]!, end: ends[i]!, role: PARAGRAPH_ROLES[roles[i]!] ?? 'body' });
    const headline = paragraphs[0]?.number === 0 ? paragraphs.shift()! : null;
    article.useLayout({ headline, paragraphs });
  });
}
