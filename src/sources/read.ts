/**
 * Reading what a user names — a link, a file, an attachment — into an article: the bytes and
 * their type first (readLocalSource, readInput), then the article they hold (extractSource): a web
 * page through the extraction stage (extract.ts), plain text and Markdown as the articles folder
 * reads such files. Extracting is CPU work on input from strangers: the bot runs it in its
 * indexing worker (see library/tasks.ts).
 */
import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { readFileStart } from '../files.ts';
import { NO_METADATA, type StoredDocument } from '../corpus/stored-form.ts';
import { SourceError, type ExtractedArticle } from './article.ts';
import { decodeHtml, looksBinary } from './decode.ts';
import { extractHtml } from './extract.ts';
import { fetchPage, FetchError } from './fetch.ts';
import { textArticle } from './plain-text.ts';

/** Something fetched or read: its bytes, its media type, and where it came from. */
export interface SourceBytes {
  bytes: Uint8Array;
  /** Media type, lower case, no parameters ("text/html"). */
  contentType: string;
  /** From a Content-Type header, if any. */
  charset: string | null;
  /** What the user gave: a link, a file path, an attachment's name. */
  source: string;
  /** The page's address, for a link (after redirects). */
  url: string | null;
}

/** The media types of files by extension: what a file, or an attachment Discord labels loosely, holds. */
export const FILE_TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.htm': 'text/html',
  '.xhtml': 'application/xhtml+xml',
  '.txt': 'text/plain',
  '.md': 'text/markdown',
  '.markdown': 'text/markdown',
};
/** Far beyond any article file; a page is read to at most 5 MB anyway. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;
/** How much of a file is read to tell text from binary before reading it all. */
const SNIFF_BYTES = 8192;

/** Whether an input names a link ("https://…", or any scheme, refused by the fetcher unless http(s)) rather than a file. */
export function isLink(input: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(input) && !/^[a-z]:[\\/]/i.test(input);
}

/** A local file's bytes and type, by its extension; a folder, a missing, binary or oversized file is refused. */
export function readLocalSource(path: string): SourceBytes {
  const contentType = FILE_TYPES[extname(path).toLowerCase()];
  let size: number;
  try {
    const stats = statSync(path);
    if (stats.isDirectory()) throw new SourceError(`${path} is a folder, not a file`);
    size = stats.size;
  } catch (error) {
    if (error instanceof SourceError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new SourceError(code === 'ENOENT' ? `${path} does not exist` : `cannot read ${path} (${code ?? (error as Error).message})`);
  }
  if (!contentType) throw new SourceError(`${path}: only saved pages (.html, .htm, .xhtml), text (.txt) and Markdown (.md) files can be read`);
  if (size > MAX_FILE_BYTES) throw new SourceError(`${path} is ${Math.round(size / 1024 / 1024)} MB, more than any article (the limit is ${MAX_FILE_BYTES / 1024 / 1024} MB)`);
  if (looksBinary(readFileStart(path, SNIFF_BYTES))) throw new SourceError(`${path} is a binary file, not an article`);
  return { bytes: readFileSync(path), contentType, charset: null, source: path, url: null };
}

/** A link's page (fetched safely, see fetch.ts) or a file's bytes; every problem a SourceError naming the input. */
export async function readInput(input: string, options: { allowPrivate: boolean }): Promise<SourceBytes> {
  if (!isLink(input)) return readLocalSource(input);
  try {
    const page = await fetchPage(input, { allowPrivate: options.allowPrivate });
    return { bytes: page.bytes, contentType: page.contentType, charset: page.charset, source: input, url: page.url };
  } catch (error) {
    if (error instanceof FetchError) throw new SourceError(error.message);
    throw error;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Plain text: in its declared charset, else UTF-8 (a BOM dropped); binary or undecodable text is refused. */
function decodeText(source: SourceBytes): string {
  if (looksBinary(source.bytes)) throw new SourceError(`${source.source} is a binary file, not an article`);
  try {
    if (source.charset && !['utf-8', 'utf8', 'us-ascii'].includes(source.charset)) return new TextDecoder(source.charset).decode(source.bytes);
    return utf8.decode(source.bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new SourceError(`${source.source} is not UTF-8 text; save it as plain UTF-8 text`);
  }
}

/** The article a source holds, by its type. */
export function extractSource(source: SourceBytes): ExtractedArticle {
  const origin = { source: source.source, url: source.url };
  switch (source.contentType) {
    case 'text/html':
    case 'application/xhtml+xml':
      try {
        return extractHtml(decodeHtml(source.bytes, source.charset ? `text/html; charset=${source.charset}` : null), origin);
      } catch (error) {
        if (error instanceof SourceError) throw new SourceError(`${source.source}: ${error.message}`);
        throw error;
      }
    case 'text/plain':
    case 'text/markdown': {
      const text = decodeText(source);
      if (!/\S/.test(text)) throw new SourceError(`${source.source} is empty`);
      return textArticle(text, source.contentType === 'text/markdown', origin);
    }
    default:
      throw new SourceError(`${source.source} is ${source.contentType}, not an article (a web page, plain text or Markdown)`);
  }
}

/** An extracted article as the articles folder stores it (see corpus/stored-form.ts); added is when (ISO 8601). */
export function storedDocument(article: ExtractedArticle, added: string): StoredDocument {
  const { title, byline, published, siteName, lang, url, source, paragraphs } = article;
  return { title, metadata: { ...NO_METADATA, byline, published, siteName, lang, url, source, added }, paragraphs };
}
