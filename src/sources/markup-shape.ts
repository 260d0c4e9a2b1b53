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
const RAW_TEXT_ELEMENTS = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'noembed', 'noframes']);
/** How far down the open elements a closing tag looks for its match; a stray one is ignored, as parsers do. */
const CLOSE_SEARCH = 16;
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)/y;

export interface MarkupShape {
  elements: number;
  depth: number;
}

export function markupShape(html: string): MarkupShape {
  const lower = html.toLowerCase();
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
    const match = TAG.exec(lower);
    const end = html.indexOf('>', at + 1);
    if (end === -1) break;
    if (match) {
      const [, closing, name] = match as unknown as [string, string, string];
      if (closing) {
        for (let index = open.length - 1; index >= Math.max(0, open.length - CLOSE_SEARCH); index--) {
          if (open[index] === name) {
            open.length = index;
            break;
          }
        }
      } else {
        elements++;
        if (RAW_TEXT_ELEMENTS.has(name)) {
          const close = lower.indexOf(`</${name}`, end + 1);
          if (close === -1) break;
          at = html.indexOf('<', close + 2);
          continue;
        }
        if (!FLAT_ELEMENTS.has(name) && html[end - 1] !== '/') {
          open.push(name);
          depth = Math.max(depth, open.length);
        }
      }
    }
    at = html.indexOf('<', end + 1);
  }
  return { elements, depth };
}
