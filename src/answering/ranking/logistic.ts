/** A linear model over named features: score = bias + Σ weight × feature; probability = sigmoid(score). */
export interface LinearModel {
  features: string[];
  weights: number[];
  bias: number;
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

export function linearScore(model: LinearModel, x: number[]): number {
  let score = model.bias;
  for (let i = 0; i < model.weights.length; i++) score += model.weights[i]! * (x[i] ?? 0);
  return score;
}

export interface LogisticOptions {
  /** L2 penalty on the weights (not the bias), per example. */
  l2: number;
  /** Weight of each positive example relative to a negative one. */
  positiveWeight: number;
  iterations: number;
}

const DEFAULTS: LogisticOptions = { l2: 0.01, positiveWeight: 1, iterations: 60 };

interface Objective {
  loss: number;
  gradient: number[];
  /** The Hessian, or a positive definite stand-in for it (the Fisher matrix). */
  curvature: number[][];
}

/**
 * Newton's method with a backtracking line search: each step is halved until the loss goes
 * down, so a step that overshoots (nearly separable data) cannot diverge. Deterministic.
 */
function minimize(dimensions: number, objective: (w: number[]) => Objective, iterations: number): number[] {
  let w = new Array<number>(dimensions).fill(0);
  let current = objective(w);
  for (let step = 0; step < iterations; step++) {
    const delta = solve(current.curvature, current.gradient);
    let size = 1;
    let next: { w: number[]; value: Objective } | undefined;
    for (let tries = 0; tries < 30; tries++, size /= 2) {
      const candidate = w.map((value, i) => value - size * delta[i]!);
      const value = objective(candidate);
      if (Number.isFinite(value.loss) && value.loss <= current.loss) {
        next = { w: candidate, value };
        break;
      }
    }
    if (!next) break;
    const improvement = current.loss - next.value.loss;
    w = next.w;
    current = next.value;
    if (improvement < 1e-10) break;
  }
  return w;
}

/** log(1 + e^x) without overflow. */
function softplus(x: number): number {
  return x > 30 ? x : Math.log1p(Math.exp(x));
}

/**
 * L2-regularised logistic regression (the penalty spares the bias), fitted by Newton's method:
 * deterministic, no learning rate to tune, a few dozen steps for the dozen or so features used
 * here. Small enough to own; a package would add a matrix library for one solve.
 */
export function fitLogistic(features: string[], rows: number[][], labels: number[], options: Partial<LogisticOptions> = {}): LinearModel {
  const { l2, positiveWeight, iterations } = { ...DEFAULTS, ...options };
  const d = features.length + 1; // the bias is the last coordinate
  const n = rows.length;
  const withBias = rows.map((row) => [...row, 1]);
  const w = minimize(
    d,
    (w) => {
      let loss = 0;
      const gradient = new Array<number>(d).fill(0);
      const curvature = Array.from({ length: d }, () => new Array<number>(d).fill(0));
      withBias.forEach((x, r) => {
        const z = x.reduce((sum, value, i) => sum + value * w[i]!, 0);
        const y = labels[r]!;
        const weight = y > 0.5 ? positiveWeight : 1;
        loss += weight * (softplus(z) - y * z);
        const p = sigmoid(z);
        const error = weight * (p - y);
        const bend = weight * Math.max(p * (1 - p), 1e-9);
        for (let i = 0; i < d; i++) {
          gradient[i]! += error * x[i]!;
          for (let j = 0; j <= i; j++) curvature[i]![j]! += bend * x[i]! * x[j]!;
        }
      });
      for (let i = 0; i < d; i++) {
        for (let j = 0; j < i; j++) curvature[j]![i] = curvature[i]![j]!;
        if (i < d - 1) {
          loss += 0.5 * l2 * n * w[i]! ** 2;
          gradient[i]! += l2 * n * w[i]!;
          curvature[i]![i]! += l2 * n;
        }
        curvature[i]![i]! += 1e-9;
      }
      return { loss, gradient, curvature };
    },
    iterations,
  );
  return { features, weights: w.slice(0, d - 1), bias: w[d - 1]! };
}

/** Solves A x = b by Gaussian elimination with partial pivoting (A is small and positive definite). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    const p = m[col]![col]!;
    if (Math.abs(p) < 1e-12) continue;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const factor = m[r]![col]! / p;
      if (factor === 0) continue;
      for (let c = col; c <= n; c++) m[r]![c]! -= factor * m[col]![c]!;
    }
  }
  return m.map((row, i) => (Math.abs(row[i]!) < 1e-12 ? 0 : row[n]! / row[i]!));
}

/** One ranking problem: candidates' feature vectors and which of them are right. */
export interface RankingGroup {
  rows: number[][];
  labels: number[];
}

/** Probabilities of the candidates under a softmax of their scores. */
export function softmax(scores: number[]): number[] {
  const max = Math.max(...scores);
  const exps = scores.map((score) => Math.exp(score - max));
  const sum = exps.reduce((total, value) => total + value, 0);
  return exps.map((value) => value / sum);
}

/**
 * A listwise ranker: the conditional logit (softmax over each question's candidates) fitted to
 * put probability on the right candidates, L2-regularised, by Newton steps with the Fisher
 * matrix. It learns what sets the right sentence apart from the others of the same question,
 * which a pointwise fit (each sentence on its own) does not.
 */
export function fitSoftmaxRanker(features: string[], groups: RankingGroup[], options: Partial<Pick<LogisticOptions, 'l2' | 'iterations'>> = {}): LinearModel {
  const { l2, iterations } = { ...DEFAULTS, ...options };
  const d = features.length;
  const usable = groups.filter((group) => group.labels.some((label) => label > 0) && group.labels.some((label) => label === 0));
  // Most features of most candidates are 0: each row's other entries, listed once, bound the work.
  const nonZero = usable.map(({ rows }) => rows.map((x) => x.flatMap((value, i) => (value !== 0 ? [i] : []))));
  const weights = minimize(
    d,
    (w) => {
      let loss = 0;
      const gradient = new Array<number>(d).fill(0);
      const curvature = Array.from({ length: d }, () => new Array<number>(d).fill(0));
      usable.forEach(({ rows, labels }, g) => {
        const scores = rows.map((x) => x.reduce((sum, value, i) => sum + value * w[i]!, 0));
        const p = softmax(scores);
        // The softmax over the right candidates alone (computed apart, so it cannot underflow to 0/0).
        const positives = rows.map((_, r) => r).filter((r) => labels[r]! > 0);
        const positiveShares = softmax(positives.map((r) => scores[r]!));
        loss += logSumExp(scores) - logSumExp(positives.map((r) => scores[r]!));
        const mean = new Array<number>(d).fill(0);
        rows.forEach((x, r) => {
          for (const i of nonZero[g]![r]!) mean[i]! += p[r]! * x[i]!;
        });
        for (let i = 0; i < d; i++) gradient[i]! += mean[i]!;
        positives.forEach((r, k) => {
          for (let i = 0; i < d; i++) gradient[i]! -= positiveShares[k]! * rows[r]![i]!;
        });
        // The candidates' covariance under p, as E[x xᵀ] − mean meanᵀ (the lower triangle).
        rows.forEach((x, r) => {
          const present = nonZero[g]![r]!;
          for (let a = 0; a < present.length; a++) {
            const i = present[a]!;
            const weighted = p[r]! * x[i]!;
            for (let b = 0; b <= a; b++) curvature[i]![present[b]!]! += weighted * x[present[b]!]!;
          }
        });
        for (let i = 0; i < d; i++) for (let j = 0; j <= i; j++) curvature[i]![j]! -= mean[i]! * mean[j]!;
      });
      for (let i = 0; i < d; i++) {
        for (let j = 0; j < i; j++) curvature[j]![i] = curvature[i]![j]!;
        loss += 0.5 * l2 * usable.length * w[i]! ** 2;
        gradient[i]! += l2 * usable.length * w[i]!;
        curvature[i]![i]! += l2 * usable.length + 1e-9;
      }
      return { loss, gradient, curvature };
    },
    iterations,
  );
  return { features, weights, bias: 0 };
}

function logSumExp(values: number[]): number {
  const max = Math.max(...values);
  return max + Math.log(values.reduce((sum, value) => sum + Math.exp(value - max), 0));
}
