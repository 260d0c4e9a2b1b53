import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArticle, POST_ATTRIBUTION, quotableParagraph, type ArticleLayout } from '../../src/corpus/articles.ts';
import { sentenceTable } from '../../src/corpus/sentences.ts';
import { CorpusError, loadCorpus, MAX_ARTICLE_PARAGRAPHS } from '../../src/corpus/load.ts';
import { folderWith, SEED_TEXT, temporaryFolder } from '../helpers.ts';

describe('quotableParagraph', () => {
  const article = parseArticle('a', 'a.txt', 'Title line\n\nFirst paragraph.\n\nSecond paragraph.\n');
  it.each([
    [0, 'Title line'],
    [1, 'First paragraph.'],
    [2, 'Second paragraph.'],
    [3, undefined],
    [-1, undefined],
  ])('paragraph %i is %j', (number, text) => {
    const found = quotableParagraph(article, number);
    expect(found && article.text.slice(found.start, found.end)).toBe(text);
  });
});

describe('parseArticle', () => {
  const article = parseArticle('seed', 'seed.txt', SEED_TEXT);

  it('takes the title from the first line', () => {
    expect(article.title).toBe('Ecuador may have finally lost patience with Julian Assange');
  });

  it('drops the repeated photo caption and numbers paragraphs after the title', () => {
    const captions = article.paragraphs.filter((p) => SEED_TEXT.slice(p.start, p.end).startsWith('Are Julian Assange'));
    expect(captions).toHaveLength(1);
    expect(article.paragraphs.map((p) => p.number)).toEqual(article.paragraphs.map((_, i) => i + 1));
    expect(SEED_TEXT.slice(article.paragraphs[0]!.start, article.paragraphs[0]!.end)).toMatch(/^A series of tweets/);
  });

  it.each([
    ['the layout parsing finds', (layout: ArticleLayout) => layout, true],
    ['a paragraph past the end of the text', (layout: ArticleLayout) => ({ ...layout, paragraphs: [...layout.paragraphs, { number: 99, start: SEED_TEXT.length - 2, end: SEED_TEXT.length + 5, role: 'body' as const }] }), false],
    ['paragraphs out of order', (layout: ArticleLayout) => ({ ...layout, paragraphs: [...layout.paragraphs].reverse() }), false],
    ['an empty paragraph', (layout: ArticleLayout) => ({ ...layout, paragraphs: [{ number: 1, start: 5, end: 5, role: 'body' as const }] }), false],
  ])('takes a stored layout only when it fits the text: %s', (_case, change, taken) => {
    const parsed = parseArticle('seed', 'seed.txt', SEED_TEXT);
    const stored = change({ headline: parsed.headline, paragraphs: parsed.paragraphs });
    const fresh = parseArticle('seed', 'seed.txt', SEED_TEXT);
    expect(fresh.useLayout(stored)).toBe(taken);
    // Whatever was offered, the article's paragraphs are right: stored when they fit, parsed otherwise.
    expect(fresh.paragraphs).toEqual(parsed.paragraphs);
  });

  it.each([
    ['Windows', '\r\n'],
    ['classic Mac', '\r'],
    ['mixed', '\r\n\r'],
  ])('reads %s line endings as "\\n", every offset pointing into the text it keeps', (_name, ending) => {
    const raw = ['Title', '', 'One here.', 'Still one.', '', '> not a quote'].join(ending);
    const article = parseArticle('r', 'r.txt', raw);
    expect(article.text).not.toContain('\r');
    expect(article.title).toBe('Title');
    expect(article.paragraphs.map((p) => article.text.slice(p.start, p.end))).toEqual(ending === '\r\n\r' ? ['One here.', 'Still one.', '> not a quote'] : ['One here.\nStill one.', '> not a quote']);
  });

  it('strips a markdown heading mark from the title', () => {
    expect(parseArticle('m', 'm.md', '# A Title\n\nBody.').title).toBe('A Title');
  });
});

describe('loadCorpus', () => {
  it('keys an article with other line endings by its file bytes, and quotes it with "\\n"', () => {
    const bytes = Buffer.from('Title\r\rBody line.\rMore.\r');
    const [article] = loadCorpus(folderWith({ 'mac.txt': bytes })).articles;
    expect(article!.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(article!.text).toBe('Title\n\nBody line.\nMore.\n');
  });

  it('reads .txt and .md files, one article each, sorted by name, ignoring other files', () => {
    const folder = folderWith({ 'b.md': '# B\n\nBee.', 'a.txt': 'A\n\nAy.', 'notes.json': '{}' });
    const corpus = loadCorpus(folder);
    expect(corpus.articles.map((a) => [a.id, a.title])).toEqual([
      ['a', 'A'],
      ['b', 'B'],
    ]);
    expect(corpus.warnings).toEqual([]);
  });

  it('skips binary and empty files with a warning naming them', () => {
    const folder = folderWith({ 'good.txt': 'Good\n\nText.', 'binary.txt': Buffer.from([0x89, 0x50, 0x00, 0xff]), 'empty.md': '  \n' });
    const corpus = loadCorpus(folder);
    expect(corpus.articles.map((a) => a.id)).toEqual(['good']);
    expect(corpus.warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/binary\.txt skipped: not UTF-8 text/),
      expect.stringMatching(/empty\.md skipped: the file is empty/),
    ]);
  });

  it('says what to do when the folder is missing or has no usable article', () => {
    expect(() => loadCorpus('/nonexistent/articles')).toThrow(CorpusError);
    expect(() => loadCorpus('/nonexistent/articles')).toThrow(/does not exist.*ARTICLES_DIR/);
    const empty = temporaryFolder();
    expect(() => loadCorpus(empty)).toThrow(/No usable article in .*add \.txt or \.md files/);
    const onlyBad = folderWith({ 'x.txt': Buffer.from([0, 1, 2]) });
    expect(() => loadCorpus(onlyBad)).toThrow(/1 skipped: .*x\.txt skipped/);
  });

  it('loads a 5 MB article', () => {
    const paragraph = SEED_TEXT.split('\n')[7]!;
    const count = Math.ceil((5 * 1024 * 1024) / paragraph.length);
    // Numbered so that no line repeats (repeated lines are dropped as duplicates).
    const big = `Big\n\n${Array.from({ length: count }, (_, i) => `${i}. ${paragraph}`).join('\n\n')}`;
    const folder = folderWith({ 'big.txt': big });
    mkdirSync(join(folder, 'sub.txt')); // a folder named like an article is skipped, not fatal
    const corpus = loadCorpus(folder);
    expect(corpus.articles[0]!.paragraphs.length).toBe(count);
    expect(corpus.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/sub\.txt skipped: not a regular file/)]);
  });

  it('skips an article of more than 200,000 paragraphs with a warning, and takes one of as many', () => {
    const paragraphs = (count: number) => `Many\n\n${Array.from({ length: count }, (_, i) => `P${i}.`).join('\n\n')}\n`;
    const folder = folderWith({ 'at-limit.txt': paragraphs(MAX_ARTICLE_PARAGRAPHS), 'over.txt': paragraphs(MAX_ARTICLE_PARAGRAPHS + 1) });
    const corpus = loadCorpus(folder);
    expect(corpus.articles.map((article) => [article.id, article.paragraphs.length])).toEqual([['at-limit', MAX_ARTICLE_PARAGRAPHS]]);
    expect(corpus.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/over\.txt skipped: it has 200,001 paragraphs, over the 200,000 limit for one article; split it into several files/)]);
  });

  it('never reads through a link that leads outside the folder, but follows one that stays inside', () => {
    const outside = folderWith({ 'secret.txt': 'Secret\n\nroot:x:0:0:root:/root:/bin/bash' });
    const folder = folderWith({ 'good.txt': 'Good\n\nText.' });
    symlinkSync('/etc/passwd', join(folder, 'passwd.txt'));
    symlinkSync(join(outside, 'secret.txt'), join(folder, 'secret.txt'));
    symlinkSync('good.txt', join(folder, 'alias.md'));
    symlinkSync(join(folder, 'missing.txt'), join(folder, 'broken.txt'));
    const corpus = loadCorpus(folder);
    expect(corpus.articles.map((a) => a.id)).toEqual(['alias', 'good']);
    expect(corpus.articles.map((a) => a.text).join('')).not.toContain('root:');
    expect(corpus.warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/broken\.txt skipped: cannot be read/),
      expect.stringMatching(/passwd\.txt skipped: it links outside the articles folder/),
      expect.stringMatching(/secret\.txt skipped: it links outside the articles folder/),
    ]);
  });

  it('skips a FIFO without waiting for a writer, and a device, with a warning', () => {
    const folder = folderWith({ 'good.txt': 'Good\n\nText.' });
    execFileSync('mkfifo', [join(folder, 'pipe.txt')]);
    symlinkSync('/dev/zero', join(folder, 'zero.txt'));
    const corpus = loadCorpus(folder);
    expect(corpus.articles.map((a) => a.id)).toEqual(['good']);
    expect(corpus.warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/pipe\.txt skipped: not a regular file/),
      expect.stringMatching(/zero\.txt skipped: it links outside/),
    ]);
  });

  it('bounds the read by the size limit, whatever stat says', () => {
    const folder = folderWith({ 'good.txt': 'Good\n\nText.', 'huge.txt': Buffer.alloc(20 * 1024 * 1024 + 1, 'a') });
    const corpus = loadCorpus(folder);
    expect(corpus.articles.map((a) => a.id)).toEqual(['good']);
    expect(corpus.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/huge\.txt skipped: it is over the 20 MB limit/)]);
  });
});

describe('an embedded post’s attribution line', () => {
  it.each([
    ['— Arvind Kejriwal (@ArvindKejriwal) November 1, 2019', true],
    ['— Tottenham Hotspur (@SpursOfficial) 20 November 2019', true],
    ['- Jo Smith (@jo_smith)', true],
    ['He said the account (@x) was wrong', false],
    ['— Arvind Kejriwal said the air was toxic.', false],
  ])('%s: %s', (line, expected) => {
    expect(POST_ATTRIBUTION.test(line)).toBe(expected);
  });

  it('is a credit, as a photo’s is, in the sentence table', () => {
    const text = 'Smog in Delhi\n\nThe air was toxic on Friday.\n\n> Delhi has turned into a gas chamber.\n> — Arvind Kejriwal (@ArvindKejriwal) November 1, 2019\n\nSchools were closed.';
    const article = parseArticle('delhi', 'delhi.md', text);
    const table = sentenceTable([article], 500);
    const roles = Array.from({ length: table.length }, (_, s) => [text.slice(table.start[s], table.end[s]), table.role(s)]);
    expect(roles).toContainEqual(['— Arvind Kejriwal (@ArvindKejriwal) November 1, 2019', 'credit']);
    expect(roles).toContainEqual(['Delhi has turned into a gas chamber.', 'quote']);
  });
});
