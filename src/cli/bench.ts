import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openCorpus, openEngine, openIndex } from '../app/open.ts';
import { loadQuestionSet, VISIBLE_SETS } from '../answering/evaluation.ts';
import { loadConfig, type EngineConfig } from '../config/config.ts';
import { loadCorpus } from '../corpus/articles.ts';
import { segmentSentences } from '../corpus/sentences.ts';
import { EMBEDDING_BATCH_SIZE } from '../embedding/embedder.ts';
import { openEmbedder } from '../embedding/open.ts';
import { searchEf, VectorIndex } from '../index/vector-index.ts';
import type { Logger } from '../logger.ts';
import { PROJECT_ROOT } from '../paths.ts';
import { runMain } from './run.ts';

/** A fixed wide search, to show what recall costs. */
const WIDE_EF = 500;

const quiet: Logger = { info: () => {}, warn: (message) => console.error(`warning: ${message}`) };

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function table(title: string, header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const widths = header.map((_, c) => Math.max(...cells.map((row) => row[c]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  return [`\n${title}`, line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}

/** A corpus of at least `bytes`: the seed article's paragraphs, numbered so no line repeats, split into articles. */
function syntheticCorpus(folder: string, seed: string, bytes: number): void {
  const paragraphs = seed.split(/\n\s*\n/).slice(2).map((p) => p.trim()).filter(Boolean);
  let written = 0;
  for (let article = 0; written < bytes; article++) {
    const body = Array.from({ length: 200 }, (_, i) => `(${article}.${i}) ${paragraphs[(article + i) % paragraphs.length]}`).join('\n\n');
    const text = `Synthetic article ${article}\n\n${body}\n`;
    writeFileSync(join(folder, `synthetic-${String(article).padStart(3, '0')}.txt`), text);
    written += Buffer.byteLength(text);
  }
}

const STAGE_NAMES = { embeddingMs: 'embedding', searchMs: 'search (HNSW + BM25)', extractionMs: 'fusion + extraction', totalMs: 'total' };

interface CorpusFigures {
  ingest: (string | number)[];
  latency: (string | number)[][];
}

/** Ingest into a fresh index (then an unchanged re-run), and answer latency by stage on that corpus. */
async function benchCorpus(config: EngineConfig, articlesDir: string, questions: string[], repeat: number): Promise<CorpusFigures> {
  const indexDir = mkdtempSync(join(tmpdir(), 'bench-index-'));
  try {
    const corpus = openCorpus({ ...config, articlesDir }, quiet);
    const bytes = corpus.articles.reduce((sum, article) => sum + Buffer.byteLength(article.text), 0);
    const embedder = await openEmbedder(config, quiet);
    if (!embedder) throw new Error('no embedding model could be loaded');
    const build = () => openIndex({ ...config, indexDir }, corpus, embedder, { log: quiet });
    let started = performance.now();
    const result = await build();
    const seconds = (performance.now() - started) / 1000;
    started = performance.now();
    await build();
    const rerun = (performance.now() - started) / 1000;
    const chunks = result.index.chunks.length;
    const name = `${corpus.articles.length} article(s), ${(bytes / 1024).toFixed(0)} KB`;

    const engine = await openEngine({ ...config, articlesDir, indexDir }, { log: quiet });
    const stages = { embeddingMs: [] as number[], searchMs: [] as number[], extractionMs: [] as number[], totalMs: [] as number[] };
    for (let round = 0; round < repeat; round++) {
      for (const question of questions) {
        const before = performance.now();
        const answer = await engine.answer(question);
        stages.totalMs.push(performance.now() - before);
        for (const stage of ['embeddingMs', 'searchMs', 'extractionMs'] as const) stages[stage].push(answer.timings[stage]);
      }
    }
    return {
      ingest: [name, chunks, seconds.toFixed(2), (chunks / seconds).toFixed(0), rerun.toFixed(2)],
      latency: Object.entries(stages).map(([stage, list]) => [name, STAGE_NAMES[stage as keyof typeof stages], percentile(list, 50).toFixed(2), percentile(list, 99).toFixed(2)]),
    };
  } finally {
    rmSync(indexDir, { recursive: true, force: true });
  }
}

/** Load time, batched passage throughput and single-question latency of the configured model. */
async function benchModel(config: EngineConfig, sentences: string[]): Promise<(string | number)[]> {
  const started = performance.now();
  const embedder = await openEmbedder(config, quiet);
  const loadMs = performance.now() - started;
  if (!embedder) throw new Error('no embedding model could be loaded');
  const batchStart = performance.now();
  for (let offset = 0; offset < sentences.length; offset += EMBEDDING_BATCH_SIZE) await embedder.embedPassages(sentences.slice(offset, offset + EMBEDDING_BATCH_SIZE));
  const perSentence = (performance.now() - batchStart) / sentences.length;
  const single: number[] = [];
  for (const sentence of sentences.slice(0, 200)) {
    const before = performance.now();
    await embedder.embedQueries([sentence]);
    single.push(performance.now() - before);
  }
  return [embedder.model, embedder.dimensions, loadMs.toFixed(0), perSentence.toFixed(3), `${percentile(single, 50).toFixed(2)} / ${percentile(single, 99).toFixed(2)}`];
}

function randomUnitVectors(count: number, dimensions: number, seed: number): number[][] {
  let state = seed;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32 - 0.5;
  };
  return Array.from({ length: count }, () => {
    const vector = Array.from({ length: dimensions }, random);
    const norm = Math.hypot(...vector);
    return vector.map((value) => value / norm);
  });
}

/** Build time, then recall@10 against exact search and query latency at the shipped ef and a wider one. */
function benchHnsw(count: number, dimensions: number, queries: number): (string | number)[] {
  const vectors = randomUnitVectors(count, dimensions, count);
  const started = performance.now();
  const hnsw = VectorIndex.build(vectors, dimensions);
  const buildSeconds = (performance.now() - started) / 1000;
  const probes = randomUnitVectors(queries, dimensions, 7);
  const exact = probes.map((probe) =>
    vectors
      .map((vector, label) => ({ label, similarity: vector.reduce((sum, value, i) => sum + value * probe[i]!, 0) }))
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, 10)
      .map(({ label }) => label),
  );
  const row: (string | number)[] = [count.toLocaleString('en-US'), buildSeconds.toFixed(1), searchEf(count)];
  for (const ef of [searchEf(count), WIDE_EF]) {
    hnsw.ef = ef;
    let found = 0;
    const latencies: number[] = [];
    probes.forEach((probe, q) => {
      const before = performance.now();
      const neighbors = hnsw.search(probe, 10);
      latencies.push(performance.now() - before);
      found += neighbors.filter(({ chunk }) => exact[q]!.includes(chunk)).length;
    });
    row.push((found / (queries * 10)).toFixed(3), `${percentile(latencies, 50).toFixed(3)} / ${percentile(latencies, 99).toFixed(3)}`);
  }
  return row;
}

/** `npm run bench`: ingest speed, answer latency by stage, HNSW recall and latency, peak memory. */
runMain(async () => {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, repeat: { type: 'string', default: '5' } } });
  const { engine: config } = loadConfig();

  const questions = VISIBLE_SETS.flatMap((name) => loadQuestionSet(name).map((q) => q.question));
  const repeat = Number(values.repeat);
  const seed = loadCorpus(config.articlesDir).articles[0]!;
  const sentences = seed.paragraphs.flatMap((p) => segmentSentences(seed.text, p.start, p.end)).map((span) => seed.text.slice(span.start, span.end));
  console.log(
    table(`Embedding model (${sentences.length * 20} sentences in batches of ${EMBEDDING_BATCH_SIZE})`, ['model', 'dims', 'load ms', 'ms / sentence', 'one question p50 / p99 ms'], [
      await benchModel(config, Array.from({ length: 20 }, () => sentences).flat()),
    ]),
  );
  const synthetic = mkdtempSync(join(tmpdir(), 'bench-corpus-'));
  const figures: CorpusFigures[] = [];
  try {
    syntheticCorpus(synthetic, seed.text, values.quick ? 200_000 : 2 * 1024 * 1024);
    for (const folder of [config.articlesDir, synthetic]) figures.push(await benchCorpus(config, folder, questions, repeat));
  } finally {
    rmSync(synthetic, { recursive: true, force: true });
  }
  console.log(table('Ingest (fresh index, then an unchanged re-run)', ['corpus', 'chunks', 'seconds', 'chunks/s', 're-run s'], figures.map((f) => f.ingest)));
  console.log(
    table(`Answer latency, ${questions.length} questions × ${repeat} (model ${config.model}, ms)`, ['corpus', 'stage', 'p50', 'p99'], figures.flatMap((f) => f.latency)),
  );

  const sizes = values.quick ? [1_000, 10_000] : [1_000, 10_000, 100_000];
  console.log(
    table(
      'HNSW on random unit vectors (100 dims, M 16, efConstruction 200; 100 queries; random vectors are the hardest case)',
      ['vectors', 'build s', 'shipped ef', 'recall@10', 'p50 / p99 ms', `recall@10 ef ${WIDE_EF}`, 'p50 / p99 ms'],
      sizes.map((n) => benchHnsw(n, 100, 100)),
    ),
  );
  console.log(`\nPeak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
});
