import { Worker } from 'node:worker_threads';
import hnswlib from 'hnswlib-node';

const { HierarchicalNSW } = hnswlib;
type Hnsw = InstanceType<typeof HierarchicalNSW>;

/**
 * The search breadth (ef) for an index of `count` vectors: at least 100, growing with the index
 * so recall holds up (1 per 10 vectors, at most 1,000: recall@10 0.987 on bench's 10 MB corpus's
 * real chunk vectors, under 1 ms a search; 1 per 25 left the 2 MB corpus at 0.971; see npm run bench). hnswlib resets ef to 10 after a read, so it
 * is set again on every load.
 */
export function searchEf(count: number): number {
  return Math.min(1000, Math.max(100, Math.ceil(count / 10)));
}
/** Graph degree and build breadth (see npm run bench: recall@10 on real chunk vectors at 10 MB). */
export const HNSW_PARAMETERS = { m: 16, efConstruction: 100 };
const HNSW_SEED = 100;

/**
 * The worker's code: the same build as VectorIndex.build, in plain JavaScript so that it runs
 * wherever the caller does (a worker does not inherit the TypeScript loader).
 */
const BUILD_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { HierarchicalNSW } = require('hnswlib-node');
const { vectors, count, dimensions, file, m, efConstruction, seed } = workerData;
const hnsw = new HierarchicalNSW('ip', dimensions);
hnsw.initIndex({ maxElements: Math.max(1, count), m, efConstruction, randomSeed: seed });
for (let i = 0; i < count; i++) hnsw.addPoint(Array.from(vectors.subarray(i * dimensions, (i + 1) * dimensions)), i);
hnsw.writeIndexSync(file);
parentPort.postMessage('written');
`;

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
  private loaded: Hnsw | undefined;

  private constructor(private readonly load: () => Hnsw) {}

  private get hnsw(): Hnsw {
    return (this.loaded ??= this.load());
  }

  static build(vectors: ArrayLike<number>[], dimensions: number, parameters = HNSW_PARAMETERS): VectorIndex {
    const hnsw = new HierarchicalNSW('ip', dimensions);
    hnsw.initIndex({ maxElements: Math.max(1, vectors.length), m: parameters.m, efConstruction: parameters.efConstruction, randomSeed: HNSW_SEED });
    vectors.forEach((vector, label) => hnsw.addPoint(Array.from(vector), label));
    hnsw.setEf(searchEf(vectors.length));
    return new VectorIndex(() => hnsw);
  }

  /**
   * Builds an index on a worker thread and writes it to `file`; the caller goes on meanwhile and
   * reads the file when the promise resolves. The vectors are copied once into shared memory.
   */
  static buildToFile(vectors: ArrayLike<number>[], dimensions: number, file: string, parameters = HNSW_PARAMETERS): Promise<void> {
    const flat = new Float32Array(new SharedArrayBuffer(vectors.length * dimensions * 4));
    vectors.forEach((vector, i) => flat.set(vector, i * dimensions));
    const worker = new Worker(BUILD_WORKER, { eval: true, workerData: { vectors: flat, count: vectors.length, dimensions, file, ...parameters, seed: HNSW_SEED } });
    return new Promise((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
      worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the HNSW worker stopped with code ${code}`))));
    });
  }

  /**
   * Reads an index file into a fresh instance on a pool thread (hnswlib's asynchronous read)
   * while the caller goes on. A failed read spoils the instance it used, and hnswlib can crash on
   * a damaged file: callers check its checksum first.
   */
  static async readInBackground(file: string, dimensions: number): Promise<VectorIndex> {
    const hnsw = new HierarchicalNSW('ip', dimensions);
    await hnsw.readIndex(file);
    hnsw.setEf(searchEf(hnsw.getCurrentCount()));
    return new VectorIndex(() => hnsw);
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

  /** The k chunks nearest to a unit vector, nearest first; with a filter, only chunks it accepts. */
  search(vector: ArrayLike<number>, k: number, filter?: (chunk: number) => boolean): Neighbor[] {
    if (this.size === 0) return [];
    const { neighbors, distances } = this.hnsw.searchKnn(Array.from(vector), Math.min(k, this.size), filter);
    return neighbors.map((chunk, i) => ({ chunk, similarity: 1 - distances[i]! }));
  }

  /** The stored vector of a chunk. */
  vector(chunk: number): Float32Array {
    return Float32Array.from(this.hnsw.getPoint(chunk));
  }
}
