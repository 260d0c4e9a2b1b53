import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { folderWith, SEED_TEXT, temporaryFolder } from '../helpers.ts';
import { fixturePage, LOGIN_WALL } from '../sources/fixtures.ts';
import { respond, TestServer } from '../sources/test-server.ts';
import { builtEntry, cleanEnv, runCli } from './run.ts';

const PAGE = fixturePage('givewell-grant');

/** `npm run add` as a user runs it (the compiled entry point), with its own articles and index folders. */
const add = (inputs: string[], env: Record<string, string>) => runCli(builtEntry('add'), inputs, cleanEnv(env));

describe('npm run add', () => {
  let base: string;
  const server = new TestServer({
    '/grant': respond(200, { 'content-type': 'text/html; charset=utf-8' }, PAGE),
    '/notes.md': respond(200, { 'content-type': 'text/markdown' }, '# Field notes\n\n## The fern\n\nThe lumifernin fern glows at night.'),
    '/missing': respond(404, { 'content-type': 'text/plain' }, 'no'),
    '/broken': respond(500, { 'content-type': 'text/plain' }, 'oops'),
    '/photo.png': respond(200, { 'content-type': 'image/png' }, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
    '/data.json': respond(200, { 'content-type': 'application/json' }, '{"a":1}'),
    '/login': respond(200, { 'content-type': 'text/html' }, LOGIN_WALL),
    '/to-loopback': respond(302, { 'content-type': 'text/plain', location: 'http://127.0.0.1:9/' }, ''),
  });
  beforeAll(async () => {
    await server.start();
    base = server.url('');
  });
  afterAll(() => server.stop());

  /** A fresh articles folder holding the seed article, and an index folder. */
  function folders(allowPrivate: boolean) {
    const articles = folderWith({ 'ecuador-assange.txt': SEED_TEXT }, 'quote-bot-add-articles-');
    return { articles, env: { ARTICLES_DIR: articles, INDEX_DIR: temporaryFolder('quote-bot-add-index-'), ...(allowPrivate ? { FETCH_ALLOW_PRIVATE: 'true' } : {}) } };
  }

  it('stores a page and a Markdown link, updates the index for them alone, and replaces on a second add', async () => {
    const { articles, env } = folders(true);
    const first = await add([`${base}/grant`, `${base}/notes.md`], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Added “.+” — by Olivia Larsen, .*\d+ paragraphs → .+\.md$/m);
    expect(first.stdout).toMatch(/^Added “Field notes” — 2 paragraphs → .+field-notes\.md$/m);
    expect(first.stdout).toMatch(/Index: \d+ chunks \(\d+ embedded, 0 reused\)/);
    const stored = readFileSync(join(articles, 'field-notes.md'), 'utf8');
    // Too short to tell its language: no lang line.
    expect(stored).toMatch(/^---\nurl: http:\/\/127\.0\.0\.1:\d+\/notes\.md\nsource: http:\/\/127\.0\.0\.1:\d+\/notes\.md\nadded: .+\n---\n# Field notes\n\n## The fern\n\nThe lumifernin fern glows at night\.\n$/);
    const again = await add([`${base}/notes.md`], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^Replaced “Field notes”/m);
    // Only the replaced article's chunks (its heading and its paragraph) are embedded again.
    expect(again.stdout).toMatch(/Index: \d+ chunks \(2 embedded, [1-9]\d* reused\)/);
    expect(readdirSync(articles).sort()).toHaveLength(3);
  });

  it.each<[string, (base: string) => string, RegExp]>([
    ['a 404', (b) => `${b}/missing`, /404 Not Found/],
    ['a 500', (b) => `${b}/broken`, /500 Internal Server Error/],
    ['an image', (b) => `${b}/photo.png`, /image \(image\/png\), not an article page/],
    ['JSON', (b) => `${b}/data.json`, /application\/json/],
    ['a login wall', (b) => `${b}/login`, /no article found on that page/],
    ['a file: link', () => 'file:///etc/passwd', /file:/],
    ['an ftp: link', () => 'ftp://example.com/a.txt', /ftp:/],
    ['a javascript: link', () => 'javascript:alert(1)', /javascript:/],
  ])('refuses %s in one line, exits 1 and writes nothing', async (_case, input, message) => {
    const { articles, env } = folders(true);
    const result = await add([input(base)], env);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^error: /);
    expect(result.stderr).toMatch(message);
    expect(readdirSync(articles)).toEqual(['ecuador-assange.txt']);
  });

  it.each([['127.0.0.1', (b: string) => `${b}/grant`], ['[::1]', () => 'http://[::1]/a'], ['10.0.0.1', () => 'http://10.0.0.1/a'], ['169.254.169.254', () => 'http://169.254.169.254/latest/meta-data/'], ['a redirect to loopback', (b: string) => `${b}/to-loopback`]])(
    'refuses %s without FETCH_ALLOW_PRIVATE, leaving the articles folder as it was',
    async (_case, input) => {
      const { articles, env } = folders(false);
      const result = await add([input(base)], env);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^error: Could not fetch .*(loopback|private|link-local)/);
      expect(readdirSync(articles)).toEqual(['ecuador-assange.txt']);
    },
  );

  it('reads text and Markdown files, refuses binary and non-UTF-8 ones, and goes on with the rest', async () => {
    const { articles, env } = folders(true);
    const scratch = temporaryFolder();
    const write = (name: string, content: string | Buffer) => {
      writeFileSync(join(scratch, name), content);
      return join(scratch, name);
    };
    const inputs = [write('plain.txt', 'A plain story\n\nIt has one paragraph.'), write('image.txt', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00])), write('latin.txt', Buffer.from('Caf\xe9 story\n\nOl\xe9.', 'latin1'))];
    const result = await add(inputs, env);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^Added “A plain story” — 1 paragraphs → .+a-plain-story\.md$/m);
    expect(result.stderr.trim().split('\n')).toEqual([`error: ${inputs[1]} is a binary file, not an article`, `error: ${inputs[2]} is not UTF-8 text; save it as plain UTF-8 text`]);
    expect(readdirSync(articles).sort()).toEqual(['a-plain-story.md', 'ecuador-assange.txt']);
  });
});
