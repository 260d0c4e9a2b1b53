/**
 * Bytes of an HTML page → text, choosing the encoding as browsers do (WHATWG "encoding sniffing"):
 * a byte-order mark first (it cannot be there by accident, so it beats a mislabelled header), then
 * the Content-Type header's charset, then a <meta> charset in the page's first bytes, else UTF-8 —
 * and when nothing declared UTF-8 and the bytes are not valid UTF-8, windows-1252, the legacy
 * encoding browsers assume for Western pages (every byte sequence is valid in it, so nothing fails).
 * A page that declares an encoding is decoded in it, invalid sequences becoming U+FFFD.
 */

/** How far into the page to look for <meta charset> (the spec's prescan reads 1024 bytes; real pages put comments and scripts first). */
const META_PRESCAN_BYTES = 4096;

const CHARSET_PARAMETER = /charset\s*=\s*["']?\s*([^\s"';,>]+)/i;
const META_TAG = /<meta\b[^>]*>/gi;

export function decodeHtml(bytes: Uint8Array, contentTypeHeader?: string | null): string {
  const bomEncoding = encodingFromBom(bytes);
  if (bomEncoding) return new TextDecoder(bomEncoding).decode(bytes);
  const declared = usableEncoding(charsetFromContentType(contentTypeHeader)) ?? usableEncoding(charsetFromMeta(bytes), true);
  if (declared) return decode(bytes, declared);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return decode(bytes, 'windows-1252');
  }
}

/**
 * windows-1252's printable characters at 0x80–0x9F (WHATWG index), where ISO-8859-1 has C1
 * controls. Node 20's TextDecoder decodes windows-1252 (and the labels latin1, iso-8859-1, ascii
 * that name it) as ISO-8859-1, so curly quotes and dashes would come out as control characters.
 */
const WINDOWS_1252_HIGH = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decode(bytes: Uint8Array, encoding: string): string {
  const text = new TextDecoder(encoding).decode(bytes);
  if (encoding !== 'windows-1252') return text;
  return text.replace(/[\u0080-\u009f]/g, (char) => WINDOWS_1252_HIGH[char.charCodeAt(0) - 0x80]!);
}

function encodingFromBom(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

/** The charset parameter of a Content-Type value such as `text/html; charset=ISO-8859-1`. */
export function charsetFromContentType(header: string | null | undefined): string | null {
  return header?.match(CHARSET_PARAMETER)?.[1] ?? null;
}

/** `<meta charset=…>` or `<meta http-equiv="Content-Type" content="…; charset=…">` near the start. */
export function charsetFromMeta(bytes: Uint8Array): string | null {
  // latin1 maps each byte to one character, so ASCII markup reads the same in any ASCII-based encoding.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, META_PRESCAN_BYTES)).toString('latin1');
  for (const [tag] of head.matchAll(META_TAG)) {
    const direct = tag.match(/\bcharset\s*=\s*["']?\s*([^\s"'\/>;]+)/i);
    if (direct) return direct[1]!;
    if (/http-equiv\s*=\s*["']?content-type/i.test(tag)) {
      const content = tag.match(/\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i);
      const charset = charsetFromContentType(content?.[1] ?? content?.[2] ?? content?.[3]);
      if (charset) return charset;
    }
  }
  return null;
}

/**
 * The WHATWG encoding a label names, or null when TextDecoder does not know it. A <meta> cannot
 * declare UTF-16 (the bytes that spelled it out were ASCII), so browsers read it as UTF-8, and so
 * does this; x-user-defined is windows-1252 there too.
 */
function usableEncoding(label: string | null, fromMeta = false): string | null {
  if (!label) return null;
  if (fromMeta && label.toLowerCase() === 'x-user-defined') return 'windows-1252';
  try {
    const encoding = new TextDecoder(label).encoding;
    if (fromMeta && encoding.startsWith('utf-16')) return 'utf-8';
    return encoding;
  } catch {
    return null;
  }
}

/**
 * Binary content, as browsers sniff it (WHATWG MIME sniffing, "binary data byte"): a control byte
 * that no text uses (NUL, or C0 controls other than tab, newline, form feed, carriage return and
 * escape) in the first bytes, unless a UTF-16 byte-order mark says the NULs are half characters.
 */
export function looksBinary(start: Uint8Array): boolean {
  const bom = encodingFromBom(start);
  if (bom === 'utf-16le' || bom === 'utf-16be') return false;
  return start.some((byte) => byte <= 0x08 || byte === 0x0b || (byte >= 0x0e && byte <= 0x1a) || (byte >= 0x1c && byte <= 0x1f));
}
