/** Percentiles of measurements, for the benchmarks' figures. */

/** The nearest-rank p-th percentile (p from 0 to 100): the smallest value with p % of the values at or below it; 0 for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** The nearest-rank median: of an even count, the lower of the two middle values. */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}
