/**
 * The answering engine: prepare the question → retrieve candidate sentences (BM25 over
 * sentences, HNSW over chunks) → describe each with features → rank them with a fitted model
 * → build extracts around the best → judge whether they answer. `analyze` does the first three
 * (no fitted weights involved, so training and cross-validation reuse it); `decide` the rest.
 *
 * Over 200 lines because it is both the AnswerService the bot and the tools use and the place
 * the stages are put together; each stage is its own module (prepare, retrieve, features, model,
 * extracts).
 */
import { quotableParagraphs, type Article } from '../corpus/articles.ts';
import type { Sentence, SentenceTable } from '../corpus/sentences.ts';
import type { Embedder } from '../embedding/embedder.ts';
import { TableReader, type Tables } from '../index/tables.ts';
import type { VectorIndex } from '../index/vector-index.ts';
import type { Answer, AnswerService, CorpusSummary, LookupResult, LookupTerm, Quote } from './answer.ts';
import { SoftCoverage } from './coverage.ts';
import { EntityTable } from './entities.ts';
import { buildExtracts, EXTRACT_MAX_CHARS } from './extracts.ts';
import { candidateFeatures, SENTENCE_FEATURES, type QueryTerms } from './features.ts';
import { LexicalIndex } from './lexical.ts';
import { useStoredBaseForms } from './lexicon.ts';
import { TermIndex } from './lookup.ts';
import { judge, shippedModel, type AnsweringModel, type Analysis } from './model.ts';
import { prepareQuestion } from './prepare.ts';
import { focusWords } from './question.ts';
import { Retriever } from './retrieve.ts';
import { Spelling } from './spelling.ts';
import { analyze as analyzeText, cleanQuestion, isSmallTalk, words, type Token } from './text.ts';

export type { Analysis } from './model.ts';

/** Sentences whose tokens are remembered between questions. */
const MAX_CACHED_SENTENCES = 20_000;
/**
 * A term in more sentences than this is left out of lexical search (see searchable): bounded work
 * per question. 10 MB of documentation has its most common term ("use") in 24,000 of 124,000.
 */
const MAX_SEARCHED_POSTINGS = 30_000;

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
  private readonly reader: TableReader;
  private termIndex: TermIndex | undefined;
  private spellingIndex: Spelling | undefined;
  private readonly entities: EntityTable;
  private readonly coverage: SoftCoverage;
  private readonly retriever: Retriever;
  private readonly tokens = new Map<number, Token[]>();
  private readonly corpusSummary: CorpusSummary;

  constructor(parts: EngineParts) {
    this.articles = parts.articles;
    this.sentences = parts.sentences;
    this.embedder = parts.embedder;
    this.vectors = parts.embedder ? parts.vectors : null;
    this.model = parts.model;
    const reader = new TableReader(parts.tables);
    this.reader = reader;
    useStoredBaseForms(reader);
    this.lexical = LexicalIndex.fromTables(reader);
    this.entities = EntityTable.fromTables(reader);
    this.coverage = new SoftCoverage(this.embedder, () => sampleWords(this.lexical));
    const dense = this.embedder && this.vectors ? { embedder: this.embedder, vectors: this.vectors, chunkSentences: parts.chunkSentences } : null;
    this.retriever = new Retriever(this.sentences, this.lexical, dense, (s) => this.sentenceText(s));
    this.corpusSummary = {
      articles: this.articles.map((article, a) => ({ id: article.id, title: article.title, paragraphs: article.paragraphs.length, chunks: parts.chunksPerArticle[a] ?? 0 })),
      chunks: parts.chunksPerArticle.reduce((sum, count) => sum + count, 0),
      model: this.modelName,
      indexedAt: parts.indexedAt,
    };
  }

  /** The /lookup terms, put together on first use: a one-question process never needs them. */
  private get terms(): TermIndex {
    return (this.termIndex ??= TermIndex.fromTables(this.articles, this.sentences, this.reader));
  }

  /** Spelling suggestions, put together on the first unknown word. */
  private get spelling(): Spelling {
    return (this.spellingIndex ??= new Spelling(this.lexical));
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
    const found = article && quotableParagraphs(article).find((candidate) => candidate.number === number);
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
    const { articleIndex, start, end } = this.sentences;
    const locate = (s: number) => ({ articleIndex: articleIndex[s]!, start: start[s]!, end: end[s]! });
    const extracts = buildExtracts(ranked, (sentence) => this.sentenceContext(sentence), this.articles, top, locate);
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
    const prepared = prepareQuestion(cleanedQuestion, this.lexical, (text) => this.spelling.suggestions(text, (word) => this.embedder?.isWord(word) ?? false));
    const { text, shape, query } = prepared;

    let started = performance.now();
    const queryVector = await this.retriever.queryVector(text);
    timings.embeddingMs = performance.now() - started;

    started = performance.now();
    const candidates = this.retriever.candidates(this.searchable(query), queryVector);
    timings.searchMs = performance.now() - started;

    started = performance.now();
    const windows = candidates.map((s) => this.retriever.window(s));
    const { dense, denseWindow } = await this.retriever.similarities(queryVector, candidates, windows);
    const weighted = query.terms.map((t) => ({ word: t.word, term: t.term, weight: t.idf, name: t.id !== undefined && this.lexical.isName(t.id) }));
    const soft = await this.coverage.score(weighted, candidates.map((s) => this.tokensOf(s)));
    const features = candidateFeatures(
      {
        sentences: this.sentences,
        lexical: this.lexical,
        query,
        shape,
        candidates,
        windows,
        entities: this.entities,
        softCoverage: soft.coverage,
        predicate: soft.predicate,
        alignment: soft.alignment,
        dense,
        denseWindow,
        focus: focusWords(text),
        firstWord: (s) => words(this.sentenceText(s))[0] ?? '',
      },
      (s) => this.orderedTerms(s),
    );
    timings.extractionMs = performance.now() - started;
    const { suggestions, known, knownPredicates } = prepared;
    return { question, cleanedQuestion, timings, suggestions, shape, query, known, knownPredicates, candidates: candidates.map((sentence, i) => ({ sentence, features: features[i]! })) };
  }

  /**
   * The question's terms that lexical search looks up: all but those in more than
   * MAX_SEARCHED_POSTINGS sentences, whose postings alone would cost more than a whole answer may
   * ("us" in 2,000,000 sentences of "U.S. U.S. …": 1 s a question) for next to no weight (so
   * common, their BM25 idf is near 0). They still count when the candidates are scored.
   */
  private searchable(query: QueryTerms): QueryTerms {
    const frequency = this.lexical.data.documentFrequency;
    return { ...query, terms: query.terms.filter((term) => term.id === undefined || frequency[term.id]! <= MAX_SEARCHED_POSTINGS) };
  }

  /**
   * The sentences of a sentence's paragraph that an extract around it can reach (those within
   * EXTRACT_MAX_CHARS of it), and its position among them: bounded work per extract however long
   * the paragraph (rebuilding a 50,000-sentence paragraph per extract took seconds a question).
   */
  private sentenceContext(s: number): { sentences: Sentence[]; position: number } {
    const { start, end } = this.sentences;
    let first = s;
    while (this.sentences.sameParagraph(s, first - 1) && end[s]! - start[first - 1]! <= EXTRACT_MAX_CHARS) first--;
    let last = s;
    while (this.sentences.sameParagraph(s, last + 1) && end[last + 1]! - start[s]! <= EXTRACT_MAX_CHARS) last++;
    return { sentences: Array.from({ length: last - first + 1 }, (_, i) => this.sentences.get(first + i)), position: s - first };
  }

  /** A sentence's tokens, analysed once and remembered (a bounded cache: candidates recur from question to question). */
  private tokensOf(s: number): Token[] {
    let tokens = this.tokens.get(s);
    if (!tokens) {
      tokens = analyzeText(this.sentenceText(s));
      if (this.tokens.size >= MAX_CACHED_SENTENCES) this.tokens.clear();
      this.tokens.set(s, tokens);
    }
    return tokens;
  }

  private orderedTerms(s: number): number[] {
    return this.tokensOf(s)
      .map(({ term }) => this.lexical.termId(term))
      .filter((id): id is number => id !== undefined);
  }

  /** A sentence of the corpus, as written. */
  sentenceText(s: number): string {
    return this.articles[this.sentences.articleIndex[s]!]!.text.slice(this.sentences.start[s], this.sentences.end[s]);
  }
}

/** Up to 60 distinct content words spread over the vocabulary (deterministic), to measure the model's noise level on. */
function sampleWords(lexical: LexicalIndex): string[] {
  const forms = lexical.lowerSurfaces.filter((word) => word.length > 3);
  const step = Math.max(1, Math.ceil(forms.length / 60));
  return forms.filter((_, i) => i % step === 0);
}
