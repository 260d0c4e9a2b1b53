/** Score lists keyed by item id (chunk or sentence number). */
export type Scores = Map<number, number>;

/** Reciprocal-rank fusion (Cormack et al. 2009): Σ 1 / (k + rank), rank counted from 1. */
export function reciprocalRankFusion(lists: Scores[], k = 60): Scores {
  const fused: Scores = new Map();
  for (const list of lists) {
    const ranked = [...list.entries()].sort((a, b) => b[1] - a[1]);
    ranked.forEach(([id], index) => fused.set(id, (fused.get(id) ?? 0) + 1 / (k + index + 1)));
  }
  return fused;
}

/** Divides every score by the list's largest, so lists on different scales become comparable; negatives count as 0. */
export function normalizeByMax(scores: Scores): Scores {
  const max = Math.max(0, ...scores.values());
  return new Map([...scores].map(([id, score]) => [id, max > 0 ? Math.max(0, score) / max : 0]));
}

/** Σ weight × score over the lists; an item missing from a list scores 0 there. */
export function weightedSum(lists: { scores: Scores; weight: number }[]): Scores {
  const fused: Scores = new Map();
  for (const { scores, weight } of lists) {
    for (const [id, score] of scores) fused.set(id, (fused.get(id) ?? 0) + weight * score);
  }
  return fused;
}

/** Ids by descending score, ties by ascending id so results are deterministic. */
export function rank(scores: Scores): number[] {
  return [...scores.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([id]) => id);
}
