import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_RETRIEVAL, openEngine } from '../answering/engine.ts';
import { evaluate, formatReport, parseQuestions } from '../answering/evaluation.ts';
import { loadConfig } from '../config/config.ts';
import { consoleLogger } from '../logger.ts';
import { PROJECT_ROOT } from '../paths.ts';
import { runMain, UsageError } from './run.ts';

const USAGE = `usage: npm run eval -- [--file questions.jsonl] [--lexical] [--dense-weight W] [--fusion rrf|weighted] [--json]
  --file          JSONL lines {id, question, gold: [substrings], outOfScope?} (default: the project's dev set)
  --lexical       no embedding model: lexical search only
  --dense-weight  0 = lexical ranking, 1 = dense ranking (default ${DEFAULT_RETRIEVAL.denseWeight})`;

/** `npm run eval`: Hit@1, Hit@3, MRR and abstentions of the answering engine on a question file. */
runMain(async () => {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        file: { type: 'string', default: join(PROJECT_ROOT, 'test', 'fixtures', 'questions.dev.jsonl') },
        lexical: { type: 'boolean', default: false },
        'dense-weight': { type: 'string' },
        fusion: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  const settings = { ...DEFAULT_RETRIEVAL };
  if (values['dense-weight'] !== undefined) {
    settings.denseWeight = Number(values['dense-weight']);
    if (!(settings.denseWeight >= 0 && settings.denseWeight <= 1)) throw new UsageError(`--dense-weight must be from 0 to 1\n${USAGE}`);
  }
  if (values.fusion !== undefined) {
    if (values.fusion !== 'rrf' && values.fusion !== 'weighted') throw new UsageError(`--fusion must be rrf or weighted\n${USAGE}`);
    settings.fusion = values.fusion;
  }
  let text: string;
  try {
    text = readFileSync(values.file, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${values.file}`);
  }
  const questions = parseQuestions(text, values.file);
  const { engine: config } = loadConfig();
  const engine = await openEngine(config, { log: consoleLogger, settings, lexicalOnly: values.lexical });
  const report = await evaluate(engine, questions);
  console.log(values.json ? JSON.stringify({ mode: engine.mode, model: engine.model, ...report }) : `${engine.mode} (${engine.model ?? 'no model'})\n${formatReport(report)}`);
});
