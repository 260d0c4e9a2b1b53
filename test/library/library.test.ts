import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/answering/engine.ts';
import { openEngine, openSegment } from '../../src/app/open.ts';
import type { LibraryConfig } from '../../src/config/config.ts';
import { NO_METADATA, type StoredDocument } from '../../src/corpus/stored-form.ts';
import { Indexer } from '../../src/library/indexer.ts';
import { Library, LibraryError } from '../../src/library/library.ts';
import { folderWith, quiet, SEED_TEXT, TEST_MODEL, temporaryFolder, testEngineConfig, testModelsDir } from '../helpers.ts';
import { respond, TestServer } from '../sources/test-server.ts';
const SERVER_A = '200000000000000001';
const SERVER_B = '200000000000000002';

const PLANTS: StoredDocument = {
  title: 'Botanists find a fern that glows',
  metadata: { ...NO_METADATA, byline: 'Ada Green', published: '2026-11-30', siteName: 'Plant Weekly', url: 'https://plants.example/glowing-fern', added: '2026-12-01T10:00:00.000Z' },
  paragraphs: [
    { text: 'A fern that glows faintly at night was found in the Andes by a team from Quito.', role: 'body' },
    { text: 'How does it glow?', role: 'heading' },
    { text: 'The fern makes a protein called lumifernin, which shines green under moonlight.', role: 'body' },
  ],
};

const VOCABULARY = 'botanists fern glows glow faintly night andes team quito protein lumifernin shines green moonlight plants weekly ada';

describe('the library: each server its own articles, live', () => {
  const folder = temporaryFolder();
  const config = testEngineConfig({ model: TEST_MODEL, modelsDir: testModelsDir(VOCABULARY), articlesDir: folderWith({ 'ecuador-assange.txt': SEED_TEXT }), indexDir: join(folder, 'index') });
  const libraryConfig: LibraryConfig = { dir: join(folder, 'library'), maxArticles: 2, maxBytes: 1024 * 1024, attachmentOrigin: 'http://127.0.0.1' };
  const indexer = new Indexer(quiet);
  let engine: Engine;
  let library: Library;

  const open = async () => {
    const operator = await openSegment(config, { articlesDir: config.articlesDir, indexDir: config.indexDir }, engine.embedder, { log: quiet });
    return Library.open({ engine, config, library: libraryConfig, sources: { allowPrivate: true }, indexer, log: quiet, operator });
  };
  const titles = (guildId: string | null) => library.searcher(guildId).summary().articles.map((article) => article.title);

  beforeAll(async () => {
    engine = await openEngine(config, { log: quiet });
    library = await open();
  });
  afterAll(async () => {
    library.close();
    await indexer.close();
  });

  it('adds an article to one server only: answerable there, absent elsewhere and in DMs', async () => {
    const { article, replaced } = await library.add(SERVER_A, PLANTS, 1000);
    expect(replaced).toBe(false);
    expect(article).toMatchObject({ title: PLANTS.title, owner: { kind: 'server', guildId: SERVER_A } });
    expect(titles(SERVER_A)).toEqual(['Ecuador may have finally lost patience with Julian Assange', PLANTS.title]);
    expect(titles(SERVER_B)).toEqual(['Ecuador may have finally lost patience with Julian Assange']);
    expect(titles(null)).toEqual(['Ecuador may have finally lost patience with Julian Assange']);
    const answer = await library.searcher(SERVER_A).answer('what protein makes the fern glow', 3);
    expect(answer.extracts[0]!.text).toContain('lumifernin');
    for (const place of [SERVER_B, null]) {
      const elsewhere = await library.searcher(place).answer('what protein makes the fern glow', 9);
      expect(elsewhere.extracts.every((extract) => extract.articleTitle !== PLANTS.title)).toBe(true);
      expect(library.searcher(place).suggestTerms('lumi', 25)).toEqual([]);
      expect(library.searcher(place).lookup('lumifernin').found).toBe(false);
    }
  });

  it('replaces, never duplicates, an article added again from the same page', async () => {
    const again = await library.add(SERVER_A, { ...PLANTS, paragraphs: [...PLANTS.paragraphs, { text: 'It was named after the moon.', role: 'body' }] }, 1100);
    expect(again.replaced).toBe(true);
    expect(titles(SERVER_A).filter((title) => title === PLANTS.title)).toHaveLength(1);
  });

  it('restricts a question to one article when asked', async () => {
    const key = library.articles(SERVER_A).find((article) => article.owner.kind === 'server')!.key;
    const answer = await library.searcher(SERVER_A, key).answer('who is the president of ecuador', 9);
    expect(answer.extracts.length).toBeGreaterThan(0);
    expect(answer.extracts.every((extract) => extract.articleKey === key)).toBe(true);
    expect(library.searcher(SERVER_A, key).lookup('Quito').found).toBe(true);
    expect(library.searcher(SERVER_A, key).lookup('Moreno').found).toBe(false);
    expect(library.searcher(SERVER_A).lookup('Moreno').found).toBe(true);
  });

  it('keeps what was added across a restart', async () => {
    library.close();
    library = await open();
    expect(titles(SERVER_A)).toContain(PLANTS.title);
  });

  it('refuses past the server’s cap, with a clear message, and keeps what it has', async () => {
    await library.add(SERVER_A, { ...PLANTS, title: 'Second', metadata: { ...PLANTS.metadata, url: 'https://plants.example/second' } }, 100);
    await expect(library.add(SERVER_A, { ...PLANTS, title: 'Third', metadata: { ...PLANTS.metadata, url: 'https://plants.example/third' } }, 100)).rejects.toThrow(/library is full \(2 articles\)/);
    expect(titles(SERVER_A)).toHaveLength(3);
  });

  it('removes an article from its server, and refuses to remove what is not that server’s', async () => {
    const own = library.articles(SERVER_A).find((article) => article.title === 'Second')!;
    await expect(library.remove(SERVER_B, own.key)).rejects.toThrow(LibraryError);
    const operatorKey = library.articles(SERVER_A).find((article) => article.owner.kind === 'operator')!.key;
    await expect(library.remove(SERVER_A, operatorKey)).rejects.toThrow(LibraryError);
    await library.remove(SERVER_A, own.key);
    expect(titles(SERVER_A)).not.toContain('Second');
  });

  it('answers questions in flight from the segments they started with', async () => {
    const before = library.searcher(SERVER_A);
    const own = library.articles(SERVER_A).find((article) => article.title === PLANTS.title)!;
    const asked = before.answer('what protein makes the fern glow', 3);
    await library.remove(SERVER_A, own.key);
    expect((await asked).extracts[0]!.text).toContain('lumifernin');
    expect(titles(SERVER_A)).not.toContain(PLANTS.title);
  });

  it('adds from a link or an attachment, reading Markdown as the folder would, and says plainly what it cannot use', async () => {
    const server = new TestServer({
      '/fern.md': respond(200, { 'content-type': 'text/markdown; charset=utf-8' }, '# Ferns of the night\n\n## Where\n\nThe lumifernin fern grows in the Andes.'),
      '/photo.png': respond(200, { 'content-type': 'image/png' }, Buffer.from([0x89, 0x50, 0x4e, 0x47])),
    });
    await server.start();
    const base = server.url('');
    try {
      const { article } = await library.addFrom(SERVER_B, { kind: 'url', url: `${base}/fern.md` });
      expect(article.title).toBe('Ferns of the night');
      expect(article.article.metadata).toMatchObject({ url: `${base}/fern.md`, source: `${base}/fern.md` });
      expect(article.article.paragraphs.map((p) => p.role)).toEqual(['heading', 'body']);
      await expect(library.addFrom(SERVER_B, { kind: 'url', url: `${base}/photo.png` })).rejects.toThrow(/image\/png/);
      await expect(library.addFrom(SERVER_B, { kind: 'url', url: `${base}/missing` })).rejects.toThrow(/404/);
      await expect(library.addFrom(SERVER_B, { kind: 'attachment', url: `${base}/fern.md`, name: 'fern.md', size: 60 })).rejects.toThrow(/does not come from Discord/);
      await expect(library.addFrom(SERVER_B, { kind: 'attachment', url: `${libraryConfig.attachmentOrigin}/x.pdf`, name: 'x.pdf', size: 60 })).rejects.toThrow(/not an article file/);
      expect(titles(SERVER_B)).toEqual(['Ecuador may have finally lost patience with Julian Assange', 'Ferns of the night']);
    } finally {
      await server.stop();
    }
  });

  it('picks up a file dropped into, or removed from, the operator’s folder', async () => {
    const file = join(config.articlesDir, 'fern.txt');
    writeFileSync(file, 'Glowing ferns\n\nThe lumifernin fern shines under moonlight in the Andes.');
    await library.refreshOperator();
    expect(titles(SERVER_B)).toContain('Glowing ferns');
    rmSync(file);
    await library.refreshOperator();
    expect(titles(SERVER_B)).not.toContain('Glowing ferns');
  });
});
