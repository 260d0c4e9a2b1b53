/**
 * Readability's cleaned article DOM → paragraphs with roles, in reading order. Each block element
 * (p, li, h2, figcaption, …) and each <br> ends a paragraph; inline elements join their text.
 */
import { Readability } from '@mozilla/readability';
import type { ExtractedParagraph, SourceRole } from './article.ts';

const BLOCK_ELEMENTS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BR', 'CAPTION', 'DD', 'DETAILS', 'DIALOG', 'DIV', 'DL', 'DT',
  'FIELDSET', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HGROUP',
  'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'SUMMARY', 'TABLE', 'TBODY', 'TFOOT', 'THEAD', 'TR', 'UL',
]);
/** Elements a reader never sees as text. */
const SKIPPED_ELEMENTS = new Set([
  'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'MATH', 'IFRAME', 'OBJECT', 'EMBED', 'BUTTON', 'SELECT',
  'OPTION', 'INPUT', 'TEXTAREA', 'HEAD', 'TITLE', 'CANVAS', 'AUDIO', 'VIDEO', 'PICTURE', 'IMG',
]);
const TAG_ROLES: Record<string, SourceRole> = {
  H1: 'heading', H2: 'heading', H3: 'heading', H4: 'heading', H5: 'heading', H6: 'heading',
  LI: 'list', DT: 'list', DD: 'list',
  BLOCKQUOTE: 'quote',
  FIGCAPTION: 'caption', CAPTION: 'caption',
};
/** Table cells are separated, not ended: a row reads as one line. */
const CELL_ELEMENTS = new Set(['TD', 'TH']);

/** Class, id, rel or itemprop words that mark a byline or a standfirst. */
const BYLINE_MARK = /\b(byline|author|dateline)/i;
const SUBTITLE_MARK = /\b(standfirst|dek|subtitle|sub-title|subheadline|article-summary|alternativeHeadline)\b/i;
/** A byline mark on a long block is a biography or an author box, not a byline. */
const MAX_BYLINE_CHARS = 150;

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

/** A paragraph with what the boilerplate filter weighs. */
export interface WalkedParagraph extends ExtractedParagraph {
  /** How much of its text is link text. */
  linkChars: number;
  /** Inside an element whose class or id Readability's own patterns read as boilerplate ("share", "related", "promo", …) or as content ("article", "story", …). */
  negativeClass: boolean;
  positiveClass: boolean;
  /** A table row: data the article presents, whatever its shape. */
  inTable: boolean;
}

/** Readability's class and id patterns (not exported, but part of its prototype). */
const PATTERNS = (Readability.prototype as unknown as { REGEXPS: Record<'positive' | 'negative', RegExp> }).REGEXPS;

/** The paragraphs under `root`, in reading order, each with its role. */
export function paragraphsOf(root: Node): WalkedParagraph[] {
  const paragraphs: WalkedParagraph[] = [];
  const roles: { element: Node; role: SourceRole }[] = [];
  let buffer = '';
  let linkBuffer = '';
  let preDepth = 0;
  let linkDepth = 0;
  let tableDepth = 0;
  const negative: Node[] = [];
  const positive: Node[] = [];

  const flush = () => {
    const text = buffer.replace(/\s+/g, ' ').trim();
    const linkChars = linkBuffer.replace(/\s+/g, ' ').trim().length;
    buffer = '';
    linkBuffer = '';
    if (text === '') return;
    let role = roles.at(-1)?.role ?? 'body';
    if (role === 'byline' && text.length > MAX_BYLINE_CHARS) role = 'body';
    paragraphs.push({ text, role, linkChars: Math.min(linkChars, text.length), negativeClass: negative.length > 0, positiveClass: positive.length > 0, inTable: tableDepth > 0 });
  };
  const enter = (element: Element) => {
    if (BLOCK_ELEMENTS.has(element.tagName)) flush();
    else if (CELL_ELEMENTS.has(element.tagName)) buffer += ' ';
    if (element.tagName === 'PRE') preDepth++;
    if (element.tagName === 'A') linkDepth++;
    if (element.tagName === 'TABLE') tableDepth++;
    const marks = `${element.getAttribute('class') ?? ''} ${element.getAttribute('id') ?? ''}`;
    if (marks.length > 1 && element !== root) {
      if (PATTERNS.negative.test(marks)) negative.push(element);
      if (PATTERNS.positive.test(marks)) positive.push(element);
    }
    const role = roleOf(element);
    if (role) roles.push({ element, role });
  };
  const exit = (element: Element) => {
    if (BLOCK_ELEMENTS.has(element.tagName)) flush();
    else if (CELL_ELEMENTS.has(element.tagName)) buffer += ' ';
    if (element.tagName === 'PRE') preDepth--;
    if (element.tagName === 'A') linkDepth--;
    if (element.tagName === 'TABLE') tableDepth--;
    if (negative.at(-1) === element) negative.pop();
    if (positive.at(-1) === element) positive.pop();
    if (roles.at(-1)?.element === element) {
      flush();
      roles.pop();
    }
  };
  const addText = (text: string) => {
    if (linkDepth > 0) linkBuffer += ` ${text}`;
    if (preDepth === 0) {
      buffer += text;
      return;
    }
    // Preformatted text keeps its lines: each becomes a paragraph.
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      if (i > 0) flush();
      buffer += line;
    });
  };

  // Iterative walk: the DOM may be deep, and recursion would overflow the stack.
  let node: Node | null = root.firstChild;
  while (node) {
    let descend = false;
    if (node.nodeType === TEXT_NODE) addText(node.nodeValue ?? '');
    else if (node.nodeType === ELEMENT_NODE && !isSkipped(node as Element)) {
      enter(node as Element);
      descend = node.firstChild !== null;
      if (!descend) exit(node as Element);
    }
    if (descend) {
      node = node.firstChild;
      continue;
    }
    while (node && node !== root && !node.nextSibling) {
      node = node.parentNode;
      if (node && node !== root) exit(node as Element);
    }
    node = node && node !== root ? node.nextSibling : null;
  }
  flush();
  return paragraphs;
}

function isSkipped(element: Element): boolean {
  return (
    SKIPPED_ELEMENTS.has(element.tagName) ||
    element.hasAttribute('hidden') ||
    element.getAttribute('aria-hidden') === 'true' ||
    /display\s*:\s*none/i.test(element.getAttribute('style') ?? '')
  );
}

function roleOf(element: Element): SourceRole | null {
  const tagRole = TAG_ROLES[element.tagName];
  if (tagRole) return tagRole;
  const marks = ['class', 'id', 'rel', 'itemprop'].map((name) => element.getAttribute(name) ?? '').join(' ');
  if (marks.trim() === '') return null;
  if (BYLINE_MARK.test(marks)) return 'byline';
  if (SUBTITLE_MARK.test(marks)) return 'subtitle';
  return null;
}
