import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import hnswlib from 'hnswlib-node';
import type { Chunk, ChunkingOptions } from '../corpus/chunker.ts';

const { HierarchicalNSW } = hnswlib;
type Hnsw = InstanceType<typeof HierarchicalNSW>;

/** Bump when the files' layout or meaning changes: older indexes are then rebuilt. */
const INDEX_FORMAT_VERSION = 1;

const MANIFEST_FILE = 'manifest.json';
const HNSW_FILE = 'index.hnsw';
const CHUNKS_FILE = 'chunks.json';

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

export interface ArticleRecord {
  id: string;
  file: string;
  title: string;
  sha256: string;
  paragraphs: number;
  chunks: number;
}

export interface Manifest {
  formatVersion: number;
  model: string;
  dimensions: number;
  chunking: ChunkingOptions;
  articles: ArticleRecord[];
  chunkCount: number;
  sha256: { index: string; chunks: string };
  builtAt: string;
}

export interface StoredIndex {
  folder: string;
  manifest: Manifest;
  /** chunks[label] is the chunk stored under that HNSW label. */
  chunks: Chunk[];
  hnsw: Hnsw;
}

export type ReadResult = { ok: true; index: StoredIndex } | { ok: false; missing: boolean; reason: string };

/** One folder per model, so that switching models never mixes vectors. */
export function indexFolderFor(indexDir: string, model: string): string {
  return join(indexDir, model.replace(/[^A-Za-z0-9._-]+/g, '__'));
}

function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Writes a file through a temporary name and a rename, so no reader ever sees half of it. */
function writeAtomically(file: string, write: (temporary: string) => void): void {
  const temporary = `${file}.tmp-${process.pid}`;
  try {
    write(temporary);
    renameSync(temporary, file);
  } finally {
    rmSync(temporary, { force: true });
  }
}

export function buildHnsw(vectors: number[][], dimensions: number): Hnsw {
  const hnsw = new HierarchicalNSW('ip', dimensions);
  hnsw.initIndex({ maxElements: Math.max(1, vectors.length), m: HNSW_M, efConstruction: HNSW_EF_CONSTRUCTION, randomSeed: HNSW_SEED });
  vectors.forEach((vector, label) => hnsw.addPoint(vector, label));
  hnsw.setEf(searchEf(vectors.length));
  return hnsw;
}

/** The index could not be saved; it is still usable in memory for this run. */
export class IndexWriteError extends Error {
  constructor(
    message: string,
    readonly index: StoredIndex,
  ) {
    super(message);
  }
}

/**
 * Writes the index, the chunk records and, last, the manifest holding both files' checksums:
 * a crash before the manifest lands leaves checksums that do not match, never a half index in use.
 */
export function writeIndex(
  folder: string,
  description: Omit<Manifest, 'formatVersion' | 'chunkCount' | 'sha256' | 'builtAt'>,
  chunks: Chunk[],
  vectors: number[][],
): StoredIndex {
  const hnsw = buildHnsw(vectors, description.dimensions);
  const chunksJson = JSON.stringify(chunks);
  const manifest: Manifest = {
    formatVersion: INDEX_FORMAT_VERSION,
    ...description,
    chunkCount: chunks.length,
    sha256: { index: '', chunks: sha256(chunksJson) },
    builtAt: new Date().toISOString(),
  };
  try {
    mkdirSync(folder, { recursive: true });
    writeAtomically(join(folder, HNSW_FILE), (temporary) => hnsw.writeIndexSync(temporary));
    manifest.sha256.index = sha256(readFileSync(join(folder, HNSW_FILE)));
    writeAtomically(join(folder, CHUNKS_FILE), (temporary) => writeFileSync(temporary, chunksJson));
    writeAtomically(join(folder, MANIFEST_FILE), (temporary) => writeFileSync(temporary, `${JSON.stringify(manifest, null, 2)}\n`));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new IndexWriteError(`cannot save the index in ${folder} (${reason}): set INDEX_DIR to a writable folder`, { folder, manifest, chunks, hnsw });
  }
  return { folder, manifest, chunks, hnsw };
}

/**
 * Reads an index only after its manifest and checksums agree, and always into a fresh HNSW
 * instance: hnswlib can crash on a damaged file, and a failed read spoils the instance it used.
 */
export function readIndex(folder: string): ReadResult {
  const manifestFile = join(folder, MANIFEST_FILE);
  let manifestText: string;
  try {
    manifestText = readFileSync(manifestFile, 'utf8');
  } catch {
    return { ok: false, missing: true, reason: `no index at ${folder}` };
  }
  const damaged = (what: string) => ({ ok: false as const, missing: false, reason: what });
  let manifest: Manifest;
  try {
    manifest = JSON.parse(manifestText) as Manifest;
  } catch {
    return damaged(`${manifestFile} is not valid JSON`);
  }
  if (manifest.formatVersion !== INDEX_FORMAT_VERSION) {
    return damaged(`${manifestFile} has format ${String(manifest.formatVersion)}, this version reads ${INDEX_FORMAT_VERSION}`);
  }
  if (!Number.isInteger(manifest.dimensions) || !Number.isInteger(manifest.chunkCount) || !manifest.sha256) {
    return damaged(`${manifestFile} lacks dimensions, chunk count or checksums`);
  }
  const hnswFile = join(folder, HNSW_FILE);
  const chunksFile = join(folder, CHUNKS_FILE);
  let chunksText: string;
  let hnswBytes: Buffer;
  try {
    hnswBytes = readFileSync(hnswFile);
    chunksText = readFileSync(chunksFile, 'utf8');
  } catch (error) {
    return damaged(`cannot read the index files in ${folder} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (sha256(hnswBytes) !== manifest.sha256.index) return damaged(`${hnswFile} does not match its checksum (damaged or truncated)`);
  if (sha256(chunksText) !== manifest.sha256.chunks) return damaged(`${chunksFile} does not match its checksum`);
  const chunks = JSON.parse(chunksText) as Chunk[];
  if (chunks.length !== manifest.chunkCount) return damaged(`${chunksFile} holds ${chunks.length} chunks, the manifest says ${manifest.chunkCount}`);
  const hnsw = new HierarchicalNSW('ip', manifest.dimensions);
  try {
    hnsw.readIndexSync(hnswFile);
  } catch (error) {
    return damaged(`${hnswFile} cannot be read (${(error as Error).message})`);
  }
  if (hnsw.getCurrentCount() !== manifest.chunkCount) {
    return damaged(`${hnswFile} holds ${hnsw.getCurrentCount()} vectors, the manifest says ${manifest.chunkCount}`);
  }
  hnsw.setEf(searchEf(manifest.chunkCount));
  return { ok: true, index: { folder, manifest, chunks, hnsw } };
}
