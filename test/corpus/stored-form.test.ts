import { describe, expect, it } from 'vitest';
import { parseArticle, quotableParagraphs } from '../../src/corpus/articles.ts';
import { formatStoredArticle, markdownLine, NO_METADATA, readFrontMatter, type StoredDocument } from '../../src/corpus/stored-form.ts';

const DOCUMENT: StoredDocument = {
  title: 'Sweden drops Assange rape investigation',
  metadata: { ...NO_METADATA, byline: 'Jane Doe', published: '2019-11-19T10:04:00Z', siteName: 'BBC News', lang: 'en', url: 'https://www.bbc.com/news/world-europe-50473792', source: 'page.html', added: '2026-12-06T20:00:00.000Z' },
  paragraphs: [
    { text: 'Prosecutors say the evidence has weakened.', role: 'subtitle' },
    { text: 'Swedish prosecutors have dropped an investigation.', role: 'body' },
    { text: 'What charges does Assange face in the US?', role: 'heading' },
    { text: 'He faces 18 charges,\n including  conspiracy.', role: 'body' },
    { text: 'one item', role: 'list' },
    { text: 'We will appeal', role: 'quote' },
    { text: 'Julian Assange in 2017 (Getty Images)', role: 'caption' },
    { text: 'By Jane Doe', role: 'byline' },
    { text: '1. A body paragraph that looks like a list', role: 'body' },
    { text: '\\ backslash first', role: 'body' },
    { text: '   ', role: 'body' },
  ],
};

describe('the stored form of a web article', () => {
  const text = formatStoredArticle(DOCUMENT);
  const article = parseArticle('bbc', 'bbc.md', text);
  const paragraphs = quotableParagraphs(article).map((p) => ({ role: p.role, text: text.slice(p.start, p.end) }));

  it('reads back every paragraph with its role, the markers and escapes outside the quoted text', () => {
    expect(article.title).toBe(DOCUMENT.title);
    expect(paragraphs).toEqual([
      { role: 'headline', text: 'Sweden drops Assange rape investigation' },
      { role: 'subtitle', text: 'Prosecutors say the evidence has weakened.' },
      { role: 'body', text: 'Swedish prosecutors have dropped an investigation.' },
      { role: 'heading', text: 'What charges does Assange face in the US?' },
      { role: 'body', text: 'He faces 18 charges, including conspiracy.' },
      { role: 'list', text: 'one item' },
      { role: 'quote', text: 'We will appeal' },
      { role: 'caption', text: 'Julian Assange in 2017 (Getty Images)' },
      { role: 'byline', text: 'By Jane Doe' },
      { role: 'body', text: '1. A body paragraph that looks like a list' },
      { role: 'body', text: '\\ backslash first' },
    ]);
  });

  it('reads back the metadata', () => {
    expect(article.metadata).toEqual(DOCUMENT.metadata);
  });

  it('is plain to read and edit: front matter lines, then Markdown', () => {
    expect(text.split('\n').slice(0, 10)).toEqual([
      '---',
      'byline: Jane Doe',
      'published: 2019-11-19T10:04:00Z',
      'site: BBC News',
      'lang: en',
      'url: https://www.bbc.com/news/world-europe-50473792',
      'source: page.html',
      'added: 2026-12-06T20:00:00.000Z',
      '---',
      '# Sweden drops Assange rape investigation',
    ]);
  });

  it.each([
    ['no front matter', 'Title\n\nBody.', null],
    ['an unclosed front matter', '---\nbyline: X\n# Title', null],
    ['unknown keys and case', '---\nByline: A B\ncolour: red\nsite:\n---\n# T', { byline: 'A B', siteName: null }],
    ['Windows line endings', '---\r\nurl: https://x.example/a\r\n---\r\n# T', { url: 'https://x.example/a' }],
  ])('reads a front matter: %s', (_case, text, expected) => {
    const found = readFrontMatter(text);
    if (expected === null) expect(found).toBeNull();
    else expect(found!.metadata).toMatchObject(expected);
  });

  it.each([
    ['## Heading', 'heading', 3],
    ['###### Deep', 'heading', 7],
    ['- item', 'list', 2],
    ['* item', 'list', 2],
    ['12. item', 'list', 4],
    ['> quote', 'quote', 2],
    ['>quote', 'quote', 1],
    ['[caption] A photo', 'caption', 10],
    ['[byline] By X', 'byline', 9],
    ['[subtitle] Dek', 'subtitle', 11],
    ['#hashtag', 'body', 0],
    ['[1] a footnote', 'body', 0],
    ['\\- escaped', 'body', 1],
    ['-5 degrees', 'body', 0],
  ])('markdownLine(%j) is %s from %i', (line, role, offset) => {
    expect(markdownLine(line)).toMatchObject({ role, offset });
  });

  it('parses a hand-written .md file with the plain-text rules for subtitles and captions', () => {
    const md = '# Title\n\nA short dek.\n\nBody one\ncontinues here.\n\n## Section\n\nA photo of it (Getty Images)\n\nBody two.';
    const parsed = parseArticle('m', 'm.md', md);
    expect(parsed.paragraphs.map((p) => [p.role, md.slice(p.start, p.end)])).toEqual([
      ['subtitle', 'A short dek.'],
      ['body', 'Body one\ncontinues here.'],
      ['heading', 'Section'],
      ['caption', 'A photo of it (Getty Images)'],
      ['body', 'Body two.'],
    ]);
  });
});
