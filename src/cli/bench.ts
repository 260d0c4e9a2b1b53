/**
 * `npm run bench`: what the project costs, measured on this machine. Figures for the notes, not
 * assertions. Whole processes are timed from outside (wall clock, peak RSS through /usr/bin/time
 * when present), in-process stages with performance.now(); medians of several runs.
 *
 * Corpora: the seed article, and ~2 MB and ~10 MB of English prose gathered from documentation on
 * the machine (Markdown under node_modules, Vim's help when installed), topped up by numbered
 * repeats when the machine has less (the vocabulary then stays that of what was found); and beside
 * them pathological articles of the same size (issue 18: one giant paragraph of lines, one line,
 * "U.S. " over and over, no punctuation, 200,000 paragraphs, lone carriage returns), each timed
 * against the prose and served with the event loop's delay measured.
 * Over 200 lines: one script, so that every figure of the notes comes from one run.
 */
import { spawnSync } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import type { Searcher } from '../answering/engine.ts';
import { loadQuestionSet, table, VISIBLE_SETS } from '../answering/tuning/evaluation.ts';
import { openCorpus, openIndex, openSearcher } from '../app/open.ts';
import { openLibrary } from '../app/open-library.ts';
import { NO_METADATA } from '../corpus/stored-form.ts';
import { loadConfig, type EngineConfig } from '../config/config.ts';
import { formatAnswer, formatChoices, formatMentions, formatParagraph } from '../discord/format.ts';
import { openEmbedder } from '../embedding/open.ts';
import { dot } from '../embedding/vectors.ts';
import { HNSW_PARAMETERS, searchEf, VectorIndex } from '../index/vector-index.ts';
import type { Logger } from '../logger.ts';
import { PROJECT_ROOT } from '../paths.ts';
import { median, percentile } from '../stats.ts';
import { HOSTILE_SHAPES, type HostileShape } from './hostile-articles.ts';
import { runMain } from './run.ts';

const quiet: Logger = { info: () => {}, warn: () => {} };
const QUESTION = 'Who is the president of Ecuador?';

function walk(folder: string, keep: (name: string) => boolean, found: string[] = []): string[] {
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return found;
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) walk(path, keep, found);
    else if (entry.isFile() && keep(entry.name)) found.push(path);
  }
  return found;
}

/** Paragraphs of prose from a documentation file: code, markup and short or symbol-heavy paragraphs dropped. */
function prose(text: string): string[] {
  return text
    .replace(/^```[\s\S]*?^```/gm, '\n')
    .replace(/<[^>\n]+>/g, ' ')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*_#>|]/g, ' ')
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.replace(/\s+/g, ' ').trim())
    .filter((paragraph) => {
      const words = paragraph.split(' ');
      return words.length >= 8 && words.filter((word) => /^[A-Za-z][a-z'’,.;:-]*$/.test(word)).length >= 0.7 * words.length;
    });
}

/** Writes articles of ~100 KB of prose into `folder` until they hold `bytes`. */
function proseCorpus(folder: string, bytes: number): void {
  const sources = [
    ...walk(join(PROJECT_ROOT, 'node_modules'), (name) => name.endsWith('.md') && !/change|history|licen|copying|security|conduct/i.test(name)),
    ...readdirSync('/usr/share/vim', { withFileTypes: true })
      .filter((entry) => /^vim\d+$/.test(entry.name))
      .flatMap((entry) => walk(join('/usr/share/vim', entry.name, 'doc'), (name) => name.endsWith('.txt'))),
  ].filter((file) => existsSync(file));
  const seen = new Set<string>();
  const paragraphs = sources.flatMap((file) => prose(readFileSync(file, 'utf8'))).filter((paragraph) => !seen.has(paragraph) && seen.add(paragraph));
  if (paragraphs.length === 0) throw new Error('no documentation found on this machine to build a corpus from');
  let written = 0;
  for (let article = 0, next = 0; written < bytes; article++) {
    const body: string[] = [];
    for (let size = 0; size < 100_000; next++) {
      const round = Math.floor(next / paragraphs.length);
      const paragraph = `${round > 0 ? `(${round}) ` : ''}${paragraphs[next % paragraphs.length]}`;
      body.push(paragraph);
      size += paragraph.length;
    }
    const text = `Documentation excerpt ${article + 1}\n\n${body.join('\n\n')}\n`;
    writeFileSync(join(folder, `docs-${String(article).padStart(4, '0')}.txt`), text);
    written += Buffer.byteLength(text);
  }
}

/** Runs a command-line tool of this project as a whole process: wall seconds and peak RSS (MiB, when /usr/bin/time exists). */
function timedProcess(tool: string, args: string[], env: Record<string, string>): { seconds: number; peakMiB: number | null } {
  const script = join(PROJECT_ROOT, 'dist', 'cli', `${tool}.js`);
  const timeFile = join(tmpdir(), `bench-time-${process.pid}`);
  const gnuTime = existsSync('/usr/bin/time');
  const command = gnuTime ? ['/usr/bin/time', '-f', '%M', '-o', timeFile, process.execPath, script, ...args] : [process.execPath, script, ...args];
  const started = performance.now();
  const result = spawnSync(command[0]!, command.slice(1), { env: { ...process.env, ...env, LOG_LEVEL: 'warn' }, stdio: 'ignore' });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`${tool} failed (exit ${result.status})`);
  const peakMiB = gnuTime ? Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop()) / 1024 : null;
  rmSync(timeFile, { force: true });
  return { seconds, peakMiB };
}

const seconds = (value: number) => value.toFixed(2);
const mib = (value: number | null) => (value === null ? 'n/a' : value.toFixed(0));

interface CorpusFigures {
  name: string;
  /** Median whole-process ingest, in seconds. */
  ingestSeconds: number;
  ingest: string[];
  answers: string[];
  serving: string[];
  recall: string[] | null;
}

/**
 * What the bot does with an engine, question after question, as it would serve them: each answer
 * formatted (with its later pages and its first paragraph), and the /lookup of the most mentioned
 * terms, formatted, with the autocomplete of their first letters. Returns each answer's time and
 * the event loop's delay meanwhile (perf_hooks): a long synchronous stretch, during which the
 * bot's 1.5 s deferral timer could not fire, shows as a long delay.
 */
async function serve(engine: Searcher, questions: string[]): Promise<{ latencies: number[]; lookups: number[]; loopP99: number; loopMax: number }> {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  const latencies: number[] = [];
  const lookups: number[] = [];
  const turn = () => new Promise((resolve) => setImmediate(resolve));
  loop.enable();
  for (const question of questions) {
    const started = performance.now();
    const answer = await engine.answer(question, 9);
    latencies.push(performance.now() - started);
    await turn();
    for (const page of [0, 1, 2]) formatAnswer(answer, page);
    const first = answer.extracts[0];
    if (first) formatParagraph(engine.paragraph(first.articleKey, first.paragraph)!);
    await turn();
  }
  for (const term of engine.suggestTerms('', 30)) {
    const started = performance.now();
    formatChoices(engine.suggestTerms(term.text.slice(0, 3), 25));
    const result = engine.lookup(term.text);
    if (result.found) formatMentions(result.term, result.mentions, result.more);
    lookups.push(performance.now() - started);
    await turn();
  }
  loop.disable();
  return { latencies, lookups, loopP99: loop.percentile(99) / 1e6, loopMax: loop.max / 1e6 };
}

type Served = Awaited<ReturnType<typeof serve>> & { chunks: number };

/**
 * Serving figures from a process of their own, as the bot has: one engine, warmed up as npm start
 * warms it, and no other corpus's garbage for the collector to pause on.
 */
function servedInOwnProcess(articlesDir: string, indexDir: string): Served {
  const result = spawnSync(process.execPath, [join(PROJECT_ROOT, 'dist', 'cli', 'bench.js'), '--serve', articlesDir, '--index', indexDir], {
    env: { ...process.env, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`serving ${articlesDir} failed (exit ${result.status}): ${result.stderr}`);
  return JSON.parse(result.stdout) as Served;
}

/** `--serve`: the engine of one corpus serves the question sets; the figures go to stdout as JSON. */
async function serveOnly(config: EngineConfig, articlesDir: string, indexDir: string, questions: string[]): Promise<void> {
  const engine = await openSearcher({ ...config, articlesDir, indexDir }, { log: quiet });
  // Warmed up as npm start does before it logs in.
  await engine.answer(engine.exampleQuestion(), 3);
  engine.suggestTerms('', 1);
  const served = await serve(engine, questions);
  process.stdout.write(`${JSON.stringify({ ...served, chunks: engine.summary().chunks })}\n`);
}

/** Ingest and cold start as whole processes (medians of `runs`), then answer latency, serving and (unless told not to) HNSW recall in process. */
async function benchCorpus(config: EngineConfig, name: string, articlesDir: string, questions: string[], runs: number, withRecall = true): Promise<CorpusFigures> {
  const bytes = readdirSync(articlesDir).reduce((sum, file) => sum + statSync(join(articlesDir, file)).size, 0);
  const label = `${name} (${(bytes / 1024 / 1024).toFixed(1)} MB)`;
  const ingests: { seconds: number; peakMiB: number | null }[] = [];
  const asks: { seconds: number; peakMiB: number | null }[] = [];
  const indexDir = mkdtempSync(join(tmpdir(), 'bench-index-'));
  try {
    for (let run = 0; run < runs; run++) {
      rmSync(indexDir, { recursive: true, force: true });
      ingests.push(timedProcess('ingest', [], { ARTICLES_DIR: articlesDir, INDEX_DIR: indexDir }));
      asks.push(timedProcess('ask', [QUESTION], { ARTICLES_DIR: articlesDir, INDEX_DIR: indexDir }));
    }
    const engineConfig = { ...config, articlesDir, indexDir };
    const { chunks, latencies, lookups, loopP99, loopMax } = servedInOwnProcess(articlesDir, indexDir);
    const ingest = median(ingests.map((run) => run.seconds));
    // Recall of the stored HNSW index against exact search over the corpus's own chunk vectors.
    const recall = withRecall ? await exactNeighbors(engineConfig, questions) : null;
    return {
      name: label,
      ingestSeconds: ingest,
      ingest: [label, String(chunks), seconds(ingest), (chunks / ingest).toFixed(0), mib(median(ingests.map((run) => run.peakMiB ?? 0)) || null), seconds(median(asks.map((run) => run.seconds))), mib(median(asks.map((run) => run.peakMiB ?? 0)) || null)],
      answers: [label, percentile(latencies, 50).toFixed(1), percentile(latencies, 99).toFixed(1), String(latencies.length)],
      serving: [label, loopP99.toFixed(1), loopMax.toFixed(1), lookups.length > 0 ? Math.max(...lookups).toFixed(1) : 'no terms'],
      recall: recall && [label, String(recall.vectors.length), `${HNSW_PARAMETERS.m} / ${HNSW_PARAMETERS.efConstruction} / ${searchEf(recall.vectors.length)}`, recallAt10(recall.index.vectors, recall.probes, recall.exact).recall.toFixed(4)],
    };
  } finally {
    rmSync(indexDir, { recursive: true, force: true });
  }
}

/** The pathological shapes benched beside prose of the same size (row 1's many tiny paragraphs are benched at their own 1.3 MB: 10 MB of them is over the paragraph limit). */
const BENCHED_SHAPES: HostileShape[] = ['oneParagraphOfLines', 'oneLine', 'abbreviations', 'noPunctuation', 'shortParagraphs', 'carriageReturns'];

/**
 * The corpus's index (built if need be), its chunk vectors, up to 200 questions embedded as
 * probes, and each probe's exact 10 nearest chunks: what recall is measured against.
 */
async function exactNeighbors(engineConfig: EngineConfig, questions: string[]) {
  const embedder = (await openEmbedder(engineConfig, quiet))!;
  const { index } = await openIndex(engineConfig, engineConfig.indexDir, openCorpus(engineConfig.articlesDir, quiet), embedder, { log: quiet });
  const vectors = Array.from({ length: index.vectors.size }, (_, i) => index.vectors.vector(i));
  const probes = await embedder.embedQueries(questions.slice(0, 200));
  const exact = probes.map((probe) => {
    const nearest = vectors.map((vector, i) => [dot(probe, vector), i] as const).sort((a, b) => b[0] - a[0]).slice(0, 10);
    return { chunks: nearest.map(([, i]) => i), tenth: nearest.at(-1)?.[0] ?? -Infinity };
  });
  return { index, vectors, dimensions: embedder.dimensions, probes, exact };
}

/** Below the 10th exact similarity by no more than float rounding: a tie, as good as the exact neighbour. */
const TIE = 1e-5;

/**
 * The share of the exact 10 nearest chunks an index finds, and each search's time in ms. As in
 * ann-benchmarks, a result as near as the 10th exact neighbour counts: corpora with repeated
 * text (changelogs, licences) hold identical vectors, any of which is a right answer.
 */
function recallAt10(index: VectorIndex, probes: Float32Array[], exact: { chunks: number[]; tenth: number }[]): { recall: number; latencies: number[] } {
  let found = 0;
  const latencies: number[] = [];
  probes.forEach((probe, q) => {
    const started = performance.now();
    const { chunks, tenth } = exact[q]!;
    found += index.search(probe, 10).filter(({ chunk, similarity }) => chunks.includes(chunk) || similarity >= tenth - TIE).length;
    latencies.push(performance.now() - started);
  });
  return { recall: found / (probes.length * 10), latencies };
}

/** Build time and recall@10 of other HNSW parameters on real chunk vectors: how the shipped ones were chosen. */
async function sweepHnsw(config: EngineConfig, articlesDir: string, questions: string[]): Promise<string[][]> {
  const indexDir = mkdtempSync(join(tmpdir(), 'bench-sweep-'));
  try {
    const { vectors, dimensions, probes, exact } = await exactNeighbors({ ...config, articlesDir, indexDir }, questions);
    const rows: string[][] = [];
    for (const [m, efConstruction] of [[16, 200], [16, 100], [16, 64], [8, 100]] as const) {
      const started = performance.now();
      const built = VectorIndex.build(vectors, dimensions, { m, efConstruction });
      const buildSeconds = (performance.now() - started) / 1000;
      for (const ef of [searchEf(vectors.length), 100]) {
        built.ef = ef;
        const { recall, latencies } = recallAt10(built, probes, exact);
        rows.push([`${m} / ${efConstruction}`, seconds(buildSeconds), String(ef), recall.toFixed(4), `${percentile(latencies, 50).toFixed(2)} / ${percentile(latencies, 99).toFixed(2)}`]);
      }
    }
    return rows;
  } finally {
    rmSync(indexDir, { recursive: true, force: true });
  }
}

/** Prose of about `words` words from the bench's prose sources, as one article with a title. */
function proseArticle(words: number, title: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'bench-prose-'));
  try {
    proseCorpus(folder, words * 7);
    const text = readdirSync(folder).map((file) => readFileSync(join(folder, file), 'utf8')).join('\n\n');
    return `${title}\n\n${text.split(/\s+/).slice(0, words).join(' ').replace(/((?:\S+\s+){80})/g, '$1\n\n')}\n`;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * Articles in: `npm run add` of a saved page as a whole process (start-up included), the
 * extraction stage's time per page (eval:extract over the benchmark, when ../shared has it), and a
 * server's library live: a 5,000-word article added until answerable, the event loop's longest
 * stall meanwhile (the indexing worker must keep answers flowing), and the memory each added article costs.
 */
async function benchArticlesIn(config: EngineConfig, runs: number): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'bench-add-'));
  try {
    const page = join(scratch, 'page.html');
    writeFileSync(page, gunzipSync(readFileSync(join(PROJECT_ROOT, 'test', 'fixtures', 'pages', 'givewell-grant.html.gz'))));
    const adds: number[] = [];
    for (let run = 0; run < runs; run++) {
      const articlesDir = join(scratch, `articles-${run}`);
      mkdirSync(articlesDir);
      for (const file of readdirSync(config.articlesDir)) writeFileSync(join(articlesDir, file), readFileSync(join(config.articlesDir, file)));
      const indexDir = join(scratch, `index-${run}`);
      timedProcess('ingest', [], { ARTICLES_DIR: articlesDir, INDEX_DIR: indexDir });
      adds.push(timedProcess('add', [page], { ARTICLES_DIR: articlesDir, INDEX_DIR: indexDir }).seconds);
    }
    console.log(`\nnpm run add of a saved page (${(statSync(page).size / 1024).toFixed(0)} KB of HTML) beside the seed article, whole process: ${seconds(median(adds))} s (median of ${runs})`);

    const benchmark = join(PROJECT_ROOT, '..', 'shared', 'eval', 'extraction');
    if (existsSync(join(benchmark, 'ground-truth.json'))) {
      const result = spawnSync(process.execPath, [join(PROJECT_ROOT, 'dist', 'cli', 'eval-extract.js'), '--dir', benchmark, '--json'], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
      if (result.status === 0) {
        const report = JSON.parse(result.stdout) as { pages: number; timePerPageMs: { p50: number; p99: number }; peakMemoryMB: number };
        console.log(`Extraction, ${report.pages} benchmark pages in one process: p50 ${report.timePerPageMs.p50.toFixed(1)} ms, p99 ${report.timePerPageMs.p99.toFixed(1)} ms per page, peak ${report.peakMemoryMB.toFixed(0)} MB`);
      }
    }

    const opened = await openLibrary(
      { engine: config, sources: { allowPrivate: false }, library: { dir: join(scratch, 'library'), maxArticles: 1000, maxBytes: 1024 * 1024 * 1024, attachmentOrigin: 'https://cdn.discordapp.com' } },
      { log: quiet },
    );
    try {
      const { library } = opened;
      const guild = '200000000000000001';
      const text = proseArticle(5000, 'Bench article');
      const body = text.split(/\n\n+/).slice(1).filter(Boolean).map((paragraph) => ({ text: paragraph, role: 'body' as const }));
      const document = (i: number) => ({ title: `Bench article ${i}`, metadata: { ...NO_METADATA, url: `https://bench.example/${i}` }, paragraphs: body });
      const answerable: number[] = [];
      const stalls: number[] = [];
      for (let run = 0; run < runs; run++) {
        const loop = monitorEventLoopDelay({ resolution: 5 });
        loop.enable();
        const started = performance.now();
        // Questions keep coming while the article is indexed, as they would on a busy server.
        let adding = true;
        const asking = (async () => {
          while (adding) {
            await library.searcher(guild).answer('What does the article say about the configuration?', 3);
            // A question a turn, as they arrive from the gateway: the worker's reply gets its turn too.
            await new Promise((resolve) => setImmediate(resolve));
          }
        })();
        await library.add(guild, document(run), text.length);
        answerable.push(performance.now() - started);
        adding = false;
        await asking;
        loop.disable();
        stalls.push(loop.max / 1e6);
      }
      const before = process.memoryUsage().rss;
      const more = 10;
      for (let i = 0; i < more; i++) await library.add(guild, document(runs + i), text.length);
      const perArticle = (process.memoryUsage().rss - before) / more / 1024 / 1024;
      console.log(`A server's library: a 5,000-word article added → answerable in ${(median(answerable) / 1000).toFixed(2)} s (median of ${runs}), the event loop's longest stall meanwhile ${median(stalls).toFixed(0)} ms while questions were answered; about ${perArticle.toFixed(1)} MiB of memory per added article (over ${more} more)`);
    } finally {
      await opened.close();
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

runMain(async () => {
  const { values } = parseArgs({
    options: { quick: { type: 'boolean', default: false }, runs: { type: 'string', default: '3' }, serve: { type: 'string' }, index: { type: 'string' }, 'articles-in': { type: 'boolean', default: false } },
  });
  if (!existsSync(join(PROJECT_ROOT, 'dist', 'cli', 'ask.js'))) throw new Error('run npm run build first: the whole-process figures time the compiled tools');
  const runs = values.quick ? 1 : Number(values.runs);
  const { engine: config } = loadConfig();
  const questions = VISIBLE_SETS.flatMap((name) => loadQuestionSet(name).map((q) => q.question));
  if (values.serve !== undefined && values.index !== undefined) return serveOnly(config, values.serve, values.index, questions);
  // `--articles-in`: that part alone (adding articles), without the corpora before it.
  if (values['articles-in']) return benchArticlesIn(config, runs);

  const started = performance.now();
  const embedder = await openEmbedder(config, quiet);
  const loadMs = performance.now() - started;
  if (!embedder) throw new Error('no embedding model could be loaded');
  const single: number[] = [];
  for (const question of questions) {
    const before = performance.now();
    await embedder.embedQueries([question]);
    single.push(performance.now() - before);
  }
  console.log(`Model ${embedder.model}: ${embedder.dimensions} dimensions, loaded in ${loadMs.toFixed(0)} ms; one question embedded in ${percentile(single, 50).toFixed(2)} ms (p50) / ${percentile(single, 99).toFixed(2)} ms (p99)`);

  const scratch = mkdtempSync(join(tmpdir(), 'bench-corpora-'));
  try {
    const corpora: [string, string][] = [['seed article', config.articlesDir]];
    for (const [name, megabytes] of values.quick ? ([['docs', 2]] as const) : ([['docs', 2], ['docs', 10]] as const)) {
      const folder = join(scratch, `${name}-${megabytes}mb`);
      mkdirSync(folder);
      proseCorpus(folder, megabytes * 1024 * 1024);
      corpora.push([`${name} ${megabytes} MB`, folder]);
    }
    const figures: CorpusFigures[] = [];
    for (const [name, folder] of corpora) figures.push(await benchCorpus(config, name, folder, questions, runs));
    // Pathological articles, one per corpus, each the size of the largest prose corpus, and row 1's shape.
    const megabytes = values.quick ? 2 : 10;
    const shapes: [string, string][] = [...BENCHED_SHAPES.map((shape) => [shape, HOSTILE_SHAPES[shape](megabytes * 1024 * 1024)] as [string, string]), ['manyParagraphs', HOSTILE_SHAPES.manyParagraphs(1_300_000)]];
    const hostile: CorpusFigures[] = [];
    for (const [shape, text] of shapes) {
      const folder = join(scratch, `shape-${shape}`);
      mkdirSync(folder);
      writeFileSync(join(folder, `${shape}.txt`), text);
      hostile.push(await benchCorpus(config, shape, folder, questions, runs, false));
    }
    const prose = figures[figures.length - 1]!;
    console.log(`\nWhole processes (medians of ${runs}): npm run ingest into a fresh index, then npm run ask on one question from a cold process`);
    console.log(table(['corpus', 'chunks', 'ingest s', 'chunks/s', 'ingest peak MiB', 'cold ask s', 'ask peak MiB'], [...figures, ...hostile].map((f) => f.ingest)));
    console.log(`\nPathological articles (one each) against ${prose.name}: ingest time`);
    console.log(table(['article', 'ingest s', '× prose'], hostile.map((f) => [f.name, seconds(f.ingestSeconds), (f.ingestSeconds / prose.ingestSeconds).toFixed(2)])));
    console.log(`\nAnswer latency in process, warm (${questions.length} questions)`);
    console.log(table(['corpus', 'p50 ms', 'p99 ms', 'questions'], [...figures, ...hostile].map((f) => f.answers)));
    console.log('\nServing: event-loop delay while answering every question (formatted, with its pages and paragraph), then /lookup and autocomplete of the 30 most mentioned terms');
    console.log(table(['corpus', 'loop delay p99 ms', 'loop delay max ms', 'lookup max ms'], [...figures, ...hostile].map((f) => f.serving)));
    console.log('\nHNSW recall@10 against exact search, on the corpus’s own chunk vectors, the question sets as queries');
    console.log(table(['corpus', 'vectors', 'M / efConstruction / ef', 'recall@10'], figures.flatMap((f) => (f.recall ? [f.recall] : []))));
    const largest = corpora[corpora.length - 1]!;
    console.log(`\nHNSW parameters on ${largest[0]} (real vectors): build time, recall@10, search p50 / p99`);
    console.log(table(['M / efConstruction', 'build s', 'ef', 'recall@10', 'ms'], await sweepHnsw(config, largest[1], questions)));
    await benchArticlesIn(config, runs);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  console.log(`\nThis process's peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
});
