/**
 * A plain-text or Markdown source (a .txt/.md file, a text/plain or text/markdown page or
 * attachment) as a document to store: read as the articles folder reads such files (the first
 * line is the title; Markdown structure gives roles), so a file added keeps the layout it would
 * have had if dropped into the folder by hand.
 */
import { parseArticle, type ParagraphRole } from '../corpus/articles.ts';
import type { ArticleMetadata, StoredDocument } from '../corpus/stored-form.ts';

export function textDocument(text: string, markdown: boolean, metadata: ArticleMetadata): StoredDocument {
  const article = parseArticle('source', markdown ? 'source.md' : 'source.txt', text);
  const paragraphs = article.paragraphs.map((paragraph) => ({ text: text.slice(paragraph.start, paragraph.end), role: paragraph.role as Exclude<ParagraphRole, 'headline'> }));
  return { title: article.title, metadata: { ...metadata, ...nonNull(article.metadata) }, paragraphs };
}

/** The fields of a text's own front matter that it sets. */
function nonNull(metadata: ArticleMetadata): Partial<ArticleMetadata> {
  return Object.fromEntries(Object.entries(metadata).filter(([, value]) => value !== null));
}
