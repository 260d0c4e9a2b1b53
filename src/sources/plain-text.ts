/**
 * A plain-text or Markdown source (a .txt/.md file, a text/plain or text/markdown page or
 * attachment) as an article: read as the articles folder reads such files (the first line is the
 * title; Markdown structure gives roles), so a file added keeps the layout it would have had if
 * dropped into the folder by hand.
 */
import { parseArticle } from '../corpus/articles.ts';
import type { ExtractedArticle, SourceRole } from './article.ts';
import { detectLanguage } from './extract.ts';

export function textArticle(text: string, markdown: boolean, origin: { source: string; url: string | null }): ExtractedArticle {
  const article = parseArticle('source', markdown ? 'source.md' : 'source.txt', text);
  // Paragraphs never hold the headline (it is the title), so every role is a source role.
  const paragraphs = article.paragraphs.map((paragraph) => ({ text: text.slice(paragraph.start, paragraph.end).replace(/\s+/g, ' '), role: paragraph.role as SourceRole }));
  const { byline, published, siteName, lang, url } = article.metadata;
  return { source: origin.source, title: article.title, byline, published, siteName, lang: lang ?? detectLanguage(paragraphs), url: url ?? origin.url, paragraphs };
}
