/**
 * A linear scan of an HTML text's tags, before any parsing: how many elements it opens and how
 * deep they nest. DOM parsers slow down superlinearly on deep nesting (linkedom takes 2 s on 100k
 * nested divs, htmlparser2's own parser 11 s), so hostile pages are refused on these numbers first.
 */

/** Elements that never nest (void) or that parsers close implicitly (p, li, td…): they add no depth. */
const FLAT_ELEMENTS = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr',
  'p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'option', 'optgroup', 'thead', 'tbody', 'tfoot', 'colgroup', 'caption', 'rp', 'rt',
]);
/** Elements whose content is text up to their closing tag, whatever it looks like. */
const RAW_TEXT_ELEMENTS = ['script', 'style', 'textarea', 'title', 'xmp', 'noembed', 'noframes'];
/** How far down the open elements a closing tag looks for its match; a stray one is ignored, as parsers do. */
const CLOSE_SEARCH = 16;
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)/y;
/** The closing tag of each raw-text element, found case-insensitively without lower-casing the page. */
const RAW_TEXT_ENDS = new Map([...RAW_TEXT_ELEMENTS].map((name) => [name, new RegExp(`</${name}`, 'gi')]));

export interface MarkupShape {
  elements: number;
  depth: number;
}

export function markupShape(html: string): MarkupShape {
  const open: string[] = [];
  let elements = 0;
  let depth = 0;
  let at = html.indexOf('<');
  while (at !== -1) {
    if (html.startsWith('<!--', at)) {
      const end = html.indexOf('-->', at + 4);
      if (end === -1) break;
      at = html.indexOf('<', end + 3);
      continue;
    }
    TAG.lastIndex = at;
    const match = TAG.exec(html);
    if (!match) {
      // A "<" that starts no tag (a doctype, or text such as "a < b").
      at = html.indexOf('<', at + 1);
      continue;
    }
    const end = html.indexOf('>', at + match[0].length);
    if (end === -1) break;
    const name = match[2]!.toLowerCase();
    if (match[1]) {
      for (let index = open.length - 1; index >= Math.max(0, open.length - CLOSE_SEARCH); index--) {
        if (open[index] === name) {
          open.length = index;
          break;
        }
      }
    } else {
      elements++;
      const rawTextEnd = RAW_TEXT_ENDS.get(name);
      if (rawTextEnd) {
        rawTextEnd.lastIndex = end + 1;
        const close = rawTextEnd.exec(html);
        if (!close) break;
        at = html.indexOf('<', close.index + 2);
        continue;
      }
      if (!FLAT_ELEMENTS.has(name) && html[end - 1] !== '/') {
        open.push(name);
        depth = Math.max(depth, open.length);
      }
    }
    at = html.indexOf('<', end + 1);
  }
  return { elements, depth };
}
