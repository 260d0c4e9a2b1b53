/**
 * The slow work of keeping a collection answerable: (re)indexing its folder. It runs in the
 * bot's indexing worker process (see indexer.ts), so that no question waits behind it, or in-process for
 * the command-line tools, which have nothing else to do meanwhile.
 */
import { openCorpus, openIndex, type Collection } from '../app/open.ts';
import type { EngineConfig } from '../config/config.ts';
import { CorpusError } from '../corpus/load.ts';
import type { Embedder } from '../embedding/embedder.ts';
import { openEmbedder } from '../embedding/open.ts';
import type { Logger } from '../logger.ts';
import type { StoredDocument } from '../corpus/stored-form.ts';
import { extractSource, storedDocument, type SourceBytes } from '../sources/read.ts';
import { articleFiles } from './folder.ts';

export interface IndexedCollection {
  articles: number;
  chunks: number;
  /** Chunks embedded this time (0: the index was up to date). */
  embedded: number;
  reused: number;
}

/**
 * Brings a collection's index up to date with its folder, embedding only what changed. An empty
 * folder (a server whose last article was removed) needs no index.
 */
export async function indexCollection(config: EngineConfig, collection: Collection, embedder: Embedder, log: Logger): Promise<IndexedCollection> {
  if (articleFiles(collection.articlesDir).size === 0) return { articles: 0, chunks: 0, embedded: 0, reused: 0 };
  let articles;
  try {
    articles = openCorpus(collection.articlesDir, log);
  } catch (error) {
    // Every file skipped (each named in a warning): as empty.
    if (error instanceof CorpusError) return { articles: 0, chunks: 0, embedded: 0, reused: 0 };
    throw error;
  }
  const result = await openIndex(config, collection.indexDir, articles, embedder, { log, mustSave: true });
  return { articles: articles.length, chunks: result.index.manifest.chunkCount, embedded: result.embedded, reused: result.reused };
}

/** The embedding model for indexing, loaded once per process (a worker keeps it between tasks). */
let embedderFor: { model: string; loading: Promise<Embedder | null> } | undefined;

export function sharedEmbedder(config: EngineConfig, log: Logger): Promise<Embedder | null> {
  if (embedderFor?.model !== config.model) embedderFor = { model: config.model, loading: openEmbedder(config, log) };
  return embedderFor.loading;
}

/** A task for the worker, as posted to it (plain data: it crosses to another process). */
export type Task = { kind: 'index'; config: EngineConfig; collection: Collection } | { kind: 'read'; source: SourceBytes; added: string };

export type TaskResult<T extends Task> = T extends { kind: 'index' } ? IndexedCollection : T extends { kind: 'read' } ? StoredDocument : never;

export interface TaskMessage {
  id: number;
  task: Task;
}

/** Runs a task in this process. */
export async function runTask(task: Task, log: Logger): Promise<TaskResult<Task>> {
  switch (task.kind) {
    case 'index': {
      const embedder = await sharedEmbedder(task.config, log);
      if (!embedder) throw new Error('no embedding model could be loaded, so nothing can be indexed');
      return indexCollection(task.config, task.collection, embedder, log);
    }
    case 'read':
      return storedDocument(extractSource(task.source), task.added);
  }
}
