/**
 * How an article from the web is stored in the articles folder: a Markdown file that a person
 * can read and edit, with its metadata in a front matter of `key: value` lines and the page's
 * structure as Markdown (see the README, "Articles"):
 *
 *     ---
 *     byline: Jane Doe
 *     published: 2019-11-19T10:04:00Z
 *     site: BBC News
 *     url: https://www.bbc.com/news/world-europe-50473792
 *     ---
 *     # The headline
 *
 *     [subtitle] The standfirst under it.
 *
 *     A body paragraph, one line or several.
 *
 *     ## A section heading
 *
 *     - a list item
 *     > a block quote
 *     [caption] A photo's caption (Getty Images)
 *
 * A paragraph is a run of lines between blank lines; a line with a marker is a paragraph of its
 * own. A body paragraph that would read as a marker starts with a backslash. Quotes never include
 * markers or the backslash: a paragraph's span starts after them.
 */
import type { ParagraphRole } from './articles.ts';

export interface ArticleMetadata {
  byline: string | null;
  /** ISO 8601, as the page gave it. */
  published: string | null;
  siteName: string | null;
  lang: string | null;
  /** The page's canonical address: adding the same page again replaces it. */
  url: string | null;
  /** What it was added from: the link or file given to `npm run add` or `/article add`. */
  source: string | null;
  /** When it was added (ISO 8601). */
  added: string | null;
}

export const NO_METADATA: ArticleMetadata = { byline: null, published: null, siteName: null, lang: null, url: null, source: null, added: null };

/** Front matter keys, in the order they are written. */
const KEYS: [keyof ArticleMetadata, string][] = [
  ['byline', 'byline'],
  ['published', 'published'],
  ['siteName', 'site'],
  ['lang', 'lang'],
  ['url', 'url'],
  ['source', 'source'],
  ['added', 'added'],
];

/** The roles a stored paragraph can carry (the headline is the `# ` line). */
export type StoredRole = Exclude<ParagraphRole, 'headline'>;

export interface StoredDocument {
  title: string;
  metadata: ArticleMetadata;
  paragraphs: { text: string; role: StoredRole }[];
}

const MARKERS: Record<Exclude<StoredRole, 'body'>, string> = {
  heading: '## ',
  list: '- ',
  quote: '> ',
  caption: '[caption] ',
  byline: '[byline] ',
  subtitle: '[subtitle] ',
};

/** What a line starting with a marker is, and where its text starts. */
const MARKER = /^(?:(#{1,6})[ \t]+|([-*+]|\d{1,9}[.)])[ \t]+|(>)[ \t]?|\[(caption|byline|subtitle)\][ \t]*)/;

/** One line of text: whitespace runs (line breaks included) become one space. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The stored form of an article: front matter, `# title`, then each paragraph with its marker. */
export function formatStoredArticle(document: StoredDocument): string {
  const front = KEYS.flatMap(([field, key]) => {
    const value = document.metadata[field];
    return value ? [`${key}: ${oneLine(value)}`] : [];
  });
  const body = document.paragraphs
    .map(({ text, role }) => ({ text: oneLine(text), role }))
    .filter(({ text }) => text !== '')
    .map(({ text, role }) => (role === 'body' ? (MARKER.test(text) || text.startsWith('\\') ? `\\${text}` : text) : `${MARKERS[role]}${text}`));
  return `---\n${front.join('\n')}${front.length > 0 ? '\n' : ''}---\n# ${oneLine(document.title)}\n\n${body.join('\n\n')}\n`;
}

/** The front matter of a stored article: its metadata, and where the article's own text starts; null when there is none. */
export function readFrontMatter(text: string): { metadata: ArticleMetadata; bodyStart: number } | null {
  const opening = /^\uFEFF?---[ \t]*\r?\n/.exec(text);
  if (!opening) return null;
  const closing = /^---[ \t]*(?:\r?\n|$)/m;
  const rest = text.slice(opening[0].length);
  const end = closing.exec(rest);
  if (!end) return null;
  const metadata: ArticleMetadata = { ...NO_METADATA };
  for (const line of rest.slice(0, end.index).split(/\r?\n/)) {
    const found = /^([A-Za-z]+)[ \t]*:[ \t]*(.*)$/.exec(line);
    const field = found && KEYS.find(([, key]) => key === found[1]!.toLowerCase())?.[0];
    if (field && found[2]!.trim() !== '') metadata[field] = found[2]!.trim();
  }
  return { metadata, bodyStart: opening[0].length + end.index + end[0].length };
}

/** A Markdown line's role and where its text starts (after its marker, or the backslash escaping one). */
export function markdownLine(line: string): { role: StoredRole; offset: number; alone: boolean } {
  if (line.startsWith('\\')) return { role: 'body', offset: 1, alone: false };
  const found = MARKER.exec(line);
  if (!found) return { role: 'body', offset: 0, alone: false };
  const role: StoredRole = found[1] ? 'heading' : found[2] ? 'list' : found[3] ? 'quote' : (found[4]! as StoredRole);
  return { role, offset: found[0].length, alone: true };
}
