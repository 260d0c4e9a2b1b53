import { openCorpus, openIndex } from '../app/open.ts';
import { loadConfig } from '../config/config.ts';
import { openEmbedder } from '../embedding/open.ts';
import { consoleLogger } from '../logger.ts';
import { progressBar } from './progress.ts';
import { runMain } from './run.ts';

/** `npm run ingest`: chunk, embed and index every article; a second run with nothing changed does no work. */
runMain(async () => {
  const started = performance.now();
  const { engine } = loadConfig();
  const corpus = openCorpus(engine.articlesDir, consoleLogger);
  const embedder = await openEmbedder(engine, consoleLogger);
  if (!embedder) {
    console.error('error: no embedding model could be loaded, so there is nothing to index; `npm run ask` still answers with lexical search.');
    process.exitCode = 1;
    return;
  }
  const result = await openIndex(engine, engine.indexDir, corpus, embedder, { log: consoleLogger, onProgress: progressBar('Embedding', 'chunks'), mustSave: true });
  const { manifest, folder } = result.index;
  const seconds = (performance.now() - started) / 1000;
  const work = result.embedded === 0 ? 'up to date, nothing embedded' : `${result.embedded} embedded, ${result.reused} reused`;
  console.log(
    `Indexed ${manifest.articles.length} article(s), ${manifest.chunkCount} chunks (${work}) · ${manifest.dimensions} dimensions · model ${manifest.model} · ${seconds.toFixed(2)} s → ${folder}`,
  );
});
