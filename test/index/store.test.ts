/**
 * The index store under failure: every step of a write made to fail (ENOSPC) or to be the last
 * thing a killed writer did, and writers that overlap. The previous index must always read back.
 */
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.ts';
import { loadEmbedder } from '../../src/embedding/embedder.ts';
import { ensureIndex } from '../../src/index/build.ts';
import type { Manifest } from '../../src/index/manifest.ts';
import { currentGeneration, IndexWriteError, lockIndexFolder, readIndex, writeIndex } from '../../src/index/store.ts';
import { SEED_TEXT, TEST_MODEL, temporaryFolder, testModelsDir } from '../helpers.ts';

/** The file-system calls a write makes, counted while armed; the one numbered failAt fails with ENOSPC. */
const faults = vi.hoisted(() => ({
  armed: false,
  calls: [] as string[],
  failAt: Number.POSITIVE_INFINITY,
  kill: false,
  killed: false,
  /** Fail the first call of this name (while armed) instead of the one numbered failAt. */
  failOn: '',
  /** Called once after the next read of a CURRENT file: what another process does meanwhile. */
  afterReadingCurrent: null as (() => void) | null,
}));

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  const wrapped: Record<string, unknown> = { ...real };
  wrapped.readFileSync = (...args: unknown[]) => {
    const read = (real.readFileSync as (...args: unknown[]) => unknown)(...args);
    const then = faults.afterReadingCurrent;
    if (then && String(args[0]).endsWith('CURRENT')) {
      faults.afterReadingCurrent = null;
      then();
    }
    return read;
  };
  for (const name of ['mkdirSync', 'openSync', 'writeSync', 'writeFileSync', 'fsyncSync', 'closeSync', 'renameSync', 'rmSync', 'readdirSync'] as const) {
    const original = real[name] as (...args: unknown[]) => unknown;
    wrapped[name] = (...args: unknown[]) => {
      if (faults.armed) {
        // A killed writer does nothing more: no clean-up reaches the disk.
        if (faults.killed) return name === 'readdirSync' ? [] : undefined;
        faults.calls.push(name);
        if (faults.calls.length === faults.failAt || name === faults.failOn) {
          faults.killed = faults.kill;
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        }
      }
      return original(...args);
    };
  }
  return { ...wrapped, default: wrapped };
});

afterEach(() => Object.assign(faults, { armed: false, calls: [], failAt: Number.POSITIVE_INFINITY, failOn: '', kill: false, killed: false, afterReadingCurrent: null }));

const DIMENSIONS = 8;

/** Unit vectors, different for each seed. */
function vectors(count: number, seed: number): Float32Array[] {
  return Array.from({ length: count }, (_, i) => {
    const vector = Float32Array.from({ length: DIMENSIONS }, (_, d) => Math.sin(seed * 31 + i * 7 + d));
    const norm = Math.hypot(...vector);
    return vector.map((value) => value / norm);
  });
}

function description(version: string, chunkCount: number): Omit<Manifest, 'formatVersion' | 'files' | 'builtAt'> {
  return { model: 'test', derivedVersion: version, dimensions: DIMENSIONS, chunking: { targetChars: 500, overlapChars: 100 }, articles: [], chunkCount };
}

const write = (folder: string, version: string, count: number) => writeIndex(folder, description(version, count), vectors(count, count), () => ({ version: [version], count: Int32Array.of(count) }));

/** The index in use: its version, and whether its vectors and tables read back whole. */
async function inUse(folder: string): Promise<string> {
  const read = await readIndex(folder);
  if (!read.ok) throw new Error(read.reason);
  const { manifest, tables, vectors: index } = read.index;
  expect(index.size).toBe(manifest.chunkCount);
  expect(tables.version).toEqual([manifest.derivedVersion]);
  expect(index.search(vectors(manifest.chunkCount, manifest.chunkCount)[3]!, 1)[0]!.chunk).toBe(3);
  return manifest.derivedVersion;
}

describe.each([
  ['fails with ENOSPC', false],
  ['is killed', true],
])('a write that %s at any step', (_name, kill) => {
  it('leaves the previous index in use and whole, or the new one once switched to; the next write clears what it left', async () => {
    const outcomes: string[] = [];
    for (let step = 1; ; step++) {
      const folder = temporaryFolder();
      await write(folder, 'old', 20);
      Object.assign(faults, { armed: true, calls: [], failAt: step, kill, killed: false });
      const result = await write(folder, 'new', 30).then(
        () => 'written',
        (error: unknown) => (error instanceof IndexWriteError ? 'failed' : Promise.reject(error)),
      );
      const made = faults.calls.length;
      Object.assign(faults, { armed: false, killed: false });
      const version = await inUse(folder);
      // Past the last step, the write ran unfailed: every step was made to fail once before it.
      if (made < step) {
        expect(result).toBe('written');
        expect(version).toBe('new');
        break;
      }
      outcomes.push(`${step}: ${result} at ${faults.calls[step - 1]} → ${version}`);
      // A failed writer removes what it wrote; what a killed one left, the next writer removes.
      if (kill) {
        await write(folder, 'next', 25);
        expect(await inUse(folder)).toBe('next');
      }
      expect(readdirSync(folder).filter((name) => name.startsWith('gen-')).length).toBeLessThanOrEqual(2);
      expect(readdirSync(folder).filter((name) => !name.startsWith('gen-'))).toEqual(['CURRENT']);
    }
    // The steps: the lock's folder, the generation's folder, the tables, the HNSW file's sync and
    // checksum, the manifest, the switch, the clean-up. The rename of CURRENT is the one step that
    // switches: a failure at it or before it keeps the old index, a failure after it (clean-up,
    // which a later writer finishes) has the new one in use.
    expect(outcomes.length).toBeGreaterThan(15);
    const renameAt = outcomes.findIndex((outcome) => / at renameSync → /.test(outcome));
    expect(renameAt).toBeGreaterThan(10);
    expect(outcomes.slice(0, renameAt + 1).filter((outcome) => !/failed at .* → old$/.test(outcome))).toEqual([]);
    expect(outcomes.slice(renameAt + 1).filter((outcome) => !outcome.endsWith('→ new'))).toEqual([]);
  });
});

describe('an ingest whose write fails (row 5)', () => {
  it('leaves the index the next run uses as it is, embedding nothing', async () => {
    const base = await loadEmbedder({ model: TEST_MODEL, modelsDir: testModelsDir(), cacheDir: temporaryFolder(), localFilesOnly: true });
    let embedded = 0;
    const embedder = { ...base, embedPassages: (texts: string[]) => ((embedded += texts.length), base.embedPassages(texts)) };
    const articlesDir = temporaryFolder();
    writeFileSync(join(articlesDir, 'seed.txt'), SEED_TEXT);
    const lines: string[] = [];
    const indexDir = temporaryFolder();
    const options = () => ({ articles: loadCorpus(articlesDir).articles, chunking: { targetChars: 500, overlapChars: 100 }, embedder, indexDir, log: { info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m) }, derive: () => ({}), derivedVersion: 'v1', mustSave: true });
    const first = await ensureIndex(options());
    expect(first.embedded).toBeGreaterThan(0);
    // A new article, and the disk fills up as CURRENT is about to be switched to the new index.
    writeFileSync(join(articlesDir, 'new.txt'), 'New\n\nA new article about the embassy.\n');
    Object.assign(faults, { armed: true, failOn: 'renameSync' });
    await expect(ensureIndex(options())).rejects.toThrow(/cannot save the index in .*\(ENOSPC\)/);
    Object.assign(faults, { armed: false, failOn: '' });
    rmSync(join(articlesDir, 'new.txt'));
    embedded = 0;
    lines.length = 0;
    const next = await ensureIndex(options());
    expect(next.embedded).toBe(0);
    expect(embedded).toBe(0);
    expect(lines).toEqual([]);
    expect(next.index.manifest.builtAt).toBe(first.index.manifest.builtAt);
  });
});

describe('writers of one index folder', () => {
  it('take turns: a second writer waits for the first, and neither removes what the other is writing', async () => {
    const folder = temporaryFolder();
    await write(folder, 'first', 10);
    const results = await Promise.all([write(folder, 'a', 12), write(folder, 'b', 14), write(folder, 'c', 16)]);
    expect(results.map((result) => result.manifest.derivedVersion).sort()).toEqual(['a', 'b', 'c']);
    expect(['a', 'b', 'c']).toContain(await inUse(folder));
    // The last to switch, and the one it replaced.
    expect(readdirSync(folder).filter((name) => name.startsWith('gen-'))).toHaveLength(2);
  });

  it('waits while another holds the folder’s lock, and writes once it is let go', async () => {
    const folder = temporaryFolder();
    await write(folder, 'first', 10);
    const before = currentGeneration(folder);
    let waited = false;
    const held = await lockIndexFolder(folder);
    const second = lockIndexFolder(folder, () => (waited = true));
    const writing = write(folder, 'second', 12);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(waited).toBe(true);
    expect(currentGeneration(folder)).toBe(before);
    expect(readdirSync(folder).filter((name) => name.startsWith('gen-'))).toEqual([basename(before!)]);
    await held.release();
    await (await second).release();
    await writing;
    expect(await inUse(folder)).toBe('second');
  });

  it('reads CURRENT again when the generation it named is removed while it is read', async () => {
    const folder = temporaryFolder();
    await write(folder, 'one', 10);
    const one = currentGeneration(folder)!;
    await write(folder, 'two', 11);
    const two = currentGeneration(folder)!;
    writeFileSync(join(folder, 'CURRENT'), `${basename(one)}\n`);
    // Between the reader's read of CURRENT and of the files: writers switch to "two" and remove "one".
    faults.afterReadingCurrent = () => {
      writeFileSync(join(folder, 'CURRENT'), `${basename(two)}\n`);
      rmSync(one, { recursive: true });
    };
    expect(await inUse(folder)).toBe('two');
    expect(faults.afterReadingCurrent).toBeNull();
  });
});
