/**
 * What answering gives the rest of the program: answers made of quotes, the corpus summary,
 * term lookup and paragraphs, behind one interface (AnswerService) that the bot and the
 * command-line tools depend on. Nothing outside answering/ touches article text or engine internals.
 */
import type { ArticleQuestionKind } from './analysis/article-questions.ts';

/** An article as answers and lists name it, with what its metadata says (null: not known). */
export interface ArticleInfo {
  /** A short stable key of the article's content (see Quote.articleKey). */
  key: string;
  id: string;
  title: string;
  byline: string | null;
  published: string | null;
  siteName: string | null;
  url: string | null;
}

/** Words quoted from one paragraph of an article: text is the article's text from start to end, byte for byte. */
export interface Quote {
  articleId: string;
  /** A short stable key of the article's content, for buttons that outlive the answer (see AnswerService.paragraph). */
  articleKey: string;
  articleTitle: string;
  paragraph: number;
  start: number;
  end: number;
  text: string;
}

/** A quote that answers a question. */
export interface Extract extends Quote {
  /** The best-answering sentence, as offsets into text. */
  highlight: { start: number; end: number };
  /** How the extracts are ordered, higher first. */
  score: number;
  /** The share of the question's content words the extract speaks to, 0..1. */
  coverage: number;
}

/**
 * answered: the first extract answers. hedged: the closest passages, which may not answer.
 * not-covered: the articles do not seem to cover the question (closest passages shown as such).
 * empty: no words to search. small-talk: a greeting or thanks, not a question about the articles.
 */
export type AnswerStatus = 'answered' | 'hedged' | 'not-covered' | 'empty' | 'small-talk';

export interface Suggestion {
  /** The word as the question wrote it. */
  word: string;
  /** The corpus word it most likely meant. */
  suggestion: string;
}

export interface Answer {
  question: string;
  /** The question as retrieval saw it (mentions, markdown and invisible characters removed). */
  cleanedQuestion: string;
  status: AnswerStatus;
  /** The confidence that the first extract answers, 0..1 (what the status was decided from). */
  confidence: number;
  /** The quotes that answer, best first, or, when not covered, the closest matches (never presented as an answer). */
  extracts: Extract[];
  /** How many of the first extracts plausibly answer (at least 1): the first page shows only these. */
  answering: number;
  /** Misspelled words and the corpus words they probably meant. */
  suggestions: Suggestion[];
  mode: 'hybrid' | 'lexical';
  /** Where the time went: embedding the question, the two searches, then scoring, extraction and the verdict. */
  timings: { embeddingMs: number; searchMs: number; extractionMs: number };
  /**
   * For a question about an article as a whole ("tldr", "who wrote this"): which article, and
   * what was asked. The extracts are then its summary or furniture; "not-covered" means the
   * article does not say (no byline, no caption).
   */
  about?: ArticleInfo & { kind: ArticleQuestionKind };
}

/** Whether an answer counts as answering (a hedged answer does; "not covered" does not). */
export function isAnswered(answer: Pick<Answer, 'status'>): boolean {
  return answer.status === 'answered' || answer.status === 'hedged';
}

export interface CorpusSummary {
  articles: { id: string; key: string; title: string; paragraphs: number; chunks: number }[];
  chunks: number;
  model: string | null;
  indexedAt: string | null;
}

export interface LookupTerm {
  /** As the articles write it: "Lenin Moreno", "Panama Papers", "embassy". */
  text: string;
  /** How many times the articles mention it. */
  count: number;
}

/** The sentences of one paragraph that mention a term. */
export interface Mention extends Quote {
  /** Where the term stands in text (offsets into text). */
  hits: { start: number; end: number }[];
}

/** `more`: the term stands in more paragraphs than the mentions listed. */
export type LookupResult = { found: true; term: string; mentions: Mention[]; more: boolean } | { found: false; closest: LookupTerm[] };

/** The seam between answering and its users (the bot, the CLIs, tests' fakes). */
export interface AnswerService {
  /** The quotes that answer a question, at most `top` of them. */
  answer(question: string, top: number): Promise<Answer>;
  /** The indexed articles; computed once, so it costs nothing per request. */
  summary(): CorpusSummary;
  /** Every passage that mentions a term, or the closest known terms. */
  lookup(term: string): LookupResult;
  /** Terms for autocomplete, best first. */
  suggestTerms(typed: string, limit: number): LookupTerm[];
  /** A whole paragraph, by the articleKey of a quote; undefined when that article is no longer indexed. */
  paragraph(articleKey: string, number: number): Quote | undefined;
  /** A question these articles can answer, for hints ("Who is …?"). */
  exampleQuestion(): string;
}
