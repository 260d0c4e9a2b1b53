import * as z from '../validation.ts';
import { sha256Hex } from '../hash.ts';

/** Bump when the files' layout or meaning changes: older indexes are then rebuilt. */
export const INDEX_FORMAT_VERSION = 6;

export const MANIFEST_FILE = 'manifest.json';
export const HNSW_FILE = 'index.hnsw';
/** Everything else derived from the articles: sentences, chunks, lexical index, lookup terms (see tables.ts). */
export const TABLES_FILE = 'tables.bin';

const SHA256 = z.string().check(z.regex(/^[0-9a-f]{64}$/));
const CRC32 = z.string().check(z.regex(/^[0-9a-f]{8}$/));

/**
 * The manifest as a whole: every field typed and in range, nothing extra. Anything else (a
 * hand edit, a flipped key, a half-written file) means the index is rebuilt, saying why.
 */
const manifestSchema = z.strictObject({
  formatVersion: z.literal(INDEX_FORMAT_VERSION),
  model: z.string().check(z.minLength(1)),
  /** The version of what answering derives (see BuildOptions.derivedVersion): another version is rebuilt. */
  derivedVersion: z.string().check(z.minLength(1)),
  dimensions: z.int().check(z.minimum(1), z.maximum(65_536)),
  chunking: z.strictObject({ targetChars: z.int().check(z.minimum(1)), overlapChars: z.int().check(z.minimum(0)) }),
  articles: z.array(
    z.strictObject({
      id: z.string().check(z.minLength(1)),
      file: z.string().check(z.minLength(1)),
      title: z.string(),
      sha256: SHA256,
      paragraphs: z.int().check(z.minimum(0)),
      chunks: z.int().check(z.minimum(0)),
    }),
  ),
  chunkCount: z.int().check(z.minimum(0)),
  /** The checksum (CRC-32, see crc32Hex) of each data file in the folder, by name. */
  files: z.strictObject({ [HNSW_FILE]: CRC32, [TABLES_FILE]: CRC32 }),
  builtAt: z.iso.datetime(),
});

export type Manifest = z.infer<typeof manifestSchema>;

/** The manifest's own checksum: over its JSON without the checksum field. */
export function manifestChecksum(manifest: Manifest): string {
  return sha256Hex(JSON.stringify(manifest));
}

/** The manifest, if it is whole: valid JSON, its own checksum matching, every field as the schema says. */
export function parseManifest(text: string, file: string): { manifest: Manifest } | { reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { reason: `${file} is not valid JSON` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { reason: `${file} is not a manifest` };
  const { checksum, ...rest } = value as Record<string, unknown>;
  if ((rest as { formatVersion?: unknown }).formatVersion !== INDEX_FORMAT_VERSION) {
    return { reason: `${file} has format ${String((rest as { formatVersion?: unknown }).formatVersion)}, this version reads ${INDEX_FORMAT_VERSION}` };
  }
  if (checksum !== sha256Hex(JSON.stringify(rest))) return { reason: `${file} does not match its own checksum (edited or damaged)` };
  const parsed = manifestSchema.safeParse(rest);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { reason: `${file} is not a valid manifest (${issue.path.join('.') || 'root'}: ${issue.message})` };
  }
  return { manifest: parsed.data };
}
