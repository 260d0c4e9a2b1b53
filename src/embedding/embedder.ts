import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { env, pipeline, Tensor } from '@xenova/transformers';
import { sha256Hex } from '../hash.ts';
import { meanPoolNormalized } from './pooling.ts';
import { WordPieceTokenizer, type LibraryTokenizer } from './wordpiece.ts';

export interface EmbedderOptions {
  /** A model folder name under modelsDir, or a transformers.js hub id (owner/name) such as Xenova/bge-small-en-v1.5. */
  model: string;
  /** Where local model folders live (the embedded model, generated test models). */
  modelsDir: string;
  /** Where downloaded hub models are cached. */
  cacheDir: string;
  /** Never download: use local folders and the cache only. */
  localFilesOnly: boolean;
  /** Prefixes some models need (bge, e5); unset means the model's known default. */
  queryPrefix?: string | undefined;
  passagePrefix?: string | undefined;
}

export interface Embedder {
  readonly model: string;
  readonly dimensions: number;
  /** Unit-length vectors, one per question. */
  embedQueries(texts: string[]): Promise<Float32Array[]>;
  /** Unit-length vectors, one per passage, in order; batched inside by length (see EMBEDDING_BATCH_SIZE). */
  embedPassages(texts: string[]): Promise<Float32Array[]>;
  /** Whether the model's tokenizer has this lower-case word as one token: a dictionary of real words, for spelling correction. */
  isWord(word: string): boolean;
}

/** Texts per forward pass, in length order so that padding stays small (chosen by measurement: see npm run bench). */
const EMBEDDING_BATCH_SIZE = 32;

export class ModelLoadError extends Error {}

/** Prefixes the model authors ask for in question → passage retrieval. */
const KNOWN_PREFIXES: { pattern: RegExp; query: string; passage: string }[] = [
  { pattern: /bge-.*-en-v1\.5$/i, query: 'Represent this sentence for searching relevant passages: ', passage: '' },
  { pattern: /(^|\/)(multilingual-)?e5-/i, query: 'query: ', passage: 'passage: ' },
];

export function defaultPrefixes(model: string): { query: string; passage: string } {
  const known = KNOWN_PREFIXES.find((entry) => entry.pattern.test(model));
  return { query: known?.query ?? '', passage: known?.passage ?? '' };
}

interface TensorLike {
  data: ArrayLike<number | bigint>;
  dims: number[];
}

/** The parts of transformers.js's feature-extraction pipeline used here: its tokenizer and model. */
interface FeatureExtractor {
  tokenizer: ((texts: string[], options: { padding: boolean; truncation: boolean }) => { attention_mask: TensorLike }) &
    LibraryTokenizer & { model: { tokens_to_ids?: Map<string, number> }; pad_token_id: number };
  model: (inputs: unknown) => Promise<Record<string, TensorLike | undefined>>;
}

/**
 * Loads a model through transformers.js's own feature-extraction pipeline (mean pooling,
 * normalized). A folder under modelsDir is read from disk only; anything else is a hub id,
 * downloaded once into cacheDir unless localFilesOnly.
 */
export async function loadEmbedder(options: EmbedderOptions): Promise<Embedder> {
  const localFolder = join(options.modelsDir, options.model);
  const isLocal = existsSync(localFolder);
  // A hub id is owner/name: a bare name is a local folder, which must not quietly turn into a download.
  if (!isLocal && !options.model.includes('/')) {
    throw new ModelLoadError(`cannot load embedding model ${options.model}: its folder ${localFolder} is missing (restore it with git checkout -- models, or npm run build-model)`);
  }
  if (isLocal) verifyChecksums(localFolder, options.model);
  env.localModelPath = options.modelsDir;
  env.cacheDir = options.cacheDir;
  // Local folders are read in place; only hub downloads go through the file cache.
  env.allowLocalModels = isLocal || options.localFilesOnly;
  env.allowRemoteModels = !isLocal && !options.localFilesOnly;
  env.useFSCache = !isLocal;
  let extract: FeatureExtractor;
  try {
    extract = (await withoutLibraryChatter(() =>
      pipeline('feature-extraction', options.model, { local_files_only: options.localFilesOnly || isLocal }),
    )) as unknown as FeatureExtractor;
  } catch (error) {
    const detail = isLocal ? diagnoseModelFolder(localFolder, error) : undefined;
    throw new ModelLoadError(
      `cannot load embedding model ${options.model}: ${detail ?? firstLine(error)}` +
        (isLocal || options.localFilesOnly ? '' : ' (is the Hugging Face hub reachable? set LOCAL_FILES_ONLY=true to use the cache only)'),
    );
  }
  const defaults = defaultPrefixes(options.model);
  const queryPrefix = options.queryPrefix ?? defaults.query;
  const passagePrefix = options.passagePrefix ?? defaults.passage;
  const fast = WordPieceTokenizer.fromLibrary(extract.tokenizer);
  const tokenize = (batch: string[]) => (fast && batch.every((text) => fast.handles(text)) ? padded(batch.map((text) => fast.encode(text)), extract.tokenizer.pad_token_id) : extract.tokenizer(batch, { padding: true, truncation: true }));
  // The pipeline's own model, with pooling of our own (see pooling.ts), in batches of similar
  // length (sorted, then put back in order) so that padding does not dominate.
  const embed = async (texts: string[], prefix: string): Promise<Float32Array[]> => {
    const vectors = new Array<Float32Array>(texts.length);
    const order = texts.map((_, i) => i).sort((a, b) => texts[a]!.length - texts[b]!.length);
    for (let offset = 0; offset < order.length; offset += EMBEDDING_BATCH_SIZE) {
      const batch = order.slice(offset, offset + EMBEDDING_BATCH_SIZE);
      const inputs = tokenize(batch.map((i) => prefix + texts[i]));
      const outputs = await extract.model(inputs);
      const hidden = outputs.last_hidden_state ?? outputs.logits ?? outputs.token_embeddings;
      if (!hidden) throw new Error(`embedding model ${options.model} gave no token outputs`);
      const [size, tokens, dimensions] = hidden.dims as [number, number, number];
      meanPoolNormalized(hidden.data as Float32Array, inputs.attention_mask.data, size, tokens, dimensions).forEach((vector, i) => (vectors[batch[i]!] = vector));
    }
    return vectors;
  };
  const [probe] = await embed(['dimension probe'], '');
  const vocabulary = extract.tokenizer.model.tokens_to_ids ?? new Map<string, number>();
  return {
    model: options.model,
    dimensions: probe!.length,
    embedQueries: (texts) => embed(texts, queryPrefix),
    embedPassages: (texts) => embed(texts, passagePrefix),
    isWord: (word) => vocabulary.has(word),
  };
}

/** Token ids padded into the model's input tensors, as transformers.js's tokenizer gives them. */
function padded(sequences: number[][], padId: number): { input_ids: Tensor; attention_mask: Tensor; token_type_ids: Tensor } {
  const length = Math.max(...sequences.map((ids) => ids.length));
  const ids = new BigInt64Array(sequences.length * length).fill(BigInt(padId));
  const mask = new BigInt64Array(sequences.length * length);
  sequences.forEach((sequence, row) => {
    sequence.forEach((id, i) => {
      ids[row * length + i] = BigInt(id);
      mask[row * length + i] = 1n;
    });
  });
  const dims = [sequences.length, length];
  return { input_ids: new Tensor('int64', ids, dims), attention_mask: new Tensor('int64', mask, dims), token_type_ids: new Tensor('int64', new BigInt64Array(ids.length), dims) };
}

/**
 * transformers.js and onnxruntime print stack traces and retries of their own while a model
 * fails to load; the caller reports the failure in one line instead.
 */
async function withoutLibraryChatter<T>(load: () => Promise<T>): Promise<T> {
  const { warn, error } = console;
  console.warn = () => {};
  console.error = () => {};
  try {
    return await load();
  } finally {
    console.warn = warn;
    console.error = error;
  }
}

/**
 * Checks a local model folder against its SHA256SUMS, when it has one (the embedded and test
 * models do): a damaged weight file would otherwise load and give wrong vectors without a word.
 */
function verifyChecksums(folder: string, model: string): void {
  let sums: string;
  try {
    sums = readFileSync(join(folder, 'SHA256SUMS'), 'utf8');
  } catch {
    return;
  }
  for (const line of sums.split('\n').filter((entry) => entry.trim() !== '')) {
    const [sum, name] = line.trim().split(/\s+\*?/);
    const file = join(folder, name ?? '');
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      throw new ModelLoadError(`cannot load embedding model ${model}: ${file} is missing (restore the folder with git checkout -- models, or npm run build-model)`);
    }
    if (sha256Hex(bytes) !== sum) {
      throw new ModelLoadError(`cannot load embedding model ${model}: ${file} is damaged, it does not match SHA256SUMS (restore it with git checkout -- models, or npm run build-model)`);
    }
  }
}

/** Names the file of a local model folder that is missing or unreadable, when one is. */
function diagnoseModelFolder(folder: string, cause: unknown): string {
  for (const name of ['config.json', 'tokenizer.json', 'tokenizer_config.json']) {
    const file = join(folder, name);
    try {
      JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      return `${file} is missing or damaged (${firstLine(error)})`;
    }
  }
  const onnx = join(folder, 'onnx', 'model_quantized.onnx');
  return existsSync(onnx) ? `${onnx} could not be loaded (${firstLine(cause)}); rebuild the model folder` : `${onnx} is missing`;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
