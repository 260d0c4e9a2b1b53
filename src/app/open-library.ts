import type { BotConfig } from '../config/config.ts';
import { Indexer } from '../library/indexer.ts';
import { Library } from '../library/library.ts';
import { openEngine, openSegment, type OpenEngineOptions } from './open.ts';

export interface OpenedLibrary {
  library: Library;
  /** Stops watching the operator's folder and the indexing worker (a change under way fails). */
  close(): Promise<void>;
}

/**
 * What the bot answers from: the engine, the operator's articles (indexed now if need be) and
 * every server's library found on disk, with the worker process that reads and indexes what
 * servers add later.
 */
export async function openLibrary(config: Pick<BotConfig, 'engine' | 'library' | 'sources'>, options: OpenEngineOptions): Promise<OpenedLibrary> {
  const engine = await openEngine(config.engine, options);
  const operator = await openSegment(config.engine, { articlesDir: config.engine.articlesDir, indexDir: config.engine.indexDir }, engine.embedder, options);
  const indexer = new Indexer(options.log);
  const library = await Library.open({ engine, config: config.engine, library: config.library, sources: config.sources, indexer, log: options.log, operator });
  return {
    library,
    async close() {
      library.close();
      await indexer.close();
    },
  };
}
