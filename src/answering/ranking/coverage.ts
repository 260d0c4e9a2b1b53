import type { Embedder } from '../../embedding/embedder.ts';
import { dot } from '../../embedding/vectors.ts';
import type { Token } from '../analysis/text.ts';

/** Word vectors kept for reuse; question words are unbounded, so the cache starts afresh past this. */
const MAX_CACHED_WORDS = 50_000;

/** How many of the corpus's words measure what "unrelated" looks like for the model. */
const BASELINE_WORDS = 60;
/** A similarity counts when it stands this many standard deviations above the mean between corpus words (0.30 for sif-glove-100d). */
const BASELINE_DEVIATIONS = 2;

export interface WeightedWord {
  /** The word as the question wrote it, and its index term. */
  word: string;
  term: string;
  weight: number;
  /** A name the corpus knows ("Assange"), rather than what the question asks about it. */
  name: boolean;
}

/**
 * How much of what a question asks about a passage speaks to: the weighted share of the
 * question's content words found in the passage, by stem or, failing that, by the closest
 * passage word's embedding similarity ("sue" ~ "lawsuit"). A question whose distinctive words
 * find nothing ("How old is Julian Assange?") scores low on every passage.
 */
export class SoftCoverage {
  private readonly wordVectors = new Map<string, Float32Array>();
  /** Word similarities below this are noise between unrelated words ("bake" ~ "instead"). */
  private noiseThreshold: Promise<number> | undefined;

  constructor(private readonly embedder: Embedder | null) {}

  /**
   * Each passage's soft coverage (similarities below the noise count 0), alignment (every
   * similarity counts), and soft coverage of the question's words other than names: what the
   * question asks about them ("how old", "born", "sue"), which is what an out-of-scope question lacks.
   * `sampleWords` gives distinct corpus words, to measure the model's noise level on (once).
   */
  async score(question: WeightedWord[], passages: Token[][], sampleWords: () => string[]): Promise<{ coverage: number[]; alignment: number[]; predicate: number[] }> {
    const passageWords = passages.map((tokens) => {
      const seen = new Map<string, string>();
      for (const { term, surface } of tokens) if (!seen.has(term)) seen.set(term, surface.toLowerCase());
      return seen;
    });
    if (this.embedder) await this.embedWords([...question.map((w) => w.word), ...passageWords.flatMap((words) => [...words.values()])]);
    const noise = this.embedder ? await (this.noiseThreshold ??= this.measureNoise(sampleWords())) : 1;
    const total = question.reduce((sum, { weight }) => sum + weight, 0);
    const predicateTotal = question.reduce((sum, { weight, name }) => sum + (name ? 0 : weight), 0);
    const coverage: number[] = [];
    const alignment: number[] = [];
    const predicate: number[] = [];
    for (const words of passageWords) {
      let covered = 0;
      let aligned = 0;
      let predicateCovered = 0;
      const candidates = [...words.values()];
      for (const { word, term, weight, name } of question) {
        const similarity = words.has(term) ? 1 : this.bestSimilarity(word, candidates);
        const soft = similarity >= noise ? similarity : 0;
        covered += weight * soft;
        aligned += weight * similarity;
        if (!name) predicateCovered += weight * soft;
      }
      coverage.push(total > 0 ? covered / total : 0);
      alignment.push(total > 0 ? aligned / total : 0);
      // A question of names only ("Lenin Moreno?") asks about them as a whole.
      predicate.push(predicateTotal > 0 ? predicateCovered / predicateTotal : total > 0 ? covered / total : 0);
    }
    return { coverage, alignment, predicate };
  }

  /**
   * The best similarity (≥ 0) of a word to any of the candidates. A word the model does not know
   * whole ("qwrtzpf", "1234567", split into pieces) has no meaning to compare: 0.
   */
  private bestSimilarity(word: string, candidates: string[]): number {
    const vector = this.wordVectors.get(word);
    if (!vector || !this.embedder?.isWord(word)) return 0;
    let best = 0;
    for (const candidate of candidates) {
      const other = this.wordVectors.get(candidate);
      if (other) best = Math.max(best, dot(vector, other));
    }
    return best;
  }

  /**
   * Each model has its own scale (bag-of-words vectors sit near 0, BERT-style models much
   * higher), so "related" is judged against the spread of similarities between corpus words.
   */
  private async measureNoise(words: string[]): Promise<number> {
    const sample = words.slice(0, BASELINE_WORDS);
    if (!this.embedder || sample.length < 2) return 1;
    const vectors = await this.embedder.embedPassages(sample);
    const similarities: number[] = [];
    for (let i = 0; i < vectors.length; i++) {
      for (let j = i + 1; j < vectors.length; j++) similarities.push(dot(vectors[i]!, vectors[j]!));
    }
    const mean = similarities.reduce((sum, value) => sum + value, 0) / similarities.length;
    const deviation = Math.sqrt(similarities.reduce((sum, value) => sum + (value - mean) ** 2, 0) / similarities.length);
    return Math.min(1, mean + BASELINE_DEVIATIONS * deviation);
  }

  private async embedWords(all: string[]): Promise<void> {
    const missing = [...new Set(all)].filter((word) => !this.wordVectors.has(word));
    if (missing.length === 0 || !this.embedder) return;
    if (this.wordVectors.size + missing.length > MAX_CACHED_WORDS) this.wordVectors.clear();
    const vectors = await this.embedder.embedPassages(missing);
    missing.forEach((word, i) => this.wordVectors.set(word, vectors[i]!));
  }
}
