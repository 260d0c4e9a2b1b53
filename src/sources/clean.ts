/**
 * DOM clean-up around Readability. Before: the page's chrome as HTML itself marks it (nav, aside,
 * footer, landmark roles, hidden elements), which Readability otherwise often keeps beside the
 * article when it takes a wide container. After: link lists and link-only teasers left inside the
 * article, as trafilatura's link-density tests do. Measured on the extraction benchmark (see
 * `npm run eval:extract`): each step raises precision without lowering recall.
 */

/** Elements that are page chrome wherever they stand. */
const CHROME_SELECTOR = [
  'nav',
  'aside',
  'footer',
  '[role="navigation"]',
  '[role="banner"]',
  '[role="contentinfo"]',
  '[role="complementary"]',
  '[role="search"]',
  '[hidden]',
  '[aria-hidden="true"]',
].join(', ');

/** A list whose text is mostly links is navigation or "more stories". */
const MAX_LIST_LINK_DENSITY = 0.5;
/** A short block that is all link is a teaser or a button. */
const MAX_TEASER_LINK_DENSITY = 0.9;
const MAX_TEASER_WORDS = 15;

/** Removes the page's marked-up chrome; <header> only outside an <article>, where it is the site's masthead. */
export function removePageChrome(root: Document | Element): void {
  for (const element of [...root.querySelectorAll(CHROME_SELECTOR)]) element.remove();
  for (const element of [...root.querySelectorAll('header')]) if (!element.closest('article')) element.remove();
}

/** Removes link lists and link-only teasers from the article's DOM. */
export function removeLinkClusters(root: Element): void {
  for (const list of [...root.querySelectorAll('ul, ol')]) {
    if (linkDensity(list) > MAX_LIST_LINK_DENSITY) list.remove();
  }
  for (const block of [...root.querySelectorAll('p, div, h2, h3, h4, li')]) {
    const text = normalizedText(block);
    if (text !== '' && text.split(' ').length < MAX_TEASER_WORDS && linkDensity(block) > MAX_TEASER_LINK_DENSITY) block.remove();
  }
}

function normalizedText(element: Element): string {
  return (element.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Share of an element's text inside links. */
export function linkDensity(element: Element): number {
  const length = normalizedText(element).length;
  if (length === 0) return 0;
  let linked = 0;
  for (const link of element.querySelectorAll('a')) linked += normalizedText(link).length;
  return Math.min(1, linked / length);
}
