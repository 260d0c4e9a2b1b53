import { writeFileSync } from 'node:fs';
import { loadQuestionSet, VISIBLE_SETS } from '../answering/tuning/evaluation.ts';
import { MODEL_FILE } from '../answering/ranking/model.ts';
import { buildExamples, fitModel } from '../answering/tuning/training.ts';
import { evalCollection, openSearcher } from '../app/open.ts';
import { loadConfig } from '../config/config.ts';
import { consoleLogger } from '../logger.ts';
import { runMain } from './run.ts';

/**
 * `npm run train`: fits the ranker, the verdict and their thresholds on the visible question
 * sets (never the frozen split) and writes models/answering/model.json, which the engine ships with.
 */
runMain(async () => {
  const { engine: config } = loadConfig();
  const searcher = await openSearcher(config, { log: consoleLogger, also: [evalCollection(config)] });
  const examples = await buildExamples(searcher, VISIBLE_SETS.flatMap((name) => loadQuestionSet(name)));
  const model = fitModel(examples, `${VISIBLE_SETS.join(', ')} (${examples.length} questions), model ${searcher.modelName ?? 'none'}`);
  const rounded = JSON.parse(JSON.stringify(model, (_key, value: unknown) => (typeof value === 'number' ? Number(value.toPrecision(6)) : value)));
  writeFileSync(MODEL_FILE, `${JSON.stringify(rounded, null, 2)}\n`);
  console.log(`Wrote ${MODEL_FILE}: ranker over ${model.ranker.features.length} features, verdict over ${model.verdict.features.length}, refusal below ${model.refuseBelow.toFixed(3)}.`);
});
