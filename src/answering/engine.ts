import type { EngineConfig } from '../config/config.ts';
import { loadCorpus, type Article } from '../corpus/articles.ts';
import type { Chunk, ChunkingOptions } from '../corpus/chunker.ts';
import { segmentSentences } from '../corpus/sentences.ts';
import type { Embedder } from '../embedding/embedder.ts';
import { openEmbedder } from '../embedding/open.ts';
import { chunkCorpus, ensureIndex } from '../index/build.ts';
import type { StoredIndex } from '../index/store.ts';
import type { Logger } from '../logger.ts';
import { CoverageScorer } from './coverage.ts';
import type { Answer, AnswerService, CorpusSummary, Extract, LookupResult, LookupTerm, Quote } from './answer.ts';
import { dropOverlapping, extractAround } from './extracts.ts';
import { normalizeByMax, rank, reciprocalRankFusion, weightedSum, type Scores } from './fusion.ts';
import { TermIndex } from './lookup.ts';
import { applySuggestions, LexicalIndex, Vocabulary } from './lexical.ts';
import { cleanQuestion, isSmallTalk } from './text.ts';

export interface Sentence {
  article: number;
  paragraph: number;
  start: number;
  end: number;
  /** The sentence's position among its paragraph's sentences. */
  position: number;
}

export interface RetrievalSettings {
  fusion: 'rrf' | 'weighted';
  /** Weight of dense similarity against lexical in the weighted fusion (0..1). */
  denseWeight: number;
  /** How many chunks each retriever contributes before fusion. */
  candidates: number;
  /** How many fused chunks have their sentences scored. */
  chunksToRead: number;
  /** Weight of coverage (see CoverageScorer) against retrieval in the extracts' final order (0..1). */
  coverageWeight: number;
  /** How much the highlighted sentence's own coverage counts against its extract's in the order (0..1). */
  sentenceCoverageShare: number;
  /** The first extract must cover this share of the question, or the question counts as not covered. */
  minCoverage: number;
}

export const DEFAULT_RETRIEVAL: RetrievalSettings = {
  fusion: 'weighted',
  denseWeight: 0.2,
  candidates: 20,
  chunksToRead: 6,
  coverageWeight: 0.4,
  sentenceCoverageShare: 0.3,
  minCoverage: 0.48,
};

/** How many of the first extracts the answered / not-covered verdict looks at. */
const VERDICT_EXTRACTS = 3;

export interface EngineParts {
  articles: Article[];
  chunks: Chunk[];
  /** The settings the chunks were made with: sentences are cut the same way. */
  chunking: ChunkingOptions;
  /** Null when no model loads: the engine then answers lexically. */
  embedder: Embedder | null;
  index: StoredIndex | null;
  settings?: RetrievalSettings | undefined;
}

/**
 * The answering engine: hybrid retrieval (HNSW + BM25) over chunks, then the best sentences of
 * the best chunks, quoted with their context; lexical only when no embedding model loads.
 */
export class Engine implements AnswerService {
  private readonly chunkLexical: LexicalIndex;
  private readonly sentenceLexical: LexicalIndex;
  private readonly vocabulary: Vocabulary;
  /** Names and key phrases of the articles, for /lookup. */
  readonly terms: TermIndex;
  private readonly sentences: Sentence[];
  /** Sentence numbers of each chunk. */
  private readonly chunkSentences: number[][];
  private readonly sentenceVectors = new Map<number, number[]>();
  private readonly coverage: CoverageScorer;
  private readonly corpusSummary: CorpusSummary;

  readonly articles: Article[];
  readonly chunks: Chunk[];
  private readonly settings: RetrievalSettings;
  private readonly embedder: Embedder | null;
  private readonly index: StoredIndex | null;

  constructor(parts: EngineParts) {
    const { articles, chunks, chunking, embedder, index } = parts;
    this.articles = articles;
    this.chunks = chunks;
    this.embedder = embedder;
    this.index = index;
    this.settings = parts.settings ?? DEFAULT_RETRIEVAL;
    const articleNumber = new Map(articles.map((article, i) => [article.id, i]));
    this.sentences = articles.flatMap((article, a) =>
      article.paragraphs.flatMap((paragraph) =>
        segmentSentences(article.text, paragraph.start, paragraph.end, chunking.targetChars).map((span, position) => ({
          article: a,
          paragraph: paragraph.number,
          ...span,
          position,
        })),
      ),
    );
    this.chunkSentences = chunks.map((chunk) => {
      const a = articleNumber.get(chunk.articleId)!;
      return sentenceRange(this.sentences, a, chunk.start, chunk.end);
    });
    this.vocabulary = new Vocabulary(this.sentences.map((sentence) => this.sentenceText(sentence)));
    this.chunkLexical = new LexicalIndex(chunks.map((chunk) => chunk.text));
    this.sentenceLexical = new LexicalIndex(this.sentences.map((sentence) => this.sentenceText(sentence)));
    this.coverage = new CoverageScorer(this.vocabulary, embedder);
    this.terms = new TermIndex(articles, this.sentences);
    const chunksPerArticle = new Map<string, number>();
    for (const chunk of chunks) chunksPerArticle.set(chunk.articleId, (chunksPerArticle.get(chunk.articleId) ?? 0) + 1);
    this.corpusSummary = {
      articles: articles.map((article) => ({ id: article.id, title: article.title, paragraphs: article.paragraphs.length, chunks: chunksPerArticle.get(article.id) ?? 0 })),
      chunks: chunks.length,
      model: this.model,
      indexedAt: index?.manifest.builtAt ?? null,
    };
  }

  /** The embedding model in use, or null when answering lexically. */
  get model(): string | null {
    return this.embedder?.model ?? null;
  }

  get mode(): 'hybrid' | 'lexical' {
    return this.embedder && this.index ? 'hybrid' : 'lexical';
  }

  summary(): CorpusSummary {
    return this.corpusSummary;
  }

  lookup(term: string): LookupResult {
    const mentions = this.terms.mentions(term);
    if (mentions.length === 0) return { found: false, closest: this.terms.closest(term, 5) };
    return { found: true, term: this.terms.find(term)?.text ?? term.trim(), mentions };
  }

  suggestTerms(typed: string, limit: number): LookupTerm[] {
    return this.terms.suggest(typed, limit);
  }

  paragraph(articleKey: string, number: number): Quote | undefined {
    const article = this.articles.find((candidate) => candidate.key === articleKey);
    const found = article?.paragraphs.find((candidate) => candidate.number === number);
    if (!article || !found) return undefined;
    const { id: articleId, key, title: articleTitle, text } = article;
    return { articleId, articleKey: key, articleTitle, paragraph: number, start: found.start, end: found.end, text: text.slice(found.start, found.end) };
  }

  exampleQuestion(): string {
    const name = this.terms.terms.find((term) => /^\p{Lu}/u.test(term.text) && term.text.includes(' '));
    return name ? `Who is ${name.text}?` : 'What is the article about?';
  }

  private sentenceText(sentence: Sentence): string {
    return this.articles[sentence.article]!.text.slice(sentence.start, sentence.end);
  }

  async answer(question: string, top = 3): Promise<Answer> {
    const cleanedQuestion = cleanQuestion(question);
    const timings = { embeddingMs: 0, searchMs: 0, extractionMs: 0 };
    const base = { question, cleanedQuestion, mode: this.mode, timings };
    if (!/[\p{L}\p{N}]/u.test(cleanedQuestion)) return { ...base, status: 'empty', confidence: 0, extracts: [], suggestions: [] };
    if (isSmallTalk(cleanedQuestion)) return { ...base, status: 'small-talk', confidence: 0, extracts: [], suggestions: [] };
    // Misspelled names are searched as the corpus spells them, and the answer says so.
    const suggestions = this.vocabulary.suggestions(cleanedQuestion);
    const query = applySuggestions(cleanedQuestion, suggestions);
    let started = performance.now();
    const queryVector = this.embedder && this.index ? (await this.embedder.embedQueries([query]))[0]! : null;
    timings.embeddingMs = performance.now() - started;

    started = performance.now();
    const lexical = this.chunkLexical.scores(query);
    const dense: Scores = new Map();
    if (queryVector && this.index && this.chunks.length > 0) {
      const { neighbors, distances } = this.index.hnsw.searchKnn(queryVector, Math.min(this.settings.candidates, this.chunks.length));
      neighbors.forEach((label, i) => dense.set(label, 1 - distances[i]!));
    }
    const lexicalTop = new Map(rank(lexical).slice(0, this.settings.candidates).map((id) => [id, lexical.get(id)!]));
    timings.searchMs = performance.now() - started;

    started = performance.now();
    const fused =
      this.settings.fusion === 'rrf'
        ? reciprocalRankFusion([dense, lexicalTop].filter((list) => list.size > 0))
        : weightedSum([
            { scores: normalizeByMax(dense), weight: this.settings.denseWeight },
            { scores: normalizeByMax(lexicalTop), weight: queryVector ? 1 - this.settings.denseWeight : 1 },
          ]);
    const chunkOrder = rank(fused).slice(0, this.settings.chunksToRead);
    const sentenceScores = await this.scoreSentences(query, queryVector, chunkOrder, normalizeByMax(fused));
    const candidates = rank(sentenceScores)
      .slice(0, Math.max(top, 3) * 4)
      .map((s) => ({ ...this.extractFor(s), score: sentenceScores.get(s)! }));
    // Coverage of the whole extract decides whether the question is answered; coverage of the
    // sentence itself also decides which sentence of a passage is the one to highlight.
    const passages = candidates.flatMap(({ text, highlight, articleTitle }) => [
      { text, title: articleTitle },
      { text: text.slice(highlight.start, highlight.end), title: articleTitle },
    ]);
    const coverage = await this.coverage.score(query, passages);
    const { coverageWeight, sentenceCoverageShare: share } = this.settings;
    const rescored = candidates
      .map((extract, i) => {
        const ranking = (1 - share) * coverage[2 * i]! + share * coverage[2 * i + 1]!;
        return { ...extract, coverage: coverage[2 * i]!, score: (1 - coverageWeight) * extract.score + coverageWeight * ranking };
      })
      .sort((a, b) => b.score - a.score);
    const extracts = dropOverlapping(rescored).slice(0, top);
    timings.extractionMs = performance.now() - started;

    // Judged on the first few extracts only, so that asking for more extracts never changes the verdict.
    const covered = Math.max(0, ...extracts.slice(0, VERDICT_EXTRACTS).map((extract) => extract.coverage)) >= this.settings.minCoverage;
    return { ...base, status: covered ? 'answered' : 'not-covered', confidence: extracts[0]?.coverage ?? 0, extracts, suggestions };
  }

  /** Each candidate sentence: its chunk's fused score, its own lexical match and its own similarity. */
  private async scoreSentences(question: string, queryVector: number[] | null, chunkOrder: number[], chunkScores: Scores): Promise<Scores> {
    const chunkOf = new Map<number, number>();
    for (const chunk of chunkOrder) {
      for (const s of this.chunkSentences[chunk]!) if (!chunkOf.has(s)) chunkOf.set(s, chunk);
    }
    const candidates = [...chunkOf.keys()];
    const lexicalAll = this.sentenceLexical.scores(question);
    const lexical = normalizeByMax(new Map(candidates.map((s) => [s, lexicalAll.get(s) ?? 0])));
    const dense: Scores = new Map();
    if (queryVector && this.embedder) {
      const missing = candidates.filter((s) => !this.sentenceVectors.has(s));
      const vectors = await this.embedder.embedPassages(missing.map((s) => this.sentenceText(this.sentences[s]!)));
      missing.forEach((s, i) => this.sentenceVectors.set(s, vectors[i]!));
      for (const s of candidates) dense.set(s, Math.max(0, dot(queryVector, this.sentenceVectors.get(s)!)));
    }
    const scores: Scores = new Map();
    for (const s of candidates) {
      const chunkScore = chunkScores.get(chunkOf.get(s)!) ?? 0;
      const w = this.settings.denseWeight;
      const own = queryVector ? (1 - w) * (lexical.get(s) ?? 0) + w * (dense.get(s) ?? 0) : (lexical.get(s) ?? 0);
      // The passage around a sentence counts as much as the sentence itself.
      scores.set(s, 0.5 * chunkScore + 0.5 * own);
    }
    return scores;
  }

  private extractFor(sentenceNumber: number): Extract {
    const sentence = this.sentences[sentenceNumber]!;
    // Sentences are in text order, so the paragraph's sentences are a run around this one.
    const first = sentenceNumber - sentence.position;
    let last = sentenceNumber;
    while (this.sentences[last + 1]?.article === sentence.article && this.sentences[last + 1]!.paragraph === sentence.paragraph) last++;
    return extractAround(this.articles[sentence.article]!, sentence.paragraph, this.sentences.slice(first, last + 1), sentence.position);
  }
}

function dot(a: number[], b: number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/** Numbers of the sentences of article a that lie within [start, end). Sentences are sorted by article, then offset. */
function sentenceRange(sentences: Sentence[], a: number, start: number, end: number): number[] {
  let low = 0;
  let high = sentences.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    const s = sentences[middle]!;
    if (s.article < a || (s.article === a && s.start < start)) low = middle + 1;
    else high = middle;
  }
  const inside: number[] = [];
  for (let i = low; i < sentences.length && sentences[i]!.article === a && sentences[i]!.end <= end; i++) inside.push(i);
  return inside;
}

export interface OpenEngineOptions {
  log: Logger;
  onProgress?: (done: number, total: number) => void;
  settings?: RetrievalSettings;
  /** Skip the embedding model: lexical search only (for comparison, or where no model may load). */
  lexicalOnly?: boolean;
}

/** Loads the articles and the model, builds or refreshes the index, and returns a ready engine. */
export async function openEngine(config: EngineConfig, options: OpenEngineOptions): Promise<Engine> {
  const corpus = loadCorpus(config.articlesDir);
  for (const warning of corpus.warnings) options.log.warn(warning.message);
  const parts = { articles: corpus.articles, chunking: config.chunking, settings: options.settings };
  const embedder = options.lexicalOnly ? null : await openEmbedder(config, options.log);
  if (!embedder) {
    return new Engine({ ...parts, chunks: chunkCorpus(corpus.articles, config.chunking), embedder: null, index: null });
  }
  const { index } = await ensureIndex({
    articles: corpus.articles,
    chunking: config.chunking,
    embedder,
    indexDir: config.indexDir,
    log: options.log,
    onProgress: options.onProgress,
  });
  return new Engine({ ...parts, chunks: index.chunks, embedder, index });
}
