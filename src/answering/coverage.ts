import type { Embedder } from '../embedding/embedder.ts';
import { MIN_PREFIX_STEM, type Vocabulary } from './lexical.ts';
import { termOf, termsOf, words } from './text.ts';

/** Word vectors kept for reuse; question words are unbounded, so the cache forgets its oldest. */
const MAX_CACHED_WORDS = 50_000;

/** How much a question word counts when it is also a word of the passage's article title. */
const TITLE_TERM_WEIGHT = 0.5;

/** How many of the corpus's words measure what "unrelated" looks like for the model. */
const BASELINE_WORDS = 60;
/** A similarity counts when it stands this many standard deviations above the mean between corpus words (0.30 for sif-glove-100d). */
const BASELINE_DEVIATIONS = 2;


interface QuestionWord {
  word: string;
  term: string;
  weight: number;
}

/**
 * How much of what a question asks about a passage speaks to: the IDF-weighted share of the
 * question's content words found in the passage, by stem or, failing that,
 * by the closest passage word's embedding similarity ("sue" ~ "lawsuit"). A question whose
 * distinctive words find nothing ("How old is Julian Assange?") scores low on every passage.
 */
export class CoverageScorer {
  private readonly wordVectors = new Map<string, number[]>();
  /** Word similarities below this are noise between unrelated words ("bake" ~ "instead"). */
  private noiseThreshold: Promise<number> | undefined;

  constructor(
    private readonly vocabulary: Vocabulary,
    private readonly embedder: Embedder | null,
  ) {}

  async score(question: string, passages: { text: string; title: string }[]): Promise<number[]> {
    const questionWords = this.questionWords(question);
    const passageWords = passages.map((passage) => [...new Set(words(passage.text).filter((word) => termOf(word) !== null))]);
    await this.embedWords([...questionWords.map((w) => w.word), ...passageWords.flat()]);
    const noise = await (this.noiseThreshold ??= this.measureNoise());
    return passageWords.map((candidates, p) => {
      const terms = new Set(candidates.map((word) => termOf(word)!));
      const titleTerms = new Set(termsOf(passages[p]!.title));
      let covered = 0;
      let total = 0;
      for (const { word, term, weight } of questionWords) {
        // The title's words are what the whole article is about: they say little about which passage answers.
        const weighted = titleTerms.has(term) ? weight * TITLE_TERM_WEIGHT : weight;
        total += weighted;
        covered += weighted * this.match(word, term, candidates, terms, noise);
      }
      return total > 0 ? covered / total : 0;
    });
  }

  private questionWords(question: string): QuestionWord[] {
    const seen = new Set<string>();
    const found: QuestionWord[] = [];
    for (const word of words(question)) {
      const term = termOf(word);
      if (term === null || seen.has(term)) continue;
      seen.add(term);
      found.push({ word, term, weight: this.vocabulary.idf(term) });
    }
    return found;
  }

  /** 1 for the same stem (or one that begins the other); else the best word similarity, if above the noise. */
  private match(word: string, term: string, candidates: string[], terms: Set<string>, noise: number): number {
    if (terms.has(term)) return 1;
    if (term.length >= MIN_PREFIX_STEM && [...terms].some((candidate) => candidate.length >= MIN_PREFIX_STEM && (candidate.startsWith(term) || term.startsWith(candidate)))) {
      return 1;
    }
    const vector = this.wordVectors.get(word);
    if (!vector) return 0;
    let best = 0;
    for (const candidate of candidates) {
      const other = this.wordVectors.get(candidate)!;
      let similarity = 0;
      for (let i = 0; i < vector.length; i++) similarity += vector[i]! * other[i]!;
      best = Math.max(best, similarity);
    }
    return best >= noise ? best : 0;
  }

  /**
   * Each model has its own scale (bag-of-words vectors sit near 0, BERT-style models much
   * higher), so "related" is judged against the spread of similarities between corpus words.
   */
  private async measureNoise(): Promise<number> {
    const sample = this.vocabulary.sampleWords(BASELINE_WORDS);
    if (!this.embedder || sample.length < 2) return 1;
    const vectors = await this.embedder.embedPassages(sample);
    const similarities: number[] = [];
    for (let i = 0; i < vectors.length; i++) {
      for (let j = i + 1; j < vectors.length; j++) similarities.push(vectors[i]!.reduce((sum, value, d) => sum + value * vectors[j]![d]!, 0));
    }
    const mean = similarities.reduce((sum, value) => sum + value, 0) / similarities.length;
    const deviation = Math.sqrt(similarities.reduce((sum, value) => sum + (value - mean) ** 2, 0) / similarities.length);
    return Math.min(1, mean + BASELINE_DEVIATIONS * deviation);
  }

  private async embedWords(all: string[]): Promise<void> {
    if (!this.embedder) return;
    const missing = [...new Set(all)].filter((word) => !this.wordVectors.has(word));
    if (missing.length === 0) return;
    const vectors = await this.embedder.embedPassages(missing);
    missing.forEach((word, i) => this.wordVectors.set(word, vectors[i]!));
    for (const word of this.wordVectors.keys()) {
      if (this.wordVectors.size <= MAX_CACHED_WORDS) break;
      this.wordVectors.delete(word);
    }
  }
}
