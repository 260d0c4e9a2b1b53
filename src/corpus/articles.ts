import { sha256Hex } from '../hash.ts';
import { markdownLine, NO_METADATA, readFrontMatter, type ArticleMetadata } from './stored-form.ts';

/**
 * What a paragraph is in the article's layout: the headline (the title line, paragraph 0), a
 * subtitle (the standfirst under it), a section heading, a photo caption with its credit, a
 * byline, a list item, a block quote, or body text. Headlines, headings and captions answer
 * "what's the headline" or "who took the photo", and should not outrank body text for questions
 * about the story. Web articles carry their roles in the stored form (see stored-form.ts); a
 * plain text file's are guessed from its text.
 */
export type ParagraphRole = 'headline' | 'subtitle' | 'heading' | 'caption' | 'byline' | 'list' | 'quote' | 'body';

/** A paragraph is a contiguous span of its article's original text. */
export interface Paragraph {
  /** 1-based, counted after the title line; the headline is 0. */
  number: number;
  start: number;
  end: number;
  role: ParagraphRole;
}

/** Where an article's paragraphs are: what parsing finds, and what ingest stores beside the index. */
export interface ArticleLayout {
  /** The title line as a quotable paragraph (number 0), or null when the title is the article's only line. */
  headline: Paragraph | null;
  paragraphs: Paragraph[];
}

/**
 * One article file. Its layout is parsed from the text when first needed, or taken from what
 * ingest stored for this very text (useLayout), so a start-up with a fresh index parses nothing.
 */
export class Article {
  /** The file's text as read, its line endings made "\n" (see normalizeLineEndings): every offset points into it. */
  readonly text: string;
  /** Of the file's bytes (or of the text as given, when there is no file). */
  readonly sha256: string;
  readonly title: string;
  /** A short key of the content (a sha256 prefix): stable across restarts, different once the text changes. */
  readonly key: string;
  /** Who wrote it, when, where: from a stored web article's front matter (all null for a plain file). */
  readonly metadata: ArticleMetadata;
  /** Where the article's own text starts (after the front matter). */
  private readonly bodyStart: number;
  /** Markdown (a .md file or a stored web article): its structure gives the roles. */
  private readonly markdown: boolean;
  private layout: ArticleLayout | undefined;

  constructor(
    /** The file name without its extension; stable across runs. */
    readonly id: string,
    readonly file: string,
    text: string,
    sha256: string = sha256Hex(text),
  ) {
    this.text = normalizeLineEndings(text);
    this.sha256 = sha256;
    this.key = sha256.slice(0, 16);
    const front = readFrontMatter(this.text);
    this.metadata = front?.metadata ?? NO_METADATA;
    this.bodyStart = front?.bodyStart ?? 0;
    this.markdown = front !== null || /\.md$/i.test(file);
    const titleLine = firstLine(this.text, this.bodyStart);
    this.title = titleLine ? this.text.slice(titleLine.start, titleLine.end).replace(/^#+\s*/, '') : '';
  }

  get headline(): Paragraph | null {
    return this.parsed().headline;
  }

  get paragraphs(): Paragraph[] {
    return this.parsed().paragraphs;
  }

  /**
   * Takes a layout stored for this text instead of parsing it; false (and parsing later) when the
   * layout does not fit the text, as a damaged or foreign one would not.
   */
  useLayout(layout: ArticleLayout): boolean {
    const all = quotableParagraphs(layout);
    const fits = all.every((p, i) => p.start >= 0 && p.start < p.end && p.end <= this.text.length && (i === 0 || p.start >= all[i - 1]!.end));
    if (fits) this.layout = layout;
    return fits;
  }

  private parsed(): ArticleLayout {
    return (this.layout ??= this.markdown ? parseMarkdownLayout(this.text, this.bodyStart, this.title) : parseLayout(this.text, this.title));
  }
}

/**
 * Line endings as "\n": "\r\n" and a lone "\r" (classic Mac files) alike. Done once, when an
 * article is read, so that every offset and quote refers to the same text and no quote carries a
 * raw "\r", which Discord shows as a line break the quote's own "> " does not cover.
 */
export function normalizeLineEndings(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
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

/**
 * An embedded post's attribution line: "— Arvind Kejriwal (@ArvindKejriwal) November 1, 2019", as
 * a tweet embedded in a page ends. It says who posted, like a photo's credit: never an answer to a
 * question about the story.
 */
export const POST_ATTRIBUTION = /^[—–-]\s*[^\n()]{1,80}\(@\w{1,30}\)\s*(?:\p{L}+\.? \d{1,2}, \d{4}|\d{1,2} \p{L}+\.? \d{4})?$/u;

/** A photo credit: "CREDIT: …", "Photo: …", "(Getty Images)" and the like. */
export const CREDIT_MARKER = /\b(?:credit|photo(?:graph)?|image|picture|caption)s?\s*:|\((?:photo|image|picture)\b|\b(?:getty images|reuters|afp|shutterstock)\b/i;

/** A photo caption is a short paragraph: longer ones are not tested for a credit or a repeat. */
const MAX_CAPTION_CHARS = 400;

/** A first paragraph at most this long, under a title, with more paragraphs after it, is a subtitle. */
const MAX_SUBTITLE_CHARS = 300;

/** The first non-blank line from `from` on, trimmed. */
function firstLine(text: string, from = 0): Line | undefined {
  const pattern = /\S/g;
  pattern.lastIndex = from;
  const found = pattern.exec(text);
  if (!found) return undefined;
  const breakAt = text.slice(found.index).search(/\r|\n/);
  return trimSpan(text, found.index, breakAt < 0 ? text.length : found.index + breakAt);
}

/**
 * An article of this text. The first non-blank line is the title (a leading markdown "#" is
 * dropped); the layout is parsed when first needed (see parseLayout).
 */
export function parseArticle(id: string, file: string, text: string, sha256?: string): Article {
  return new Article(id, file, text, sha256);
}

/**
 * Paragraphs are runs of non-blank lines after the title; a line that repeats an earlier line
 * exactly (such as a photo caption printed twice) is dropped and splits its run, so that every
 * paragraph stays one contiguous span. A paragraph with a photo credit, or whose line was printed
 * twice, is a caption.
 */
function parseLayout(text: string, title: string): ArticleLayout {
  const lines = splitLines(text).map((line) => trimSpan(text, line.start, line.end));
  const titleIndex = lines.findIndex((line) => line.end > line.start);
  /** The paragraph number of each short line's first occurrence (a repeated caption is short; long lines are not compared). */
  const firstSeen = new Map<string, number>();
  const printedTwice = new Set<number>();
  const collected = new ParagraphCollector();
  for (let i = titleIndex + 1; i < lines.length && titleIndex >= 0; i++) {
    const line = lines[i]!;
    const content = line.end - line.start <= MAX_CAPTION_CHARS ? text.slice(line.start, line.end) : null;
    const earlier = content === null ? undefined : firstSeen.get(content);
    if (line.end === line.start || earlier !== undefined) {
      if (earlier !== undefined) printedTwice.add(earlier);
      collected.close();
      continue;
    }
    if (content !== null) firstSeen.set(content, collected.nextNumber);
    collected.extend(line);
  }
  collected.close();
  guessRoles(text, collected.paragraphs, printedTwice);
  return withHeadline(lines[titleIndex], title, collected.paragraphs);
}

/**
 * The layout of a Markdown article (see stored-form.ts): the `# ` title line, then paragraphs
 * between blank lines, where a line with a marker (heading, list item, quote, [caption] …) is a
 * paragraph of its own with that role. Without a front matter (a hand-written .md file), a short
 * first paragraph is a subtitle and a short one with a photo credit a caption, as in plain text.
 */
function parseMarkdownLayout(text: string, bodyStart: number, title: string): ArticleLayout {
  const lines = splitLines(text)
    .filter((line) => line.start >= bodyStart)
    .map((line) => trimSpan(text, line.start, line.end));
  const titleIndex = lines.findIndex((line) => line.end > line.start);
  const collected = new ParagraphCollector();
  for (let i = titleIndex + 1; i < lines.length && titleIndex >= 0; i++) {
    const line = lines[i]!;
    if (line.end === line.start) {
      collected.close();
      continue;
    }
    const { role, offset, alone } = markdownLine(text.slice(line.start, line.end));
    const span = trimSpan(text, line.start + offset, line.end);
    if (alone) collected.alone(span, role);
    else collected.extend(span);
  }
  collected.close();
  if (bodyStart === 0) guessRoles(text, collected.paragraphs);
  return withHeadline(lines[titleIndex], title, collected.paragraphs);
}

/** Paragraphs numbered as they come: runs of lines joined into one span, and lines that stand alone. */
class ParagraphCollector {
  readonly paragraphs: Paragraph[] = [];
  private open: Line | null = null;

  /** The number of the paragraph a line extending now belongs to (the one under way, or the next). */
  get nextNumber(): number {
    return this.paragraphs.length + 1;
  }

  /** Adds a line to the paragraph under way, or starts one with it. */
  extend(line: Line): void {
    if (line.end <= line.start) return;
    if (this.open) this.open.end = line.end;
    else this.open = { ...line };
  }

  /** A line that is a paragraph of its own, with its role. */
  alone(line: Line, role: ParagraphRole): void {
    this.close();
    if (line.end > line.start) this.paragraphs.push({ number: this.paragraphs.length + 1, ...line, role });
  }

  /** Ends the paragraph under way. */
  close(): void {
    if (this.open) this.paragraphs.push({ number: this.paragraphs.length + 1, ...this.open, role: 'body' });
    this.open = null;
  }
}

/**
 * Roles a plain text shows only by its look: a short paragraph with a photo credit, or printed
 * twice, is a caption; a short first paragraph under the title, with more after it, a subtitle.
 */
function guessRoles(text: string, paragraphs: Paragraph[], printedTwice: ReadonlySet<number> = new Set()): void {
  for (const paragraph of paragraphs) {
    const short = paragraph.end - paragraph.start <= MAX_CAPTION_CHARS;
    if (paragraph.role === 'body' && (printedTwice.has(paragraph.number) || (short && CREDIT_MARKER.test(text.slice(paragraph.start, paragraph.end))))) paragraph.role = 'caption';
  }
  const first = paragraphs[0];
  if (first && first.role === 'body' && paragraphs.length >= 3 && first.end - first.start <= MAX_SUBTITLE_CHARS) first.role = 'subtitle';
}

/** The layout, its title line the headline; a one-line article is all title, and that line its only paragraph too. */
function withHeadline(titleLine: Line | undefined, title: string, paragraphs: Paragraph[]): ArticleLayout {
  if (!titleLine) return { headline: null, paragraphs };
  const span = { start: titleLine.end - title.length, end: titleLine.end };
  if (paragraphs.length > 0) return { headline: { number: 0, ...span, role: 'headline' }, paragraphs };
  return { headline: null, paragraphs: [{ number: 1, ...span, role: 'body' }] };
}

/** The paragraphs a quote can come from: the headline, then the article's paragraphs. */
export function quotableParagraphs(layout: ArticleLayout): Paragraph[] {
  return layout.headline ? [layout.headline, ...layout.paragraphs] : layout.paragraphs;
}

/** One quotable paragraph by its number, found without copying the list (an article can hold 200,000). */
export function quotableParagraph(layout: ArticleLayout, number: number): Paragraph | undefined {
  if (number === 0) return layout.headline ?? undefined;
  // Paragraphs are numbered as they come, from 1.
  const found = layout.paragraphs[number - 1];
  return found?.number === number ? found : layout.paragraphs.find((paragraph) => paragraph.number === number);
}
