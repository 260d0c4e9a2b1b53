/**
 * The composition root: configuration → articles and their sentences → embedding model →
 * index → segment → answering engine, in one place for the bot and every command-line tool.
 */
import { Engine, type Searcher } from '../answering/engine.ts';
import { Segment } from '../answering/segment.ts';
import { ANSWERING_TABLES_VERSION, answeringTables } from '../answering/tables.ts';
import type { AnsweringModel } from '../answering/ranking/model.ts';
import type { EngineConfig } from '../config/config.ts';
import type { Article } from '../corpus/articles.ts';
import { CorpusError, loadCorpus } from '../corpus/load.ts';
import { chunkCorpus } from '../corpus/chunker.ts';
import { sentenceTable } from '../corpus/sentences.ts';
import type { Embedder } from '../embedding/embedder.ts';
import { openEmbedder } from '../embedding/open.ts';
import { ensureIndex, readFreshIndex, type BuildResult } from '../index/build.ts';
import type { Logger } from '../logger.ts';
import { EVAL_ARTICLES_DIR } from '../answering/tuning/evaluation.ts';
import { join } from 'node:path';

/** A folder of articles and the folder their index lives in: the operator's, or one server's library. */
export interface Collection {
  articlesDir: string;
  indexDir: string;
}

/** The articles of a folder, with a warning logged for each file skipped. */
export function openCorpus(articlesDir: string, log: Logger): Article[] {
  const corpus = loadCorpus(articlesDir);
  for (const warning of corpus.warnings) log.warn(warning.message);
  return corpus.articles;
}

export interface OpenIndexOptions {
  log: Logger;
  onProgress?: ((done: number, total: number) => void) | undefined;
  /** Fail when the index cannot be saved (ingest); otherwise use it in memory and warn. */
  mustSave?: boolean;
}

/** The index for the articles and model (with what answering derives from the articles), read, or built and saved. */
export function openIndex(config: EngineConfig, indexDir: string, articles: Article[], embedder: Embedder, options: OpenIndexOptions): Promise<BuildResult> {
  return ensureIndex({ articles, chunking: config.chunking, embedder, indexDir, derive: answeringTables, derivedVersion: ANSWERING_TABLES_VERSION, ...options });
}

/** The segment of articles and their stored (or just built) index. */
function segmentOf(articles: Article[], { index, sentences, chunkSentences }: BuildResult): Segment {
  return new Segment({
    articles,
    sentences,
    tables: index.tables,
    chunkSentences,
    chunksPerArticle: index.manifest.articles.map((record) => record.chunks),
    vectors: index.vectors,
    indexedAt: index.manifest.builtAt,
  });
}

/** Articles as a segment without an index (no embedding model): what the index would store, derived in memory. */
function unindexedSegment(config: EngineConfig, articles: Article[]): Segment {
  const sentences = sentenceTable(articles, config.chunking.targetChars);
  const chunks = chunkCorpus(articles, sentences, config.chunking);
  const counts = new Map<string, number>();
  for (const chunk of chunks) counts.set(chunk.articleId, (counts.get(chunk.articleId) ?? 0) + 1);
  const none = { first: new Int32Array(0), last: new Int32Array(0) };
  return new Segment({ articles, sentences, tables: answeringTables(articles, sentences), chunkSentences: none, chunksPerArticle: articles.map((article) => counts.get(article.id) ?? 0), vectors: null, indexedAt: null });
}

/**
 * A collection's articles as a searchable segment: its index read, or built (embedding only
 * what changed); without a model, what the index would store is derived in memory.
 */
export async function openSegment(config: EngineConfig, collection: Collection, embedder: Embedder | null, options: OpenIndexOptions): Promise<Segment> {
  const articles = openCorpus(collection.articlesDir, options.log);
  if (!embedder) return unindexedSegment(config, articles);
  return segmentOf(articles, await openIndex(config, collection.indexDir, articles, embedder, options));
}

/**
 * A collection's segment from its stored index, building nothing: 'stale' when the index is
 * missing or does not fit the articles (for a process that leaves building to a worker), null
 * when the folder holds no usable article. Without a model the segment is derived in memory.
 */
export async function readSegment(config: EngineConfig, collection: Collection, embedder: Embedder | null, log: Logger): Promise<Segment | null | 'stale'> {
  let articles: Article[];
  try {
    articles = openCorpus(collection.articlesDir, log);
  } catch (error) {
    if (error instanceof CorpusError) return null;
    throw error;
  }
  if (!embedder) return unindexedSegment(config, articles);
  const fresh = await readFreshIndex({ articles, chunking: config.chunking, embedder, indexDir: collection.indexDir, log, derive: answeringTables, derivedVersion: ANSWERING_TABLES_VERSION });
  return 'stale' in fresh ? 'stale' : segmentOf(articles, fresh);
}

/** The evaluation corpus's web articles (eval/articles by default), with their index beside the operator's. */
export function evalCollection(config: EngineConfig, articlesDir = EVAL_ARTICLES_DIR): Collection {
  return { articlesDir, indexDir: join(config.indexDir, 'eval') };
}

export interface OpenEngineOptions {
  log: Logger;
  onProgress?: (done: number, total: number) => void;
  /** Skip the embedding model: lexical search only (for comparison, or where no model may load). */
  lexicalOnly?: boolean;
  model?: AnsweringModel;
}

/**
 * The engine: the embedding model (or none, answering lexically) and the fitted answering model
 * for it (the portable variant, said once, when the shipped one was fitted on other embeddings).
 */
export async function openEngine(config: EngineConfig, options: OpenEngineOptions): Promise<Engine> {
  const embedder = options.lexicalOnly ? null : await openEmbedder(config, options.log);
  return new Engine({ embedder, model: options.model, log: options.log });
}

/**
 * Loads the model and the operator's articles (and any other collections given, such as the
 * evaluation corpus), builds or refreshes their indexes, and returns a searcher over them all.
 */
export async function openSearcher(config: EngineConfig, options: OpenEngineOptions & { also?: Collection[] }): Promise<Searcher> {
  const engine = await openEngine(config, options);
  const collections = [{ articlesDir: config.articlesDir, indexDir: config.indexDir }, ...(options.also ?? [])];
  const segments: Segment[] = [];
  for (const collection of collections) segments.push(await openSegment(config, collection, engine.embedder, { log: options.log, onProgress: options.onProgress }));
  return engine.searcher(segments);
}
