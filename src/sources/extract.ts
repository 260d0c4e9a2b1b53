/**
 * HTML → ExtractedArticle. Mozilla's Readability (Firefox Reader View) over linkedom's DOM finds
 * the article; the page's JSON-LD and <meta> tags give its metadata; the cleaned article DOM is
 * walked into paragraphs with roles. Where the page marks its article body for search engines
 * (schema.org itemprop="articleBody") and that agrees roughly with Readability, the markup wins:
 * it is the publisher's own statement of where the article is, and it leaves out the teasers
 * and widgets Readability's wider container keeps.
 */
import { isProbablyReaderable, Readability } from '@mozilla/readability';
import { franc } from 'franc-min';
import { parseHTML } from 'linkedom';
import { SourceError, type ExtractedArticle, type ExtractedParagraph } from './article.ts';
import { withoutBoilerplate } from './boilerplate.ts';
import { BOILERPLATE_MODEL } from './boilerplate-model.ts';
import { removeLinkClusters, removePageChrome } from './clean.ts';
import { markupShape } from './markup-shape.ts';
import { cleanByline, cleanText, languageTag, markedByline, normalizeDate, readMetadata } from './metadata.ts';
import { paragraphsOf, type WalkedParagraph } from './paragraphs.ts';

/** Pages past this are cut before parsing, so memory and time stay bounded (the benchmark's largest page is 1.5 MB). */
export const MAX_HTML_CHARS = 5_000_000;
/** Elements past this are no article page (real pages have a few thousand); bounds Readability's superlinear passes. */
const MAX_ELEMENTS = 50_000;
/** Deeper nesting is no article page either (real pages stay under 60; browsers stop nesting at 512). */
const MAX_DEPTH = 400;
/** A page Readability does not find readerable and that yields less text than this is a login wall or an error page. */
const MIN_UNREADERABLE_CHARS = 250;
/** Text that is mostly links is a homepage or an index, not an article. */
const MAX_ARTICLE_LINK_DENSITY = 0.5;
/** The marked-up article body is used when its text is within this factor of Readability's. */
const MARKUP_AGREEMENT = 2;

export const NO_ARTICLE = 'no article found on that page';

export interface ExtractOptions {
  /** What the user gave: a URL or a file path. */
  source: string;
  /** The page's own URL when known, to resolve a relative canonical link. */
  url?: string | null;
}

/** An article before the boilerplate filter: what eval:extract fits the filter on. */
export interface ArticleCandidate {
  article: Omit<ExtractedArticle, 'paragraphs'>;
  paragraphs: WalkedParagraph[];
  readerable: boolean;
}

/**
 * The article on an HTML page, as a reader sees it. Throws SourceError (one line for the user)
 * for a page with no article: a homepage, a login wall, an empty or hostile page. (eval:extract
 * runs the steps itself, to fit and cross-validate the boilerplate filter.)
 */
export function extractHtml(html: string, options: ExtractOptions): ExtractedArticle {
  return guarded(() => {
    const candidate = extractCandidate(html, options);
    return finishArticle(candidate, withoutBoilerplate(BOILERPLATE_MODEL, candidate.paragraphs));
  });
}

/** Turns anything thrown by the parser or Readability on hostile markup into a SourceError: that is no article either. */
function guarded<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof SourceError) throw error;
    throw new SourceError(`${NO_ARTICLE} (the page could not be parsed: ${String((error as Error)?.message ?? error).split('\n')[0]})`);
  }
}

/** The article with every paragraph Readability (or the marked-up body) gives, before the boilerplate filter. */
export function extractCandidate(html: string, options: ExtractOptions): ArticleCandidate {
  return guarded(() => {
    const bounded = html.length > MAX_HTML_CHARS ? html.slice(0, MAX_HTML_CHARS) : html;
    checkShape(bounded);
    const { document } = parseHTML(withBody(bounded)) as unknown as { document: Document };
    const metadata = readMetadata(document, options.url ?? null);
    const readerable = isProbablyReaderable(document);
    // Bylines often stand in the page header, which removePageChrome takes away.
    const bylineInText = metadata.byline ? null : markedByline(document);
    const markedBodies = document.querySelectorAll('[itemprop~="articleBody" i]');
    const markedBody = markedBodies.length === 1 ? (markedBodies[0]!.cloneNode(true) as Element) : null;

    removePageChrome(document);
    // Readability removes class names unless told to keep them; the paragraph walk reads them.
    const parsed = new Readability(document, { keepClasses: true, serializer: (node: Node) => node }).parse();
    const siteName = metadata.siteName ?? cleanText(parsed?.siteName);
    const title = withoutSiteName(metadata.title ?? cleanText(parsed?.title) ?? '', siteName);
    const fromReadability = parsed?.content ? cleanedParagraphs(parsed.content as Element) : [];
    let paragraphs = fromReadability;
    if (markedBody) {
      removePageChrome(markedBody);
      const fromMarkup = cleanedParagraphs(markedBody);
      const ratio = textLength(fromMarkup) / Math.max(1, textLength(fromReadability));
      if (ratio >= 1 / MARKUP_AGREEMENT && ratio <= MARKUP_AGREEMENT) paragraphs = fromMarkup;
    }
    return {
      article: {
        source: options.source,
        title,
        byline: metadata.byline ?? cleanByline(parsed?.byline) ?? bylineInText,
        published: metadata.published ?? normalizeDate(parsed?.publishedTime),
        siteName,
        lang: metadata.lang ?? languageTag(parsed?.lang),
        url: metadata.url,
      },
      paragraphs: withoutTitle(paragraphs, title),
      readerable,
    };
  });
}

/** The article from a candidate and the paragraphs kept of it; refuses what is no article. */
export function finishArticle(candidate: ArticleCandidate, paragraphs: readonly WalkedParagraph[]): ExtractedArticle {
  const length = textLength(paragraphs);
  const linked = paragraphs.reduce((sum, paragraph) => sum + paragraph.linkChars, 0);
  if (length === 0 || linked / length > MAX_ARTICLE_LINK_DENSITY || (!candidate.readerable && length < MIN_UNREADERABLE_CHARS)) {
    throw new SourceError(NO_ARTICLE);
  }
  const extracted: ExtractedParagraph[] = paragraphs.map(({ text, role }) => ({ text, role }));
  return { ...candidate.article, lang: candidate.article.lang ?? detectLanguage(extracted), paragraphs: extracted };
}

function cleanedParagraphs(root: Element): WalkedParagraph[] {
  removeLinkClusters(root);
  return paragraphsOf(root);
}

function textLength(paragraphs: readonly ExtractedParagraph[]): number {
  return paragraphs.reduce((sum, paragraph) => sum + paragraph.text.length, 0);
}

/** Refuses markup too large or too deep for an article before parsing it: parsers and Readability slow down superlinearly on it. */
function checkShape(html: string): void {
  const { elements, depth } = markupShape(html);
  if (elements > MAX_ELEMENTS) throw new SourceError(`${NO_ARTICLE} (it has more than ${MAX_ELEMENTS} elements)`);
  if (depth > MAX_DEPTH) throw new SourceError(`${NO_ARTICLE} (its elements nest more than ${MAX_DEPTH} deep)`);
}

/** Markup without <body> (a fragment, a bare paragraph) gets one, as browsers add it: linkedom does not, and Readability needs it. */
function withBody(html: string): string {
  return /<body[\s>]/i.test(html) ? html : `<!DOCTYPE html><html><body>${html}</body></html>`;
}

/** "Headline - Site Name" → "Headline": og:title and <title> often carry the site's name. */
export function withoutSiteName(title: string, siteName: string | null): string {
  if (!siteName) return title;
  for (const separator of [' - ', ' | ', ' – ', ' — ', ' :: ', ' · ']) {
    const suffix = `${separator}${siteName}`;
    if (title.length > suffix.length && title.toLowerCase().endsWith(suffix.toLowerCase())) return title.slice(0, -suffix.length).trim();
  }
  return title;
}

/** The title is the article's own field: a heading repeating it at the top is dropped. */
function withoutTitle(paragraphs: WalkedParagraph[], title: string): WalkedParagraph[] {
  const first = paragraphs[0];
  return first && first.role === 'heading' && first.text === title ? paragraphs.slice(1) : paragraphs;
}

/** franc's ISO 639-3 guess as a BCP 47 tag ("eng" → "en"); null when the text is too short to tell. */
export function detectLanguage(paragraphs: readonly ExtractedParagraph[]): string | null {
  const sample = paragraphs.map((paragraph) => paragraph.text).join(' ').slice(0, 2000);
  const code = franc(sample, { minLength: 50 });
  return code === 'und' ? null : languageTag(code);
}
