import type { Article } from '../corpus/articles.ts';
import { layoutColumns, useStoredLayouts } from '../corpus/layout.ts';
import { chunkCorpus, type Chunk, type ChunkingOptions } from '../corpus/chunker.ts';
import { sentenceTable, SentenceTable } from '../corpus/sentences.ts';
import type { Embedder } from '../embedding/embedder.ts';
import type { Logger } from '../logger.ts';
import type { Manifest } from './manifest.ts';
import { IndexWriteError, indexFolderFor, lockIndexFolder, readIndex, writeIndex, type IndexLock, type StoredIndex } from './store.ts';
import { TableReader, type Tables } from './tables.ts';

/** Chunks embedded per call: large enough for the embedder to batch by length, small enough for a lively progress bar. */
const EMBEDDING_GROUP = 512;

export interface BuildOptions {
  articles: Article[];
  chunking: ChunkingOptions;
  embedder: Embedder;
  indexDir: string;
  log: Logger;
  /** What else answering derives from the articles and their sentences, stored with the index. */
  derive: (articles: Article[], sentences: SentenceTable) => Tables;
  /** Changes whenever `derive` gives other tables: an index with another version is rebuilt. */
  derivedVersion: string;
  /** Called after each embedded group: chunks embedded so far of those that need it. */
  onProgress?: ((done: number, total: number) => void) | undefined;
  /** Fail when the index cannot be saved (ingest); otherwise use it in memory and warn. */
  mustSave?: boolean | undefined;
}

export interface BuildResult {
  index: StoredIndex;
  /** The corpus as stored with the index: its sentences, and each chunk's first and last sentence. */
  sentences: SentenceTable;
  chunkSentences: { first: Int32Array; last: Int32Array };
  /** Chunks embedded in this run; 0 when the index was already up to date. */
  embedded: number;
  /** Chunks whose vectors were carried over from the previous index. */
  reused: number;
}

function sameChunking(a: ChunkingOptions, b: ChunkingOptions): boolean {
  return a.targetChars === b.targetChars && a.overlapChars === b.overlapChars;
}

/** Why an index no longer fits the articles, model and settings, or null when it does. */
function staleReason(manifest: Manifest, options: BuildOptions): string | null {
  const { articles, chunking, embedder } = options;
  if (manifest.derivedVersion !== options.derivedVersion) return `its answering tables are version ${manifest.derivedVersion}, this version uses ${options.derivedVersion}`;
  if (manifest.model !== embedder.model || manifest.dimensions !== embedder.dimensions) {
    return `it was built with ${manifest.model} (${manifest.dimensions} dimensions), the model is ${embedder.model} (${embedder.dimensions})`;
  }
  if (!sameChunking(manifest.chunking, chunking)) return 'the chunking settings changed';
  const indexed = new Map(manifest.articles.map((record) => [record.id, record.sha256]));
  for (const article of articles) {
    if (!indexed.has(article.id)) return `${article.file} is new`;
    if (indexed.get(article.id) !== article.sha256) return `${article.file} changed`;
  }
  const current = new Set(articles.map((article) => article.id));
  const removed = manifest.articles.find((record) => !current.has(record.id));
  return removed ? `${removed.file} was removed` : null;
}

/** The corpus's own columns: the sentence table, the article layouts, the chunks, and each chunk's sentence range. */
function corpusTables(sentences: SentenceTable, chunks: Chunk[], articles: Article[]): Tables {
  const articleNumber = new Map(articles.map((article, a) => [article.id, a]));
  const column = (pick: (chunk: Chunk) => number) => Int32Array.from(chunks, pick);
  const ranges = chunks.map((chunk) => sentenceRange(sentences, articleNumber.get(chunk.articleId)!, chunk.start, chunk.end));
  return {
    ...sentences.columns(),
    ...layoutColumns(articles),
    chunkArticle: column((chunk) => articleNumber.get(chunk.articleId)!),
    chunkIndex: column((chunk) => chunk.index),
    chunkFirstSentence: Int32Array.from(ranges, (range) => range.first),
    chunkLastSentence: Int32Array.from(ranges, (range) => range.last),
  };
}

/** The first and last sentence numbers of article a within [start, end): sentences are sorted by article, then offset. */
function sentenceRange(sentences: SentenceTable, a: number, start: number, end: number): { first: number; last: number } {
  let low = 0;
  let high = sentences.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sentences.articleIndex[middle]! < a || (sentences.articleIndex[middle] === a && sentences.start[middle]! < start)) low = middle + 1;
    else high = middle;
  }
  let last = low;
  while (last + 1 < sentences.length && sentences.articleIndex[last + 1] === a && sentences.end[last + 1]! <= end) last++;
  return { first: low, last };
}

/** The corpus columns of a stored index, read back. */
function storedCorpus(index: StoredIndex): Pick<BuildResult, 'sentences' | 'chunkSentences'> {
  const reader = new TableReader(index.tables);
  return {
    sentences: SentenceTable.fromColumns((name) => reader.ints(name)),
    chunkSentences: { first: reader.ints('chunkFirstSentence'), last: reader.ints('chunkLastSentence') },
  };
}

/** What the index in use says about the articles: a result when it fits them, else why not and the vectors to carry over. */
type Inspection = { fits: BuildResult } | { fits: null; why: { level: 'info' | 'warn'; message: string } | null; reusable: Map<string, Float32Array> };

async function inspect(folder: string, options: Omit<BuildOptions, 'onProgress' | 'mustSave'>, carryOver = true): Promise<Inspection> {
  const { articles, chunking, embedder } = options;
  const previous = await readIndex(folder);
  const reusable = new Map<string, Float32Array>();
  if (previous.ok) {
    const reason = staleReason(previous.index.manifest, options);
    if (reason === null) {
      try {
        const reader = new TableReader(previous.index.tables);
        useStoredLayouts(articles, (name) => reader.ints(name));
        return { fits: { index: previous.index, ...storedCorpus(previous.index), embedded: 0, reused: previous.index.manifest.chunkCount } };
      } catch (error) {
        return { fits: null, why: { level: 'warn', message: `Rebuilding the index: ${(error as Error).message}.` }, reusable };
      }
    }
    if (carryOver) collectReusableVectors(previous.index, articles, chunking, embedder.dimensions, reusable);
    return { fits: null, why: { level: 'info', message: `Updating the index in ${folder}: ${reason}.` }, reusable };
  }
  return { fits: null, why: previous.missing ? null : { level: 'warn', message: `Rebuilding the index: ${previous.reason}.` }, reusable };
}

/**
 * The stored index, when it is whole and fits the articles, model and settings; otherwise why
 * not. Nothing is built (for a process that must not spend long building, such as the bot's main
 * thread, which leaves that to its indexing worker), and no lock is taken.
 */
export async function readFreshIndex(options: Omit<BuildOptions, 'onProgress' | 'mustSave'>): Promise<BuildResult | { stale: string }> {
  const inspection = await inspect(indexFolderFor(options.indexDir, options.embedder.model), options, false);
  return inspection.fits ?? { stale: inspection.why?.message ?? 'there is no index yet' };
}

/**
 * Returns an index that fits the articles, building what is missing. An index that fits is read,
 * not rebuilt: its sentences, chunks and answering tables come from its files. Vectors of
 * articles whose text and chunking did not change are carried over from the previous index, so
 * a changed article re-embeds only itself; a damaged index is rebuilt from scratch, saying why.
 * Reading takes no lock; building holds the folder's writer lock (waiting, and saying so, while
 * another process writes), and first looks again: the other writer may have built just this.
 */
export async function ensureIndex(options: BuildOptions): Promise<BuildResult> {
  const { embedder, log } = options;
  const folder = indexFolderFor(options.indexDir, embedder.model);
  let inspection = await inspect(folder, options);
  if (inspection.fits) return inspection.fits;
  let lock: IndexLock | null = null;
  try {
    lock = await lockIndexFolder(folder, () => log.info(`Another process is writing the index in ${folder} (npm run ingest?); waiting for it to finish.`));
  } catch {
    // No lock where the folder cannot be written: the index is built all the same, and saving it says why it cannot be.
  }
  try {
    if (lock) inspection = await inspect(folder, options);
    if (inspection.fits) return inspection.fits;
    if (inspection.why) log[inspection.why.level](inspection.why.message);
    return await build(folder, inspection.reusable, options, lock);
  } finally {
    await lock?.release();
  }
}

/** Chunks, embeds what cannot be carried over, and writes the index (or, unless it must be saved, keeps it in memory). */
async function build(folder: string, reusable: Map<string, Float32Array>, options: BuildOptions, lock: IndexLock | null): Promise<BuildResult> {
  const { articles, chunking, embedder, log } = options;
  const sentences = sentenceTable(articles, chunking.targetChars);
  const chunks = chunkCorpus(articles, sentences, chunking);
  const toEmbed = chunks.filter((chunk) => !reusable.has(chunk.id));
  const fresh = new Map<string, Float32Array>();
  options.onProgress?.(0, toEmbed.length);
  for (let offset = 0; offset < toEmbed.length; offset += EMBEDDING_GROUP) {
    const group = toEmbed.slice(offset, offset + EMBEDDING_GROUP);
    const vectors = await embedder.embedPassages(group.map((chunk) => chunk.text));
    group.forEach((chunk, i) => fresh.set(chunk.id, vectors[i]!));
    options.onProgress?.(offset + group.length, toEmbed.length);
  }
  const vectors = chunks.map((chunk) => reusable.get(chunk.id) ?? fresh.get(chunk.id)!);
  const chunksPerArticle = new Map<string, number>();
  for (const chunk of chunks) chunksPerArticle.set(chunk.articleId, (chunksPerArticle.get(chunk.articleId) ?? 0) + 1);
  const description = {
    model: embedder.model,
    derivedVersion: options.derivedVersion,
    dimensions: embedder.dimensions,
    chunking,
    articles: articles.map((article) => ({
      id: article.id,
      file: article.file,
      title: article.title,
      sha256: article.sha256,
      paragraphs: article.paragraphs.length,
      chunks: chunksPerArticle.get(article.id) ?? 0,
    })),
    chunkCount: chunks.length,
  };
  let index: StoredIndex;
  try {
    index = await writeIndex(folder, description, vectors, () => ({ ...corpusTables(sentences, chunks, articles), ...options.derive(articles, sentences) }), lock ? { lock } : {});
  } catch (error) {
    if (!(error instanceof IndexWriteError) || options.mustSave) throw error;
    log.warn(`${error.message}; using the index in memory for this run.`);
    index = error.index;
  }
  return { index, ...storedCorpus(index), embedded: toEmbed.length, reused: chunks.length - toEmbed.length };
}

/** Vectors of unchanged articles, by chunk id, read back from the previous index. */
function collectReusableVectors(previous: StoredIndex, articles: Article[], chunking: ChunkingOptions, dimensions: number, into: Map<string, Float32Array>): void {
  const { manifest, vectors } = previous;
  if (!sameChunking(manifest.chunking, chunking) || manifest.dimensions !== dimensions) return;
  const unchanged = new Set(articles.map((article) => `${article.id}:${article.sha256}`));
  try {
    const reader = new TableReader(previous.tables);
    const chunkArticle = reader.ints('chunkArticle');
    const chunkIndex = reader.ints('chunkIndex');
    chunkArticle.forEach((a, position) => {
      const record = manifest.articles[a];
      if (record && unchanged.has(`${record.id}:${record.sha256}`)) into.set(`${record.id}#${chunkIndex[position]}`, vectors.vector(position));
    });
  } catch {
    // Tables of another shape: nothing to reuse, everything is embedded afresh.
    into.clear();
  }
}
