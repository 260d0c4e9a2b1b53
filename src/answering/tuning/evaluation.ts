import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { PROJECT_ROOT } from '../../paths.ts';
import { isAnswered, type Answer } from '../answer.ts';
import { fold } from '../analysis/text.ts';

export interface EvalQuestion {
  id: string;
  question: string;
  /** Substrings of the article that a right extract contains (case and quote style ignored). */
  gold: string[];
  outOfScope: boolean;
  /** The question file it came from ("dev", "discord", …). */
  set: string;
  /** The id of the article it asks about (its file name without extension). */
  article: string;
}

/** One line of a question file: the question, or why the line is unusable. */
export interface QuestionLine {
  line: number;
  value?: { id?: unknown; question: string; gold?: unknown; outOfScope?: unknown; article?: unknown };
  error?: string;
}

/** Reads a JSONL question file line by line (one JSON object with a "question" string each); blank lines are skipped. */
export function readQuestionLines(text: string): QuestionLine[] {
  return text
    .split(/\r?\n/)
    .map((raw, index) => ({ raw: raw.trim(), line: index + 1 }))
    .filter(({ raw }) => raw !== '')
    .map(({ raw, line }) => {
      try {
        const value = JSON.parse(raw) as { question?: unknown };
        return typeof value.question === 'string' ? { line, value: value as QuestionLine['value'] } : { line, error: 'no "question" string' };
      } catch {
        return { line, error: 'not valid JSON' };
      }
    });
}

/** The article the first question sets were written about (the seed article, in articles/). */
export const SEED_ARTICLE_ID = 'ecuador-assange';

/** Reads an evaluation question file; a bad line is an error naming its number. Lines without an article ask about the seed article. */
export function parseQuestions(text: string, file: string): EvalQuestion[] {
  const set = basename(file).replace(/^questions\./, '').replace(/\.jsonl$/, '');
  return readQuestionLines(text).map(({ line, value, error }) => {
    if (!value) throw new Error(`${file}:${line} ${error}`);
    return {
      id: String(value.id ?? line),
      question: value.question,
      gold: Array.isArray(value.gold) ? value.gold.map(String) : [],
      outOfScope: value.outOfScope === true,
      set,
      article: typeof value.article === 'string' ? value.article : SEED_ARTICLE_ID,
    };
  });
}

/** The question sets, read by `npm run eval`, `npm run train` and the tests alike (src/ never reads test/). */
export const QUESTIONS_DIR = join(PROJECT_ROOT, 'eval', 'questions');

/** The web articles of the evaluation corpus (eval/articles, stored by `npm run add`), each with its question set of the same name. */
export const EVAL_ARTICLES_DIR = join(PROJECT_ROOT, 'eval', 'articles');

/** The question sets tuning may look at: six on the seed article, then one per visible web article. */
export const SEED_SETS = ['dev', 'second', 'more', 'discord', 'own', 'issue'] as const;
export const ARTICLE_SETS = [
  'bbc-taylor-swift-amas',
  'nbcnews-hitler-birth-house',
  'gizmodo-feather-duvet-lung',
  'latimes-disney-plus-mayer',
  'detroitnews-indiana-teachers-rally',
  'smithsonian-china-plague',
  'healthline-binge-eating',
  'quanta-tuft-cells',
  'cbs-fort-worth-kidnapping',
  'therealdeal-wework-layoffs',
  'sciencealert-titan-map',
  'nypost-taliban-prisoner-swap',
  'pvmagazine-korea-solar-costs',
  'newsweek-cannabis-use-disorder',
  'physorg-hibernating-astronauts',
  'cnn-trump-walter-reed',
  'sportsnet-davis-cup-argentina',
  'latimes-gannett-gatehouse',
  'billboard-doobie-brothers-tour',
  'slashgear-vw-space-vizzion',
  'usatoday-epstein-guards',
  'msn-migrant-flu-shots',
  'livescience-universe-simulation',
  'givewell-evidence-action-grant',
] as const;
export const VISIBLE_SETS = [...SEED_SETS, ...ARTICLE_SETS] as const;
/**
 * Scored only, never fitted on or tuned against: a third of the `own` questions on the seed
 * article, and two whole web articles (chosen before any figure on them was seen).
 */
export const FROZEN_SETS = ['frozen', 'sky-mourinho-spurs', 'politifact-border-drugs'] as const;

export function loadQuestionSet(name: string): EvalQuestion[] {
  const file = join(QUESTIONS_DIR, `${name}.jsonl`);
  return parseQuestions(readFileSync(file, 'utf8'), file);
}

export function containsGold(text: string, gold: string[]): boolean {
  const folded = fold(text);
  return gold.some((g) => folded.includes(fold(g)));
}

export interface EvalMiss {
  id: string;
  question: string;
  problem: string;
}

export interface EvalReport {
  inScope: number;
  /** Answered (a hedged answer counts), with a gold span in the first extract: what the held-out run scores. */
  hitAt1: number;
  hitAt3: number;
  /** Answered, with the gold span inside the highlighted (bold) sentence of the first extract. */
  highlightAt1: number;
  mrr: number;
  /** In-scope questions refused ("not covered"). */
  wrongRefusals: number;
  outOfScope: number;
  /** Out-of-scope questions rightly refused. */
  refused: number;
  /** Out-of-scope questions answered with the "answered" verdict, not hedged: the confident wrong answers. */
  confidentlyAnswered: number;
  /** In-scope questions hedged ("may not answer exactly"): right or not, said with less confidence. */
  hedged: number;
  misses: EvalMiss[];
}

/** Scores answers against their questions' gold spans. */
export function scoreAnswers(judged: { question: EvalQuestion; answer: Answer }[]): EvalReport {
  const report: EvalReport = { inScope: 0, hitAt1: 0, hitAt3: 0, highlightAt1: 0, mrr: 0, wrongRefusals: 0, outOfScope: 0, refused: 0, confidentlyAnswered: 0, hedged: 0, misses: [] };
  for (const { question, answer } of judged) {
    const miss = (problem: string) => report.misses.push({ id: question.id, question: question.question, problem });
    const answered = isAnswered(answer);
    const first = answer.extracts[0];
    if (question.outOfScope) {
      report.outOfScope++;
      if (!answered) report.refused++;
      else miss(`answered (${answer.status}) with “${first?.text.slice(0, 80) ?? ''}…”`);
      if (answer.status === 'answered') report.confidentlyAnswered++;
      continue;
    }
    report.inScope++;
    if (answer.status === 'hedged') report.hedged++;
    const rank = answer.extracts.findIndex((extract) => containsGold(extract.text, question.gold));
    if (!answered) {
      report.wrongRefusals++;
      miss(`refused${rank === 0 ? ' (the first extract was right)' : ''}`);
      continue;
    }
    if (rank === 0) report.hitAt1++;
    if (rank >= 0 && rank < 3) report.hitAt3++;
    if (rank >= 0) report.mrr += 1 / (rank + 1);
    if (first && containsGold(first.text.slice(first.highlight.start, first.highlight.end), question.gold)) report.highlightAt1++;
    else if (rank === 0) miss('right extract, but the bold sentence is another');
    if (rank !== 0) miss(rank < 0 ? `gold not in the extracts; first: “${first?.text.slice(0, 80) ?? ''}…”` : `gold at rank ${rank + 1}`);
  }
  report.mrr = report.inScope > 0 ? report.mrr / report.inScope : 0;
  return report;
}

/** Sums reports (MRR weighted by in-scope questions). */
export function mergeReports(reports: EvalReport[]): EvalReport {
  const merged = scoreAnswers([]);
  for (const report of reports) {
    merged.mrr += report.mrr * report.inScope;
    for (const key of ['inScope', 'hitAt1', 'hitAt3', 'highlightAt1', 'wrongRefusals', 'outOfScope', 'refused', 'confidentlyAnswered', 'hedged'] as const) merged[key] += report[key];
    merged.misses.push(...report.misses);
  }
  merged.mrr = merged.inScope > 0 ? merged.mrr / merged.inScope : 0;
  return merged;
}

const percent = (part: number, whole: number) => (whole > 0 ? `${((100 * part) / whole).toFixed(0)}%` : '–');

/** One table row: Hit@1, Hit@3, highlight@1, MRR, wrong refusals, out-of-scope answered. */
export function reportRow(name: string, report: EvalReport): string[] {
  const { inScope, outOfScope } = report;
  return [
    name,
    `${report.hitAt1}/${inScope} (${percent(report.hitAt1, inScope)})`,
    `${report.hitAt3}/${inScope} (${percent(report.hitAt3, inScope)})`,
    `${report.highlightAt1}/${inScope} (${percent(report.highlightAt1, inScope)})`,
    report.mrr.toFixed(3),
    `${report.wrongRefusals}/${inScope} (${percent(report.wrongRefusals, inScope)})`,
    `${outOfScope - report.refused}/${outOfScope} (${percent(outOfScope - report.refused, outOfScope)})`,
    `${report.confidentlyAnswered}/${outOfScope} (${percent(report.confidentlyAnswered, outOfScope)})`,
    `${report.hedged}/${inScope} (${percent(report.hedged, inScope)})`,
  ];
}

export const REPORT_HEADER = ['set', 'Hit@1', 'Hit@3', 'highlight@1', 'MRR', 'wrong refusals', 'out of scope answered', 'of which not hedged', 'in scope hedged'];

/** A plain-text table. */
export function table(header: string[], rows: string[][]): string {
  const cells = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...cells.map((row) => (row[c] ?? '').length)));
  const line = (row: string[]) => `| ${row.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
