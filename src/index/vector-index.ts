import hnswlib from 'hnswlib-node';

const { HierarchicalNSW } = hnswlib;
type Hnsw = InstanceType<typeof HierarchicalNSW>;

/**
 * The search breadth (ef) for an index of `count` vectors: at least 100, growing with the index
 * so recall holds up (1 per 50 vectors, at most 1,000). hnswlib resets ef to 10 after a read,
 * so it is set again on every load.
 */
export function searchEf(count: number): number {
  return Math.min(1000, Math.max(100, Math.ceil(count / 50)));
}
const HNSW_M = 16;
const HNSW_EF_CONSTRUCTION = 200;
const HNSW_SEED = 100;

export interface Neighbor {
  /** The chunk's position in the index's chunk list. */
  chunk: number;
  /** Cosine similarity (vectors are unit length, the space is inner product). */
  similarity: number;
}

/**
 * Nearest chunks by vector: an HNSW graph (hnswlib) whose labels are chunk positions. The
 * label convention and hnswlib itself stay inside this class.
 */
export class VectorIndex {
  private constructor(private readonly hnsw: Hnsw) {}

  static build(vectors: number[][], dimensions: number): VectorIndex {
    const hnsw = new HierarchicalNSW('ip', dimensions);
    hnsw.initIndex({ maxElements: Math.max(1, vectors.length), m: HNSW_M, efConstruction: HNSW_EF_CONSTRUCTION, randomSeed: HNSW_SEED });
    vectors.forEach((vector, label) => hnsw.addPoint(vector, label));
    hnsw.setEf(searchEf(vectors.length));
    return new VectorIndex(hnsw);
  }

  /**
   * Reads an index file into a fresh instance (a failed read spoils the instance it used, and
   * hnswlib can crash on a damaged file: callers check its checksum first).
   */
  static read(file: string, dimensions: number): VectorIndex {
    const hnsw = new HierarchicalNSW('ip', dimensions);
    hnsw.readIndexSync(file);
    hnsw.setEf(searchEf(hnsw.getCurrentCount()));
    return new VectorIndex(hnsw);
  }

  write(file: string): void {
    this.hnsw.writeIndexSync(file);
  }

  get size(): number {
    return this.hnsw.getCurrentCount();
  }

  /** The search breadth in use. */
  get ef(): number {
    return this.hnsw.getEf();
  }

  set ef(ef: number) {
    this.hnsw.setEf(ef);
  }

  /** The k chunks nearest to a unit vector, nearest first. */
  search(vector: number[], k: number): Neighbor[] {
    if (this.size === 0) return [];
    const { neighbors, distances } = this.hnsw.searchKnn(vector, Math.min(k, this.size));
    return neighbors.map((chunk, i) => ({ chunk, similarity: 1 - distances[i]! }));
  }

  /** The stored vector of a chunk. */
  vector(chunk: number): number[] {
    return this.hnsw.getPoint(chunk);
  }
}
