import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { temporaryFolder } from '../helpers.ts';
import { fixturePage, LOGIN_WALL } from '../sources/fixtures.ts';
import { builtEntry, cleanEnv, runCli } from './run.ts';

const EXTRACT = builtEntry('extract');
const ENTRY = EXTRACT[1];

/** `npm run extract -- …` as a user runs it: the built entry point, in a clean environment (PATH alone). */
const extract = (...args: string[]) => runCli(EXTRACT, args, cleanEnv({}, { home: false }));

describe('npm run extract', () => {
  const folder = temporaryFolder('quote-bot-extract-');
  const file = (name: string, content: string | Buffer) => {
    const path = join(folder, name);
    writeFileSync(path, content);
    return path;
  };
  let givewell: string;
  let japanese: string;

  beforeAll(() => {
    if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run npm run build first (npm test does)`);
    givewell = file('givewell.html', fixturePage('givewell-grant'));
    japanese = file('japanese.htm', fixturePage('lhpat-trademark-ja'));
  });

  it('prints the metadata, then each paragraph with its role', async () => {
    const result = await extract(givewell);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^source: +.*givewell\.html$/m);
    expect(result.stdout).toMatch(/^title: +A grant to Evidence Action Beta to prototype, test, and scale promising programs$/m);
    expect(result.stdout).toMatch(/^published: +2018-10-09T20:46:39\.000Z$/m);
    expect(result.stdout).toMatch(/^paragraphs: \d+$/m);
    expect(result.stdout).toMatch(/^heading +Summary$/m);
    expect(result.stdout).toMatch(/^list +Why Evidence Action Beta is promising\. \(More\)$/m);
    expect(result.stdout).toMatch(/^quote +A key part of GiveWell’s research process/m);
  });

  it('prints one JSON line per input with --json', async () => {
    const result = await extract('--json', givewell, japanese);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toHaveLength(2);
    expect(Object.keys(lines[0])).toEqual(['source', 'title', 'byline', 'published', 'siteName', 'lang', 'url', 'paragraphs']);
    expect(lines[0]).toMatchObject({ source: givewell, siteName: 'The GiveWell Blog', lang: 'en', byline: 'Olivia Larsen' });
    expect(lines[1]).toMatchObject({ source: japanese, lang: 'ja', title: '商品の改造が商標法違反に！？' });
    const paragraphs = [...lines[0].paragraphs, ...lines[1].paragraphs];
    expect(paragraphs.length).toBeGreaterThan(0);
    for (const paragraph of paragraphs) expect(Object.keys(paragraph)).toEqual(['text', 'role']);
  });

  it('names each failed input in one line, goes on with the rest, and exits 1', async () => {
    mkdirSync(join(folder, 'a-folder.html'));
    const inputs = {
      missing: join(folder, 'missing.html'),
      folder: join(folder, 'a-folder.html'),
      notArticle: file('report.pdf', '%PDF-1.4'),
      binary: file('image.html', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d])),
      noArticle: file('login.html', LOGIN_WALL),
    };
    const result = await extract('--json', inputs.missing, givewell, inputs.folder, inputs.notArticle, inputs.binary, inputs.noArticle);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      `error: ${inputs.missing} does not exist`,
      `error: ${inputs.folder} is a folder, not a file`,
      `error: ${inputs.notArticle}: only saved pages (.html, .htm, .xhtml), text (.txt) and Markdown (.md) files can be read`,
      `error: ${inputs.binary} is a binary file, not an article`,
      `error: ${inputs.noArticle}: no article found on that page`,
    ]);
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((line) => line.source)).toEqual([inputs.missing, givewell, inputs.folder, inputs.notArticle, inputs.binary, inputs.noArticle]);
    expect(lines[1].paragraphs.length).toBeGreaterThan(10);
    expect(lines[5]).toEqual({ source: inputs.noArticle, error: `${inputs.noArticle}: no article found on that page` });
  });

  it('without inputs, prints its usage and exits 2', async () => {
    const result = await extract();
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: name at least one file\nusage: npm run extract -- \[--json\]/);
  });
});
