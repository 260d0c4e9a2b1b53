import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildWordTable } from '../../scripts/build-embedded-model.ts';
import { writeWordTableModel } from '../../scripts/model/word-table-model.ts';
import { parseArticle } from '../../src/corpus/articles.ts';
import { segmentSentences } from '../../src/corpus/sentences.ts';
import { loadEmbedder, type Embedder } from '../../src/embedding/embedder.ts';
import { dot } from '../../src/embedding/vectors.ts';
import { sha256Hex } from '../../src/hash.ts';
import { EMBEDDED_MODEL, EMBEDDED_MODELS_DIR } from '../../src/paths.ts';
import { SEED_TEXT, temporaryFolder } from '../helpers.ts';

const article = parseArticle('seed', 'seed.txt', SEED_TEXT);
const sentences = article.paragraphs.flatMap((p) => segmentSentences(SEED_TEXT, p.start, p.end)).map((s) => SEED_TEXT.slice(s.start, s.end));


describe('the embedded model (models/sif-glove-100d)', () => {
  let embedder: Embedder;
  let sentenceVectors: Float32Array[];
  beforeAll(async () => {
    embedder = await loadEmbedder({ model: EMBEDDED_MODEL, modelsDir: EMBEDDED_MODELS_DIR, cacheDir: temporaryFolder(), localFilesOnly: true });
    sentenceVectors = await embedder.embedPassages(sentences);
  });

  it('matches its SHA256SUMS', () => {
    const folder = join(EMBEDDED_MODELS_DIR, EMBEDDED_MODEL);
    for (const line of readFileSync(join(folder, 'SHA256SUMS'), 'utf8').trim().split('\n')) {
      const [sum, name] = line.split(/\s+/);
      expect(sha256Hex(readFileSync(join(folder, name!))), name).toBe(sum);
    }
  });

  // Paraphrases: few or no words in common with their sentence, which a word match cannot find.
  it.each([
    ['Who leads Ecuador?', 'Ecuadorian President Lenin Moreno'],
    ['What pet does Assange have?', 'cleaning up after his cat'],
    ['Did Assange sue Ecuador?', 'filing a lawsuit'],
    ['Is Moreno upset about the hacking?', 'Moreno was angry'],
    ['What did Russian hackers steal?', 'emails stolen by Russian hackers'],
    ['Who paid for the attack on Putin?', 'funded by financier George Soros'],
    ['What limits were put on his internet use?', 'online behavior'],
  ])('ranks the sentence that answers “%s” in the top 5 of 29', async (question, answer) => {
    const [vector] = await embedder.embedQueries([question]);
    const order = sentenceVectors.map((v, i) => ({ i, similarity: dot(vector!, v) })).sort((a, b) => b.similarity - a.similarity);
    const rank = order.findIndex(({ i }) => sentences[i]!.includes(answer));
    expect(rank).toBeGreaterThanOrEqual(0);
    expect(rank).toBeLessThan(5);
    const median = order[Math.floor(order.length / 2)]!.similarity;
    expect(order[rank]!.similarity).toBeGreaterThan(median);
  });
});

describe('the model builder', () => {
  const source = {
    dimensions: 4,
    words: ['the', ',', 'cat', 'U.S.', 'Dog', 'dog', 'embassy'],
    vectors: {
      the: [1, 0, 0, 0, 1, 0],
      ',': [0, 1, 0, 0, 1, 1],
      cat: [0, 0, 1, 0, 1, 2],
      'U.S.': [1, 1, 0, 0, 1, 3],
      Dog: [0, 1, 1, 0, 1, 4],
      dog: [0, 1, 1, 1, 1, 5],
      embassy: [1, 0, 1, 1, 1, 6],
    } as Record<string, number[]>,
  };
  const settings = { words: 4, a: 1e-3, unitWords: true, commonComponents: 1 };

  it('keeps single-token lower-case words in frequency order, then ## pieces and characters', () => {
    const table = buildWordTable(source, settings);
    expect(table.tokens.slice(0, 4)).toEqual(['the', ',', 'cat', 'dog']);
    expect(table.tokens).toContain('##cat');
    expect(table.tokens).toContain('##z');
    expect(table.rows.length).toBe(table.tokens.length * 4);
  });

  it('down-weights frequent words (SIF)', () => {
    const table = buildWordTable(source, { ...settings, commonComponents: 0 });
    const norm = (token: string) => {
      const i = table.tokens.indexOf(token);
      return Math.hypot(...table.rows.subarray(i * 4, i * 4 + 4));
    };
    expect(norm('the')).toBeLessThan(norm('cat'));
    expect(norm('cat')).toBeLessThan(norm('dog'));
  });

  it('writes byte-identical model files from the same inputs', () => {
    const folders = [temporaryFolder(), temporaryFolder()].map((folder) => join(folder, 'model'));
    for (const folder of folders) writeWordTableModel(folder, buildWordTable(source, settings), 'readme\n');
    for (const name of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx', 'SHA256SUMS']) {
      expect(readFileSync(join(folders[0]!, name)).equals(readFileSync(join(folders[1]!, name))), name).toBe(true);
    }
  });
});
