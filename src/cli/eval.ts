import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  FROZEN_SET,
  loadQuestionSet,
  mergeReports,
  parseQuestions,
  REPORT_HEADER,
  reportRow,
  scoreAnswers,
  table,
  VISIBLE_SETS,
  type EvalReport,
} from '../answering/tuning/evaluation.ts';
import { buildExamples, crossValidate, FEATURE_GROUPS, fitModel, withoutFeatures, type Example } from '../answering/tuning/training.ts';
import type { Searcher } from '../answering/engine.ts';
import { openSearcher } from '../app/open.ts';
import { loadConfig } from '../config/config.ts';
import { consoleLogger } from '../logger.ts';
import { runMain, UsageError } from './run.ts';

const USAGE = `usage: npm run eval -- [--file questions.jsonl] [--lexical] [--folds K] [--misses] [--visible-only] [--ablation] [--json]
  (no --file)  every question set: ${VISIBLE_SETS.join(', ')} cross-validated (K folds, default 5), and the frozen split
               answered by a model fitted on all the others (never tuned against)
  --file       JSONL lines {id, question, gold: [substrings], outOfScope?}, answered by the shipped model
  --lexical    no embedding model: lexical search only
  --misses     list each question missed, and why
  --visible-only  leave the frozen split out (while tuning: it must not steer any choice)
  --ablation   all visible questions cross-validated with each group of features left out in turn`;

/** `npm run eval`: Hit@1, Hit@3, highlight@1, MRR and refusals, cross-validated per question set, and on the frozen split. */
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
        json: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  const folds = Number(values.folds);
  if (!Number.isInteger(folds) || folds < 2 || folds > 20) throw new UsageError(`--folds must be a whole number from 2 to 20\n${USAGE}`);
  const { engine: config } = loadConfig();
  const engine = await openSearcher(config, { log: consoleLogger, lexicalOnly: values.lexical });
  const reports: { name: string; report: EvalReport }[] = [];

  if (values.file) {
    let text: string;
    try {
      text = readFileSync(values.file, 'utf8');
    } catch {
      throw new UsageError(`cannot read ${values.file}`);
    }
    const questions = parseQuestions(text, values.file);
    const judged = [];
    for (const question of questions) judged.push({ question, answer: await engine.answer(question.question, 3) });
    reports.push({ name: values.file, report: scoreAnswers(judged) });
  } else if (values.ablation) {
    const visible = await buildExamples(engine, VISIBLE_SETS.flatMap((name) => loadQuestionSet(name)));
    reports.push({ name: 'all features', report: crossValidated(engine, visible, folds) });
    for (const [group, names] of Object.entries(FEATURE_GROUPS)) reports.push({ name: `without ${group}`, report: crossValidated(engine, withoutFeatures(visible, names), folds) });
  } else {
    const visible = await buildExamples(engine, VISIBLE_SETS.flatMap((name) => loadQuestionSet(name)));
    const answers = crossValidate(engine, visible, folds);
    const judged = visible.map((example, i) => ({ question: example.question, answer: answers[i]! }));
    for (const name of VISIBLE_SETS) reports.push({ name: `${name} (${folds}-fold CV)`, report: scoreAnswers(judged.filter((j) => j.question.set === name)) });
    reports.push({ name: `all visible (${folds}-fold CV)`, report: mergeReports(reports.map((r) => r.report)) });
    if (!values['visible-only']) {
      const model = fitModel(visible, VISIBLE_SETS.join(', '));
      const frozen = await buildExamples(engine, loadQuestionSet(FROZEN_SET));
      reports.push({ name: 'frozen (model fitted on all visible)', report: scoreAnswers(frozen.map((example) => ({ question: example.question, answer: engine.decide(example.analysis, 3, model) }))) });
    }
  }

  if (values.json) {
    console.log(JSON.stringify({ mode: engine.mode, model: engine.modelName, reports }));
    return;
  }
  console.log(`${engine.mode} (${engine.modelName ?? 'no embedding model'})`);
  console.log(table(REPORT_HEADER, reports.map(({ name, report }) => reportRow(name, report))));
  if (values.misses) {
    for (const { name, report } of reports) {
      if (report.misses.length === 0 || name.startsWith('all visible')) continue;
      console.log(`\n${name}:`);
      for (const miss of report.misses) console.log(`  ${miss.id} ${miss.question} → ${miss.problem}`);
    }
  }
});

/** The examples' cross-validated answers, scored as one set. */
function crossValidated(engine: Searcher, examples: Example[], folds: number): EvalReport {
  const answers = crossValidate(engine, examples, folds);
  return scoreAnswers(examples.map((example, i) => ({ question: example.question, answer: answers[i]! })));
}
