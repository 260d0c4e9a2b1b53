import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, realpathSync } from 'node:fs';
import { basename, extname, isAbsolute, join, relative } from 'node:path';
import { sha256Hex } from '../hash.ts';
import { parseArticle, type Article } from './articles.ts';

const ARTICLE_EXTENSIONS = ['.txt', '.md'];

/** Larger files are skipped with a warning: an article is text, not a data dump. */
const MAX_ARTICLE_BYTES = 20 * 1024 * 1024;
/** Articles with more paragraphs are skipped with a warning (10 MB of one-sentence paragraphs is about as many). */
export const MAX_ARTICLE_PARAGRAPHS = 200_000;

export class CorpusError extends Error {}

export interface CorpusWarning {
  file: string;
  message: string;
}

export interface Corpus {
  articles: Article[];
  warnings: CorpusWarning[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads every .txt and .md file of a folder as one article each. Files that cannot be used
 * (binary, empty, unreadable, too large, not a regular file, or a link leading outside the
 * folder) are skipped with a warning naming them; a folder with no usable article at all is an error.
 */
export function loadCorpus(folder: string): Corpus {
  let names: string[];
  let realFolder: string;
  try {
    names = readdirSync(folder);
    realFolder = realpathSync(folder);
  } catch {
    throw new CorpusError(
      `Articles folder ${folder} does not exist or cannot be read: create it and put .txt or .md articles in it (ARTICLES_DIR).`,
    );
  }
  const files = names.filter((name) => ARTICLE_EXTENSIONS.includes(extname(name).toLowerCase())).sort();
  const articles: Article[] = [];
  const warnings: CorpusWarning[] = [];
  for (const name of files) {
    const file = join(folder, name);
    const result = readArticle(file, realFolder);
    if ('warning' in result) warnings.push({ file, message: result.warning });
    else articles.push(result.article);
  }
  if (articles.length === 0) {
    const skipped = warnings.length > 0 ? ` (${warnings.length} skipped: ${warnings.map((w) => w.message).join('; ')})` : '';
    throw new CorpusError(`No usable article in ${folder}${skipped}: add .txt or .md files with the article text.`);
  }
  return { articles, warnings };
}

/** Whether path lies inside folder (both real paths). */
function isInside(folder: string, path: string): boolean {
  const rest = relative(folder, path);
  return rest !== '' && !rest.startsWith('..') && !isAbsolute(rest);
}

/**
 * The file's bytes, read only when it is a regular file whose real path stays inside the folder,
 * and never more than MAX_ARTICLE_BYTES whatever stat says. Opened non-blocking, so a FIFO
 * cannot hang the read; its type is checked on the open descriptor, so a swap after the check cannot fool it.
 */
function readBounded(file: string, realFolder: string): Buffer | { warning: string } {
  let real: string;
  try {
    real = realpathSync(file);
  } catch (error) {
    return { warning: `${file} skipped: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}; a broken link?)` };
  }
  if (!isInside(realFolder, real)) return { warning: `${file} skipped: it links outside the articles folder` };
  let descriptor: number;
  try {
    descriptor = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (error) {
    return { warning: `${file} skipped: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  try {
    const stat = fstatSync(descriptor);
    if (!stat.isFile()) return { warning: `${file} skipped: not a regular file (a folder, pipe or device)` };
    // Read into one buffer of the size stat gives (no copies of a 10 MB article), growing it if
    // the file grew meanwhile; one byte past the limit is enough to know it is too long.
    let bytes = Buffer.allocUnsafe(Math.min(stat.size, MAX_ARTICLE_BYTES) + 1);
    let total = 0;
    for (;;) {
      if (total === bytes.length) {
        if (total > MAX_ARTICLE_BYTES) break;
        const larger = Buffer.allocUnsafe(Math.min(2 * bytes.length, MAX_ARTICLE_BYTES + 1));
        bytes.copy(larger, 0, 0, total);
        bytes = larger;
      }
      const read = readSync(descriptor, bytes, total, bytes.length - total, null);
      if (read === 0) break;
      total += read;
    }
    if (total > MAX_ARTICLE_BYTES) {
      return { warning: `${file} skipped: it is over the ${MAX_ARTICLE_BYTES / 1024 / 1024} MB limit for one article; split it into several files` };
    }
    return bytes.subarray(0, total);
  } catch (error) {
    return { warning: `${file} skipped: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  } finally {
    closeSync(descriptor);
  }
}

function readArticle(file: string, realFolder: string): { article: Article } | { warning: string } {
  const bytes = readBounded(file, realFolder);
  if (!Buffer.isBuffer(bytes)) return bytes;
  let text: string;
  try {
    if (bytes.includes(0)) throw new Error('NUL byte');
    text = utf8.decode(bytes);
  } catch {
    return { warning: `${file} skipped: not UTF-8 text (binary file?); save it as plain UTF-8 text` };
  }
  if (!/\S/.test(text)) return { warning: `${file} skipped: the file is empty` };
  const article = parseArticle(basename(file, extname(file)), file, text, sha256Hex(bytes));
  // Paragraphs are counted (which parses the layout) only when there are lines enough for too many.
  if (lineBreaks(article.text) >= MAX_ARTICLE_PARAGRAPHS && article.paragraphs.length > MAX_ARTICLE_PARAGRAPHS) {
    return {
      warning: `${file} skipped: it has ${article.paragraphs.length.toLocaleString('en')} paragraphs, over the ${MAX_ARTICLE_PARAGRAPHS.toLocaleString('en')} limit for one article; split it into several files`,
    };
  }
  return { article };
}

function lineBreaks(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
  return count;
}
