import { writeFileSync } from 'node:fs';
import { loadQuestionSet, VISIBLE_SETS } from '../answering/tuning/evaluation.ts';
import { MODEL_FILE, PORTABLE_MODEL_FILE } from '../answering/ranking/model.ts';
import { buildExamples, fitModel, fitPortableModel } from '../answering/tuning/training.ts';
import { evalCollection, openSearcher } from '../app/open.ts';
import { loadConfig } from '../config/config.ts';
import { consoleLogger } from '../logger.ts';
import { runMain } from './run.ts';

/**
 * `npm run train`: fits the ranker, the verdict and their thresholds on the visible question
 * sets (never the frozen split), for the embedding model in use, into fitted/answering.json,
 * and the portable variant (without the model's raw similarities) into answering-portable.json: the engine
 * ships with both, and takes the portable one for an embedding model the other was not fitted on.
 */
runMain(async () => {
  const { engine: config } = loadConfig();
  const searcher = await openSearcher(config, { log: consoleLogger, also: [evalCollection(config)] });
  const examples = await buildExamples(searcher, VISIBLE_SETS.flatMap((name) => loadQuestionSet(name)));
  const trainedOn = `${VISIBLE_SETS.join(', ')} (${examples.length} questions)`;
  const write = (file: string, model: object) => {
    const rounded = JSON.parse(JSON.stringify(model, (_key, value: unknown) => (typeof value === 'number' ? Number(value.toPrecision(6)) : value)));
    writeFileSync(file, `${JSON.stringify(rounded, null, 2)}\n`);
  };
  const model = fitModel(examples, trainedOn);
  write(MODEL_FILE, { ...model, embeddingModel: searcher.modelName });
  write(PORTABLE_MODEL_FILE, { ...fitPortableModel(examples, trainedOn), embeddingModel: null });
  console.log(`Wrote ${MODEL_FILE} (fitted on ${searcher.modelName ?? 'no'} embeddings) and ${PORTABLE_MODEL_FILE}: ranker over ${model.ranker.features.length} features, verdict over ${model.verdict.features.length}, refusal below ${model.refuseBelow.toFixed(3)}.`);
});
