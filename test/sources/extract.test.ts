import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SourceError, type ExtractedArticle, type SourceRole } from '../../src/sources/article.ts';
import { decodeHtml } from '../../src/sources/decode.ts';
import { extractHtml, MAX_HTML_CHARS, NO_ARTICLE, withoutSiteName } from '../../src/sources/extract.ts';
import { fixturePage } from './fixtures.ts';

const extractFixture = (name: string) => extractHtml(decodeHtml(fixturePage(name)), { source: `${name}.html` });
const texts = (article: ExtractedArticle, role: SourceRole) => article.paragraphs.filter((paragraph) => paragraph.role === role).map((paragraph) => paragraph.text);
const article = (body: string, head = '') => `<!DOCTYPE html><html><head>${head}</head><body>${body}</body></html>`;
const prose = (sentence: string, times: number) => Array.from({ length: times }, (_, i) => `<p>${sentence} This is sentence number ${i + 1} of a story about it, told at length.</p>`).join('');

describe('extractHtml on saved pages', () => {
  it('a news article: metadata, the byline line, headings and captions in order', () => {
    const cbs = extractFixture('cbsnews-impeachment-hearings');
    expect(cbs).toMatchObject({
      source: 'cbsnews-impeachment-hearings.html',
      title: "Impeachment hearings: Key moments from Kurt Volker's and Tim Morrison's testimony",
      byline: 'Stefan Becket',
      published: '2019-11-20T06:07:01.000Z',
      siteName: 'CBS News',
      lang: 'en',
      url: 'https://www.cbsnews.com/news/impeachment-hearings-key-moments-from-kurt-volkers-and-tim-morrisons-testimony-2019-11-19/',
    });
    expect(texts(cbs, 'byline')).toEqual(['By Stefan Becket, Kathryn Watson, Grace Segers']);
    expect(texts(cbs, 'heading')).toContain('2. Never urged Ukraine to investigate Joe Biden');
    expect(texts(cbs, 'caption')).toContain("Morrison discusses concerns about Vindman's judgment");
    expect(cbs.paragraphs.find((paragraph) => paragraph.role === 'body')?.text).toMatch(/^Kurt Volker, the former special envoy to Ukraine/);
    const order = ['2. Never urged Ukraine', '3. "Not some irregular channel"', '4. Questioning Vindman'].map((start) => cbs.paragraphs.findIndex((paragraph) => paragraph.text.startsWith(start)));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('a blog post: headings, list items and block quotes; the site name leaves the title', () => {
    const givewell = extractFixture('givewell-grant');
    expect(givewell.title).toBe('A grant to Evidence Action Beta to prototype, test, and scale promising programs');
    expect(givewell.siteName).toBe('The GiveWell Blog');
    expect(givewell.published).toBe('2018-10-09T20:46:39.000Z');
    expect(texts(givewell, 'heading')).toEqual(expect.arrayContaining(['Summary', 'Modeling cost-effectiveness']));
    expect(texts(givewell, 'list')).toContain('Why Evidence Action Beta is promising. (More)');
    expect(texts(givewell, 'quote')[0]).toMatch(/^A key part of GiveWell’s research process/);
  });

  it('a sports page: tables as rows, embedded posts as quotes', () => {
    const browns = extractFixture('dawgsbynature-browns-defense');
    expect(browns.byline).toBe('Chris Pokorny');
    expect(texts(browns, 'heading')).toEqual(expect.arrayContaining(['Linebacker', 'Cornerback', 'Safety']));
    expect(texts(browns, 'body')).toContain('LB Joe Schobert 74 100% 7 tackles, 3 assists (10 combined). 1 sack, 2 TFL, 2 QH, 2 INT, 4 passes defended.');
    expect(texts(browns, 'quote').some((text) => text.startsWith('The #Browns highest-graded player'))).toBe(true);
  });

  it('a Japanese page: language and text intact', () => {
    const japanese = extractFixture('lhpat-trademark-ja');
    expect(japanese.lang).toBe('ja');
    expect(japanese.title).toBe('商品の改造が商標法違反に！？');
    expect(japanese.paragraphs[0]).toEqual({ text: '先日、不正に改造したiPhoneを販売したとして、商標法違反の疑いで20代の男性が逮捕されたというニュースを耳にしました。', role: 'body' });
  });

  it.each(['cbsnews-impeachment-hearings', 'givewell-grant', 'dawgsbynature-browns-defense', 'lhpat-trademark-ja'])('%s: one clean line per paragraph, the title not among them', (name) => {
    const extracted = extractFixture(name);
    expect(extracted.paragraphs.length).toBeGreaterThan(10);
    for (const { text } of extracted.paragraphs) {
      expect(text).toBe(text.trim());
      expect(text).not.toMatch(/\s{2}|\n|&[a-z]+;|&#\d+;|<\/?[a-z]+[\s>]/i);
    }
    expect(extracted.paragraphs[0]!.text).not.toBe(extracted.title);
  });
});

describe('extractHtml on small pages', () => {
  it('detects the language from the text when the markup names none', () => {
    const extracted = extractHtml(article(`<article>${prose('Der Stadtrat hat am Montag beschlossen, die Brücke über den Fluss zu erneuern, weil sie alt ist.', 6)}</article>`), { source: 'page.html' });
    expect(extracted.lang).toBe('de');
  });

  it('prefers the marked-up article body when it agrees with Readability', () => {
    const body = prose('The council voted on Monday to rebuild the bridge over the river.', 8);
    const extracted = extractHtml(article(`<div class="content"><div itemprop="articleBody">${body}</div><div class="promo"><p>Subscribe to our newsletter today for more stories like this one, every morning.</p></div></div>`), { source: 'page.html' });
    expect(extracted.paragraphs.map((paragraph) => paragraph.text).join(' ')).not.toContain('Subscribe');
    expect(extracted.paragraphs).toHaveLength(8);
  });

  it('uses the page URL when there is no canonical one', () => {
    const extracted = extractHtml(article(`<article>${prose('A story.', 6)}</article>`), { source: 'https://example.com/story', url: 'https://example.com/story' });
    expect(extracted.url).toBe('https://example.com/story');
  });

  it('reads a page without <html> or <body>', () => {
    const extracted = extractHtml(prose('A fragment saved without its document.', 6), { source: 'fragment.html' });
    expect(extracted.paragraphs).toHaveLength(6);
  });

  it.each([
    ['an empty page', ''],
    ['a page of markup only', article('<div><span></span></div>', '<title>Nothing</title>')],
    ['a login wall', article('<form><h2>Sign in to keep reading</h2><input name="user"><input type="password"><button>Sign in</button></form><p>Subscribers only.</p>', '<title>Log in</title>')],
    ['a homepage of headlines', article(`<main>${Array.from({ length: 40 }, (_, i) => `<div class="card"><h3><a href="/story/${i}">Headline number ${i} about something that happened today in the city</a></h3></div>`).join('')}</main>`, '<title>Home</title>')],
  ])('%s is no article', (_name, html) => {
    expect(() => extractHtml(html, { source: 'page.html' })).toThrow(new SourceError(NO_ARTICLE));
  });
});

describe('extractHtml on hostile input', () => {
  it.each([
    ['100,000 nested divs', () => `<html><body>${'<div>'.repeat(100_000)}text${'</div>'.repeat(100_000)}</body></html>`],
    ['40,000 nested divs, never closed', () => `<body>${'<div>'.repeat(40_000)}text`],
    ['200,000 sibling elements', () => `<body>${'<i>a</i>'.repeat(200_000)}`],
    ['2 MB of random bytes', () => new TextDecoder('windows-1252').decode(randomBytes(2_000_000))],
    ['an unclosed script of 5 MB', () => `<body><p>x</p><script>${'var a = "<div>";'.repeat(300_000)}`],
    ['tables nested 5,000 deep', () => `${'<table><tr><td>'.repeat(5_000)}cell`],
  ])('%s: a SourceError, quickly', (_name, make) => {
    const html = make();
    const started = performance.now();
    expect(() => extractHtml(html, { source: 'hostile.html' })).toThrow(SourceError);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('reads at most 5 MB of a huge page, and does not hang on it', () => {
    const paragraph = `<p>${'A long article goes on and on about the same thing, again and again, for a very long time. '.repeat(20)}</p>`;
    const html = `<html><body><article>${paragraph.repeat(Math.ceil((MAX_HTML_CHARS * 1.5) / paragraph.length))}</article></body></html>`;
    const started = performance.now();
    const extracted = extractHtml(html, { source: 'huge.html' });
    expect(performance.now() - started).toBeLessThan(20_000);
    const kept = extracted.paragraphs.reduce((sum, { text }) => sum + text.length, 0);
    expect(kept).toBeGreaterThan(MAX_HTML_CHARS / 2);
    expect(kept).toBeLessThan(MAX_HTML_CHARS);
  });
});

describe('withoutSiteName', () => {
  it.each([
    ['Story title - The Paper', 'The Paper', 'Story title'],
    ['Story title | the paper', 'The Paper', 'Story title'],
    ['Story title — The Paper', 'The Paper', 'Story title'],
    ['The Paper', 'The Paper', 'The Paper'],
    ['Story - with a dash', 'The Paper', 'Story - with a dash'],
    ['Story title', null, 'Story title'],
  ])('%j without %j → %j', (title, siteName, expected) => {
    expect(withoutSiteName(title, siteName)).toBe(expected);
  });
});
