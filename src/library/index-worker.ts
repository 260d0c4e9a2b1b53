/**
 * The bot's indexing worker: a child process (see indexer.ts) that runs the library's slow tasks
 * (see tasks.ts) one at a time, off the process that answers questions. Its embedding model is
 * loaded once and kept between tasks.
 */
import type { Logger } from '../logger.ts';
import { SourceError } from '../sources/article.ts';
import type { Reply } from './indexer.ts';
import { runTask, type TaskMessage } from './tasks.ts';

if (!process.send) throw new Error('index-worker runs as a child process with an IPC channel (see indexer.ts)');
const send = (reply: Reply) => process.send!(reply);

process.on('message', (message: TaskMessage) => {
  const notes: string[] = [];
  const log: Logger = { info: (text) => notes.push(text), warn: (text) => notes.push(`warning: ${text}`) };
  runTask(message.task, log).then(
    (value) => send({ id: message.id, ok: true, value, notes }),
    (error: unknown) => send({ id: message.id, ok: false, message: (error as Error).message ?? String(error), source: error instanceof SourceError, notes }),
  );
});
// The bot gone (its IPC channel closed), nothing is left to do.
process.on('disconnect', () => process.exit(0));
