/**
 * The bot's indexing worker: runs the library's slow tasks (see tasks.ts) one at a time, off the
 * thread that answers questions. Its embedding model is loaded once and kept between tasks.
 */
import { parentPort } from 'node:worker_threads';
import type { Logger } from '../logger.ts';
import { SourceError } from '../sources/article.ts';
import { runTask, type TaskMessage } from './tasks.ts';

const port = parentPort;
if (!port) throw new Error('index-worker.ts runs as a worker thread');

port.on('message', (message: TaskMessage) => {
  const notes: string[] = [];
  const log: Logger = { info: (text) => notes.push(text), warn: (text) => notes.push(`warning: ${text}`) };
  runTask(message.task, log).then(
    (value) => port.postMessage({ id: message.id, ok: true, value, notes }),
    (error: unknown) => port.postMessage({ id: message.id, ok: false, message: (error as Error).message ?? String(error), source: error instanceof SourceError, notes }),
  );
});
