/**
 * The answering engine: prepare the question → retrieve candidate sentences (BM25 over
 * sentences, HNSW over chunks) → describe each with features → rank them with a fitted model
 * → build extracts around the best → judge whether they answer. `analyze` does the first three
 * (no fitted weights involved, so training and cross-validation reuse it); `decide` the rest.
 */
import type { Article } from '../corpus/articles.ts';
import type { Sentence, SentenceTable } from '../corpus/sentences.ts';
import type { Embedder } from '../embedding/embedder.ts';
import { dot } from '../embedding/vectors.ts';
import { TableReader, type Tables } from '../index/tables.ts';
import type { VectorIndex } from '../index/vector-index.ts';
import type { Answer, AnswerService, CorpusSummary, LookupResult, LookupTerm, Quote } from './answer.ts';
import { SoftCoverage } from './coverage.ts';
import { EntityTable, EntityTableBuilder } from './entities.ts';
import { buildExtracts } from './extracts.ts';
import { candidateFeatures, SENTENCE_FEATURES, type QueryTerms } from './features.ts';
import { analyze as analyzeText, applySuggestions, LexicalIndex, LexicalIndexBuilder } from './lexical.ts';
import { baseFormTables, useStoredBaseForms } from './lexicon.ts';
import { TermIndex } from './lookup.ts';
import { judge, shippedModel, type AnsweringModel, type Analysis } from './model.ts';
import { focusWords, isMetaWord, questionShape, type QuestionShape } from './question.ts';
import { cleanQuestion, isSmallTalk, words } from './text.ts';

export type { Analysis } from './model.ts';

/** How many sentences lexical search and chunks vector search each put forward. */
const LEXICAL_CANDIDATES = 24;
const DENSE_CHUNKS = 8;
/** Up to this many sentences, every sentence is a candidate. */
const SMALL_CORPUS_SENTENCES = 400;
/** Sentence vectors kept for reuse. */
const MAX_CACHED_VECTORS = 200_000;

/** Bump when answeringTables gives other tables (or other terms): indexes with another version are rebuilt. */
export const ANSWERING_TABLES_VERSION = 'answering-1';

/** What answering derives from the articles, stored with the index so that start-up reads it: the lexical index and the lookup terms. */
export function answeringTables(articles: Article[], sentences: SentenceTable): Tables {
  const lexical = new LexicalIndexBuilder();
  const entities = new EntityTableBuilder((term) => lexical.termId(term));
  for (let s = 0; s < sentences.length; s++) {
    const tokens = analyzeText(articles[sentences.article[s]!]!.text.slice(sentences.start[s], sentences.end[s]));
    lexical.add(tokens);
    entities.add(tokens);
  }
  return { ...baseFormTables(), ...lexical.finish().toTables(), ...entities.finish().toTables(), ...TermIndex.build(articles, sentences).toTables() };
}

export interface EngineParts {
  articles: Article[];
  /** The corpus's sentence table (see sentenceTable). */
  sentences: SentenceTable;
  /** What answeringTables derived (read from the index, or computed when there is none). */
  tables: Tables;
  /** Each chunk's first and last sentence: chunk positions as the vector index returns them. */
  chunkSentences: { first: Int32Array; last: Int32Array };
  /** Chunks per article, in article order, for the summary. */
  chunksPerArticle: number[];
  /** Null when no model loads: the engine then answers lexically. */
  embedder: Embedder | null;
  vectors: VectorIndex | null;
  indexedAt: string | null;
  model?: AnsweringModel | undefined;
}

export class Engine implements AnswerService {
  readonly articles: Article[];
  private readonly sentences: SentenceTable;
  private readonly embedder: Embedder | null;
  private readonly vectors: VectorIndex | null;
  private readonly model: AnsweringModel | undefined;
  private readonly lexical: LexicalIndex;
  private readonly terms: TermIndex;
  private readonly entities: EntityTable;
  private readonly coverage: SoftCoverage;
  private readonly chunkSentences: { first: Int32Array; last: Int32Array };
  private readonly sentenceVectors = new Map<number, Float32Array>();
  private readonly corpusSummary: CorpusSummary;

  constructor(parts: EngineParts) {
    this.articles = parts.articles;
    this.sentences = parts.sentences;
    this.embedder = parts.embedder;
    this.vectors = parts.embedder ? parts.vectors : null;
    this.model = parts.model;
    const reader = new TableReader(parts.tables);
    useStoredBaseForms(reader);
    this.lexical = LexicalIndex.fromTables(reader);
    this.terms = TermIndex.fromTables(this.articles, this.sentences, reader);
    this.entities = EntityTable.fromTables(reader);
    this.coverage = new SoftCoverage(this.embedder, () => sampleWords(this.lexical));
    this.chunkSentences = parts.chunkSentences;
    this.corpusSummary = {
      articles: this.articles.map((article, a) => ({ id: article.id, title: article.title, paragraphs: article.paragraphs.length, chunks: parts.chunksPerArticle[a] ?? 0 })),
      chunks: parts.chunksPerArticle.reduce((sum, count) => sum + count, 0),
      model: this.modelName,
      indexedAt: parts.indexedAt,
    };
  }

  /** The embedding model in use, or null when answering lexically. */
  get modelName(): string | null {
    return this.embedder?.model ?? null;
  }

  get mode(): 'hybrid' | 'lexical' {
    return this.vectors ? 'hybrid' : 'lexical';
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
    const found = article && [...(article.headline ? [article.headline] : []), ...article.paragraphs].find((candidate) => candidate.number === number);
    if (!article || !found) return undefined;
    const { id: articleId, key, title: articleTitle, text } = article;
    return { articleId, articleKey: key, articleTitle, paragraph: number, start: found.start, end: found.end, text: text.slice(found.start, found.end) };
  }

  exampleQuestion(): string {
    const name = this.terms.terms.find((term) => /^\p{Lu}/u.test(term.text) && term.text.includes(' '));
    return name ? `Who is ${name.text}?` : 'What is the article about?';
  }

  async answer(question: string, top = 3): Promise<Answer> {
    return this.decide(await this.analyze(question), top);
  }

  /** Ranks the analysed candidates, builds the extracts and judges them, with the given (or the engine's) fitted model. */
  decide(analysis: Analysis, top = 3, model: AnsweringModel = this.model ?? shippedModel()): Answer {
    const started = performance.now();
    const decided = judge(analysis, model);
    const coverageAt = SENTENCE_FEATURES.indexOf('coverageWindow');
    const ranked = decided.order.map((i) => {
      const { sentence, features } = analysis.candidates[i]!;
      return { sentence, score: decided.probability.get(sentence)!, coverage: features[coverageAt]! };
    });
    const extracts = buildExtracts(ranked, (sentence) => this.sentenceContext(sentence), this.articles, top);
    analysis.timings.extractionMs += performance.now() - started;
    const answering = Math.max(1, extracts.filter((extract) => decided.probability.get(extract.sentence)! >= model.secondaryAbove).length);
    return {
      question: analysis.question,
      cleanedQuestion: analysis.cleanedQuestion,
      status: analysis.status ?? decided.status,
      confidence: decided.confidence,
      extracts: extracts.map(({ sentence: _, ...extract }) => extract),
      answering: Math.min(answering, extracts.length),
      suggestions: analysis.suggestions,
      mode: this.mode,
      timings: analysis.timings,
    };
  }

  /** The question prepared, its candidate sentences found and described: everything before the fitted model. */
  async analyze(question: string): Promise<Analysis> {
    const cleanedQuestion = cleanQuestion(question);
    const timings = { embeddingMs: 0, searchMs: 0, extractionMs: 0 };
    const base = { question, cleanedQuestion, timings, suggestions: [], shape: { answerType: null, meta: null }, query: { terms: [] }, candidates: [], known: 0, knownPredicates: 0 };
    if (!/[\p{L}\p{N}]/u.test(cleanedQuestion)) return { ...base, status: 'empty' };
    if (isSmallTalk(cleanedQuestion)) return { ...base, status: 'small-talk' };
    // Misspelled names are searched as the corpus spells them, and the answer says so.
    const suggestions = this.lexical.suggestions(cleanedQuestion, (word) => this.embedder?.isWord(word) ?? false);
    const text = applySuggestions(cleanedQuestion, suggestions);
    const shape = questionShape(text);
    const query = this.queryTerms(text, shape);
    const totalIdf = query.terms.reduce((sum, t) => sum + t.idf, 0);
    // A question about the headline or photo with no other content word ("whats the headline") asks about what every article has.
    const known = totalIdf > 0 ? query.terms.filter((t) => t.id !== undefined).reduce((sum, t) => sum + t.idf, 0) / totalIdf : shape.meta ? 1 : 0;
    const predicates = query.terms.filter((t) => t.id === undefined || !this.lexical.isName(t.id));
    const predicateIdf = predicates.reduce((sum, t) => sum + t.idf, 0);
    const knownPredicates = predicateIdf > 0 ? predicates.filter((t) => t.id !== undefined).reduce((sum, t) => sum + t.idf, 0) / predicateIdf : known;

    let started = performance.now();
    const queryVector = this.vectors && this.embedder ? (await this.embedder.embedQueries([text]))[0]! : null;
    timings.embeddingMs = performance.now() - started;

    started = performance.now();
    const candidates = this.retrieve(query, queryVector);
    timings.searchMs = performance.now() - started;

    started = performance.now();
    const windows = candidates.map((s) => this.window(s));
    const { dense, denseWindow } = await this.denseSimilarities(queryVector, candidates, windows);
    const weighted = query.terms.map((t) => ({ word: t.word, term: t.term, weight: t.idf, name: t.id !== undefined && this.lexical.isName(t.id) }));
    const { coverage: softCoverage, alignment, predicate } = await this.coverage.score(weighted, candidates.map((s) => this.sentenceText(s)));
    const features = candidateFeatures(
      { sentences: this.sentences, lexical: this.lexical, query, shape, candidates, windows, entities: this.entities, softCoverage, predicate, alignment, dense, denseWindow, focus: focusWords(text), firstWord: (s) => words(this.sentenceText(s))[0] ?? '' },
      (s) => this.orderedTerms(s),
    );
    timings.extractionMs = performance.now() - started;
    return {
      question,
      cleanedQuestion,
      timings,
      suggestions,
      shape,
      query,
      known,
      knownPredicates,
      candidates: candidates.map((sentence, i) => ({ sentence, features: features[i]! })),
    };
  }

  /** The question's content terms, each once, with its corpus id (if any) and IDF. */
  private queryTerms(text: string, shape: QuestionShape): QueryTerms {
    const seen = new Set<string>();
    const terms: { term: string; word: string; id: number | undefined; idf: number }[] = [];
    for (const { term, surface } of analyzeText(text)) {
      if (seen.has(term) || isMetaWord(surface.toLowerCase(), shape)) continue;
      seen.add(term);
      const id = this.lexical.termId(term);
      terms.push({ term, word: surface.toLowerCase(), id, idf: this.lexical.idf(id) });
    }
    return { terms };
  }

  /**
   * Candidate sentences: the best by BM25, the sentences of the chunks nearest by vector, and
   * their neighbours; every sentence of a small corpus. For a question about the headline or
   * photo, the headline and caption of the articles found.
   */
  private retrieve(query: QueryTerms, queryVector: Float32Array | null): number[] {
    if (this.sentences.length <= SMALL_CORPUS_SENTENCES) return Array.from({ length: this.sentences.length }, (_, s) => s);
    const found = new Set<number>();
    const ids = query.terms.filter((t) => t.id !== undefined).map((t) => t.id!);
    const lexical = [...this.lexical.search(ids).entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, LEXICAL_CANDIDATES);
    for (const [s] of lexical) found.add(s);
    if (queryVector && this.vectors) {
      for (const { chunk } of this.vectors.search(queryVector, DENSE_CHUNKS)) {
        for (let s = this.chunkSentences.first[chunk]!; s <= this.chunkSentences.last[chunk]!; s++) found.add(s);
      }
    }
    for (const s of [...found]) {
      const { first, last } = this.window(s);
      for (let n = first; n <= last; n++) found.add(n);
      // The article's headline and caption: quotable for "what's the headline", and a ranking contrast otherwise.
      const article = this.sentences.article[s];
      for (let n = s; n >= 0 && this.sentences.article[n] === article && this.sentences.paragraph[n]! <= 2; n--) {
        if (this.sentences.role(n) !== 'body') found.add(n);
      }
    }
    return [...found].sort((a, b) => a - b);
  }

  /** A sentence with its neighbours in the same paragraph. */
  private window(s: number): { first: number; last: number } {
    return { first: this.sentences.sameParagraph(s, s - 1) ? s - 1 : s, last: this.sentences.sameParagraph(s, s + 1) ? s + 1 : s };
  }

  /** The sentences of a sentence's paragraph, and its position among them (for building an extract). */
  private sentenceContext(s: number): { sentences: Sentence[]; position: number } {
    const position = this.sentences.position[s]!;
    const first = s - position;
    let last = s;
    while (this.sentences.sameParagraph(s, last + 1)) last++;
    return { sentences: Array.from({ length: last - first + 1 }, (_, i) => this.sentences.get(first + i)), position };
  }

  private async denseSimilarities(queryVector: Float32Array | null, candidates: number[], windows: { first: number; last: number }[]) {
    if (!queryVector || !this.embedder) return { dense: [], denseWindow: [] };
    const needed = new Set<number>();
    for (const { first, last } of windows) for (let s = first; s <= last; s++) if (!this.sentenceVectors.has(s)) needed.add(s);
    const missing = [...needed];
    if (missing.length > 0) {
      if (this.sentenceVectors.size + missing.length > MAX_CACHED_VECTORS) this.sentenceVectors.clear();
      const vectors = await this.embedder.embedPassages(missing.map((s) => this.sentenceText(s)));
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

  private orderedTerms(s: number): number[] {
    return analyzeText(this.sentenceText(s))
      .map(({ term }) => this.lexical.termId(term))
      .filter((id): id is number => id !== undefined);
  }

  /** A sentence of the corpus, as written. */
  sentenceText(s: number): string {
    return this.articles[this.sentences.article[s]!]!.text.slice(this.sentences.start[s], this.sentences.end[s]);
  }
}

/** Up to 60 distinct content words spread over the vocabulary (deterministic), to measure the model's noise level on. */
function sampleWords(lexical: LexicalIndex): string[] {
  const forms = lexical.data.surfaces.map((form) => form.toLowerCase()).filter((word) => word.length > 3);
  const step = Math.max(1, Math.ceil(forms.length / 60));
  return forms.filter((_, i) => i % step === 0);
}
