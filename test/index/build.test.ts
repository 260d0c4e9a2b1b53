import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.ts';
import { loadEmbedder, type Embedder } from '../../src/embedding/embedder.ts';
import { ensureIndex } from '../../src/index/build.ts';
import { INDEX_FORMAT_VERSION } from '../../src/index/manifest.ts';
import { currentGeneration, IndexWriteError, indexFolderFor, readIndex } from '../../src/index/store.ts';
import { searchEf } from '../../src/index/vector-index.ts';
import { chunkCorpus } from '../../src/corpus/chunker.ts';
import { sentenceTable } from '../../src/corpus/sentences.ts';
import type { Logger } from '../../src/logger.ts';
import { SEED_TEXT, TEST_MODEL, temporaryFolder, testModelsDir } from '../helpers.ts';

const chunking = { targetChars: 500, overlapChars: 100 };

/** Counts the passages a real embedder is asked to embed. */
function counting(embedder: Embedder): Embedder & { embedded: number } {
  const wrapper = {
    model: embedder.model,
    dimensions: embedder.dimensions,
    embedded: 0,
    embedQueries: (texts: string[]) => embedder.embedQueries(texts),
    isWord: (word: string) => embedder.isWord(word),
    embedPassages: (texts: string[]) => {
      wrapper.embedded += texts.length;
      return embedder.embedPassages(texts);
    },
  };
  return wrapper;
}

/** The folder holding the files of the generation in use. */
function inUse(folder: string): string {
  const generation = currentGeneration(folder);
  if (!generation) throw new Error(`no generation in use in ${folder}`);
  return generation;
}

function editManifest(folder: string, edit: (text: string) => string): void {
  const file = join(inUse(folder), 'manifest.json');
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
}

/** What ingest reads of a folder, and the tables answering would derive (a stand-in here). */
function corpusOf(folder: string, derivedVersion = 'test-1') {
  const { articles } = loadCorpus(folder);
  return { articles, derive: () => ({ answers: Int32Array.of(42, articles.length), words: ['a', 'b'] }), derivedVersion };
}

const lines: string[] = [];
const log: Logger = { info: (m) => lines.push(m), warn: (m) => lines.push(m) };

describe('ensureIndex', () => {
  let embedder: Embedder & { embedded: number };
  let articlesDir: string;
  let indexDir: string;
  const build = () => ensureIndex({ ...corpusOf(articlesDir), chunking, embedder, indexDir, log });

  beforeAll(async () => {
    embedder = counting(await loadEmbedder({ model: TEST_MODEL, modelsDir: testModelsDir(), cacheDir: temporaryFolder(), localFilesOnly: true }));
    articlesDir = temporaryFolder();
    indexDir = temporaryFolder();
    writeFileSync(join(articlesDir, 'seed.txt'), SEED_TEXT);
    writeFileSync(join(articlesDir, 'other.md'), '# Other\n\nThe cat sat on the mat. It was a calm day in London.\n');
  });

  it('builds a real HNSW index whose nearest chunk to a chunk is itself, and reloads it with its tables', async () => {
    const first = await build();
    const { articles } = loadCorpus(articlesDir);
    const chunks = chunkCorpus(articles, sentenceTable(articles, chunking.targetChars), chunking);
    expect(first.embedded).toBe(chunks.length);
    expect(first.index.manifest).toMatchObject({ model: TEST_MODEL, dimensions: 32, chunkCount: chunks.length, chunking, derivedVersion: 'test-1' });
    const reloaded = await readIndex(indexFolderFor(indexDir, TEST_MODEL));
    if (!reloaded.ok) throw new Error(reloaded.reason);
    expect(reloaded.index.tables.answers).toEqual(Int32Array.of(42, 2));
    expect(reloaded.index.tables.words).toEqual(['a', 'b']);
    // The corpus as stored: the same sentences, each chunk within its sentence range.
    expect(first.sentences.length).toBe(sentenceTable(articles, chunking.targetChars).length);
    expect(first.chunkSentences.first[5]).toBeLessThanOrEqual(first.chunkSentences.last[5]!);
    const [vector] = await embedder.embedPassages([chunks[5]!.text]);
    expect(reloaded.index.vectors.search(vector!, 1).map((n) => n.chunk)).toEqual([5]);
    expect(reloaded.index.vectors.ef).toBeGreaterThan(10);
  });

  it('does no embedding work when nothing changed, and gives the articles their stored layout', async () => {
    const before = embedder.embedded;
    const corpus = corpusOf(articlesDir);
    const again = await ensureIndex({ ...corpus, chunking, embedder, indexDir, log });
    expect(again.embedded).toBe(0);
    expect(embedder.embedded).toBe(before);
    // The stored layout is the one parsing finds.
    const parsed = loadCorpus(articlesDir).articles;
    expect(corpus.articles.map((article) => [article.headline, article.paragraphs])).toEqual(parsed.map((article) => [article.headline, article.paragraphs]));
  });

  it('re-embeds only the article that changed', async () => {
    appendFileSync(join(articlesDir, 'other.md'), '\nA new closing paragraph about the weather.\n');
    const before = embedder.embedded;
    const result = await build();
    const otherChunks = result.index.manifest.articles.find((record) => record.id === 'other')!.chunks;
    expect(result.embedded).toBe(otherChunks);
    expect(embedder.embedded - before).toBe(otherChunks);
    expect(lines.at(-1)).toMatch(/other\.md changed/);
  });

  it.each([
    ['a truncated index file', (folder: string) => truncateSync(join(inUse(folder), 'index.hnsw'), 100), /index\.hnsw does not match its checksum/],
    [
      'a bit-flipped index file',
      (folder: string) => {
        const bytes = readFileSync(join(inUse(folder), 'index.hnsw'));
        bytes[bytes.length - 7]! ^= 0x10;
        writeFileSync(join(inUse(folder), 'index.hnsw'), bytes);
      },
      /index\.hnsw does not match its checksum/,
    ],
    ['a corrupt manifest', (folder: string) => writeFileSync(join(inUse(folder), 'manifest.json'), '{"formatVersion": 2,'), /manifest\.json is not valid JSON/],
    ['a manifest with a wrong dimension', (folder: string) => editManifest(folder, (text) => text.replace(/"dimensions": \d+/, '"dimensions": 108')), /manifest\.json does not match its own checksum/],
    ['a manifest with a flipped key', (folder: string) => editManifest(folder, (text) => text.replace('"articles"', '"crticles"')), /manifest\.json does not match its own checksum/],
    [
      'a manifest re-signed after a bad edit',
      (folder: string) =>
        editManifest(folder, (text) => {
          const { checksum: _, ...manifest } = JSON.parse(text.replace('"articles"', '"crticles"'));
          return JSON.stringify({ ...manifest, checksum: createHash('sha256').update(JSON.stringify(manifest)).digest('hex') });
        }),
      /manifest\.json is not a valid manifest \(articles: Invalid input: expected array, received undefined\)/,
    ],
    ['a manifest of another format', (folder: string) => editManifest(folder, (text) => text.replace(/"formatVersion": \d+/, '"formatVersion": 1')), new RegExp(`has format 1, this version reads ${INDEX_FORMAT_VERSION}`)],
    ['edited tables', (folder: string) => appendFileSync(join(inUse(folder), 'tables.bin'), ' '), /tables\.bin does not match its checksum/],
    ['a pointer to no generation', (folder: string) => writeFileSync(join(folder, 'CURRENT'), 'gen-0-1-ab\n'), /cannot read the index files in .*gen-0-1-ab \(ENOENT\)/],
  ])('detects %s and rebuilds it, saying why', async (_name, damage, reason) => {
    const folder = indexFolderFor(indexDir, TEST_MODEL);
    damage(folder);
    const check = await readIndex(folder);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toMatch(reason);
    const rebuilt = await build();
    expect(rebuilt.embedded).toBe(rebuilt.index.manifest.chunkCount);
    expect(lines.at(-1)).toMatch(reason);
    expect((await readIndex(folder)).ok).toBe(true);
  });

  it('keeps the previous index whole when embedding fails mid-run', async () => {
    const folder = indexFolderFor(indexDir, TEST_MODEL);
    const before = await readIndex(folder);
    expect(before.ok).toBe(true);
    // Enough text for several groups of chunks: the first is embedded, the second fails.
    writeFileSync(join(articlesDir, 'third.txt'), `Third\n\n${'A new sentence about the embassy. '.repeat(12_000)}`);
    let calls = 0;
    const failing = { ...embedder, embedPassages: async (texts: string[]) => {
      if (++calls > 1) throw new Error('model crashed');
      return embedder.embedPassages(texts);
    } };
    await expect(ensureIndex({ ...corpusOf(articlesDir), chunking, embedder: failing, indexDir, log })).rejects.toThrow('model crashed');
    const after = await readIndex(folder);
    if (!after.ok || !before.ok) throw new Error('index unreadable');
    expect(after.index.manifest).toEqual(before.index.manifest);
  });

  it('uses the index in memory, with a warning, when it cannot be saved; fails when it must be saved', async () => {
    const unwritable = join(articlesDir, 'seed.txt', 'index'); // below a file: mkdir fails
    const corpus = corpusOf(articlesDir);
    const result = await ensureIndex({ ...corpus, chunking, embedder, indexDir: unwritable, log });
    expect(result.index.manifest.chunkCount).toBeGreaterThan(0);
    expect(result.index.vectors.size).toBe(result.index.manifest.chunkCount);
    expect(lines.at(-1)).toMatch(/cannot save the index in .*\(ENOTDIR\): set INDEX_DIR to a writable folder; using the index in memory/);
    await expect(ensureIndex({ ...corpus, chunking, embedder, indexDir: unwritable, log, mustSave: true })).rejects.toBeInstanceOf(IndexWriteError);
  });

  it('rebuilds an index made with another model of the same name but other dimensions', async () => {
    const other = { ...embedder, dimensions: embedder.dimensions + 8, embedPassages: async (texts: string[]) => texts.map(() => new Float32Array(40).fill(Math.sqrt(1 / 40))) };
    const result = await ensureIndex({ ...corpusOf(articlesDir), chunking, embedder: other, indexDir, log });
    expect(lines.at(-1)).toMatch(/built with test-model \(32 dimensions\), the model is test-model \(40\)/);
    expect(result.index.manifest.dimensions).toBe(40);
    const back = await build();
    expect(back.index.manifest.dimensions).toBe(32);
  });

  it('rebuilds when the answering tables change version, reusing every vector', async () => {
    const result = await ensureIndex({ ...corpusOf(articlesDir, 'test-2'), chunking, embedder, indexDir, log });
    expect(lines.at(-1)).toMatch(/answering tables are version test-1, this version uses test-2/);
    expect(result.embedded).toBe(0);
    expect(result.index.manifest.derivedVersion).toBe('test-2');
    await ensureIndex({ ...corpusOf(articlesDir, 'test-1'), chunking, embedder, indexDir, log });
  });

  it('removes what a killed writer left behind and files of earlier layouts, keeping the generation in use and the one before it', async () => {
    const folder = indexFolderFor(indexDir, TEST_MODEL);
    const before = inUse(folder);
    mkdirSync(join(folder, 'gen-0-99999-dead'));
    writeFileSync(join(folder, 'gen-0-99999-dead', 'index.hnsw'), 'half written');
    writeFileSync(join(folder, 'CURRENT.tmp-99999-00ff'), 'gen-0-99999-dead');
    writeFileSync(join(folder, 'chunks.json'), '[]');
    writeFileSync(join(folder, 'manifest.json'), '{}');
    appendFileSync(join(articlesDir, 'other.md'), '\nOne more paragraph.\n');
    await build();
    const after = inUse(folder);
    expect(after).not.toBe(before);
    expect(readdirSync(folder).sort()).toEqual(['CURRENT', basename(before), basename(after)].sort());
    expect(readdirSync(after).sort()).toEqual(['index.hnsw', 'manifest.json', 'tables.bin']);
  });

  it('reports a missing index as missing, not damaged', async () => {
    const result = await readIndex(join(indexDir, 'nothing-here'));
    expect(result).toMatchObject({ ok: false, missing: true });
  });
});

describe('searchEf', () => {
  it.each([
    [0, 100],
    [15, 100],
    [1_000, 100],
    [2_500, 250],
    [5_857, 586],
    [10_000, 1000],
    [25_000, 1000],
    [100_000, 1000],
    [5_000_000, 1000],
  ])('%i vectors → ef %i', (count, ef) => {
    expect(searchEf(count)).toBe(ef);
  });
});
