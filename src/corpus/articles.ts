import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, realpathSync } from 'node:fs';
import { basename, extname, isAbsolute, join, relative } from 'node:path';
import { sha256Hex } from '../hash.ts';

/**
 * What a paragraph is in the article's layout: the headline (the title line, paragraph 0), a
 * subtitle (a short first paragraph under it), a photo caption with its credit, or body text.
 * Captions and headlines answer "what's the headline" or "who took the photo", and should not
 * outrank body text for questions about the story.
 */
export type ParagraphRole = 'headline' | 'subtitle' | 'caption' | 'body';

/** A paragraph is a contiguous span of its article's original text. */
export interface Paragraph {
  /** 1-based, counted after the title line; the headline is 0. */
  number: number;
  start: number;
  end: number;
  role: ParagraphRole;
}

export interface Article {
  /** The file name without its extension; stable across runs. */
  id: string;
  file: string;
  title: string;
  /** The file's text exactly as read: every offset points into it. */
  text: string;
  sha256: string;
  /** The title line as a quotable paragraph (number 0), or null when the title is the article's only line. */
  headline: Paragraph | null;
  /** A short key of the content (a sha256 prefix): stable across restarts, different once the text changes. */
  key: string;
  paragraphs: Paragraph[];
}

const ARTICLE_EXTENSIONS = ['.txt', '.md'];

/** Larger files are skipped with a warning: an article is text, not a data dump. */
const MAX_ARTICLE_BYTES = 20 * 1024 * 1024;

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
    if (!fstatSync(descriptor).isFile()) return { warning: `${file} skipped: not a regular file (a folder, pipe or device)` };
    const pieces: Buffer[] = [];
    const piece = Buffer.allocUnsafe(1024 * 1024);
    let total = 0;
    for (let read = readSync(descriptor, piece); read > 0; read = readSync(descriptor, piece)) {
      total += read;
      if (total > MAX_ARTICLE_BYTES) {
        return { warning: `${file} skipped: it is over the ${MAX_ARTICLE_BYTES / 1024 / 1024} MB limit for one article; split it into several files` };
      }
      pieces.push(Buffer.from(piece.subarray(0, read)));
    }
    return Buffer.concat(pieces, total);
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
  const article = parseArticle(basename(file, extname(file)), file, text);
  if (article.paragraphs.length === 0) {
    return { warning: `${file} skipped: the file is empty` };
  }
  return { article };
}

interface Line {
  start: number;
  end: number;
}

/** Splits text into lines, tolerating \n, \r\n and \r; offsets exclude the line break. */
function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  const breaks = /\r\n|\r|\n/g;
  let start = 0;
  for (let match = breaks.exec(text); match !== null; match = breaks.exec(text)) {
    lines.push({ start, end: match.index });
    start = match.index + match[0].length;
  }
  lines.push({ start, end: text.length });
  return lines;
}

/** Narrows a span so that it starts and ends on non-whitespace (empty when all blank). */
export function trimSpan(text: string, start: number, end: number): { start: number; end: number } {
  while (start < end && /\s/u.test(text[start]!)) start++;
  while (end > start && /\s/u.test(text[end - 1]!)) end--;
  return { start, end };
}

/** A photo credit: "CREDIT: …", "Photo: …", "(Getty Images)" and the like. */
export const CREDIT_MARKER = /\b(?:credit|photo(?:graph)?|image|picture|caption)s?\s*:|\((?:photo|image|picture)\b|\b(?:getty images|reuters|afp|shutterstock)\b/i;

/** A photo caption is a short paragraph: longer ones are not tested for a credit or a repeat. */
const MAX_CAPTION_CHARS = 400;

/** A first paragraph at most this long, under a title, with more paragraphs after it, is a subtitle. */
const MAX_SUBTITLE_CHARS = 300;

/**
 * The first non-blank line is the title (a leading markdown "#" is dropped). Paragraphs are runs of
 * non-blank lines; a line that repeats an earlier line exactly (such as a photo caption printed
 * twice) is dropped and splits its run, so that every paragraph stays one contiguous span. A
 * paragraph with a photo credit, or whose line was printed twice, is a caption.
 */
export function parseArticle(id: string, file: string, text: string): Article {
  const sha256 = sha256Hex(text);
  const lines = splitLines(text).map((line) => trimSpan(text, line.start, line.end));
  const titleIndex = lines.findIndex((line) => line.end > line.start);
  const titleLine = lines[titleIndex];
  const title = titleLine ? text.slice(titleLine.start, titleLine.end).replace(/^#+\s*/, '') : '';
  /** The paragraph number of each short line's first occurrence (a repeated caption is short; long lines are not compared). */
  const firstSeen = new Map<string, number>();
  const printedTwice = new Set<number>();
  const paragraphs: Paragraph[] = [];
  let open: { start: number; end: number } | null = null;
  const close = () => {
    if (open) paragraphs.push({ number: paragraphs.length + 1, ...open, role: 'body' });
    open = null;
  };
  for (let i = titleIndex + 1; i < lines.length && titleIndex >= 0; i++) {
    const line = lines[i]!;
    const content = line.end - line.start <= MAX_CAPTION_CHARS ? text.slice(line.start, line.end) : null;
    const earlier = content === null ? undefined : firstSeen.get(content);
    if (line.end === line.start || earlier !== undefined) {
      if (earlier !== undefined) printedTwice.add(earlier);
      close();
      continue;
    }
    if (content !== null) firstSeen.set(content, paragraphs.length + 1);
    if (open) open.end = line.end;
    else open = { start: line.start, end: line.end };
  }
  close();
  for (const paragraph of paragraphs) {
    const short = paragraph.end - paragraph.start <= MAX_CAPTION_CHARS;
    if (printedTwice.has(paragraph.number) || (short && CREDIT_MARKER.test(text.slice(paragraph.start, paragraph.end)))) paragraph.role = 'caption';
  }
  const first = paragraphs[0];
  if (first && first.role === 'body' && paragraphs.length >= 3 && first.end - first.start <= MAX_SUBTITLE_CHARS) first.role = 'subtitle';
  let headline: Paragraph | null = null;
  if (titleLine && paragraphs.length > 0) {
    headline = { number: 0, start: titleLine.end - title.length, end: titleLine.end, role: 'headline' };
  } else if (titleLine) {
    // A one-line article is all title: that line is then its only paragraph too.
    paragraphs.push({ number: 1, start: titleLine.start, end: titleLine.end, role: 'body' });
  }
  return { id, file, title, text, sha256, headline, key: sha256.slice(0, 16), paragraphs };
}

/** The paragraphs a quote can come from: the headline, then the article's paragraphs. */
export function quotableParagraphs(article: Article): Paragraph[] {
  return article.headline ? [article.headline, ...article.paragraphs] : article.paragraphs;
}
