/**
 * Reading a source the user named into bytes for decoding. For now local HTML files; URLs (through
 * the fetch module) and .txt/.md/.pdf come later, behind the same shape.
 */
import { openSync, closeSync, readSync, statSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { SourceError } from './article.ts';
import { looksBinary } from './decode.ts';

export interface SourceBytes {
  bytes: Buffer;
  /** The Content-Type the bytes came with (a header, or what the file name implies). */
  contentType: string | null;
  /** What the user gave. */
  source: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.htm': 'text/html',
  '.xhtml': 'application/xhtml+xml',
};
/** Far beyond any article page; the extractor reads at most 5 MB of it anyway. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;
/** How much of a file is read to tell text from binary before reading it all. */
const SNIFF_BYTES = 8192;

export function readLocalSource(path: string): SourceBytes {
  const contentType = CONTENT_TYPES[extname(path).toLowerCase()];
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
  if (!contentType) throw new SourceError(`${path}: only .html, .htm and .xhtml files can be read for now`);
  if (size > MAX_FILE_BYTES) throw new SourceError(`${path} is ${Math.round(size / 1024 / 1024)} MB, more than any article page (the limit is ${MAX_FILE_BYTES / 1024 / 1024} MB)`);
  if (looksBinary(readStart(path))) throw new SourceError(`${path} is a binary file, not an HTML page`);
  return { bytes: readFileSync(path), contentType, source: path };
}

function readStart(path: string): Buffer {
  const descriptor = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    return buffer.subarray(0, readSync(descriptor, buffer, 0, SNIFF_BYTES, 0));
  } finally {
    closeSync(descriptor);
  }
}
