import { describe, expect, it } from 'vitest';
import { SoftCoverage, type WeightedWord } from '../../src/answering/ranking/coverage.ts';
import { SENTENCE_FEATURES } from '../../src/answering/ranking/features.ts';
import { judge, VERDICT_FEATURES, type Analysis, type AnsweringModel } from '../../src/answering/ranking/model.ts';
import { Analyzer } from '../../src/answering/analysis/text.ts';

const analyzer = Analyzer.fromLexicon();
const analyze = (text: string) => analyzer.analyze(text);
import type { Embedder } from '../../src/embedding/embedder.ts';

/** Candidates scored by one feature (bm25): the ranker weighs it 1, the verdict trusts the top score only. */
const MODEL: AnsweringModel = {
  ranker: { features: [...SENTENCE_FEATURES], weights: SENTENCE_FEATURES.map((name) => (name === 'bm25' ? 1 : 0)), bias: 0 },
  verdict: { features: [...VERDICT_FEATURES], weights: VERDICT_FEATURES.map((name) => (name === 'top' ? 1 : 0)), bias: -2 },
  refuseBelow: 0.5,
  hedgeBelow: 0.6,
  answerAbove: 0.9,
  secondaryAbove: 0.35,
};

function analysis(bm25: number[], known = 1): Analysis {
  return {
    question: 'q',
    cleanedQuestion: 'q',
    timings: { embeddingMs: 0, searchMs: 0, extractionMs: 0 },
    suggestions: [],
    shape: { answerType: null, meta: null, defining: null },
    terms: [{ term: 'q', word: 'q', idf: 1, known: true, name: false }],
    known,
    knownPredicates: known,
    candidates: bm25.map((score, i) => ({ sentence: 10 + i, features: SENTENCE_FEATURES.map((name) => (name === 'bm25' ? score : 0)) })),
  };
}

describe('judge', () => {
  // The verdict is sigmoid(top - 2): covered (≥ 0.5) from a top score of 2.
  it.each([
    ['answers when the best sentence is clear and the verdict confident', [6, 1, 0], 1, 'answered'],
    ['hedges when the verdict is confident but two sentences share the probability', [6, 6, 0], 1, 'hedged'],
    ['hedges when the best sentence is clear but the verdict only fairly confident', [3, 0, 0], 1, 'hedged'],
    ['refuses when the verdict is not confident', [1.5, 0, 0], 1, 'not-covered'],
    ['refuses when no word of the question is in the corpus, however the sentences score', [9, 0, 0], 0, 'not-covered'],
    ['refuses without candidates', [], 1, 'not-covered'],
  ] as const)('%s', (_case, scores, known, status) => {
    expect(judge(analysis([...scores], known), MODEL).status).toBe(status);
  });

  it('orders candidates best first, ties by sentence number, with shares that sum to 1', () => {
    const decision = judge(analysis([1, 3, 3, 0]), MODEL);
    expect(decision.order).toEqual([1, 2, 0, 3]);
    const shares = [...decision.probability.values()];
    expect(shares.reduce((sum, share) => sum + share, 0)).toBeCloseTo(1, 10);
    expect(decision.probability.get(11)).toBeCloseTo(decision.probability.get(12)!, 10);
    expect(decision.confidence).toBeCloseTo(1 / (1 + Math.exp(-1)), 10);
  });
});

/** Word vectors on three axes: "sue" and "lawsuit" point the same way, names and filler elsewhere. */
const VECTORS: Record<string, number[]> = {
  sue: [1, 0, 0],
  lawsuit: [0.9, 0.436, 0],
  assange: [0, 0, 1],
  embassy: [0, 1, 0],
  london: [0, 0.995, 0.0998],
  years: [0.1, 0.99, 0.1],
  // Corpus words that measure the noise: every pair at similarity 0.5, so the threshold is 0.5.
  alpha: [1, 0, 0],
  beta: [0.5, 0.866025, 0],
  gamma: [0.5, 0.288675, 0.816497],
};
const NOISE_SAMPLE = () => ['alpha', 'beta', 'gamma'];
const unit = (values: number[]) => {
  const norm = Math.hypot(...values);
  return Float32Array.from(values, (value) => value / norm);
};
const fakeEmbedder: Embedder = {
  model: 'fake',
  dimensions: 3,
  embedQueries: async (texts) => texts.map((text) => unit(VECTORS[text] ?? [0.5, 0.5, 0.5])),
  embedPassages: async (texts) => texts.map((text) => unit(VECTORS[text] ?? [0.5, 0.5, 0.5])),
  isWord: (word) => word in VECTORS,
};

const question = (...words: [string, number, boolean][]): WeightedWord[] => words.map(([word, weight, name]) => ({ word, term: analyze(word)[0]!.term, weight, name }));
const passage = (text: string) => analyze(text);

describe('SoftCoverage', () => {
  const asks = question(['assange', 2, true], ['sue', 1, false]);

  it('counts an exact match as 1 and a related word by its similarity, above the noise only', async () => {
    const coverage = new SoftCoverage(fakeEmbedder);
    const { coverage: scores, predicate, alignment } = await coverage.score(asks, [passage('Assange lawsuit'), passage('Assange embassy'), passage('embassy years')], NOISE_SAMPLE);
    expect(scores[0]).toBeCloseTo((2 + 0.9) / 3, 3);
    expect(scores[1]).toBeCloseTo(2 / 3, 3);
    expect(scores[2]).toBe(0);
    // What the question asks about Assange (to sue) is met only by the lawsuit.
    expect(predicate[0]).toBeCloseTo(0.9, 3);
    expect(predicate[1]).toBe(0);
    // Alignment counts every similarity, noise included ("years" is 0.1 from both words).
    expect(alignment[2]).toBeCloseTo(0.1, 3);
  });

  it('gives nothing for a word the model does not know whole', async () => {
    const coverage = new SoftCoverage(fakeEmbedder);
    const { coverage: scores } = await coverage.score(question(['qwrtzpf', 1, false]), [passage('Assange lawsuit')], NOISE_SAMPLE);
    expect(scores).toEqual([0]);
  });

  it('falls back to exact matches without a model, and treats a question of names alone as its predicate', async () => {
    const coverage = new SoftCoverage(null);
    const names = question(['assange', 1, true]);
    const { coverage: scores, predicate } = await coverage.score(names, [passage('Assange lawsuit'), passage('embassy')], NOISE_SAMPLE);
    expect(scores).toEqual([1, 0]);
    expect(predicate).toEqual([1, 0]);
  });
});
