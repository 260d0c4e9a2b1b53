import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openEngine } from '../answering/engine.ts';
import { parseQuestions } from '../answering/evaluation.ts';
import { loadConfig, type EngineConfig } from '../config/config.ts';
import { loadCorpus } from '../corpus/articles.ts';
import { openEmbedder } from '../embedding/open.ts';
import { ensureIndex } from '../index/build.ts';
import { buildHnsw, SEARCH_EF } from '../index/store.ts';
import type { Logger } from '../logger.ts';
import { PROJECT_ROOT } from '../paths.ts';
import { runMain } from './run.ts';

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

async function benchIngest(config: EngineConfig, articlesDir: string): Promise<(string | number)[]> {
  const indexDir = mkdtempSync(join(tmpdir(), 'bench-index-'));
  try {
    const corpus = loadCorpus(articlesDir);
    const bytes = corpus.articles.reduce((sum, article) => sum + Buffer.byteLength(article.text), 0);
    const embedder = await openEmbedder(config, quiet);
    if (!embedder) throw new Error('no embedding model could be loaded');
    const started = performance.now();
    const result = await ensureIndex({ articles: corpus.articles, chunking: config.chunking, embedder, indexDir, log: quiet });
    const seconds = (performance.now() - started) / 1000;
    const chunks = result.index.chunks.length;
    const again = performance.now();
    await ensureIndex({ articles: corpus.articles, chunking: config.chunking, embedder, indexDir, log: quiet });
    const rerun = (performance.now() - again) / 1000;
    return [`${corpus.articles.length} article(s), ${(bytes / 1024).toFixed(0)} KB`, chunks, seconds.toFixed(2), (chunks / seconds).toFixed(0), rerun.toFixed(2)];
  } finally {
    rmSync(indexDir, { recursive: true, force: true });
  }
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

function benchHnsw(count: number, dimensions: number, queries: number): (string | number)[] {
  const vectors = randomUnitVectors(count, dimensions, count);
  const started = performance.now();
  const hnsw = buildHnsw(vectors, dimensions);
  const buildSeconds = (performance.now() - started) / 1000;
  const probes = randomUnitVectors(queries, dimensions, 7);
  let found = 0;
  const latencies: number[] = [];
  for (const probe of probes) {
    const exact = vectors
      .map((vector, label) => ({ label, similarity: vector.reduce((sum, value, i) => sum + value * probe[i]!, 0) }))
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, 10)
      .map(({ label }) => label);
    const before = performance.now();
    const { neighbors } = hnsw.searchKnn(probe, 10);
    latencies.push(performance.now() - before);
    found += neighbors.filter((label) => exact.includes(label)).length;
  }
  return [count.toLocaleString('en-US'), buildSeconds.toFixed(1), (found / (queries * 10)).toFixed(3), percentile(latencies, 50).toFixed(3), percentile(latencies, 99).toFixed(3)];
}

/** `npm run bench`: ingest speed, answer latency by stage, HNSW recall and latency, peak memory. */
runMain(async () => {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, repeat: { type: 'string', default: '5' } } });
  const { engine: config } = loadConfig();
  const output: string[] = [];

  const synthetic = mkdtempSync(join(tmpdir(), 'bench-corpus-'));
  try {
    syntheticCorpus(synthetic, loadCorpus(config.articlesDir).articles[0]!.text, values.quick ? 200_000 : 2 * 1024 * 1024);
    output.push(
      table('Ingest (fresh index, then an unchanged re-run)', ['corpus', 'chunks', 'seconds', 'chunks/s', 're-run s'], [
        await benchIngest(config, config.articlesDir),
        await benchIngest(config, synthetic),
      ]),
    );
  } finally {
    rmSync(synthetic, { recursive: true, force: true });
  }
  console.log(output.at(-1));

  const engine = await openEngine(config, { log: quiet });
  const questions = ['questions.dev.jsonl', 'questions.heldout.jsonl'].flatMap((name) => {
    const file = join(PROJECT_ROOT, 'test', 'fixtures', name);
    return parseQuestions(readFileSync(file, 'utf8'), file).map((q) => q.question);
  });
  const stages = { embeddingMs: [] as number[], searchMs: [] as number[], extractionMs: [] as number[], totalMs: [] as number[] };
  for (let round = 0; round < Number(values.repeat); round++) {
    for (const question of questions) {
      const started = performance.now();
      const answer = await engine.answer(question);
      stages.totalMs.push(performance.now() - started);
      for (const stage of ['embeddingMs', 'searchMs', 'extractionMs'] as const) stages[stage].push(answer.timings[stage]);
    }
  }
  output.push(
    table(`Answer latency, ${questions.length} questions × ${values.repeat} (model ${engine.summary().model ?? 'none'}, ms)`, ['stage', 'p50', 'p99'], [
      ...Object.entries(stages).map(([stage, list]) => [stage.replace('Ms', ''), percentile(list, 50).toFixed(2), percentile(list, 99).toFixed(2)]),
    ]),
  );
  console.log(output.at(-1));

  const sizes = values.quick ? [1_000, 10_000] : [1_000, 10_000, 100_000];
  output.push(
    table(`HNSW on random unit vectors (100 dims, M 16, efConstruction 200, ef ${SEARCH_EF}; 100 queries)`, ['vectors', 'build s', 'recall@10', 'p50 ms', 'p99 ms'], sizes.map((n) => benchHnsw(n, 100, 100))),
  );
  console.log(output.at(-1));
  console.log(`\nPeak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
});
