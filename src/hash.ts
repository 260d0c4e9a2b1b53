import { createHash } from 'node:crypto';

/** The SHA-256 of text or bytes, as lower-case hex: article, index and model checksums. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
