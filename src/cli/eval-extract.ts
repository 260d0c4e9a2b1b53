import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { fitBoilerplateModel, withoutBoilerplate, type BoilerplateModel, type TrainingExample } from '../sources/boilerplate.ts';
import { BOILERPLATE_MODEL } from '../sources/boilerplate-model.ts';
import { foldOf, labelParagraphs, modelSource } from '../sources/benchmark.ts';
import { decodeHtml } from '../sources/decode.ts';
import { extractCandidate, finishArticle, type ArticleCandidate } from '../sources/extract.ts';
import type { ExtractedArticle, SourceRole } from '../sources/article.ts';
import type { WalkedParagraph } from '../sources/paragraphs.ts';
import { scorePage, summarize, type BenchmarkScore, type PageScore } from '../sources/shingles.ts';
import { PROJECT_ROOT } from '../paths.ts';
import { percentile } from '../stats.ts';
import * as z from '../validation.ts';
import { CommandError, runMain, UsageError } from './run.ts';

const DEFAULT_DIR = resolve(PROJECT_ROOT, '..', 'shared', 'eval', 'extraction');
const MODEL_FILE = join(PROJECT_ROOT, 'src', 'sources', 'boilerplate-model.ts');

const USAGE = `usage: npm run eval:extract -- [--dir DIR] [--folds K] [--json] [--fit]
  --dir    the extraction benchmark: ground-truth.json and html/<id>.html.gz (default ${DEFAULT_DIR})
  --folds  cross-validation folds by page for the fitted boilerplate filter (default 5)
  --json   one JSON object instead of the table
  --fit    refit the boilerplate filter on all pages and write ${MODEL_FILE}`;

const GroundTruth = z.record(z.string(), z.object({ url: z.string(), articleBody: z.string() }));

/** Published figures on the same 181 pages (shared/eval/extraction/README.md). */
const PUBLISHED: { name: string; f1: number; precision: number | null; recall: number | null }[] = [
  { name: 'rs_trafilatura (published)', f1: 0.97, precision: 0.951, recall: 0.99 },
  { name: 'trafilatura 2.0 (published)', f1: 0.958, precision: 0.938, recall: 0.978 },
  { name: 'Readability.js 0.6.0 (published)', f1: 0.947, precision: 0.914, recall: 0.982 },
  { name: 'go-readability (published)', f1: 0.934, precision: 0.9, recall: 0.971 },
  { name: 'readability-lxml (published)', f1: 0.922, precision: 0.913, recall: 0.931 },
  { name: 'plain HTML to text (published)', f1: 0.665, precision: 0.5, recall: 0.99 },
];

interface Page {
  id: string;
  truth: string;
  candidate: ArticleCandidate | null;
  examples: TrainingExample[];
  article: ExtractedArticle | null;
  error: string | null;
  milliseconds: number;
}

/**
 * `npm run eval:extract`: the extraction stage on the article-extraction benchmark, in one process:
 * F1, precision, recall and exact matches (the benchmark's shingle metric), time per page, peak
 * memory; the fitted boilerplate filter also under K-fold cross-validation by page.
 */
runMain(async () => {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        dir: { type: 'string', default: DEFAULT_DIR },
        folds: { type: 'string', default: '5' },
        json: { type: 'boolean', default: false },
        fit: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  const folds = Number(values.folds);
  if (!Number.isInteger(folds) || folds < 2 || folds > 20) throw new UsageError(`--folds must be a whole number from 2 to 20\n${USAGE}`);
  const pages = loadAndExtract(values.dir, BOILERPLATE_MODEL);

  const rows: { name: string; score: BenchmarkScore }[] = [];
  const scoreWith = (extracted: (page: Page) => readonly { text: string; role: SourceRole }[]) =>
    summarize(pages.map((page) => scorePage(page.truth, extracted(page).map((paragraph) => paragraph.text).join('\n'))));
  rows.push({ name: 'this extractor, all pages (shipped filter)', score: scoreWith((page) => page.article?.paragraphs ?? []) });
  rows.push({ name: `this extractor, ${folds}-fold CV (filter refitted per fold)`, score: summarize(crossValidated(pages, folds)) });
  rows.push({ name: 'without the boilerplate filter', score: scoreWith((page) => finished(page, (paragraphs) => paragraphs)) });
  for (const role of ['caption', 'byline', 'heading'] as const) {
    rows.push({ name: `  scored without ${role}s (ablation)`, score: scoreWith((page) => (page.article?.paragraphs ?? []).filter((paragraph) => paragraph.role !== role)) });
  }

  const times = pages.map((page) => page.milliseconds);
  const report = {
    pages: pages.length,
    rows,
    published: PUBLISHED,
    timePerPageMs: { p50: percentile(times, 50), p99: percentile(times, 99), max: percentile(times, 100) },
    peakMemoryMB: process.resourceUsage().maxRSS / 1024,
    bylines: pages.filter((page) => page.article?.byline).length,
    dates: pages.filter((page) => page.article?.published).length,
    failures: pages.filter((page) => page.error).map((page) => ({ id: page.id, error: page.error })),
  };

  if (values.fit) {
    const model = fitBoilerplateModel(pages.flatMap((page) => page.examples));
    writeFileSync(MODEL_FILE, modelSource(model, `on the ${pages.length} pages of the extraction benchmark`));
    console.error(`Wrote ${MODEL_FILE}: rebuild and rerun to score the new model on all pages.`);
  }
  if (values.json) {
    console.log(JSON.stringify(report));
    return;
  }
  const format = (value: number | null) => (value === null ? '' : value.toFixed(3));
  const width = Math.max(...rows.map((row) => row.name.length), ...PUBLISHED.map((row) => row.name.length));
  console.log(`${'extractor'.padEnd(width)}  F1     P      R      exact`);
  for (const { name, score } of rows) console.log(`${name.padEnd(width)}  ${format(score.f1)}  ${format(score.precision)}  ${format(score.recall)}  ${format(score.accuracy)}`);
  for (const row of PUBLISHED) console.log(`${row.name.padEnd(width)}  ${format(row.f1)}  ${format(row.precision)}  ${format(row.recall)}`);
  console.log(`\n${report.pages} pages · time per page p50 ${report.timePerPageMs.p50.toFixed(1)} ms, p99 ${report.timePerPageMs.p99.toFixed(1)} ms, max ${report.timePerPageMs.max.toFixed(1)} ms · peak memory ${report.peakMemoryMB.toFixed(0)} MB`);
  console.log(`byline on ${report.bylines}, publication date on ${report.dates} of ${report.pages} pages`);
  for (const failure of report.failures) console.log(`failed: ${failure.id.slice(0, 12)} ${failure.error}`);
});

/** Reads the benchmark and extracts every page, timing decode + extraction (not the file read or gunzip). */
function loadAndExtract(dir: string, model: BoilerplateModel): Page[] {
  const truthFile = join(dir, 'ground-truth.json');
  if (!existsSync(truthFile)) throw new CommandError(`no ground-truth.json in ${dir} (give the benchmark's folder with --dir)`);
  const parsed = GroundTruth.safeParse(JSON.parse(readFileSync(truthFile, 'utf8')));
  if (!parsed.success) throw new CommandError(`${truthFile} is not a map of id → {url, articleBody}`);
  const available = new Set(readdirSync(join(dir, 'html')));
  const pages: Page[] = [];
  for (const id of Object.keys(parsed.data).sort()) {
    const file = `${id}.html.gz`;
    if (!available.has(file)) throw new CommandError(`missing ${join(dir, 'html', file)}`);
    const bytes = gunzipSync(readFileSync(join(dir, 'html', file)));
    const { url, articleBody } = parsed.data[id]!;
    const started = performance.now();
    let candidate: ArticleCandidate | null = null;
    let article: ExtractedArticle | null = null;
    let error: string | null = null;
    try {
      candidate = extractCandidate(decodeHtml(bytes), { source: id, url });
      article = finishArticle(candidate, withoutBoilerplate(model, candidate.paragraphs));
    } catch (failure) {
      error = (failure as Error).message;
    }
    const milliseconds = performance.now() - started;
    const examples = candidate ? labelParagraphs(articleBody, candidate.paragraphs) : [];
    pages.push({ id, truth: articleBody, candidate, examples, article, error, milliseconds });
  }
  return pages;
}

/** A page's paragraphs after `keep`, or none when the page yields no article. */
function finished(page: Page, keep: (paragraphs: WalkedParagraph[]) => WalkedParagraph[]): { text: string; role: SourceRole }[] {
  if (!page.candidate) return [];
  try {
    return finishArticle(page.candidate, keep(page.candidate.paragraphs)).paragraphs;
  } catch {
    return [];
  }
}

/** Each page scored with a filter fitted on the other folds' pages only. */
function crossValidated(pages: Page[], folds: number): PageScore[] {
  const scores: PageScore[] = new Array(pages.length);
  for (let fold = 0; fold < folds; fold++) {
    const model = fitBoilerplateModel(pages.filter((_, i) => foldOf(i, folds) !== fold).flatMap((page) => page.examples));
    pages.forEach((page, i) => {
      if (foldOf(i, folds) !== fold) return;
      const paragraphs = finished(page, (candidates) => withoutBoilerplate(model, candidates));
      scores[i] = scorePage(page.truth, paragraphs.map((paragraph) => paragraph.text).join('\n'));
    });
  }
  return scores;
}
