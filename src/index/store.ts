/**
 * The index on disk: generations that never change once written, and a pointer to the one in use.
 *
 *   <folder>/CURRENT             the name of the generation in use (one line, replaced by a rename)
 *   <folder>/gen-<time>-<pid>-<random>/manifest.json, index.hnsw, tables.bin
 *   <folder>/writer.lock/        held by the one process writing a generation (proper-lockfile)
 *
 * A writer builds its generation in a folder of its own, syncs it to disk, and then switches
 * CURRENT to it with one rename: a failure (ENOSPC) or a kill at any step before the rename leaves
 * the previous generation in use, whole; after it, the new one. Only then are older generations
 * removed, all but the new one and the one it replaced (which a reader may be reading). Readers
 * take no lock: they read CURRENT, then that generation, and read CURRENT once more when the
 * generation is removed under them.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { syncFile, syncFolder, writeDurably } from '../files.ts';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import lockfile from 'proper-lockfile';
import { crc32Hex, crc32OfFile } from '../hash.ts';
import { HNSW_FILE, INDEX_FORMAT_VERSION, manifestChecksum, MANIFEST_FILE, parseManifest, TABLES_FILE, type Manifest } from './manifest.ts';
import { decodeTables, writeTables, type Tables } from './tables.ts';
import { VectorIndex } from './vector-index.ts';

export interface StoredIndex {
  /** The index's folder (see indexFolderFor); its files are in a generation folder below it. */
  folder: string;
  manifest: Manifest;
  /** What ingest derived from the articles, by name (see build.ts for the corpus's, answering for its own). */
  tables: Tables;
  /** Nearest chunks by vector; its results are chunk positions. */
  vectors: VectorIndex;
}

export type ReadResult = { ok: true; index: StoredIndex } | { ok: false; missing: boolean; reason: string };

/** The file naming the generation in use. */
export const CURRENT_FILE = 'CURRENT';
const GENERATION = /^gen-[0-9a-z]+-\d+-[0-9a-f]+$/;
const LOCK_NAME = 'writer.lock';

/**
 * How long a writer's lock stays valid without being refreshed (every LOCK_UPDATE_MS): a writer
 * killed with -9 holds the folder that long. Well above the longest synchronous stretch of an
 * ingest (deriving the tables of a 10 MB corpus: a few seconds), during which it cannot refresh.
 */
const LOCK_STALE_MS = 60_000;
const LOCK_UPDATE_MS = 5_000;

/** One folder per model, so that switching models never mixes vectors. */
export function indexFolderFor(indexDir: string, model: string): string {
  return join(indexDir, model.replace(/[^A-Za-z0-9._-]+/g, '__'));
}

/** The folder of the generation in use, or null when there is none (no index, or CURRENT unreadable or not a generation's name). */
export function currentGeneration(folder: string): string | null {
  let name: string;
  try {
    name = readFileSync(join(folder, CURRENT_FILE), 'utf8').trim();
  } catch {
    return null;
  }
  return GENERATION.test(name) ? join(folder, name) : null;
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

/** A writer's hold on an index folder: one writer at a time, across processes. */
export interface IndexLock {
  release(): Promise<void>;
  /** Set when the lock was lost (taken over as stale, or removed): the writer must not switch CURRENT. */
  readonly lost: Error | null;
}

/**
 * Takes the folder's writer lock (creating the folder), waiting while another process holds it;
 * `onWait` is called once if it must wait. A lock whose holder died is taken once it is
 * LOCK_STALE_MS old.
 */
export async function lockIndexFolder(folder: string, onWait?: () => void): Promise<IndexLock> {
  const key = resolve(folder);
  mkdirSync(key, { recursive: true });
  let lost: Error | null = null;
  const options = { stale: LOCK_STALE_MS, update: LOCK_UPDATE_MS, realpath: false, lockfilePath: join(key, LOCK_NAME), onCompromised: (error: Error) => (lost = error) };
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(key, options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    onWait?.();
    release = await lockfile.lock(key, { ...options, retries: { forever: true, minTimeout: 200, maxTimeout: 2_000, factor: 1.5 } });
  }
  return {
    get lost() {
      return lost;
    },
    // A lost lock is no longer ours to remove; one that cannot be removed goes stale.
    release: async () => {
      if (!lost) await release().catch(() => undefined);
    },
  };
}

/**
 * Builds the vector index (on a worker thread, while `deriveTables` runs here) and writes it, the
 * tables and their manifest as a new generation, then makes it the one in use (see the top of
 * this file); the previous index stays in use, whole, if anything fails before that. Holds the
 * folder's writer lock meanwhile: `options.lock` when the caller holds it, else taken here,
 * waiting while another writer holds it. The index returned is read whole into memory: it needs
 * nothing on disk afterwards. When the folder cannot be written, IndexWriteError carries the
 * index built in memory.
 */
export async function writeIndex(
  folder: string,
  description: Omit<Manifest, 'formatVersion' | 'files' | 'builtAt'>,
  vectors: ArrayLike<number>[],
  deriveTables: () => Tables,
  options: { lock?: IndexLock } = {},
): Promise<StoredIndex> {
  const manifest: Manifest = { formatVersion: INDEX_FORMAT_VERSION, ...description, files: { [HNSW_FILE]: '', [TABLES_FILE]: '' }, builtAt: new Date().toISOString() };
  const inMemory = (tables: Tables) => ({ folder, manifest, tables, vectors: VectorIndex.build(vectors, description.dimensions) });
  const generation = join(folder, `gen-${Date.now().toString(36)}-${process.pid}-${randomBytes(4).toString('hex')}`);
  const hnswFile = join(generation, HNSW_FILE);
  let ownLock: IndexLock | null = null;
  let building: Promise<void>;
  try {
    if (!options.lock) ownLock = await lockIndexFolder(folder);
    mkdirSync(generation);
    building = VectorIndex.buildToFile(vectors, description.dimensions, hnswFile);
  } catch (error) {
    await ownLock?.release();
    removeQuietly(generation);
    throw unsaved(error, folder, inMemory(deriveTables()));
  }
  const tables = deriveTables();
  let switched = false;
  try {
    const tablesFile = join(generation, TABLES_FILE);
    manifest.files[TABLES_FILE] = writeTables(tablesFile, tables);
    await building;
    syncFile(hnswFile);
    manifest.files[HNSW_FILE] = crc32OfFile(hnswFile);
    writeDurably(join(generation, MANIFEST_FILE), `${JSON.stringify({ ...manifest, checksum: manifestChecksum(manifest) }, null, 2)}\n`);
    syncFolder(generation);
    const lost = (options.lock ?? ownLock)?.lost;
    if (lost) throw new Error(`another process took over the index folder's lock (${lost.message})`);
    const replaced = currentGeneration(folder);
    switchCurrent(folder, generation);
    // From here on the new generation is the one in use: a failure must not remove it.
    switched = true;
    syncFolder(folder);
    removeOldGenerations(folder, [generation, replaced]);
    // Read whole now, under the lock: no later writer can remove it before it is read.
    const stored = { folder, manifest, tables, vectors: await VectorIndex.readInBackground(hnswFile, description.dimensions) };
    await ownLock?.release();
    return stored;
  } catch (error) {
    await building.catch(() => undefined);
    await ownLock?.release();
    if (!switched) removeQuietly(generation);
    throw unsaved(error, folder, inMemory(tables));
  }
}

/** Makes `generation` the one in use: CURRENT written aside and synced, then renamed over the old one (one atomic step). */
function switchCurrent(folder: string, generation: string): void {
  const pointer = join(folder, CURRENT_FILE);
  const temporary = `${pointer}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    writeDurably(temporary, `${generation.slice(folder.length + 1)}\n`);
    renameSync(temporary, pointer);
  } finally {
    removeQuietly(temporary);
  }
}

/** Removes a file or folder if it can; what stays is removed by a later writer (see removeOldGenerations). */
function removeQuietly(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true });
  } catch {
    // Left for a later writer.
  }
}

function unsaved(error: unknown, folder: string, index: StoredIndex): IndexWriteError {
  const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  return new IndexWriteError(`cannot save the index in ${folder} (${reason}): set INDEX_DIR to a writable folder`, index);
}

/** What earlier index layouts wrote in the folder itself, and this one no longer reads. */
const FORMER_FILES = new Set(['chunks.json', MANIFEST_FILE, HNSW_FILE, TABLES_FILE]);

/**
 * After a switch, under the writer lock: every generation but those kept (the new one, and the
 * one it replaced, which a reader may still be reading), half-written ones that a killed writer
 * left (their writer is gone: it would hold the lock), temporary files, and earlier layouts' files.
 * A file that cannot be removed now is removed by a later writer.
 */
function removeOldGenerations(folder: string, keep: (string | null)[]): void {
  const kept = new Set(keep.filter((path): path is string => path !== null).map((path) => resolve(path)));
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(folder, name);
    const old = (GENERATION.test(name) && !kept.has(resolve(path))) || /\.tmp-\d+(?:-[0-9a-f]+)?$/.test(name) || FORMER_FILES.has(name);
    if (old) removeQuietly(path);
  }
}

/**
 * Reads the index in use only after its manifest and checksums agree, and always into a fresh
 * HNSW instance: hnswlib can crash on a damaged file, and a failed read spoils the instance it
 * used. Once its checksum agrees, the HNSW file is read on a pool thread while the tables are
 * checked and decoded here. A generation removed while it is read (two writers have switched
 * since CURRENT was read) is looked for again, once.
 */
export async function readIndex(folder: string): Promise<ReadResult> {
  const first = await readCurrent(folder);
  if (first.ok || !first.gone) return first.result;
  return (await readCurrent(folder)).result;
}

type Attempt = { ok: true; result: ReadResult } | { ok: false; gone: boolean; result: ReadResult };

async function readCurrent(folder: string): Promise<Attempt> {
  const generation = currentGeneration(folder);
  if (generation === null) {
    let reason = `no index at ${folder}`;
    try {
      readFileSync(join(folder, MANIFEST_FILE));
      reason = `${folder} holds an index of an earlier layout`;
    } catch {
      // No index of any layout.
    }
    return { ok: false, gone: false, result: { ok: false, missing: reason.startsWith('no index'), reason } };
  }
  const damaged = (what: string, gone = false): Attempt => ({ ok: false, gone, result: { ok: false, missing: false, reason: what } });
  const manifestFile = join(generation, MANIFEST_FILE);
  const hnswFile = join(generation, HNSW_FILE);
  const tablesFile = join(generation, TABLES_FILE);
  let manifestText: string;
  let hnswBytes: Buffer;
  let tableBytes: Buffer;
  try {
    manifestText = readFileSync(manifestFile, 'utf8');
    hnswBytes = readFileSync(hnswFile);
    tableBytes = readFileSync(tablesFile);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return damaged(`cannot read the index files in ${generation} (${code})`, code === 'ENOENT');
  }
  const parsed = parseManifest(manifestText, manifestFile);
  if ('reason' in parsed) return damaged(parsed.reason);
  const { manifest } = parsed;
  if (crc32Hex(hnswBytes) !== manifest.files[HNSW_FILE]) return damaged(`${hnswFile} does not match its checksum (damaged or truncated)`);
  const reading = VectorIndex.readInBackground(hnswFile, manifest.dimensions).catch((error: unknown) => error as Error);
  const tables = crc32Hex(tableBytes) === manifest.files[TABLES_FILE] ? decodeTablesOrError(tableBytes) : null;
  const vectors = await reading;
  if (tables === null) return damaged(`${tablesFile} does not match its checksum`);
  if (tables instanceof Error) return damaged(`${tablesFile} cannot be read (${tables.message})`);
  if (vectors instanceof Error) return damaged(`${hnswFile} cannot be read (${vectors.message})`, currentGeneration(folder) !== generation);
  if (vectors.size !== manifest.chunkCount) return damaged(`${hnswFile} holds ${vectors.size} vectors, the manifest says ${manifest.chunkCount}`);
  return { ok: true, result: { ok: true, index: { folder, manifest, tables, vectors } } };
}

function decodeTablesOrError(bytes: Buffer): Tables | Error {
  try {
    return decodeTables(bytes);
  } catch (error) {
    return error as Error;
  }
}
