import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { env, pipeline } from '@xenova/transformers';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultPrefixes, loadEmbedder, ModelLoadError, type Embedder } from '../../src/embedding/embedder.ts';
import { openEmbedder } from '../../src/embedding/open.ts';
import { dot } from '../../src/embedding/vectors.ts';
import type { Logger } from '../../src/logger.ts';
import { EMBEDDED_MODEL } from '../../src/paths.ts';
import { SEED_TEXT, TEST_MODEL, temporaryFolder, testEngineConfig, testModelsDir } from '../helpers.ts';


function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(`info: ${m}`), warn: (m) => lines.push(`warn: ${m}`) };
}

describe('the generated test model through the real transformers.js pipeline', () => {
  let modelsDir: string;
  let embedder: Embedder;
  beforeAll(async () => {
    modelsDir = testModelsDir();
    embedder = await loadEmbedder({ model: TEST_MODEL, modelsDir, cacheDir: temporaryFolder(), localFilesOnly: true });
  });

  it('gives unit vectors of the model dimension, finite even for empty text', async () => {
    expect(embedder.dimensions).toBe(32);
    const vectors = await embedder.embedPassages(['Moreno blamed Wikileaks.', '', '🙂 ‮', 'x'.repeat(5000)]);
    for (const vector of vectors) {
      expect(vector).toHaveLength(32);
      expect(vector.every(Number.isFinite)).toBe(true);
      expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
    }
  });

  it('gives the same vectors as transformers.js’s own pooling, to 1e-5, in the order of the texts', async () => {
    env.localModelPath = modelsDir;
    const reference = (await pipeline('feature-extraction', TEST_MODEL, { local_files_only: true })) as unknown as (texts: string[], options: object) => Promise<{ tolist(): number[][] }>;
    const texts = [...SEED_TEXT.split('\n').filter(Boolean), 'x', '', 'Café 東京 🙂', 'word '.repeat(700)];
    const expected = (await reference(texts, { pooling: 'mean', normalize: true })).tolist();
    const actual = await embedder.embedPassages(texts);
    expect(actual).toHaveLength(expected.length);
    actual.forEach((vector, i) => vector.forEach((value, d) => expect(value).toBeCloseTo(expected[i]![d]!, 5)));
  });

  it('puts texts that share words closer than texts that do not', async () => {
    const [question, related, unrelated] = await embedder.embedPassages([
      'Ecuadorian President Lenin Moreno',
      'President Lenin Moreno of Ecuador',
      'cleaning up after his cat',
    ]);
    expect(dot(question!, related!)).toBeGreaterThan(dot(question!, unrelated!));
  });

  it('names the damaged file when a model folder is broken', async () => {
    const broken = temporaryFolder();
    cpSync(join(modelsDir, TEST_MODEL), join(broken, TEST_MODEL), { recursive: true });
    writeFileSync(join(broken, TEST_MODEL, 'tokenizer.json'), '{ truncated');
    await expect(loadEmbedder({ model: TEST_MODEL, modelsDir: broken, cacheDir: broken, localFilesOnly: true })).rejects.toThrow(
      /tokenizer\.json is damaged, it does not match SHA256SUMS/,
    );
    cpSync(join(modelsDir, TEST_MODEL, 'tokenizer.json'), join(broken, TEST_MODEL, 'tokenizer.json'));
    const weights = join(broken, TEST_MODEL, 'onnx', 'model_quantized.onnx');
    const bytes = readFileSync(weights);
    bytes[bytes.length - 100]! ^= 0x01; // one flipped bit in the weights: loads fine, gives wrong vectors
    writeFileSync(weights, bytes);
    await expect(loadEmbedder({ model: TEST_MODEL, modelsDir: broken, cacheDir: broken, localFilesOnly: true })).rejects.toThrow(
      /model_quantized\.onnx is damaged, it does not match SHA256SUMS/,
    );
    // Without checksums (a hub model's cache), a file that is not a model is named as such.
    rmSync(join(broken, TEST_MODEL, 'SHA256SUMS'));
    writeFileSync(weights, 'not a model');
    await expect(loadEmbedder({ model: TEST_MODEL, modelsDir: broken, cacheDir: broken, localFilesOnly: true })).rejects.toThrow(
      /model_quantized\.onnx could not be loaded/,
    );
  });

  it('says a local model folder is missing instead of looking for it on the hub', async () => {
    await expect(loadEmbedder({ model: 'sif-glove-100d', modelsDir: temporaryFolder(), cacheDir: temporaryFolder(), localFilesOnly: false })).rejects.toThrow(
      /sif-glove-100d: its folder .*sif-glove-100d is missing \(restore it with git checkout -- models, or npm run build-model\)/,
    );
  });

  it('fails with ModelLoadError, not a crash, for an unknown model offline', async () => {
    await expect(
      loadEmbedder({ model: 'Xenova/not-cached-anywhere', modelsDir, cacheDir: temporaryFolder(), localFilesOnly: true }),
    ).rejects.toBeInstanceOf(ModelLoadError);
  });
});

describe('openEmbedder', () => {
  it('goes on lexically, saying why in one line each, when even the fallback model is damaged', async () => {
    const models = testModelsDir();
    writeFileSync(join(models, TEST_MODEL, 'config.json'), '{');
    rmSync(join(models, TEST_MODEL, 'SHA256SUMS'));
    const log = recordingLogger();
    const config = testEngineConfig({ model: 'Xenova/not-cached-anywhere', modelsDir: models });
    expect(await openEmbedder(config, log, { model: TEST_MODEL, modelsDir: models })).toBeNull();
    expect(log.lines).toEqual([
      expect.stringMatching(/^warn: cannot load embedding model Xenova\/not-cached-anywhere.*falling back to the embedded model test-model\.$/),
      expect.stringMatching(/^warn: cannot load embedding model test-model: .*config\.json is missing or damaged.*; answering with lexical search only\.$/),
    ]);
  });

  it('falls back to the embedded model with one warning when the configured one cannot load', async () => {
    const log = recordingLogger();
    const config = testEngineConfig({ model: 'Xenova/not-cached-anywhere', modelsDir: temporaryFolder() });
    const embedder = await openEmbedder(config, log);
    expect(embedder?.model).toBe(EMBEDDED_MODEL);
    expect(log.lines).toEqual([expect.stringMatching(/^warn: cannot load embedding model Xenova\/not-cached-anywhere.*falling back to the embedded model/)]);
  });
});

describe('known model prefixes', () => {
  it.each([
    ['Xenova/bge-small-en-v1.5', 'Represent this sentence for searching relevant passages: ', ''],
    ['Xenova/e5-small-v2', 'query: ', 'passage: '],
    ['Xenova/multilingual-e5-small', 'query: ', 'passage: '],
    ['Xenova/all-MiniLM-L6-v2', '', ''],
    [EMBEDDED_MODEL, '', ''],
  ])('%s', (model, query, passage) => {
    expect(defaultPrefixes(model)).toEqual({ query, passage });
  });
});
