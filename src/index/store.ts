import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32Hex, crc32OfFile } from '../hash.ts';
import { HNSW_FILE, INDEX_FORMAT_VERSION, manifestChecksum, MANIFEST_FILE, parseManifest, TABLES_FILE, type Manifest } from './manifest.ts';
import { decodeTables, writeTables, type Tables } from './tables.ts';
import { VectorIndex } from './vector-index.ts';

export interface StoredIndex {
  folder: string;
  manifest: Manifest;
  /** What ingest derived from the articles, by name (see build.ts for the corpus's, answering for its own). */
  tables: Tables;
  /** Nearest chunks by vector; its results are chunk positions. */
  vectors: VectorIndex;
}

export type ReadResult = { ok: true; index: StoredIndex } | { ok: false; missing: boolean; reason: string };

/** One folder per model, so that switching models never mixes vectors. */
export function indexFolderFor(indexDir: string, model: string): string {
  return join(indexDir, model.replace(/[^A-Za-z0-9._-]+/g, '__'));
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
 * Builds the vector index (on a worker thread, while `deriveTables` runs here) and writes it, the
 * tables and, last, the manifest holding both files' checksums: a crash before the manifest
 * lands leaves checksums that do not match, never a half index in use. When the folder cannot
 * be written, IndexWriteError carries the index built in memory.
 */
export async function writeIndex(
  folder: string,
  description: Omit<Manifest, 'formatVersion' | 'files' | 'builtAt'>,
  vectors: ArrayLike<number>[],
  deriveTables: () => Tables,
): Promise<StoredIndex> {
  const manifest: Manifest = { formatVersion: INDEX_FORMAT_VERSION, ...description, files: { [HNSW_FILE]: '', [TABLES_FILE]: '' }, builtAt: new Date().toISOString() };
  const hnswFile = join(folder, HNSW_FILE);
  const temporary = `${hnswFile}.tmp-${process.pid}`;
  let building: Promise<void>;
  try {
    mkdirSync(folder, { recursive: true });
    removeLeftovers(folder);
    building = VectorIndex.buildToFile(vectors, description.dimensions, temporary);
  } catch (error) {
    throw unsaved(error, folder, { folder, manifest, tables: deriveTables(), vectors: VectorIndex.build(vectors, description.dimensions) });
  }
  const tables = deriveTables();
  const tablesFile = join(folder, TABLES_FILE);
  const tablesTemporary = `${tablesFile}.tmp-${process.pid}`;
  try {
    manifest.files[TABLES_FILE] = writeTables(tablesTemporary, tables);
    await building;
    renameSync(temporary, hnswFile);
    manifest.files[HNSW_FILE] = crc32OfFile(hnswFile);
    renameSync(tablesTemporary, tablesFile);
    const stored = { ...manifest, checksum: manifestChecksum(manifest) };
    writeAtomically(join(folder, MANIFEST_FILE), (file) => writeFileSync(file, `${JSON.stringify(stored, null, 2)}\n`));
  } catch (error) {
    await building.catch(() => undefined);
    rmSync(temporary, { force: true });
    rmSync(tablesTemporary, { force: true });
    throw unsaved(error, folder, { folder, manifest, tables, vectors: VectorIndex.build(vectors, description.dimensions) });
  }
  return { folder, manifest, tables, vectors: VectorIndex.readOnFirstUse(hnswFile, description.dimensions) };
}

function unsaved(error: unknown, folder: string, index: StoredIndex): IndexWriteError {
  const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  return new IndexWriteError(`cannot save the index in ${folder} (${reason}): set INDEX_DIR to a writable folder`, index);
}

/** What earlier index formats wrote and this one no longer reads. */
const FORMER_FILES = new Set(['chunks.json']);

/**
 * Temporary files a killed writer left behind (kill -9 skips its cleanup) and files of earlier
 * formats: the next writer removes them.
 */
function removeLeftovers(folder: string): void {
  for (const name of readdirSync(folder)) {
    if (/\.tmp-\d+$/.test(name) || FORMER_FILES.has(name)) rmSync(join(folder, name), { force: true });
  }
}

/**
 * Reads an index only after its manifest and checksums agree, and always into a fresh HNSW
 * instance: hnswlib can crash on a damaged file, and a failed read spoils the instance it used.
 * Once its checksum agrees, the HNSW file is read on a pool thread while the tables are checked
 * and decoded here.
 */
export async function readIndex(folder: string): Promise<ReadResult> {
  const manifestFile = join(folder, MANIFEST_FILE);
  let manifestText: string;
  try {
    manifestText = readFileSync(manifestFile, 'utf8');
  } catch {
    return { ok: false, missing: true, reason: `no index at ${folder}` };
  }
  const damaged = (what: string) => ({ ok: false as const, missing: false, reason: what });
  const parsed = parseManifest(manifestText, manifestFile);
  if ('reason' in parsed) return damaged(parsed.reason);
  const { manifest } = parsed;
  const hnswFile = join(folder, HNSW_FILE);
  const tablesFile = join(folder, TABLES_FILE);
  let hnswBytes: Buffer;
  let tableBytes: Buffer;
  try {
    hnswBytes = readFileSync(hnswFile);
    tableBytes = readFileSync(tablesFile);
  } catch (error) {
    return damaged(`cannot read the index files in ${folder} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (crc32Hex(hnswBytes) !== manifest.files[HNSW_FILE]) return damaged(`${hnswFile} does not match its checksum (damaged or truncated)`);
  const reading = VectorIndex.readInBackground(hnswFile, manifest.dimensions).catch((error: unknown) => error as Error);
  const tables = crc32Hex(tableBytes) === manifest.files[TABLES_FILE] ? decodeTablesOrError(tableBytes) : null;
  const vectors = await reading;
  if (tables === null) return damaged(`${tablesFile} does not match its checksum`);
  if (tables instanceof Error) return damaged(`${tablesFile} cannot be read (${tables.message})`);
  if (vectors instanceof Error) return damaged(`${hnswFile} cannot be read (${vectors.message})`);
  if (vectors.size !== manifest.chunkCount) return damaged(`${hnswFile} holds ${vectors.size} vectors, the manifest says ${manifest.chunkCount}`);
  return { ok: true, index: { folder, manifest, tables, vectors } };
}

function decodeTablesOrError(bytes: Buffer): Tables | Error {
  try {
    return decodeTables(bytes);
  } catch (error) {
    return error as Error;
  }
}
