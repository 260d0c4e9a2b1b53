import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCorpus } from '../../src/app/open.ts';
import { openEmbedder } from '../../src/embedding/open.ts';
import { readFreshIndex } from '../../src/index/build.ts';
import { ANSWERING_TABLES_VERSION, answeringTables } from '../../src/answering/tables.ts';
import { Indexer, TaskError } from '../../src/library/indexer.ts';
import { folderWith, quiet, SEED_TEXT, TEST_MODEL, temporaryFolder, testEngineConfig, testModelsDir } from '../helpers.ts';

describe('the indexing worker', () => {
  const config = testEngineConfig({ model: TEST_MODEL, modelsDir: testModelsDir() });
  const folder = temporaryFolder();
  const collection = { articlesDir: folderWith({ 'seed.txt': SEED_TEXT }), indexDir: join(folder, 'index') };
  const indexer = new Indexer(quiet);
  afterAll(() => indexer.close());

  it('indexes a collection in a worker thread, leaving an index this thread reads without building', async () => {
    const result = await indexer.run({ kind: 'index', config, collection }, 60_000);
    expect(result).toMatchObject({ articles: 1, reused: 0 });
    expect(result.embedded).toBeGreaterThan(0);
    const embedder = (await openEmbedder(config, quiet))!;
    const fresh = await readFreshIndex({ articles: openCorpus(collection.articlesDir, quiet), chunking: config.chunking, embedder, indexDir: collection.indexDir, log: quiet, derive: answeringTables, derivedVersion: ANSWERING_TABLES_VERSION });
    expect('stale' in fresh).toBe(false);
    // Nothing changed: the next run embeds nothing.
    expect(await indexer.run({ kind: 'index', config, collection }, 60_000)).toMatchObject({ embedded: 0 });
  });

  it('fails a task that runs past its time, and runs the next on a fresh worker', async () => {
    // 2 MB to embed from scratch: seconds of work, given 100 ms.
    const large = { articlesDir: join(folder, 'large'), indexDir: join(folder, 'large-index') };
    mkdirSync(large.articlesDir);
    writeFileSync(join(large.articlesDir, 'large.txt'), SEED_TEXT.repeat(400));
    await expect(indexer.run({ kind: 'index', config, collection: large }, 100)).rejects.toThrow(TaskError);
    expect(await indexer.run({ kind: 'index', config, collection }, 60_000)).toMatchObject({ articles: 1 });
  });

  it('needs no index for an empty collection', async () => {
    const empty = { articlesDir: join(folder, 'none'), indexDir: join(folder, 'none-index') };
    expect(await indexer.run({ kind: 'index', config, collection: empty }, 60_000)).toEqual({ articles: 0, chunks: 0, embedded: 0, reused: 0 });
  });
});
