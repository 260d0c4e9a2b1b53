import type { Article } from '../corpus/articles.ts';
import { chunkCorpus, type Chunk, type ChunkingOptions } from '../corpus/chunker.ts';
import type { Sentence } from '../corpus/sentences.ts';
import { EMBEDDING_BATCH_SIZE, type Embedder } from '../embedding/embedder.ts';
import type { Logger } from '../logger.ts';
import { IndexWriteError, indexFolderFor, readIndex, writeIndex, type Manifest, type StoredIndex } from './store.ts';

export interface BuildOptions {
  articles: Article[];
  /** The corpus's sentence table (see sentenceTable): long paragraphs are chunked on its sentences. */
  sentences: Sentence[];
  chunking: ChunkingOptions;
  embedder: Embedder;
  indexDir: string;
  log: Logger;
  /** Called after each embedded batch: chunks embedded so far of those that need it. */
  onProgress?: (done: number, total: number) => void;
  /** Fail when the index cannot be saved (ingest); otherwise use it in memory and warn. */
  mustSave?: boolean;
}

export interface BuildResult {
  index: StoredIndex;
  /** Chunks embedded in this run; 0 when the index was already up to date. */
  embedded: number;
  /** Chunks whose vectors were carried over from the previous index. */
  reused: number;
}

function sameChunking(a: ChunkingOptions, b: ChunkingOptions): boolean {
  return a.targetChars === b.targetChars && a.overlapChars === b.overlapChars;
}

/** Why an index no longer fits the articles, model and settings, or null when it does. */
function staleReason(manifest: Manifest, articles: Article[], chunking: ChunkingOptions, embedder: Embedder): string | null {
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

/**
 * Returns an index that fits the articles, building what is missing. Vectors of articles whose
 * text and chunking did not change are carried over from the previous index, so a changed
 * article re-embeds only itself; a damaged index is rebuilt from scratch, saying why.
 */
export async function ensureIndex(options: BuildOptions): Promise<BuildResult> {
  const { articles, chunking, embedder, log } = options;
  const folder = indexFolderFor(options.indexDir, embedder.model);
  const previous = readIndex(folder);
  const reusable = new Map<string, number[]>();
  if (previous.ok) {
    const reason = staleReason(previous.index.manifest, articles, chunking, embedder);
    if (reason === null) return { index: previous.index, embedded: 0, reused: previous.index.chunks.length };
    log.info(`Updating the index in ${folder}: ${reason}.`);
    collectReusableVectors(previous.index, articles, chunking, embedder.dimensions, reusable);
  } else if (!previous.missing) {
    log.warn(`Rebuilding the index: ${previous.reason}.`);
  }

  const chunks = chunkCorpus(articles, options.sentences, chunking);
  const toEmbed = chunks.filter((chunk) => !reusable.has(chunk.id));
  const fresh = new Map<string, number[]>();
  options.onProgress?.(0, toEmbed.length);
  for (let offset = 0; offset < toEmbed.length; offset += EMBEDDING_BATCH_SIZE) {
    const batch = toEmbed.slice(offset, offset + EMBEDDING_BATCH_SIZE);
    const vectors = await embedder.embedPassages(batch.map((chunk) => chunk.text));
    batch.forEach((chunk, i) => fresh.set(chunk.id, vectors[i]!));
    options.onProgress?.(offset + batch.length, toEmbed.length);
  }
  const vectors = chunks.map((chunk) => reusable.get(chunk.id) ?? fresh.get(chunk.id)!);
  const chunksPerArticle = new Map<string, number>();
  for (const chunk of chunks) chunksPerArticle.set(chunk.articleId, (chunksPerArticle.get(chunk.articleId) ?? 0) + 1);
  const description = {
    model: embedder.model,
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
  };
  let index: StoredIndex;
  try {
    index = writeIndex(folder, description, chunks, vectors);
  } catch (error) {
    if (!(error instanceof IndexWriteError) || options.mustSave) throw error;
    log.warn(`${error.message}; using the index in memory for this run.`);
    index = error.index;
  }
  return { index, embedded: toEmbed.length, reused: chunks.length - toEmbed.length };
}

/** Vectors of unchanged articles, by chunk id, read back from the previous index. */
function collectReusableVectors(
  previous: StoredIndex,
  articles: Article[],
  chunking: ChunkingOptions,
  dimensions: number,
  into: Map<string, number[]>,
): void {
  const { manifest, chunks, vectors } = previous;
  if (!sameChunking(manifest.chunking, chunking) || manifest.dimensions !== dimensions) return;
  const unchanged = new Set(
    articles.filter((article) => manifest.articles.some((record) => record.id === article.id && record.sha256 === article.sha256)).map((article) => article.id),
  );
  chunks.forEach((chunk, position) => {
    if (unchanged.has(chunk.articleId)) into.set(chunk.id, vectors.vector(position));
  });
}
