import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { crc32 } from 'node:zlib';

/** The SHA-256 of text or bytes, as lower-case hex: article, manifest and model checksums. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * CRC-32 as 8 hex digits, continuing from `previous` (the value so far) when given: what the
 * index's data files are checked with. It finds damage (a flipped bit, a cut-off file) as
 * SHA-256 would, at three times the speed (37 MB at start-up on a 10 MB corpus: 8 ms, not 22);
 * forgery is out of its scope and SHA-256's alike, as the manifest beside the files is as writable.
 */
export function crc32Hex(data: Uint8Array, previous = '00000000'): string {
  // zlib.crc32 gives 0, not the value so far, for a view on an empty ArrayBuffer (Node 20.20).
  if (data.length === 0) return previous;
  return crc32(data, Number.parseInt(previous, 16)).toString(16).padStart(8, '0');
}

/** The CRC-32 of a file, read a piece at a time (an index file need not be held whole to be checked). */
export function crc32OfFile(file: string): string {
  let sum = crc32Hex(new Uint8Array(0));
  const piece = Buffer.allocUnsafe(1024 * 1024);
  const descriptor = openSync(file, 'r');
  try {
    for (let read = readSync(descriptor, piece); read > 0; read = readSync(descriptor, piece)) sum = crc32Hex(piece.subarray(0, read), sum);
  } finally {
    closeSync(descriptor);
  }
  return sum;
}
