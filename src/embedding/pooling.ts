/**
 * Mean pooling and L2 normalisation of a model's token outputs, in one pass over typed arrays.
 * transformers.js 2.x does this in generic JavaScript that dominates ingest time; this gives the
 * same vectors (a test compares them with the pipeline's to 1e-5).
 *
 * hidden: [batch, tokens, dimensions] row-major; mask: [batch, tokens], 1 for real tokens, 0 for padding.
 */
export function meanPoolNormalized(hidden: Float32Array, mask: ArrayLike<bigint | number>, batch: number, tokens: number, dimensions: number): Float32Array[] {
  const vectors: Float32Array[] = [];
  for (let b = 0; b < batch; b++) {
    const sum = new Float32Array(dimensions);
    let count = 0;
    for (let t = 0; t < tokens; t++) {
      // A padding token (mask 0, as a bigint or a number) adds nothing.
      if (mask[b * tokens + t] == 0) continue;
      count++;
      const offset = (b * tokens + t) * dimensions;
      for (let d = 0; d < dimensions; d++) sum[d]! += hidden[offset + d]!;
    }
    let norm = 0;
    for (let d = 0; d < dimensions; d++) {
      sum[d]! /= Math.max(count, 1);
      norm += sum[d]! * sum[d]!;
    }
    // The pipeline divides by max(norm, 1e-12), as torch's F.normalize does.
    norm = Math.max(Math.sqrt(norm), 1e-12);
    for (let d = 0; d < dimensions; d++) sum[d]! /= norm;
    vectors.push(sum);
  }
  return vectors;
}
