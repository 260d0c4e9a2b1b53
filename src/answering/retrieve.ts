import type { SentenceTable } from '../corpus/sentences.ts';
import type { Embedder } from '../embedding/embedder.ts';
import { dot } from '../embedding/vectors.ts';
import type { VectorIndex } from '../index/vector-index.ts';
import type { QueryTerms } from './features.ts';
import type { LexicalIndex } from './lexical.ts';

/** A run of sentences (first..last, inclusive) read as one text. */
export interface Window {
  first: number;
  last: number;
}

/** How many sentences lexical search and chunks vector search each put forward. */
const LEXICAL_CANDIDATES = 24;
const DENSE_CHUNKS = 8;
/** Up to this many sentences, every sentence is a candidate. */
const SMALL_CORPUS_SENTENCES = 400;
/** Sentence vectors kept for reuse. */
const MAX_CACHED_VECTORS = 200_000;

/**
 * The retrieval stage: candidate sentences for a question, by BM25 over sentences and by the
 * chunks nearest its vector, with their neighbours; and the question's similarity to each.
 */
export class Retriever {
  private readonly sentenceVectors = new Map<number, Float32Array>();

  constructor(
    private readonly sentences: SentenceTable,
    private readonly lexical: LexicalIndex,
    /** Null without a model: retrieval is then lexical. */
    private readonly dense: { embedder: Embedder; vectors: VectorIndex; chunkSentences: { first: Int32Array; last: Int32Array } } | null,
    private readonly textOf: (sentence: number) => string,
  ) {}

  /**
   * Candidate sentences: the best by BM25, the sentences of the chunks nearest by vector, and
   * their neighbours; every sentence of a small corpus. With them, their article's headline and
   * caption: quotable for "what's the headline", and a contrast for the ranker otherwise.
   */
  candidates(query: QueryTerms, queryVector: Float32Array | null): number[] {
    const { sentences } = this;
    if (sentences.length <= SMALL_CORPUS_SENTENCES) return Array.from({ length: sentences.length }, (_, s) => s);
    const found = new Set<number>();
    const ids = query.terms.filter((t) => t.id !== undefined).map((t) => t.id!);
    const best = [...this.lexical.search(ids).entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, LEXICAL_CANDIDATES);
    for (const [s] of best) found.add(s);
    if (queryVector && this.dense) {
      const { first, last } = this.dense.chunkSentences;
      for (const { chunk } of this.dense.vectors.search(queryVector, DENSE_CHUNKS)) for (let s = first[chunk]!; s <= last[chunk]!; s++) found.add(s);
    }
    for (const s of [...found]) {
      const window = this.window(s);
      for (let n = window.first; n <= window.last; n++) found.add(n);
      const article = sentences.articleIndex[s];
      // A body paragraph's sentences are all body: skipped whole, so a paragraph of 2,000,000 sentences is one step, not seconds.
      for (let n = s; n >= 0 && sentences.articleIndex[n] === article && sentences.paragraph[n]! <= 2; ) {
        if (sentences.role(n) === 'body') n -= sentences.position[n]! + 1;
        else found.add(n--);
      }
    }
    return [...found].sort((a, b) => a - b);
  }

  /** A sentence with its neighbours in the same paragraph. */
  window(s: number): Window {
    return { first: this.sentences.sameParagraph(s, s - 1) ? s - 1 : s, last: this.sentences.sameParagraph(s, s + 1) ? s + 1 : s };
  }

  /** The question's vector; null without a model. */
  async queryVector(text: string): Promise<Float32Array | null> {
    return this.dense ? (await this.dense.embedder.embedQueries([text]))[0]! : null;
  }

  /** Cosine similarity of the question to each candidate and to each window (empty without a model). */
  async similarities(queryVector: Float32Array | null, candidates: number[], windows: Window[]): Promise<{ dense: number[]; denseWindow: number[] }> {
    if (!queryVector || !this.dense) return { dense: [], denseWindow: [] };
    const needed = new Set<number>();
    for (const { first, last } of windows) for (let s = first; s <= last; s++) if (!this.sentenceVectors.has(s)) needed.add(s);
    const missing = [...needed];
    if (missing.length > 0) {
      if (this.sentenceVectors.size + missing.length > MAX_CACHED_VECTORS) this.sentenceVectors.clear();
      const vectors = await this.dense.embedder.embedPassages(missing.map(this.textOf));
      missing.forEach((s, i) => this.sentenceVectors.set(s, vectors[i]!));
    }
    const dense = candidates.map((s) => dot(queryVector, this.sentenceVectors.get(s)!));
    const denseWindow = windows.map(({ first, last }) => {
      const sum = new Float32Array(queryVector.length);
      for (let s = first; s <= last; s++) this.sentenceVectors.get(s)!.forEach((value, i) => (sum[i]! += value));
      const norm = Math.sqrt(dot(sum, sum));
      return norm > 0 ? dot(queryVector, sum) / norm : 0;
    });
    return { dense, denseWindow };
  }
}
