/**
 * Bytes from a link, a file or an attachment, turned into a document to store, by their type:
 * a web page is extracted (see extract.ts), plain text and Markdown are read as the articles
 * folder reads such files. This is CPU work on input from strangers, so the bot runs it in its
 * indexing worker (see library/tasks.ts).
 */
import { NO_METADATA, type StoredDocument } from '../corpus/stored-form.ts';
import { textDocument } from './plain-text.ts';

/** Something fetched or read: its bytes, its media type, and where it came from. */
export interface SourceBytes {
  bytes: Uint8Array;
  /** Media type, lower case, no parameters ("text/html"). */
  contentType: string;
  /** From the Content-Type header, if any. */
  charset: string | null;
  /** What the user gave: a link, a file path, an attachment's name. */
  source: string;
  /** The page's address, for a link (after redirects). */
  url: string | null;
}

/** A source that cannot be read as an article, for a reason one line tells the user. */
export class SourceError extends Error {}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Plain text in UTF-8 (a BOM is dropped); binary or another encoding is refused. */
function decodeText(source: SourceBytes): string {
  if (source.charset && !['utf-8', 'utf8', 'us-ascii'].includes(source.charset)) return new TextDecoder(source.charset).decode(source.bytes);
  try {
    if (source.bytes.includes(0)) throw new Error('NUL byte');
    return utf8.decode(source.bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new SourceError(`${source.source} is not UTF-8 text (a binary file?); save it as plain UTF-8 text`);
  }
}

/** The document a source holds; added is when it is being added (ISO 8601). */
export function readSource(source: SourceBytes, added: string): StoredDocument {
  const metadata = { ...NO_METADATA, source: source.source, url: source.url, added };
  switch (source.contentType) {
    case 'text/plain':
    case 'text/markdown': {
      const text = decodeText(source);
      if (!/\S/.test(text)) throw new SourceError(`${source.source} is empty`);
      return textDocument(text, source.contentType === 'text/markdown', metadata);
    }
    default:
      throw new SourceError(`${source.source} is ${source.contentType}, not an article (HTML, plain text or Markdown)`);
  }
}
