import { sha256Hex } from '../../hash.ts';
import type { Answer } from '../answer.ts';
import type { Searcher } from '../engine.ts';
import { containsGold, type EvalQuestion } from './evaluation.ts';
import { SENTENCE_FEATURES } from '../ranking/features.ts';
import { fitLogistic, fitSoftmaxRanker, linearScore, sigmoid } from '../ranking/logistic.ts';
import { MODEL_DEPENDENT_FEATURES, VERDICT_FEATURES, verdictFeatures, type Analysis, type AnsweringModel } from '../ranking/model.ts';

/** A question with its analysis (candidates and features) and, for each candidate, whether its sentence holds a gold span. */
export interface Example {
  question: EvalQuestion;
  analysis: Analysis;
  labels: number[];
}

export async function buildExamples(searcher: Searcher, questions: EvalQuestion[]): Promise<Example[]> {
  const examples: Example[] = [];
  for (const question of questions) {
    // A question about "the article" as a whole means the article it was written about.
    const analysis = await searcher.analyze(question.question, searcher.articles.find((article) => article.id === question.article)?.key);
    const labels = analysis.candidates.map(({ sentence }) => (!question.outOfScope && containsGold(searcher.sentenceText(sentence), question.gold) ? 1 : 0));
    examples.push({ question, analysis, labels });
  }
  return examples;
}

/**
 * At most this share of the training's in-scope questions may be refused: refusing a question
 * the article answers is the worse mistake, so the refusal threshold is the highest that keeps
 * within it (cross-validation then shows what it does on questions the fit did not see).
 */
const MAX_WRONG_REFUSALS = 0.01;
/**
 * At most this share of the training's out-of-scope questions may get a confident answer (not
 * hedged): the confidence above which an answer is given without a hedge is the lowest that keeps
 * within it. A hedge still quotes the closest passage, so it costs an in-scope question little.
 */
const MAX_CONFIDENT_OUT_OF_SCOPE = 0.2;

/** L2 penalties: mild; the features are few and bounded. */
const RANKER_L2 = 0.0001;
const VERDICT_L2 = 0.01;

/**
 * Fits the ranker (sentence holds a gold span, from in-scope questions), then the verdict
 * (in scope or not, from all questions, on the fitted ranker's scores), then the refusal
 * threshold (see MAX_WRONG_REFUSALS).
 */
export function fitModel(examples: Example[], trainedOn: string): AnsweringModel & { trainedOn: string } {
  return fitOn(examples, trainedOn);
}

/**
 * The portable variant: fitted as fitModel, with the features whose scale is the embedding
 * model's own left out, so another embedding model cannot miscalibrate it.
 */
export function fitPortableModel(examples: Example[], trainedOn: string): AnsweringModel & { trainedOn: string } {
  return fitOn(withoutFeatures(examples, MODEL_DEPENDENT_FEATURES), trainedOn);
}

function fitOn(examples: Example[], trainedOn: string): AnsweringModel & { trainedOn: string } {
  const groups = examples
    .filter((example) => !example.question.outOfScope && !example.analysis.status && !example.analysis.about)
    .map((example) => ({ rows: example.analysis.candidates.map((candidate) => candidate.features), labels: example.labels }));
  const ranker = fitSoftmaxRanker([...SENTENCE_FEATURES], groups, { l2: RANKER_L2 });

  const judged = examples.filter((example) => !example.analysis.status && !example.analysis.about && example.analysis.candidates.length > 0);
  const verdictRows = judged.map((example) => {
    const scores = example.analysis.candidates.map((candidate) => linearScore(ranker, candidate.features));
    const order = scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
    return verdictFeatures(example.analysis, scores, order);
  });
  const verdict = fitLogistic([...VERDICT_FEATURES], verdictRows, judged.map((example) => (example.question.outOfScope ? 0 : 1)), { l2: VERDICT_L2 });
  const confidences = judged.map((example, i) => ({ example, confidence: sigmoid(linearScore(verdict, verdictRows[i]!)) }));
  const sorted = confidences.filter(({ example }) => !example.question.outOfScope).map(({ confidence }) => confidence).sort((a, b) => a - b);
  // Refusing below the k-th lowest in-scope confidence refuses k in-scope questions.
  const refuseBelow = sorted[Math.floor(MAX_WRONG_REFUSALS * sorted.length)] ?? 0;
  const outOfScope = confidences.filter(({ example }) => example.question.outOfScope).map(({ confidence }) => confidence).sort((a, b) => b - a);
  // Answering without a hedge from the k-th highest out-of-scope confidence up answers k of them.
  const answerAbove = Math.max(refuseBelow, (outOfScope[Math.floor(MAX_CONFIDENT_OUT_OF_SCOPE * outOfScope.length)] ?? 0) + 1e-9);
  return { ranker, verdict, refuseBelow, hedgeBelow: HEDGE_BELOW, answerAbove, secondaryAbove: SECONDARY_ABOVE, trainedOn };
}

/** Below an even chance that the first sentence answers, the answer says it may not. */
const HEDGE_BELOW = 0.5;
/** Secondary extracts show on the first page when their sentence is at least this likely to answer. */
const SECONDARY_ABOVE = 0.35;

/** The fold (0..k-1) of a question: by a hash of its set and id, so folds are fixed whatever the order of the files. */
export function foldOf(question: EvalQuestion, k: number): number {
  return Number.parseInt(sha256Hex(`${question.set}:${question.id}`).slice(0, 8), 16) % k;
}

/**
 * Cross-validation over the given folds: each question is answered by a model fitted on the
 * questions of the other folds only. Returns the answers in the examples' order.
 */
export function crossValidateBy(searcher: Searcher, examples: Example[], foldOf: (question: EvalQuestion) => string | number): Answer[] {
  const answers: Answer[] = new Array(examples.length);
  const folds = [...new Set(examples.map((example) => foldOf(example.question)))];
  for (const fold of folds) {
    const training = examples.filter((example) => foldOf(example.question) !== fold);
    const model = fitModel(training, `all but fold ${fold}`);
    examples.forEach((example, i) => {
      if (foldOf(example.question) === fold) answers[i] = searcher.decide(example.analysis, 3, model);
    });
  }
  return answers;
}

/** k-fold cross-validation by question (see foldOf). */
export function crossValidate(searcher: Searcher, examples: Example[], k = 5): Answer[] {
  return crossValidateBy(searcher, examples, (question) => foldOf(question, k));
}

/** Leave one article out: each question is answered by a model fitted on questions about the other articles only. */
export function leaveOneArticleOut(searcher: Searcher, examples: Example[]): Answer[] {
  return crossValidateBy(searcher, examples, (question) => question.article);
}

/** Groups of sentence features, for ablation: what each kind of evidence adds (npm run eval -- --ablation). */
export const FEATURE_GROUPS: Record<string, readonly (typeof SENTENCE_FEATURES)[number][]> = {
  'BM25 and exact coverage': ['bm25', 'bm25Window', 'coverage', 'coverageWindow', 'phrase', 'focus', 'namesTogether'],
  'word-vector coverage and alignment': ['softCoverage', 'predicate', 'alignment'],
  'dense (chunk and sentence vectors)': ['dense', 'denseWindow', 'denseRaw'],
  'answer types (entities, reasons)': ['typeMatch', 'typeMatchWindow', 'reason'],
  'headline, subtitle, caption, credit': ['metaMatch', 'metaForContent', 'subtitle'],
  'neighbouring sentence': ['continues', 'coverageWithSubject'],
  'position and length': ['first', 'length'],
  'definitions': ['defines'],
  'article holds the terms': ['articleCoverage', 'articleBest', 'articleNames'],
};

/** The examples with the named sentence features set to 0 everywhere: as if the engine did not compute them. */
export function withoutFeatures(examples: Example[], names: readonly string[]): Example[] {
  const dropped = new Set(names.map((name) => SENTENCE_FEATURES.indexOf(name as (typeof SENTENCE_FEATURES)[number])));
  return examples.map((example) => ({
    ...example,
    analysis: {
      ...example.analysis,
      candidates: example.analysis.candidates.map((candidate) => ({ ...candidate, features: candidate.features.map((value, i) => (dropped.has(i) ? 0 : value)) })),
    },
  }));
}
