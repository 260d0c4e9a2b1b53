import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openCorpus, openIndex } from '../app/open.ts';
import { loadConfig } from '../config/config.ts';
import { openEmbedder } from '../embedding/open.ts';
import { storeArticle } from '../library/folder.ts';
import { consoleLogger } from '../logger.ts';
import { SourceError } from '../sources/article.ts';
import { extractSource, isLink, readInput, storedDocument } from '../sources/read.ts';
import { runMain, UsageError } from './run.ts';

const USAGE = `usage: npm run add -- <link or file>…
  reads each web page (a link, or a saved .html), text (.txt) or Markdown (.md) file, stores the article in the
  articles folder (replacing the one from the same page or file) and updates the index, embedding only what changed`;

/** `npm run add`: articles from links and files into the articles folder, then the index brought up to date. */
runMain(async () => {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: {} });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  const inputs = parsed.positionals;
  if (inputs.length === 0) throw new UsageError(`name at least one link or file\n${USAGE}`);
  const { engine: config, sources } = loadConfig();

  let failures = 0;
  const added: string[] = [];
  for (const input of inputs) {
    try {
      // A file is known by its full path, so adding it again from anywhere replaces it.
      const article = extractSource(await readInput(isLink(input) ? input : resolve(input), sources));
      if (article.lang && !article.lang.startsWith('en')) consoleLogger.warn(`${input} is in ${article.lang}: the embedded model reads English, so answers may be poor (see EMBEDDING_MODEL in the README)`);
      const stored = storeArticle(config.articlesDir, storedDocument(article, new Date().toISOString()));
      const by = [article.byline && `by ${article.byline}`, article.published && `published ${article.published}`, `${article.paragraphs.length} paragraphs`].filter(Boolean).join(', ');
      added.push(`${stored.replaced ? 'Replaced' : 'Added'} “${article.title}” — ${by} → ${stored.file}`);
    } catch (error) {
      if (!(error instanceof SourceError)) throw error;
      failures++;
      console.error(`error: ${error.message}`);
    }
  }
  if (added.length > 0) {
    const embedder = await openEmbedder(config, consoleLogger);
    if (embedder) {
      const result = await openIndex(config, config.indexDir, openCorpus(config.articlesDir, consoleLogger), embedder, { log: consoleLogger, mustSave: true });
      added.push(`Index: ${result.index.manifest.chunkCount} chunks (${result.embedded} embedded, ${result.reused} reused) → ${result.index.folder}`);
    } else {
      added.push('No embedding model could be loaded: the articles are stored, and answered with lexical search until `npm run ingest` can index them.');
    }
    for (const line of added) console.log(line);
  }
  if (failures > 0) process.exitCode = 1;
});
