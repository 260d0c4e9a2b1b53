import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { absoluteUrl, cleanByline, languageTag, markedByline, normalizeDate, readMetadata } from '../../src/sources/metadata.ts';

const documentOf = (html: string) => (parseHTML(html) as unknown as { document: Document }).document;

describe('normalizeDate', () => {
  it.each([
    ['2019-11-19', '2019-11-19'],
    ['20191119', '2019-11-19'],
    ['2019-11-19T08:56:00Z', '2019-11-19T08:56:00.000Z'],
    ['2019-11-19T03:56:00-05:00', '2019-11-19T08:56:00.000Z'],
    ['2019-11-19T08:56:00.123+0100', '2019-11-19T07:56:00.123Z'],
    ['2019-11-19T08:56', '2019-11-19T08:56:00'],
    ['2019-11-19 08:56:30', '2019-11-19T08:56:30'],
    ['Tue, 19 Nov 2019 08:56:00 GMT', '2019-11-19T08:56:00.000Z'],
    ['November 19, 2019', '2019-11-19'],
    ['Nov 19, 2019 8:56 AM', '2019-11-19T08:56:00'],
    ['  2019-11-19  ', '2019-11-19'],
    ['yesterday', null],
    ['2019-13-45', null],
    ['0001-01-01', null],
    ['', null],
    [null, null],
  ])('%j → %j', (input, expected) => {
    expect(normalizeDate(input)).toBe(expected);
  });
});

describe('languageTag', () => {
  it.each([
    ['en', 'en'],
    ['en-US', 'en'],
    ['en_GB', 'en'],
    ['PT-br', 'pt'],
    ['eng', 'en'],
    ['jpn', 'ja'],
    ['de, en', 'de'],
    ['und', null],
    ['??', null],
    ['12', null],
    ['', null],
    [null, null],
  ])('%j → %j', (input, expected) => {
    expect(languageTag(input)).toBe(expected);
  });
});

describe('cleanByline', () => {
  it.each([
    ['By Jane Doe', 'Jane Doe'],
    ['Posted by Jane Doe', 'Jane Doe'],
    ['Written by: Jane Doe', 'Jane Doe'],
    ['Byron Smith', 'Byron Smith'],
    ['  by   Jane&nbsp;Doe ', 'Jane Doe'],
    ['Jane Doe &amp; John Roe', 'Jane Doe & John Roe'],
    ['https://example.com/authors/jane', null],
    ['x'.repeat(300), null],
    ['', null],
  ])('%j → %j', (input, expected) => {
    expect(cleanByline(input)).toBe(expected);
  });
});

describe('absoluteUrl', () => {
  it.each([
    ['https://example.com/a', null, 'https://example.com/a'],
    ['/news/a?x=1', 'https://example.com/b', 'https://example.com/news/a?x=1'],
    ['//cdn.example.com/a', 'https://example.com/', 'https://cdn.example.com/a'],
    ['/relative', null, null],
    ['javascript:alert(1)', 'https://example.com/', null],
    ['', 'https://example.com/', null],
  ])('%j against %j → %j', (value, base, expected) => {
    expect(absoluteUrl(value, base)).toBe(expected);
  });
});

describe('readMetadata', () => {
  const jsonLd = (data: unknown) => `<script type="application/ld+json">${JSON.stringify(data)}</script>`;

  it('trusts JSON-LD first, inside @graph and arrays too', () => {
    const document = documentOf(`<html lang="fr"><head>
      <meta property="og:title" content="OG title"><meta property="og:site_name" content="OG site">
      <meta property="article:published_time" content="2020-01-01T00:00:00Z"><meta name="author" content="Meta Author">
      ${jsonLd({ '@context': 'https://schema.org', '@graph': [{ '@type': 'WebSite', name: 'Site' }, {
        '@type': ['NewsArticle'], headline: 'Ledger &amp; title', datePublished: '2019-11-19T03:56:00-05:00',
        author: [{ '@type': 'Person', name: 'Ann Lee' }, { name: 'Bo Ek' }, 'Cy Dee'], publisher: { '@type': 'Organization', name: 'The Paper' },
        inLanguage: 'de', mainEntityOfPage: { '@id': 'https://paper.example/story' },
      }] })}
      </head><body></body></html>`);
    expect(readMetadata(document, null)).toEqual({
      title: 'Ledger & title',
      byline: 'Ann Lee, Bo Ek and Cy Dee',
      published: '2019-11-19T08:56:00.000Z',
      siteName: 'The Paper',
      lang: 'fr',
      url: 'https://paper.example/story',
    });
  });

  it('falls back to OpenGraph and <meta>, and prefers rel=canonical', () => {
    const document = documentOf(`<html><head>
      <link rel="canonical" href="/news/story-1">
      <meta property="og:url" content="https://example.com/og-url">
      <meta property="og:title" content="OG title"><meta property="og:site_name" content="OG site">
      <meta property="og:locale" content="pt_BR">
      <meta property="article:author" content="https://facebook.com/someone">
      <meta name="author" content="Meta Author">
      <meta name="pubdate" content="20191119">
      ${jsonLd({ '@type': 'Recipe', name: 'Not an article' })}
      <script type="application/ld+json">{ not json</script>
      </head><body></body></html>`);
    expect(readMetadata(document, 'https://example.com/page?id=1')).toEqual({
      title: 'OG title',
      byline: 'Meta Author',
      published: '2019-11-19',
      siteName: 'OG site',
      lang: 'pt',
      url: 'https://example.com/news/story-1',
    });
  });

  it('reads a <time> element, and gives nulls and the page URL when nothing is there', () => {
    const document = documentOf('<html><body><article><time datetime="2018-10-04">Oct 4</time><p>Text</p></article></body></html>');
    expect(readMetadata(document, 'https://example.com/a')).toEqual({
      title: null,
      byline: null,
      published: '2018-10-04',
      siteName: null,
      lang: null,
      url: 'https://example.com/a',
    });
  });
});

describe('markedByline', () => {
  it.each([
    ['rel=author', '<p>Text <a rel="author" href="/jane">Jane Doe</a></p>', 'Jane Doe'],
    ['itemprop=author', '<span itemprop="author" itemscope><span itemprop="name">Jane Doe</span></span>', 'Jane Doe'],
    ['a byline class, first line only', '<div class="story-byline"><span>By Jane Doe</span><p>Published 9:41 AM</p></div>', 'Jane Doe'],
    ['standards before conventions', '<div class="author-name">Someone Else</div><a rel="author">Jane Doe</a>', 'Jane Doe'],
    ['not a comment form\'s author field', '<form><label class="comment-form-author">Name (required)</label></form><div class="post-author">Jane Doe</div>', 'Jane Doe'],
    ['not an author box', `<div class="author-bio">${'Jane writes about cities and the people in them. '.repeat(4)}</div>`, null],
    ['nothing marked', '<p>By the river</p>', null],
  ])('%s', (_name, body, expected) => {
    expect(markedByline(documentOf(`<html><body>${body}</body></html>`))).toBe(expected);
  });
});
