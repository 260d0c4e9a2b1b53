/**
 * The article-extraction benchmark's metric (shared/eval/extraction/README.md): texts are
 * compared as multisets of 4-token shingles, each page's counts are scored on their own, and the
 * pages' precisions and recalls are averaged so that long pages weigh no more than short ones.
 */

const WORD = /[\p{L}\p{N}_]+/gu;
const SHINGLE_SIZE = 4;

/** Every run of word characters, case kept (the benchmark's Unicode `\w+`). */
export function tokenize(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** Each run of 4 consecutive tokens, counted; a text of 1–3 tokens is one shingle, an empty text none. */
export function shingleCounts(tokens: readonly string[], size = SHINGLE_SIZE): Map<string, number> {
  const counts = new Map<string, number>();
  const last = Math.max(1, tokens.length - size + 1);
  for (let start = 0; start < last && start < tokens.length; start++) {
    // U+0001 cannot occur inside a token, so joined shingles never collide.
    const key = tokens.slice(start, start + size).join('\u0001');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

export interface PageScore {
  /** Shared shingles, as a share of TP + FP + FN (0 when both texts are empty). */
  truePositive: number;
  falsePositive: number;
  falseNegative: number;
  precision: number;
  recall: number;
  /** The two texts have identical token lists. */
  exact: boolean;
}

/** Scores one page's extracted text against its ground truth. */
export function scorePage(truth: string, extracted: string): PageScore {
  const truthTokens = tokenize(truth);
  const extractedTokens = tokenize(extracted);
  const truthCounts = shingleCounts(truthTokens);
  const extractedCounts = shingleCounts(extractedTokens);
  let truePositive = 0;
  let falsePositive = 0;
  for (const [shingle, count] of extractedCounts) {
    const shared = Math.min(count, truthCounts.get(shingle) ?? 0);
    truePositive += shared;
    falsePositive += count - shared;
  }
  let falseNegative = 0;
  for (const [shingle, count] of truthCounts) falseNegative += Math.max(0, count - (extractedCounts.get(shingle) ?? 0));
  const total = truePositive + falsePositive + falseNegative;
  const share = (count: number) => (total === 0 ? 0 : count / total);
  const perfect = falsePositive === 0 && falseNegative === 0;
  return {
    truePositive: share(truePositive),
    falsePositive: share(falsePositive),
    falseNegative: share(falseNegative),
    precision: perfect ? 1 : ratio(truePositive, truePositive + falsePositive),
    recall: perfect ? 1 : ratio(truePositive, truePositive + falseNegative),
    exact: truthTokens.length === extractedTokens.length && truthTokens.every((token, i) => token === extractedTokens[i]),
  };
}

/** An empty side scores 0: an empty prediction has precision 0 against a non-empty truth. */
function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

export interface BenchmarkScore {
  pages: number;
  precision: number;
  recall: number;
  f1: number;
  /** Share of pages whose token lists are identical. */
  accuracy: number;
}

/** Means over pages of precision and recall, F1 of those two means, and exact-match accuracy. */
export function summarize(pages: readonly PageScore[]): BenchmarkScore {
  if (pages.length === 0) return { pages: 0, precision: 0, recall: 0, f1: 0, accuracy: 0 };
  const mean = (pick: (page: PageScore) => number) => pages.reduce((sum, page) => sum + pick(page), 0) / pages.length;
  const precision = mean((page) => page.precision);
  const recall = mean((page) => page.recall);
  return {
    pages: pages.length,
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    accuracy: mean((page) => (page.exact ? 1 : 0)),
  };
}
