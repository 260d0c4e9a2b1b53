/** Writing files so that a crash or a full disk never leaves half of one (synced, and swapped in by a rename); reading the start of one. */
import { closeSync, fsyncSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** Writes text to a file (a new one with 'wx') and syncs it to disk before closing it. */
export function writeDurably(file: string, text: string, flags: 'wx' | 'w' = 'wx'): void {
  const descriptor = openSync(file, flags);
  try {
    const bytes = Buffer.from(text);
    for (let written = 0; written < bytes.length; ) written += writeSync(descriptor, bytes, written);
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
}

/** Syncs a file to disk. */
export function syncFile(file: string): void {
  const descriptor = openSync(file, 'r');
  try {
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
}

/** What a platform that cannot sync a folder says (Windows cannot open one): then its entries are left to the OS. */
const CANNOT_SYNC_FOLDERS = new Set(['EISDIR', 'EPERM', 'EINVAL', 'EBADF', 'ENOTSUP', 'EACCES']);

/** Syncs a folder's entries (new names, a rename) to disk where the platform can. */
export function syncFolder(folder: string): void {
  const unsupported = (error: unknown) => CANNOT_SYNC_FOLDERS.has((error as NodeJS.ErrnoException).code ?? '');
  let descriptor: number;
  try {
    descriptor = openSync(folder, 'r');
  } catch (error) {
    if (unsupported(error)) return;
    throw error;
  }
  try {
    fsyncSync(descriptor);
  } catch (error) {
    if (!unsupported(error)) throw error;
  } finally {
    closeSync(descriptor);
  }
}

/** Replaces a file whole or not at all: a temporary file, synced, renamed over it, the rename synced. */
export function writeFileAtomically(file: string, text: string): void {
  const temporary = `${file}.tmp-${process.pid}`;
  try {
    writeDurably(temporary, text, 'w');
    renameSync(temporary, file);
    syncFolder(dirname(file));
  } finally {
    rmSync(temporary, { force: true });
  }
}

/** The first `bytes` bytes of a file (all of it when shorter), without reading the rest. */
export function readFileStart(file: string, bytes: number): Buffer {
  const descriptor = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    return buffer.subarray(0, readSync(descriptor, buffer, 0, bytes, 0));
  } finally {
    closeSync(descriptor);
  }
}
