/**
 * The answering engine: prepare the question → retrieve candidate sentences (BM25 over
 * sentences, HNSW over chunks) → describe each with features → rank them with a fitted model
 * → build extracts around the best → judge whether they answer. `analyze` does the first three
 * (no fitted weights involved, so training and cross-validation reuse it); `decide` the rest.
 *
 * The Engine holds what every question shares (the embedding model, the fitted model, word
 * vectors); a Searcher answers over a fixed list of segments (the operator's articles, a server's
 * library), pooling their candidates as one corpus. A question keeps the Searcher it started
 * with, so an index swapped in meanwhile never mixes into its answer.
 */
import type { Article } from '../corpus/articles.ts';
import type { Embedder } from '../embedding/embedder.ts';
import type { Answer, AnswerService, CorpusSummary, LookupResult, LookupTerm, Mention, Quote } from './answer.ts';
import { articleQuestion, type ArticleQuestion } from './analysis/article-questions.ts';
import { focusWords } from './analysis/question.ts';
import { cleanQuestion, isSmallTalk, words, type Analyzer } from './analysis/text.ts';
import { buildExtracts, EXTRACT_MAX_CHARS } from './extracts.ts';
import { closestTerms, findTerm, suggestTerms } from './lexical/lookup.ts';
import { spellingSuggestions } from './lexical/spelling.ts';
import { Vocabulary } from './lexical/vocabulary.ts';
import { prepareQuestion } from './prepare.ts';
import { SoftCoverage } from './ranking/coverage.ts';
import { candidateFeatures, heldShare, normalizeRelativeFeatures, SENTENCE_FEATURES, type QueryTerm } from './ranking/features.ts';
import { judge, modelFor, type AnsweringModel, type Analysis } from './ranking/model.ts';
import type { Logger } from '../logger.ts';
import { retrieveCandidates, similarities, type SegmentQuery } from './retrieve.ts';
import type { Segment } from './segment.ts';
import { answerAboutArticle, chooseArticle } from './whole-article.ts';

export type { Analysis } from './ranking/model.ts';

/** Paragraphs a /lookup lists at most: a reply shows a few, and finding every one of 100,000 would hold answers up. */
const MAX_LISTED_MENTIONS = 500;

export interface EngineOptions {
  /** Null when no model loads: answers then come from lexical search alone. */
  embedder: Embedder | null;
  /** The fitted model to answer with; by default the shipped one for the embedding model (see modelFor). */
  model?: AnsweringModel | undefined;
  /** Says once when the shipped model was fitted on other embeddings. */
  log?: Logger | undefined;
}

export class Engine {
  readonly embedder: Embedder | null;
  private fitted: AnsweringModel | undefined;
  private readonly log: Logger | undefined;
  /** Word vectors and the model's noise level: shared by every searcher, as they depend on the model only. */
  readonly coverage: SoftCoverage;

  constructor(options: EngineOptions) {
    this.embedder = options.embedder;
    this.fitted = options.model;
    this.log = options.log;
    this.coverage = new SoftCoverage(this.embedder);
  }

  /** The fitted ranker and verdict, read on first use (training fits its own, and needs none). */
  get model(): AnsweringModel {
    if (!this.fitted) {
      const chosen = modelFor(this.modelName);
      if (chosen.note) this.log?.warn(chosen.note);
      this.fitted = chosen.model;
    }
    return this.fitted;
  }

  /** The embedding model in use, or null when answering lexically. */
  get modelName(): string | null {
    return this.embedder?.model ?? null;
  }

  /** Answers over these segments (at least one), optionally restricted to one article (by key). */
  searcher(segments: Segment[], options: { article?: string | undefined } = {}): Searcher {
    return new Searcher(this, segments, options.article);
  }
}

/** A question's sentence: its segment and its number there. */
interface Located {
  segment: Segment;
  sentence: number;
}

/**
 * Answers over a fixed list of segments, as one corpus: candidates are numbered across them
 * (each segment's sentences follow the previous segment's), IDF is counted over all of them,
 * and features relative to the best candidate are normalised over all candidates.
 */
export class Searcher implements AnswerService {
  private readonly bases: number[];
  private readonly vocabulary: Vocabulary;
  /** Reads questions with every segment's acronyms. */
  private readonly analyzer: Analyzer;
  /** Where the restricted article lies: its segment and position there. */
  private readonly restriction: { segment: Segment; article: number } | null;
  private summaryCache: CorpusSummary | undefined;

  constructor(
    readonly engine: Engine,
    readonly segments: Segment[],
    restrictTo?: string,
  ) {
    if (segments.length === 0) throw new Error('a searcher needs at least one segment');
    let base = 0;
    this.bases = segments.map((segment) => {
      const start = base;
      base += segment.sentences.length;
      return start;
    });
    this.vocabulary = new Vocabulary(segments.map((segment) => segment.lexical));
    const aliases = new Map<string, readonly string[]>();
    for (const segment of segments) for (const [phrase, found] of segment.analyzer.aliases) aliases.set(phrase, [...new Set([...(aliases.get(phrase) ?? []), ...found])]);
    this.analyzer = segments[0]!.analyzer.withAliases(aliases);
    this.restriction = null;
    if (restrictTo !== undefined) {
      const segment = segments.find((candidate) => candidate.article(restrictTo));
      if (!segment) throw new Error(`no article with key ${restrictTo} is searched here`);
      this.restriction = { segment, article: segment.articles.findIndex((candidate) => candidate.key === restrictTo) };
    }
  }

  /** The key of the article questions are restricted to, if any. */
  private get restrictedKey(): string | undefined {
    return this.restriction?.segment.articles[this.restriction.article]!.key;
  }

  /** Every article searched, in segment order. */
  get articles(): Article[] {
    return this.segments.flatMap((segment) => segment.articles);
  }

  get modelName(): string | null {
    return this.engine.modelName;
  }

  get mode(): 'hybrid' | 'lexical' {
    return this.engine.embedder && this.segments.some((segment) => segment.vectors) ? 'hybrid' : 'lexical';
  }

  summary(): CorpusSummary {
    return (this.summaryCache ??= {
      articles: this.segments.flatMap((segment) =>
        segment.articles.map((article, a) => ({ id: article.id, key: article.key, title: article.title, paragraphs: article.paragraphs.length, chunks: segment.chunksPerArticle[a] ?? 0 })),
      ),
      chunks: this.segments.reduce((sum, segment) => sum + segment.chunkCount, 0),
      model: this.modelName,
      indexedAt: this.segments.map((segment) => segment.indexedAt).reduce<string | null>((latest, at) => (at !== null && (latest === null || at > latest) ? at : latest), null),
    });
  }

  /** Every passage that mentions a term: of the restricted article alone, when there is one. */
  lookup(term: string): LookupResult {
    const indexes = this.segments.map((segment) => segment.terms);
    const mentions: Mention[] = [];
    let more = false;
    for (const segment of this.segments) {
      if (this.restriction && this.restriction.segment !== segment) continue;
      // With the list full, a later segment is read (limit 0) only to learn whether it mentions the term too.
      if (more && mentions.length === MAX_LISTED_MENTIONS) break;
      const found = segment.mentions(term, MAX_LISTED_MENTIONS - mentions.length, this.restriction?.article ?? null);
      mentions.push(...found.mentions);
      more ||= !found.complete;
    }
    if (mentions.length === 0) return { found: false, closest: closestTerms(indexes, term, 5) };
    return { found: true, term: findTerm(indexes, term)?.text ?? term.trim(), mentions, more };
  }

  suggestTerms(typed: string, limit: number): LookupTerm[] {
    return suggestTerms(
      this.segments.map((segment) => segment.terms),
      typed,
      limit,
    );
  }

  paragraph(articleKey: string, number: number): Quote | undefined {
    for (const segment of this.segments) {
      const found = segment.paragraph(articleKey, number);
      if (found) return found;
    }
    return undefined;
  }

  exampleQuestion(): string {
    // The newest segment first: a server's own articles are what its members talk about.
    for (const segment of [...this.segments].reverse()) {
      const name = segment.terms.terms.find((term) => /^\p{Lu}/u.test(term.text) && term.text.includes(' '));
      if (name) return `Who is ${name.text}?`;
    }
    return 'What is the article about?';
  }

  async answer(question: string, top = 3): Promise<Answer> {
    return this.decide(await this.analyze(question), top);
  }

  /** The segment and number there of a sentence in this searcher's numbering. */
  private locate(sentence: number): Located {
    let part = this.bases.length - 1;
    while (part > 0 && this.bases[part]! > sentence) part--;
    return { segment: this.segments[part]!, sentence: sentence - this.bases[part]! };
  }

  /** A sentence, as written (in this searcher's numbering). */
  sentenceText(sentence: number): string {
    const { segment, sentence: s } = this.locate(sentence);
    return segment.sentenceText(s);
  }

  /** The summary of an article (by key; else the newest searched), in its own words. */
  summarize(articleKey?: string): Answer {
    const question = 'summary';
    return this.answerAbout({ question, cleanedQuestion: question, timings: { embeddingMs: 0, searchMs: 0, extractionMs: 0 }, suggestions: [] }, { kind: 'summary', rest: [] }, articleKey);
  }

  /**
   * The articles a whole-article question may be about, oldest first (the newest is a server's
   * own, added last): the restricted article alone, if any.
   */
  private articlesByAge(articleKey = this.restrictedKey) {
    return this.segments
      .flatMap((segment, s) => segment.articles.map((article, a) => ({ article, segment, a, order: [s, article.metadata.added ?? '', a] as const })))
      .filter(({ article }) => articleKey === undefined || article.key === articleKey)
      .sort((x, y) => x.order[0] - y.order[0] || x.order[1].localeCompare(y.order[1]) || x.order[2] - y.order[2]);
  }

  /** The answer to a question about an article as a whole (see chooseArticle for which). */
  private answerAbout(asked: Pick<Analysis, 'question' | 'cleanedQuestion' | 'timings' | 'suggestions'>, about: ArticleQuestion, articleKey?: string): Answer {
    const candidates = this.articlesByAge(articleKey);
    const chosen = chooseArticle(
      candidates.map(({ article }) => article),
      about.rest,
    );
    const target = candidates.find((candidate) => candidate.article === chosen);
    const base = { ...asked, confidence: 0, extracts: [], answering: 0, mode: this.mode };
    if (!target) return { ...base, status: 'not-covered' };
    const answer = answerAboutArticle(about.kind, target.segment, target.a);
    return { ...base, status: answer.found ? 'answered' : 'not-covered', confidence: answer.found ? 1 : 0, extracts: answer.extracts, answering: answer.extracts.length, about: answer.about };
  }

  /** Ranks the analysed candidates, builds the extracts and judges them, with the given (or the engine's) fitted model. */
  decide(analysis: Analysis, top = 3, model: AnsweringModel = this.engine.model): Answer {
    if (analysis.about) return this.answerAbout(analysis, analysis.about, analysis.about.article);
    const started = performance.now();
    const decided = judge(analysis, model);
    const coverageAt = SENTENCE_FEATURES.indexOf('coverageWindow');
    const ranked = decided.order.map((i) => {
      const { sentence, features } = analysis.candidates[i]!;
      return { sentence, score: decided.probability.get(sentence)!, coverage: features[coverageAt]! };
    });
    const extracts = buildExtracts(
      ranked,
      (sentence) => {
        const { segment, sentence: s } = this.locate(sentence);
        return { article: segment.articleOf(s), ...segment.contextAround(s, EXTRACT_MAX_CHARS) };
      },
      top,
      (sentence) => {
        const { segment, sentence: s } = this.locate(sentence);
        return { articleId: segment.articleOf(s).id, start: segment.sentences.start[s]!, end: segment.sentences.end[s]! };
      },
    );
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
      timings: { ...analysis.timings, extractionMs: analysis.timings.extractionMs + performance.now() - started },
    };
  }

  /** The question prepared, its candidate sentences found and described: everything before the fitted model. */
  /**
   * `inView`: the article a conversation is about, by key, if known: a question about "the
   * article" as a whole ("whats the headline") means that one rather than the newest.
   */
  async analyze(question: string, inView?: string): Promise<Analysis> {
    const { embedder, coverage } = this.engine;
    const cleanedQuestion = cleanQuestion(question);
    const timings = { embeddingMs: 0, searchMs: 0, extractionMs: 0 };
    const base = { question, cleanedQuestion, timings, suggestions: [], shape: { answerType: null, meta: null, defining: null }, terms: [], candidates: [], known: 0, knownPredicates: 0 };
    if (!/[\p{L}\p{N}]/u.test(cleanedQuestion)) return { ...base, status: 'empty' };
    if (isSmallTalk(cleanedQuestion)) return { ...base, status: 'small-talk' };
    const about = articleQuestion(cleanedQuestion);
    // Words beyond the pattern must name an article ("the assange article"); else they ask about the story.
    if (about && chooseArticle(this.articlesByAge().map(({ article }) => article), about.rest)) {
      const viewed = inView !== undefined && about.rest.length === 0 && this.articles.some((article) => article.key === inView);
      return { ...base, about: viewed ? { ...about, article: inView } : about };
    }
    const spellings = () => this.segments.map((segment) => segment.spelling);
    const prepared = prepareQuestion(cleanedQuestion, this.analyzer, this.vocabulary, (tokens) =>
      spellingSuggestions(tokens, spellings(), (term) => this.vocabulary.known(term), (word) => embedder?.isWord(word) ?? false),
    );
    const { text, shape, terms } = prepared;

    let started = performance.now();
    const queryVector = embedder && this.mode === 'hybrid' ? (await embedder.embedQueries([text]))[0]! : null;
    timings.embeddingMs = performance.now() - started;

    started = performance.now();
    const parts = this.parts(terms);
    const candidates = retrieveCandidates(parts, queryVector).map((sentence) => ({ id: sentence, ...this.locate(sentence) }));
    timings.searchMs = performance.now() - started;

    started = performance.now();
    const located = candidates.map(({ segment, sentence }) => ({ segment, sentence, window: segment.window(sentence) }));
    const { dense, denseWindow } = await similarities(embedder, queryVector, located);
    const weighted = terms.map((t) => ({ word: t.word, term: t.term, weight: t.idf, name: t.name }));
    const soft = await coverage.score(
      weighted,
      located.map(({ segment, sentence }) => segment.tokensOf(sentence)),
      () => sampleWords(this.segments[0]!),
    );
    const focus = focusWords(text);
    const features: number[][] = [];
    for (const part of parts) {
      const mine = candidates.map((candidate, i) => ({ candidate, i })).filter(({ candidate }) => candidate.segment === part.segment);
      if (mine.length === 0) continue;
      const pick = (values: number[]) => mine.map(({ i }) => values[i]!);
      const { segment } = part;
      const names = part.query.terms.filter((t) => t.name);
      const articleShares = new Map<number, { all: number; names: number }>();
      const sharesOf = (a: number) => {
        let found = articleShares.get(a);
        if (found === undefined) {
          const holds = (id: number) => segment.articleHolds(a, id);
          articleShares.set(a, (found = { all: heldShare(part.query.terms, holds), names: names.length === 0 ? 1 : heldShare(names, holds) }));
        }
        return found;
      };
      const articleSharesOf = (candidate: { sentence: number }) => sharesOf(segment.sentences.articleIndex[candidate.sentence]!);
      features.push(
        ...candidateFeatures(
          {
            sentences: segment.sentences,
            lexical: segment.lexical,
            query: part.query,
            shape,
            candidates: mine.map(({ candidate }) => candidate.sentence),
            windows: mine.map(({ i }) => located[i]!.window),
            entities: segment.entities,
            softCoverage: pick(soft.coverage),
            predicate: pick(soft.predicate),
            alignment: pick(soft.alignment),
            dense: pick(dense),
            denseWindow: pick(denseWindow),
            articleCoverage: mine.map(({ candidate }) => articleSharesOf(candidate).all),
            articleNames: mine.map(({ candidate }) => articleSharesOf(candidate).names),
            sentenceText: (s) => segment.sentenceText(s),
            firstMention: (s, termId) => segment.firstMention(s, termId),
            focus,
            firstWord: (s) => words(segment.sentenceText(s))[0] ?? '',
          },
          (s) => segment.orderedTerms(s),
        ),
      );
    }
    normalizeRelativeFeatures(features);
    timings.extractionMs = performance.now() - started;
    const { suggestions, known, knownPredicates } = prepared;
    return { question, cleanedQuestion, timings, suggestions, shape, terms, known, knownPredicates, candidates: candidates.map(({ id }, i) => ({ sentence: id, features: features[i]! })) };
  }

  /** Each segment's part in a question: its base, the terms as its index sees them, the article the question is restricted to. */
  private parts(terms: QueryTerm[]): SegmentQuery[] {
    const parts: SegmentQuery[] = [];
    this.segments.forEach((segment, i) => {
      if (this.restriction && this.restriction.segment !== segment) return;
      parts.push({
        segment,
        base: this.bases[i]!,
        query: { terms: terms.map((t) => ({ ...t, id: segment.lexical.termId(t.term) })) },
        article: this.restriction?.article ?? null,
      });
    });
    return parts;
  }
}

/** Up to 60 distinct content words spread over a segment's vocabulary (deterministic), to measure the model's noise level on. */
function sampleWords(segment: Segment): string[] {
  const forms = segment.lexical.lowerSurfaces.filter((word) => word.length > 3);
  const step = Math.max(1, Math.ceil(forms.length / 60));
  return forms.filter((_, i) => i % step === 0);
}
