/**
 * A paragraph-level boilerplate filter for what Readability leaves inside the article: "Advert",
 * "Sign up for our newsletter", "Read more: …" teasers, share bars, link lists. A logistic
 * regression over shallow, language-independent features of each paragraph and its neighbours
 * (length, link density, sentence punctuation, role, position), as boilerpipe and dragnet do; it
 * is fitted by `npm run eval:extract -- --fit` on the extraction benchmark and reported there under
 * cross-validation by page. Captions, bylines, standfirsts and quotes are never dropped: a reader
 * sees them as part of the article.
 */
import type { SourceRole } from './article.ts';
import type { WalkedParagraph } from './paragraphs.ts';

export interface BoilerplateModel {
  /** Feature names, in the order of the weights (checked when the model is loaded). */
  features: readonly string[];
  means: readonly number[];
  scales: readonly number[];
  weights: readonly number[];
  bias: number;
  /** Paragraphs whose probability of being article text is below this are dropped. */
  threshold: number;
}

/** Roles the filter may drop; what a reader sees as part of the article (captions, bylines, standfirsts, quotes) it keeps. */
const FILTERED_ROLES = new Set<SourceRole>(['body', 'list', 'heading']);
const ROLE_FEATURES: readonly SourceRole[] = ['heading', 'list'];
/** Ends like a sentence, in any script: a full stop, question or exclamation mark, ellipsis, maybe closed by a quote or bracket. */
const SENTENCE_END = /[.!?。！？…:;][\p{Pf}\p{Pe}"'’”»]*$/u;
/** How many paragraphs from either end count as near it. */
const EDGE_SPAN = 4;

export const FEATURE_NAMES: readonly string[] = [
  'log chars',
  'link density',
  'sentence end',
  'previous sentence end',
  'next sentence end',
  'log chars previous',
  'log chars next',
  'share of page',
  'near start',
  'near end',
  'digit share',
  'upper-case share',
  'bracketed',
  'repeated',
  'bare URL',
  'handle or address',
  'copyright sign',
  'negative class',
  'positive class',
  ...ROLE_FEATURES.map((role) => `role ${role}`),
];

/** Each paragraph's feature vector, in FEATURE_NAMES order. */
export function paragraphFeatures(paragraphs: readonly WalkedParagraph[]): number[][] {
  const total = paragraphs.reduce((sum, paragraph) => sum + paragraph.text.length, 0) || 1;
  const logChars = paragraphs.map((paragraph) => Math.log1p(paragraph.text.length));
  const sentenceEnds = paragraphs.map((paragraph) => (SENTENCE_END.test(paragraph.text) ? 1 : 0));
  const occurrences = new Map<string, number>();
  for (const { text } of paragraphs) occurrences.set(text, (occurrences.get(text) ?? 0) + 1);
  return paragraphs.map((paragraph, i) => {
    const { text } = paragraph;
    const upper = text.match(/\p{Lu}/gu)?.length ?? 0;
    const lower = text.match(/\p{Ll}/gu)?.length ?? 0;
    const digits = text.match(/\p{N}/gu)?.length ?? 0;
    return [
      logChars[i]!,
      paragraph.linkChars / text.length,
      sentenceEnds[i]!,
      sentenceEnds[i - 1] ?? 1,
      sentenceEnds[i + 1] ?? 1,
      logChars[i - 1] ?? 0,
      logChars[i + 1] ?? 0,
      text.length / total,
      Math.max(0, EDGE_SPAN - i) / EDGE_SPAN,
      Math.max(0, EDGE_SPAN - (paragraphs.length - 1 - i)) / EDGE_SPAN,
      digits / text.length,
      // Only for scripts with case: a share of upper case among cased letters.
      upper + lower > 0 ? upper / (upper + lower) : 0,
      /^[[(].*[\])]$/u.test(text) ? 1 : 0,
      occurrences.get(text)! > 1 ? 1 : 0,
      /^\S+:\/\/\S+$/u.test(text) ? 1 : 0,
      /@[\p{L}\p{N}_]/u.test(text) ? 1 : 0,
      /[©℗]|\(c\)/iu.test(text) ? 1 : 0,
      paragraph.negativeClass ? 1 : 0,
      paragraph.positiveClass ? 1 : 0,
      ...ROLE_FEATURES.map((role) => (paragraph.role === role ? 1 : 0)),
    ];
  });
}

/** The probability that each paragraph is article text. */
export function articleProbabilities(model: BoilerplateModel, features: readonly number[][]): number[] {
  return features.map((row) => {
    let z = model.bias;
    for (let j = 0; j < row.length; j++) z += model.weights[j]! * ((row[j]! - model.means[j]!) / model.scales[j]!);
    return 1 / (1 + Math.exp(-z));
  });
}

/** Whether the filter may drop a paragraph: not what a reader sees as part of the article, nor a table row (data, whatever its shape). */
export function isFilterable(paragraph: WalkedParagraph): boolean {
  return FILTERED_ROLES.has(paragraph.role) && !paragraph.inTable;
}

/** The paragraphs without those the model takes for boilerplate (never all of them). */
export function withoutBoilerplate<T extends WalkedParagraph>(model: BoilerplateModel, paragraphs: readonly T[]): T[] {
  if (model.features.join('\n') !== FEATURE_NAMES.join('\n')) throw new Error('the boilerplate model was fitted on other features: refit it with npm run eval:extract -- --fit');
  const probabilities = articleProbabilities(model, paragraphFeatures(paragraphs));
  const kept = paragraphs.filter((paragraph, i) => !isFilterable(paragraph) || probabilities[i]! >= model.threshold);
  return kept.length > 0 ? kept : [...paragraphs];
}

export interface TrainingExample {
  features: number[];
  /** 1 when the paragraph is article text. */
  label: 0 | 1;
  /** How much the paragraph counts: its share of its page's words, so each page weighs the same, as in the metric. */
  weight: number;
  /** Only what the filter may drop is trained on. */
  filterable: boolean;
}

export interface FitOptions {
  /** L2 penalty on the standardized weights. */
  l2?: number;
  iterations?: number;
  threshold?: number;
}

/**
 * Fits a weighted logistic regression by full-batch gradient descent (Adam steps) on standardized
 * features: deterministic (no random start, no shuffling), so the same pages always give the same model.
 */
export function fitBoilerplateModel(examples: readonly TrainingExample[], options: FitOptions = {}): BoilerplateModel {
  const { l2 = 1e-3, iterations = 400, threshold = 0.5 } = options;
  const trained = examples.filter((example) => example.filterable);
  const width = FEATURE_NAMES.length;
  const totalWeight = trained.reduce((sum, example) => sum + example.weight, 0) || 1;
  const means = new Array<number>(width).fill(0);
  const scales = new Array<number>(width).fill(0);
  for (const { features, weight } of trained) for (let j = 0; j < width; j++) means[j]! += (weight * features[j]!) / totalWeight;
  for (const { features, weight } of trained) for (let j = 0; j < width; j++) scales[j]! += (weight * (features[j]! - means[j]!) ** 2) / totalWeight;
  for (let j = 0; j < width; j++) scales[j] = Math.sqrt(scales[j]!) || 1;
  const rows = trained.map(({ features }) => features.map((value, j) => (value - means[j]!) / scales[j]!));

  const weights = new Array<number>(width).fill(0);
  let bias = 0;
  // Adam step sizes: plain gradient descent crawls on these badly conditioned features.
  const rate = 0.05;
  const moment = new Array<number>(width + 1).fill(0);
  const velocity = new Array<number>(width + 1).fill(0);
  for (let step = 1; step <= iterations; step++) {
    const gradient = new Array<number>(width + 1).fill(0);
    rows.forEach((row, i) => {
      const { label, weight } = trained[i]!;
      let z = bias;
      for (let j = 0; j < width; j++) z += weights[j]! * row[j]!;
      const error = (1 / (1 + Math.exp(-z)) - label) * (weight / totalWeight);
      for (let j = 0; j < width; j++) gradient[j]! += error * row[j]!;
      gradient[width]! += error;
    });
    for (let j = 0; j <= width; j++) {
      const g = gradient[j]! + (j < width ? l2 * weights[j]! : 0);
      moment[j] = 0.9 * moment[j]! + 0.1 * g;
      velocity[j] = 0.999 * velocity[j]! + 0.001 * g * g;
      const update = (rate * (moment[j]! / (1 - 0.9 ** step))) / (Math.sqrt(velocity[j]! / (1 - 0.999 ** step)) + 1e-8);
      if (j < width) weights[j]! -= update;
      else bias -= update;
    }
  }
  return { features: FEATURE_NAMES, means, scales, weights, bias, threshold };
}
