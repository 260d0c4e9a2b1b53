import { describe, expect, it } from 'vitest';
import { charsetFromContentType, charsetFromMeta, decodeHtml, looksBinary } from '../../src/sources/decode.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);
/** Latin-1 bytes: each character's code below 256 as one byte (windows-1252 agrees outside 0x80–0x9F). */
const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(parts.flatMap((part) => (typeof part === 'string' ? [...part].map((char) => char.charCodeAt(0)) : part)));

const CAFE_1252 = [0x63, 0x61, 0x66, 0xe9]; // "café" in windows-1252
const QUOTES_1252 = [0x93, 0x48, 0x69, 0x94]; // “Hi” in windows-1252 (0x93/0x94 are C1 controls in ISO-8859-1)

describe('decodeHtml', () => {
  it.each<[string, Uint8Array, string | null, string]>([
    ['UTF-8, nothing declared', utf8('<p>café “ok” 日本</p>'), null, '<p>café “ok” 日本</p>'],
    ['charset in the Content-Type header', bytes('<p>', CAFE_1252, '</p>'), 'text/html; charset=ISO-8859-1', '<p>café</p>'],
    ['quoted header charset, any case', bytes('<p>', CAFE_1252), 'text/html; Charset="windows-1252"', '<p>café'],
    ['a windows-1252 page by <meta charset>', bytes('<html><head><meta charset="windows-1252"><title>t</title></head><body><p>', QUOTES_1252, ' ', CAFE_1252, '</p>'), null, '<html><head><meta charset="windows-1252"><title>t</title></head><body><p>“Hi” café</p>'],
    ['<meta http-equiv="Content-Type">', bytes('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><p>', CAFE_1252), null, '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><p>café'],
    ['the header beats <meta>', utf8('<meta charset="windows-1252"><p>café'), 'text/html; charset=utf-8', '<meta charset="windows-1252"><p>café'],
    ['a UTF-8 BOM beats a wrong header', Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8('<p>café')]), 'text/html; charset=iso-8859-1', '<p>café'],
    ['UTF-16LE by its BOM', Uint8Array.from([0xff, 0xfe, ...[...'<p>é'].flatMap((char) => [char.charCodeAt(0), 0])]), null, '<p>é'],
    ['Shift_JIS by <meta>', bytes('<meta charset="shift_jis"><p>', [0x93, 0xfa, 0x96, 0x7b]), null, '<meta charset="shift_jis"><p>日本'],
    ['invalid UTF-8 with nothing declared falls back to windows-1252', bytes('<p>', QUOTES_1252), null, '<p>“Hi”'],
    ['an unknown label is ignored', utf8('<p>café'), 'text/html; charset=made-up-encoding', '<p>café'],
    ['a <meta> claiming UTF-16 in ASCII bytes means UTF-8', utf8('<meta charset="utf-16"><p>café'), null, '<meta charset="utf-16"><p>café'],
    ['declared UTF-8 with invalid bytes keeps going with U+FFFD', bytes('<p>a', [0xff], 'b'), 'text/html; charset=utf-8', '<p>a\uFFFDb'],
    ['windows-1252 under its latin1 label keeps € ™ Ÿ', Uint8Array.from([0x80, 0x99, 0x9f]), 'text/html; charset=latin1', '€™Ÿ'],
    ['empty', new Uint8Array(), null, ''],
  ])('%s', (_name, input, header, expected) => {
    expect(decodeHtml(input, header)).toBe(expected);
  });

  it('looks for <meta> only near the start of the page', () => {
    const late = bytes('<p>', 'x'.repeat(5000), '</p><meta charset="windows-1252">', CAFE_1252);
    expect(decodeHtml(late)).toContain('café'); // invalid UTF-8 → windows-1252 anyway
    expect(charsetFromMeta(late)).toBeNull();
  });
});

describe('charsetFromContentType', () => {
  it.each([
    ['text/html; charset=UTF-8', 'UTF-8'],
    ['text/html;charset="shift_jis"', 'shift_jis'],
    ["text/html; charset='koi8-r'; foo=bar", 'koi8-r'],
    ['text/html', null],
    [null, null],
    [undefined, null],
  ])('%j → %j', (header, charset) => {
    expect(charsetFromContentType(header)).toBe(charset);
  });
});

describe('looksBinary', () => {
  it.each<[string, Uint8Array, boolean]>([
    ['HTML', utf8('<!doctype html>\n<p>\tText\r\n</p>\f'), false],
    ['UTF-8 text in any script', utf8('日本語 العربية ελληνικά'), false],
    ['NUL bytes', Uint8Array.from([0x3c, 0x70, 0x00, 0x3e]), true],
    ['a PNG header', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), true],
    ['a gzip header', Uint8Array.from([0x1f, 0x8b, 0x08, 0x00]), true],
    ['UTF-16 with its BOM', Uint8Array.from([0xff, 0xfe, 0x3c, 0x00]), false],
    ['empty', new Uint8Array(), false],
  ])('%s → %s', (_name, input, binary) => {
    expect(looksBinary(input)).toBe(binary);
  });
});
