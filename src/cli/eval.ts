import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Answer } from '../answering/answer.ts';
import {
  ARTICLE_SETS,
  EVAL_ARTICLES_DIR,
  FROZEN_SETS,
  loadQuestionSet,
  mergeReports,
  parseQuestions,
  REPORT_HEADER,
  reportRow,
  scoreAnswers,
  SEED_SETS,
  table,
  VISIBLE_SETS,
  type EvalQuestion,
  type EvalReport,
} from '../answering/tuning/evaluation.ts';
import { buildExamples, crossValidate, FEATURE_GROUPS, fitModel, leaveOneArticleOut, withoutFeatures, type Example } from '../answering/tuning/training.ts';
import { evalCollection, openSearcher } from '../app/open.ts';
import { loadConfig } from '../config/config.ts';
import { consoleLogger } from '../logger.ts';
import { runMain, UsageError } from './run.ts';

const USAGE = `usage: npm run eval -- [--file questions.jsonl] [--lexical] [--folds K] [--misses] [--visible-only] [--ablation] [--articles DIR] [--json]
  (no --file)  every question set, over the seed article and the web articles of eval/articles (or --articles):
               leave-one-article-out (each article's questions answered by a model fitted on the other
               articles' questions), K-fold cross-validation by question (default 5), the seed article's
               sets with and without the other articles beside it, and the frozen sets, answered by a model
               fitted on all the visible ones (never tuned against)
  --file       JSONL lines {id, question, gold: [substrings], outOfScope?}, answered by the shipped model
               over the articles folder (ARTICLES_DIR) as the bot answers, with --articles DIR beside it if given
  --lexical    no embedding model: lexical search only
  --misses     list each question missed, and why
  --visible-only  leave the frozen sets out (while tuning: they must not steer any choice)
  --ablation   all visible questions, leave-one-article-out, with each group of features left out in turn`;

type Row = { name: string; report: EvalReport };

/** The answers' reports, one row per group of questions, then all of them together. */
function rowsBy(answers: { question: EvalQuestion; answer: Answer }[], groups: readonly string[], groupOf: (question: EvalQuestion) => string, label: string): Row[] {
  const rows = groups.map((group) => ({ name: `${group} (${label})`, report: scoreAnswers(answers.filter((judged) => groupOf(judged.question) === group)) }));
  return [...rows, { name: `all ${answers.length} (${label})`, report: mergeReports(rows.map((row) => row.report)) }];
}

/** `npm run eval`: Hit@1, Hit@3, highlight@1, MRR and refusals, cross-validated by article and by question, and on the frozen sets. */
runMain(async () => {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        file: { type: 'string' },
        lexical: { type: 'boolean', default: false },
        folds: { type: 'string', default: '5' },
        misses: { type: 'boolean', default: false },
        'visible-only': { type: 'boolean', default: false },
        ablation: { type: 'boolean', default: false },
        articles: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  const folds = Number(values.folds);
  if (!Number.isInteger(folds) || folds < 2 || folds > 20) throw new UsageError(`--folds must be a whole number from 2 to 20\n${USAGE}`);
  const { engine: config } = loadConfig();
  const options = { log: consoleLogger, lexicalOnly: values.lexical };
  // A file of questions asks about the articles folder, as the bot would be asked; the question sets, about eval/articles too.
  const evaluated = values.file !== undefined && values.articles === undefined ? [] : [evalCollection(config, values.articles ?? EVAL_ARTICLES_DIR)];
  const searcher = await openSearcher(config, { ...options, also: evaluated });
  const reports: Row[] = [];
  const judge = (examples: Example[], answers: Answer[]) => examples.map((example, i) => ({ question: example.question, answer: answers[i]! }));

  if (values.file) {
    let text: string;
    try {
      text = readFileSync(values.file, 'utf8');
    } catch {
      throw new UsageError(`cannot read ${values.file}`);
    }
    const questions = parseQuestions(text, values.file);
    const judged = [];
    for (const question of questions) judged.push({ question, answer: await searcher.answer(question.question, 3) });
    reports.push({ name: values.file, report: scoreAnswers(judged) });
  } else if (values.ablation) {
    const visible = await buildExamples(searcher, VISIBLE_SETS.flatMap((name) => loadQuestionSet(name)));
    const loao = (examples: Example[]) => scoreAnswers(judge(examples, leaveOneArticleOut(searcher, examples)));
    reports.push({ name: 'all features (leave one article out)', report: loao(visible) });
    for (const [group, names] of Object.entries(FEATURE_GROUPS)) reports.push({ name: `without ${group}`, report: loao(withoutFeatures(visible, names)) });
  } else {
    const visible = await buildExamples(searcher, VISIBLE_SETS.flatMap((name) => loadQuestionSet(name)));
    const articles = [...new Set(visible.map((example) => example.question.article))];
    reports.push(...rowsBy(judge(visible, leaveOneArticleOut(searcher, visible)), articles, (question) => question.article, 'leave one article out'));
    reports.push(...rowsBy(judge(visible, crossValidate(searcher, visible, folds)), VISIBLE_SETS, (question) => question.set, `${folds}-fold CV`));
    // The seed article's questions with the seed article alone in the corpus: other articles beside it must not cost it answers.
    const alone = await openSearcher(config, options);
    const seedAlone = await buildExamples(alone, SEED_SETS.flatMap((name) => loadQuestionSet(name)));
    const seedTraining = visible.filter((example) => !(ARTICLE_SETS as readonly string[]).includes(example.question.set));
    reports.push({ name: `seed article alone (${folds}-fold CV)`, report: scoreAnswers(judge(seedAlone, crossValidate(alone, seedAlone, folds))) });
    reports.push({ name: `seed article with the others (${folds}-fold CV)`, report: scoreAnswers(judge(seedTraining, crossValidate(searcher, seedTraining, folds))) });
    if (!values['visible-only']) {
      const model = fitModel(visible, VISIBLE_SETS.join(', '));
      for (const name of FROZEN_SETS) {
        const frozen = await buildExamples(searcher, loadQuestionSet(name));
        reports.push({ name: `frozen: ${name} (model fitted on all visible)`, report: scoreAnswers(frozen.map((example) => ({ question: example.question, answer: searcher.decide(example.analysis, 3, model) }))) });
      }
    }
  }

  if (values.json) {
    console.log(JSON.stringify({ mode: searcher.mode, model: searcher.modelName, reports }));
    return;
  }
  console.log(`${searcher.mode} (${searcher.modelName ?? 'no embedding model'}), ${searcher.articles.length} articles`);
  console.log(table(REPORT_HEADER, reports.map(({ name, report }) => reportRow(name, report))));
  if (values.misses) {
    for (const { name, report } of reports) {
      if (report.misses.length === 0 || name.startsWith('all ')) continue;
      console.log(`\n${name}:`);
      for (const miss of report.misses) console.log(`  ${miss.id} ${miss.question} → ${miss.problem}`);
    }
  }
});
