import { closeSync, openSync, ftruncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SourceError } from '../../src/sources/article.ts';
import { MAX_FILE_BYTES, readLocalSource } from '../../src/sources/read.ts';
import { temporaryFolder } from '../helpers.ts';

describe('readLocalSource', () => {
  const folder = temporaryFolder('quote-bot-read-');
  const file = (name: string, content: string | Buffer = '<p>Hello</p>') => {
    const path = join(folder, name);
    writeFileSync(path, content);
    return path;
  };

  it.each([
    ['page.html', 'text/html'],
    ['page.htm', 'text/html'],
    ['PAGE.HTML', 'text/html'],
    ['page.xhtml', 'application/xhtml+xml'],
    ['notes.txt', 'text/plain'],
    ['notes.md', 'text/markdown'],
  ])('reads %s as %s', (name, contentType) => {
    const path = file(name);
    expect(readLocalSource(path)).toEqual({ bytes: Buffer.from('<p>Hello</p>'), contentType, charset: null, source: path, url: null });
  });

  it('reads a UTF-16 page, whose NUL bytes are half characters', () => {
    const path = file('utf16.html', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<p>Hi</p>', 'utf16le')]));
    expect(readLocalSource(path).bytes.length).toBe(2 + 18);
  });

  it.each<[string, () => string, RegExp]>([
    ['a missing file', () => join(folder, 'nope.html'), /nope\.html does not exist$/],
    ['a folder', () => folder, /is a folder, not a file$/],
    ['another kind of file', () => file('report.pdf', '%PDF-1.4'), /report\.pdf: only saved pages \(\.html, \.htm, \.xhtml\), text \(\.txt\) and Markdown \(\.md\) files can be read$/],
    ['a binary file', () => file('image.html', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01])), /image\.html is a binary file, not an article$/],
    ['a file past the size limit', () => {
      const path = file('huge.html');
      const descriptor = openSync(path, 'r+');
      ftruncateSync(descriptor, MAX_FILE_BYTES + 1); // sparse: no 50 MB written
      closeSync(descriptor);
      return path;
    }, /huge\.html is 50 MB, more than any article \(the limit is 50 MB\)$/],
  ])('refuses %s with one line', (_name, make, message) => {
    const path = make();
    expect(() => readLocalSource(path)).toThrow(SourceError);
    expect(() => readLocalSource(path)).toThrow(message);
  });
});
