/**
 * The composition root: configuration → articles and their sentences → embedding model →
 * index → answering engine, in one place for the bot and every command-line tool.
 */
import { Engine } from '../answering/engine.ts';
import { ANSWERING_TABLES_VERSION, answeringTables } from '../answering/tables.ts';
import type { AnsweringModel } from '../answering/ranking/model.ts';
import type { EngineConfig } from '../config/config.ts';
import type { Article } from '../corpus/articles.ts';
import { loadCorpus } from '../corpus/load.ts';
import { chunkCorpus } from '../corpus/chunker.ts';
import { sentenceTable } from '../corpus/sentences.ts';
import type { Embedder } from '../embedding/embedder.ts';
import { openEmbedder } from '../embedding/open.ts';
import { ensureIndex, type BuildResult } from '../index/build.ts';
import type { Logger } from '../logger.ts';

/** The articles, with a warning logged for each file skipped. */
export function openCorpus(config: EngineConfig, log: Logger): Article[] {
  const corpus = loadCorpus(config.articlesDir);
  for (const warning of corpus.warnings) log.warn(warning.message);
  return corpus.articles;
}

export interface OpenIndexOptions {
  log: Logger;
  onProgress?: ((done: number, total: number) => void) | undefined;
  /** Fail when the index cannot be saved (ingest); otherwise use it in memory and warn. */
  mustSave?: boolean;
}

/** The index for the corpus and model (with what answering derives from the articles), read, or built and saved. */
export function openIndex(config: EngineConfig, articles: Article[], embedder: Embedder, options: OpenIndexOptions): Promise<BuildResult> {
  return ensureIndex({ articles, chunking: config.chunking, embedder, indexDir: config.indexDir, derive: answeringTables, derivedVersion: ANSWERING_TABLES_VERSION, ...options });
}

export interface OpenEngineOptions {
  log: Logger;
  onProgress?: (done: number, total: number) => void;
  /** Skip the embedding model: lexical search only (for comparison, or where no model may load). */
  lexicalOnly?: boolean;
  model?: AnsweringModel;
}

/** Loads the articles and the model, builds or refreshes the index, and returns a ready engine. */
export async function openEngine(config: EngineConfig, options: OpenEngineOptions): Promise<Engine> {
  const articles = openCorpus(config, options.log);
  const embedder = options.lexicalOnly ? null : await openEmbedder(config, options.log);
  if (!embedder) {
    // No model, no index: what the index would store is derived here, in memory.
    const sentences = sentenceTable(articles, config.chunking.targetChars);
    const chunks = chunkCorpus(articles, sentences, config.chunking);
    const counts = new Map<string, number>();
    for (const chunk of chunks) counts.set(chunk.articleId, (counts.get(chunk.articleId) ?? 0) + 1);
    const chunksPerArticle = articles.map((article) => counts.get(article.id) ?? 0);
    const none = { first: new Int32Array(0), last: new Int32Array(0) };
    return new Engine({ articles, sentences, tables: answeringTables(articles, sentences), chunkSentences: none, chunksPerArticle, embedder: null, vectors: null, indexedAt: null, model: options.model });
  }
  const { index, sentences, chunkSentences } = await openIndex(config, articles, embedder, { log: options.log, onProgress: options.onProgress });
  const chunksPerArticle = index.manifest.articles.map((record) => record.chunks);
  return new Engine({ articles, sentences, tables: index.tables, chunkSentences, chunksPerArticle, embedder, vectors: index.vectors, indexedAt: index.manifest.builtAt, model: options.model });
}
