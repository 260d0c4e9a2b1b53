/**
 * An article's metadata from the page's markup, in order of trust: schema.org JSON-LD (what
 * publishers fill in for search engines), then OpenGraph and <meta> tags, then <html lang> and
 * <link rel=canonical>. Readability's own guesses are the caller's fallback.
 */
import { decodeHTML } from 'entities';
import { paragraphsOf } from './paragraphs.ts';

export interface PageMetadata {
  title: string | null;
  byline: string | null;
  published: string | null;
  siteName: string | null;
  lang: string | null;
  url: string | null;
}

/** schema.org types whose fields describe the article itself. */
const ARTICLE_TYPE = /(Article|BlogPosting|Report|NewsArticle|LiveBlogPosting|SocialMediaPosting)$/;
/** JSON-LD scripts larger than this are product catalogues or state dumps, not article metadata. */
const MAX_JSON_LD_CHARS = 200_000;
const MAX_BYLINE_CHARS = 200;

const DATE_META_NAMES = [
  'article:published_time',
  'og:article:published_time',
  'article.published',
  'datepublished',
  'publishdate',
  'publish-date',
  'publish_date',
  'pubdate',
  'parsely-pub-date',
  'sailthru.date',
  'dc.date.issued',
  'dc.date',
  'dcterms.date',
  'dcterms.created',
  'date',
];
const AUTHOR_META_NAMES = ['author', 'dc.creator', 'dcterms.creator', 'parsely-author', 'sailthru.author', 'byl', 'article:author'];
const SITE_META_NAMES = ['og:site_name', 'application-name', 'apple-mobile-web-app-title'];
const TITLE_META_NAMES = ['og:title', 'twitter:title', 'dc.title', 'parsely-title'];

export function readMetadata(document: Document, pageUrl: string | null): PageMetadata {
  const article = jsonLdArticle(document);
  const meta = metaValues(document);
  const pick = (names: readonly string[]) => names.map((name) => meta.get(name)).find((value) => value !== undefined) ?? null;

  const authorMeta = AUTHOR_META_NAMES.map((name) => meta.get(name)).find((value) => value !== undefined && !isUrl(value));
  const timeElement = document.querySelector('time[itemprop="datePublished"], [itemprop="datePublished"][content], article time[datetime], time[pubdate]');
  const timeValue = timeElement?.getAttribute('datetime') ?? timeElement?.getAttribute('content') ?? null;

  return {
    title: cleanText(article?.title) ?? cleanText(pick(TITLE_META_NAMES)),
    byline: cleanByline(article?.author) ?? cleanByline(authorMeta ?? null),
    published: normalizeDate(article?.datePublished) ?? firstDate([...DATE_META_NAMES.map((name) => meta.get(name)), timeValue]),
    siteName: cleanText(article?.publisher) ?? cleanText(pick(SITE_META_NAMES)),
    lang: languageTag(document.documentElement?.getAttribute('lang')) ??
      languageTag(document.documentElement?.getAttribute('xml:lang')) ??
      languageTag(pick(['content-language', 'language', 'dc.language', 'og:locale'])) ??
      languageTag(article?.inLanguage),
    url: absoluteUrl(document.querySelector('link[rel~="canonical" i]')?.getAttribute('href'), pageUrl) ??
      absoluteUrl(meta.get('og:url'), pageUrl) ??
      absoluteUrl(article?.url, pageUrl) ??
      absoluteUrl(pageUrl, null),
  };
}

/** <meta> values by lower-cased name, property, itemprop or http-equiv; the first of each wins. */
function metaValues(document: Document): Map<string, string> {
  const values = new Map<string, string>();
  for (const element of document.querySelectorAll('meta[content]')) {
    const content = element.getAttribute('content')?.trim();
    if (!content) continue;
    for (const attribute of ['property', 'name', 'itemprop', 'http-equiv']) {
      // `property` may list several names, as RDFa allows.
      for (const key of (element.getAttribute(attribute) ?? '').toLowerCase().split(/\s+/)) {
        if (key && !values.has(key)) values.set(key, content);
      }
    }
  }
  return values;
}

interface JsonLdArticle {
  title: string | null;
  author: string | null;
  datePublished: string | null;
  publisher: string | null;
  inLanguage: string | null;
  url: string | null;
}

/** The first Article-like object among the page's JSON-LD scripts (inside @graph and arrays too). */
function jsonLdArticle(document: Document): JsonLdArticle | null {
  for (const script of document.querySelectorAll('script[type="application/ld+json" i]')) {
    const text = script.textContent ?? '';
    if (text.length > MAX_JSON_LD_CHARS) continue;
    let data: unknown;
    try {
      // Some CMSs wrap the JSON in an HTML comment or CDATA section.
      data = JSON.parse(text.replace(/^\s*(<!--|\/\/\s*<!\[CDATA\[)|(-->|\/\/\s*\]\]>)\s*$/g, ''));
    } catch {
      continue;
    }
    const found = findArticle(data);
    if (found) {
      return {
        title: stringField(found.headline) ?? stringField(found.name),
        author: names(found.author ?? found.creator),
        datePublished: stringField(found.datePublished) ?? stringField(found.dateCreated),
        publisher: names(found.publisher),
        inLanguage: stringField(found.inLanguage),
        url: stringField(found.url) ?? idOf(found.mainEntityOfPage),
      };
    }
  }
  return null;
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function findArticle(data: unknown): JsonObject | null {
  // Breadth-first over arrays and @graph only: articles are top-level nodes, and nesting is bounded by the input.
  const queue: unknown[] = [data];
  for (let i = 0; i < queue.length && i < 1000; i++) {
    const item = queue[i];
    if (Array.isArray(item)) queue.push(...item);
    else if (isObject(item)) {
      const types = ([] as unknown[]).concat(item['@type'] ?? []).filter((type): type is string => typeof type === 'string');
      if (types.some((type) => ARTICLE_TYPE.test(type))) return item;
      if (item['@graph'] !== undefined) queue.push(item['@graph']);
      if (isObject(item.mainEntity)) queue.push(item.mainEntity);
    }
  }
  return null;
}

function stringField(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  if (isObject(value) && typeof value['@value'] === 'string') return value['@value'];
  return null;
}

function idOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  return isObject(value) ? stringField(value['@id']) ?? stringField(value.url) : null;
}

/** A person or organisation, or a list of them, as "A, B and C". */
function names(value: unknown): string | null {
  const list = (Array.isArray(value) ? value : [value])
    .map((entry) => (typeof entry === 'string' ? entry : isObject(entry) ? stringField(entry.name) : null))
    .filter((name): name is string => name !== null && name.trim() !== '' && !isUrl(name))
    .map((name) => name.trim());
  const unique = [...new Set(list)];
  if (unique.length === 0) return null;
  return unique.length === 1 ? unique[0]! : `${unique.slice(0, -1).join(', ')} and ${unique.at(-1)}`;
}

function isUrl(value: string): boolean {
  return /^(https?:)?\/\//i.test(value.trim());
}

/** Where pages mark an author's name in the text, strongest marks first (rel and itemprop are standards; classes are conventions). */
const BYLINE_SELECTORS = ['[rel~="author"], [itemprop~="author"]', '[class*="byline" i], [id*="byline" i]', '[class*="author" i]'];
/** Readability's limit for a byline found in the text: longer is an author box. */
const MAX_MARKED_BYLINE_CHARS = 100;

/**
 * The first short text the page marks as its author. Read before the page's chrome is removed:
 * bylines often stand in the page header, outside what Readability keeps.
 */
export function markedByline(document: Document): string | null {
  for (const selector of BYLINE_SELECTORS) {
    for (const element of document.querySelectorAll(selector)) {
      // A comment form's "author" field and a commenter's name are not the article's byline.
      if (element.closest('form, [class*="comment" i], [id*="comment" i]')) continue;
      // Its first line only: a byline box often goes on with a date or a link to more articles.
      const text = cleanByline(paragraphsOf(element)[0]?.text);
      if (text && text.length <= MAX_MARKED_BYLINE_CHARS) return text;
    }
  }
  return null;
}

/** One line: entities decoded (JSON-LD often carries them), whitespace collapsed; null when empty. */
export function cleanText(value: string | null | undefined): string | null {
  if (!value) return null;
  const text = decodeHTML(value).replace(/\s+/g, ' ').trim();
  return text === '' ? null : text;
}

/** A byline as a name: "By Jane Doe" → "Jane Doe"; null for empty, URL-only or implausibly long text. */
export function cleanByline(value: string | null | undefined): string | null {
  const text = cleanText(value)?.replace(/^((posted|written)\s+)?by:?\s+/i, '').trim();
  if (!text || isUrl(text) || text.length > MAX_BYLINE_CHARS) return null;
  return text;
}

function firstDate(values: readonly (string | null | undefined)[]): string | null {
  for (const value of values) {
    const date = normalizeDate(value);
    if (date) return date;
  }
  return null;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?$/;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;
const HAS_TIME = /\d:\d\d/;
const HAS_ZONE = /(Z|[+-]\d\d:?\d\d|\b(GMT|UTC|[ECMP][SD]T))$/i;

/**
 * A date as ISO 8601: "2019-11-19" stays a date, a time with a zone becomes UTC
 * ("2019-11-19T13:56:00.000Z"), a time without one stays local ("2019-11-19T08:56:00"). Null when
 * the text is no date or an implausible one.
 */
export function normalizeDate(value: string | null | undefined): string | null {
  const text = cleanText(value);
  if (!text) return null;
  const compact = text.match(COMPACT_DATE);
  const dateOnly = compact ? `${compact[1]}-${compact[2]}-${compact[3]}` : text.match(ISO_DATE)?.[0];
  if (dateOnly) return plausible(new Date(`${dateOnly}T00:00:00Z`)) ? dateOnly : null;
  const local = text.match(ISO_LOCAL_DATE_TIME);
  if (local) return plausible(new Date(`${local[1]}T${local[2]}Z`)) ? `${local[1]}T${local[2]!.length === 5 ? `${local[2]}:00` : local[2]}` : null;
  const parsed = new Date(text);
  if (!plausible(parsed)) return null;
  if (HAS_TIME.test(text) && HAS_ZONE.test(text)) return parsed.toISOString();
  // Date parsed a zone-less text in local time, so the local fields give back what was written.
  const date = `${parsed.getFullYear()}-${pad(parsed.getMonth() + 1)}-${pad(parsed.getDate())}`;
  return HAS_TIME.test(text) ? `${date}T${pad(parsed.getHours())}:${pad(parsed.getMinutes())}:${pad(parsed.getSeconds())}` : date;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

function plausible(date: Date): boolean {
  const year = date.getUTCFullYear();
  return !Number.isNaN(date.getTime()) && year >= 1800 && year <= 2200;
}

/** The primary language subtag of a BCP 47 tag or locale ("en-US", "en_GB" → "en"); null if invalid. */
export function languageTag(value: string | null | undefined): string | null {
  const text = value?.trim().replace(/_/g, '-').split(/[,;\s]/)[0];
  if (!text) return null;
  try {
    const [canonical] = Intl.getCanonicalLocales(text);
    const language = canonical ? new Intl.Locale(canonical).language : null;
    return language && language !== 'und' ? language : null;
  } catch {
    return null;
  }
}

/** An http(s) URL, resolved against the page's own URL when relative; null otherwise. */
export function absoluteUrl(value: string | null | undefined, base: string | null): string | null {
  const text = value?.trim();
  if (!text) return null;
  try {
    const url = base ? new URL(text, base) : new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
