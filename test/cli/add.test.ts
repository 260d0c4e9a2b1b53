import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/paths.ts';
import { SEED_ARTICLE, temporaryFolder } from '../helpers.ts';

const run = promisify(execFile);
const PAGE = gunzipSync(readFileSync(join(PROJECT_ROOT, 'test', 'fixtures', 'pages', 'givewell-grant.html.gz')));
const LOGIN_WALL = '<html><head><title>Log in</title></head><body><form><h2>Sign in to keep reading</h2><input name="user"><button>Sign in</button></form></body></html>';

/** `npm run add` as a user runs it (the compiled entry point), with its own articles and index folders. */
async function add(inputs: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(PROJECT_ROOT, 'dist', 'cli', 'add.js'), ...inputs], { cwd: PROJECT_ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

describe('npm run add', () => {
  let server: Server;
  let base: string;
  const served = new Map<string, { type: string; body: Buffer | string; status?: number; location?: string }>([
    ['/grant', { type: 'text/html; charset=utf-8', body: PAGE }],
    ['/notes.md', { type: 'text/markdown', body: '# Field notes\n\n## The fern\n\nThe lumifernin fern glows at night.' }],
    ['/missing', { type: 'text/plain', body: 'no', status: 404 }],
    ['/broken', { type: 'text/plain', body: 'oops', status: 500 }],
    ['/photo.png', { type: 'image/png', body: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) }],
    ['/data.json', { type: 'application/json', body: '{"a":1}' }],
    ['/login', { type: 'text/html', body: LOGIN_WALL }],
    ['/to-loopback', { type: 'text/plain', body: '', status: 302, location: 'http://127.0.0.1:9/' }],
  ]);
  beforeAll(async () => {
    server = createServer((request, response) => {
      const page = served.get(request.url ?? '');
      if (!page) {
        response.writeHead(404);
        response.end();
        return;
      }
      response.writeHead(page.status ?? 200, { 'content-type': page.type, ...(page.location ? { location: page.location } : {}) });
      response.end(page.body);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());

  /** A fresh articles folder holding the seed article, and an index folder. */
  function folders(allowPrivate: boolean) {
    const articles = temporaryFolder('quote-bot-add-articles-');
    copyFileSync(SEED_ARTICLE, join(articles, 'ecuador-assange.txt'));
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
