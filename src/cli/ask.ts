import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isAnswered, type Answer } from '../answering/answer.ts';
import { ARTICLE_LACKS } from '../answering/whole-article.ts';
import type { Searcher } from '../answering/engine.ts';
import { readQuestionLines, type QuestionLine } from '../answering/tuning/evaluation.ts';
import { openSearcher } from '../app/open.ts';
import { loadConfig } from '../config/config.ts';
import { consoleLogger } from '../logger.ts';
import { progressBar } from './progress.ts';
import { runMain, UsageError } from './run.ts';

const USAGE = `usage: npm run ask -- "question" [--top N] [--json]
       npm run ask -- --file questions.jsonl [--top N]   (one JSON answer per line)`;

/** The machine-readable answer: stable field names for scripts. */
function answerJson(answer: Answer, engine: Searcher) {
  return {
    question: answer.question,
    answered: isAnswered(answer),
    status: answer.status,
    confidence: Number(answer.confidence.toFixed(4)),
    answering: answer.answering,
    cleanedQuestion: answer.cleanedQuestion,
    extracts: answer.extracts.map((extract) => ({
      article: extract.articleId,
      articleTitle: extract.articleTitle,
      paragraph: extract.paragraph,
      text: extract.text,
      highlight: extract.highlight,
      start: extract.start,
      end: extract.end,
      score: Number(extract.score.toFixed(4)),
      coverage: Number(extract.coverage.toFixed(4)),
    })),
    suggestions: answer.suggestions,
    ...(answer.about ? { about: answer.about } : {}),
    mode: answer.mode,
    model: engine.modelName,
    timings: Object.fromEntries(Object.entries(answer.timings).map(([name, ms]) => [name, Number(ms.toFixed(2))])),
  };
}

function highlighted(text: string, highlight: { start: number; end: number }, color: boolean): string {
  const [open, close] = color ? ['\u001b[1;4m', '\u001b[0m'] : ['**', '**'];
  return `${text.slice(0, highlight.start)}${open}${text.slice(highlight.start, highlight.end)}${close}${text.slice(highlight.end)}`;
}

/** What a question about an article as a whole found: its metadata, or what the article does not say. */
function aboutText(about: NonNullable<Answer['about']>, found: boolean): string {
  const title = `“${about.title}”`;
  if (!found) return `${title} does not say ${ARTICLE_LACKS[about.kind]}.`;
  if (about.kind === 'summary') return `${title}, in its own words:`;
  const details = [about.byline && `By ${about.byline}`, about.published && `published ${about.published}`, about.siteName ?? about.url].filter(Boolean);
  return details.length > 0 ? `${title} · ${details.join(' · ')}` : title;
}

/** The answer for a person at a terminal: numbered quotes, where they stand, the best sentence marked. */
function answerText(answer: Answer, color: boolean): string {
  const lines: string[] = [];
  if (answer.status === 'empty' || answer.status === 'small-talk') return 'Please ask a question about the articles, in words.';
  if (answer.about) lines.push(aboutText(answer.about, answer.status === 'answered'));
  for (const { word, suggestion } of answer.suggestions) lines.push(`Did you mean “${suggestion}” (for “${word}”)?`);
  if (answer.status === 'hedged') lines.push('The closest passages; they may not answer this exactly:');
  if (answer.status === 'not-covered') {
    lines.push('The article does not seem to cover this question.');
    if (answer.extracts.length > 0) lines.push('Closest passages (not an answer):');
  }
  answer.extracts.forEach((extract, i) => {
    lines.push('', `${i + 1}. ${extract.articleTitle}, ¶ ${extract.paragraph} · score ${extract.score.toFixed(2)}`);
    lines.push(`   ${highlighted(extract.text, extract.highlight, color).replace(/\n/g, '\n   ')}`);
  });
  return lines.join('\n');
}

/** The lines of a question file (see readQuestionLines); a file that cannot be read is a usage error. */
function questionFile(file: string): QuestionLine[] {
  try {
    return readQuestionLines(readFileSync(file, 'utf8'));
  } catch {
    throw new UsageError(`cannot read ${file}`);
  }
}

/** `npm run ask`: answers from the terminal, no Discord needed. */
runMain(async () => {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { top: { type: 'string', default: '3' }, json: { type: 'boolean', default: false }, file: { type: 'string' } },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  const top = Number(values.top);
  if (!Number.isInteger(top) || top < 1 || top > 10) throw new UsageError(`--top must be a whole number from 1 to 10\n${USAGE}`);
  if (!values.file && positionals.length === 0) throw new UsageError(USAGE);
  const questions: QuestionLine[] = values.file ? questionFile(values.file) : [{ line: 0, value: { question: positionals.join(' ') } }];

  const { engine: config } = loadConfig();
  const engine = await openSearcher(config, { log: consoleLogger, onProgress: progressBar('Indexing', 'chunks') });
  for (const { line, value, error } of questions) {
    if (!value) {
      console.log(JSON.stringify({ line, error }));
      continue;
    }
    const answer = await engine.answer(value.question, top);
    if (values.file || values.json) console.log(JSON.stringify(answerJson(answer, engine)));
    else console.log(answerText(answer, process.stdout.isTTY === true));
  }
});
