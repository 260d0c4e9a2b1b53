/**
 * The composition root: configuration → articles and their sentences → embedding model →
 * index → answering engine, in one place for the bot and every command-line tool.
 */
import { Engine } from '../answering/engine.ts';
import type { AnsweringModel } from '../answering/model.ts';
import type { EngineConfig } from '../config/config.ts';
import { loadCorpus, type Article } from '../corpus/articles.ts';
import { chunkCorpus } from '../corpus/chunker.ts';
import { sentenceTable, type Sentence } from '../corpus/sentences.ts';
import type { Embedder } from '../embedding/embedder.ts';
import { openEmbedder } from '../embedding/open.ts';
import { ensureIndex, type BuildResult } from '../index/build.ts';
import type { Logger } from '../logger.ts';

export interface OpenedCorpus {
  articles: Article[];
  sentences: Sentence[];
}

/** The articles (warnings logged) and their sentence table. */
export function openCorpus(config: EngineConfig, log: Logger): OpenedCorpus {
  const corpus = loadCorpus(config.articlesDir);
  for (const warning of corpus.warnings) log.warn(warning.message);
  return { articles: corpus.articles, sentences: sentenceTable(corpus.articles, config.chunking.targetChars) };
}

export interface OpenIndexOptions {
  log: Logger;
  onProgress?: ((done: number, total: number) => void) | undefined;
  /** Fail when the index cannot be saved (ingest); otherwise use it in memory and warn. */
  mustSave?: boolean;
}

/** The index for the corpus and model, built or refreshed as needed. */
export function openIndex(config: EngineConfig, corpus: OpenedCorpus, embedder: Embedder, options: OpenIndexOptions): Promise<BuildResult> {
  return ensureIndex({ ...corpus, chunking: config.chunking, embedder, indexDir: config.indexDir, ...options });
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
  const corpus = openCorpus(config, options.log);
  const embedder = options.lexicalOnly ? null : await openEmbedder(config, options.log);
  if (!embedder) {
    return new Engine({ ...corpus, chunks: chunkCorpus(corpus.articles, corpus.sentences, config.chunking), embedder: null, vectors: null, indexedAt: null, model: options.model });
  }
  const { index } = await openIndex(config, corpus, embedder, { log: options.log, onProgress: options.onProgress });
  return new Engine({ ...corpus, chunks: index.chunks, embedder, vectors: index.vectors, indexedAt: index.manifest.builtAt, model: options.model });
}
