import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from '../../validation.ts';
import type { AnswerStatus, Suggestion } from '../answer.ts';
import { SENTENCE_FEATURES, type QueryTerm, type SentenceFeature } from './features.ts';
import { linearScore, sigmoid, softmax, type LinearModel } from './logistic.ts';
import { PROJECT_ROOT } from '../../paths.ts';
import type { QuestionShape } from '../analysis/question.ts';
import type { ArticleQuestion } from '../analysis/article-questions.ts';

/** A question as `Engine.analyze` leaves it: prepared, with its candidate sentences described. */
export interface Analysis {
  question: string;
  cleanedQuestion: string;
  /** Set when there is nothing to search: no words, or only a greeting. */
  status?: 'empty' | 'small-talk';
  timings: { embeddingMs: number; searchMs: number; extractionMs: number };
  suggestions: Suggestion[];
  shape: QuestionShape;
  /** The question's content terms. */
  terms: QueryTerm[];
  /** The share of the question's IDF weight that the corpus knows (after spelling correction). */
  known: number;
  /** The same, for the question's words other than names: what it asks about them. */
  knownPredicates: number;
  candidates: { sentence: number; features: number[] }[];
  /** Set for a question about an article as a whole: answered from the article itself, not searched. */
  about?: ArticleQuestion & { article?: string };
}

/** What the verdict knows of a question once its candidates are ranked. */
export const VERDICT_FEATURES = ['top', 'margin', 'known', 'knownPredicates', 'predicate', 'softCoverage', 'coverageWindow', 'denseWindow', 'typeMatch', 'terms', 'namesTogether', 'unknown'] as const;

/**
 * The fitted parts of answering (see `npm run train`): the sentence ranker, the verdict, and
 * the thresholds on their probabilities.
 */
export interface AnsweringModel {
  ranker: LinearModel;
  verdict: LinearModel;
  /** Below this verdict probability the articles do not cover the question. */
  refuseBelow: number;
  /** Below this probability that the first sentence answers, the answer is hedged ("may not answer"). */
  hedgeBelow: number;
  /** Below this verdict probability (and above refuseBelow), the answer is hedged too: covered, perhaps, but not surely. */
  answerAbove: number;
  /** Secondary extracts show on the first page only when their sentence's probability is at least this. */
  secondaryAbove: number;
}

/** A sentence feature's position: a misspelt name does not compile. */
const feature = (name: SentenceFeature) => SENTENCE_FEATURES.indexOf(name);

/** The verdict's features (VERDICT_FEATURES order) from the candidates' ranker scores, best first. */
export function verdictFeatures(analysis: Analysis, scores: number[], order: number[]): number[] {
  const best = analysis.candidates[order[0]!]!.features;
  const second = order.length > 1 ? scores[order[1]!]! : scores[order[0]!]! - 5;
  const topThree = order.slice(0, 3).map((i) => analysis.candidates[i]!.features);
  return [
    scores[order[0]!]!,
    Math.min(5, scores[order[0]!]! - second),
    analysis.known,
    analysis.knownPredicates,
    Math.max(...topThree.map((features) => features[feature('predicate')]!)),
    best[feature('softCoverage')]!,
    best[feature('coverageWindow')]!,
    best[feature('denseWindow')]!,
    best[feature('typeMatch')]!,
    Math.log1p(analysis.terms.length),
    best[feature('namesTogether')]!,
    analysis.terms.filter((t) => !t.known).length,
  ];
}

export interface Decision {
  /** Candidate positions, best first. */
  order: number[];
  /** Each candidate sentence's share of the probability of answering (softmax over the candidates), by sentence number. */
  probability: Map<number, number>;
  /** The verdict's probability that the question is covered. */
  confidence: number;
  status: AnswerStatus;
}

/** Ranks the candidates and judges the question: not covered, hedged or answered. */
export function judge(analysis: Analysis, model: AnsweringModel): Decision {
  const scores = analysis.candidates.map((candidate) => linearScore(model.ranker, candidate.features));
  const order = scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]! || analysis.candidates[a]!.sentence - analysis.candidates[b]!.sentence);
  const shares = scores.length > 0 ? softmax(scores) : [];
  const probability = new Map(analysis.candidates.map((candidate, i) => [candidate.sentence, shares[i]!]));
  // No word of the question is in the corpus (gibberish, or another topic entirely): nothing to quote.
  if (order.length === 0 || analysis.known === 0) return { order, probability, confidence: 0, status: 'not-covered' };
  const confidence = sigmoid(linearScore(model.verdict, verdictFeatures(analysis, scores, order)));
  const first = shares[order[0]!]!;
  const status = confidence < model.refuseBelow ? 'not-covered' : first < model.hedgeBelow || confidence < model.answerAbove ? 'hedged' : 'answered';
  return { order, probability, confidence, status };
}

const linearModelSchema = (names: readonly string[]) =>
  z.strictObject({
    features: z.array(z.string()).check(z.refine((features) => features.join() === names.join(), `features must be ${names.join(', ')}`)),
    weights: z.array(z.number()).check(z.length(names.length)),
    bias: z.number(),
  });

const modelSchema = z.strictObject({
  ranker: linearModelSchema(SENTENCE_FEATURES),
  verdict: linearModelSchema(VERDICT_FEATURES),
  refuseBelow: z.number().check(z.minimum(0), z.maximum(1)),
  hedgeBelow: z.number().check(z.minimum(0), z.maximum(1)),
  answerAbove: z.number().check(z.minimum(0), z.maximum(1)),
  secondaryAbove: z.number().check(z.minimum(0), z.maximum(1)),
  trainedOn: z.string(),
  /** The embedding model whose similarities it was fitted on; null for the portable variant, fitted without them. */
  embeddingModel: z.nullable(z.string()),
});

/**
 * Sentence features whose scale is the embedding model's own (raw cosine similarities): fitted
 * on one model, their weights mean nothing on another. The portable variant is fitted without them.
 */
export const MODEL_DEPENDENT_FEATURES: readonly SentenceFeature[] = ['denseRaw', 'alignment'];

/** Where `npm run train` writes the fitted models (data files in fitted/), and the engine reads them. */
export const MODEL_FILE = join(PROJECT_ROOT, 'fitted', 'answering.json');
export const PORTABLE_MODEL_FILE = join(PROJECT_ROOT, 'fitted', 'answering-portable.json');

/** A shipped model; an error naming the problem when the file does not fit the features this code computes. */
function loadModel(file: string): AnsweringModel & { embeddingModel: string | null } {
  const parsed = modelSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file} does not fit this version (${parsed.error.issues[0]!.message}): run npm run train`);
  return parsed.data;
}

const shipped = new Map<string, AnsweringModel & { embeddingModel: string | null }>();

/** The shipped model (fitted/answering.json), read on first use (training runs without one). */
export function shippedModel(file = MODEL_FILE): AnsweringModel & { embeddingModel: string | null } {
  let model = shipped.get(file);
  if (!model) shipped.set(file, (model = loadModel(file)));
  return model;
}

/**
 * The fitted model for an embedding model: the shipped one when it was fitted on that model's
 * similarities (or no model is loaded, so none are computed), else the portable variant, with
 * why in `note` (npm run train fits one for the model in use).
 */
export function modelFor(embeddingModel: string | null): { model: AnsweringModel; note: string | null } {
  const fitted = shippedModel();
  if (embeddingModel === null || fitted.embeddingModel === embeddingModel) return { model: fitted, note: null };
  return {
    model: shippedModel(PORTABLE_MODEL_FILE),
    note: `the answering model was fitted on ${fitted.embeddingModel ?? 'no'} embeddings; with ${embeddingModel} it uses its portable variant (without raw similarities) until \`npm run train\` fits one for this model`,
  };
}
