/**
 * The main thread's side of the indexing worker: tasks are queued and run one at a time in a
 * worker thread, so that embedding and indexing a new article never hold up a question for long.
 * A task that runs past its time, or a worker that dies (out of memory on a hostile page, say),
 * fails that task alone; the next task gets a fresh worker.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../logger.ts';
import type { Task, TaskMessage, TaskResult } from './tasks.ts';

/** A worker's heap: a hostile article can exhaust it without touching the bot's own. */
const WORKER_HEAP_MB = 1536;

/** A task that failed; `source` when the input was the problem (what to tell the user), not the machine. */
export class TaskError extends Error {
  constructor(
    message: string,
    readonly source = false,
  ) {
    super(message);
  }
}

type Reply = { id: number; ok: true; value: unknown; notes: string[] } | { id: number; ok: false; message: string; source: boolean; notes: string[] };

/**
 * The worker's code: compiled beside the entry points (dist/library/index-worker.js), or, when
 * this runs from the TypeScript sources (tests), the source itself behind tsx's loader, which a
 * worker must register for itself.
 */
function workerScript(): URL {
  if (!import.meta.url.endsWith('.ts')) return new URL('../library/index-worker.js', import.meta.url);
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const source = new URL('./index-worker.ts', import.meta.url).href;
  return new URL(`data:text/javascript,${encodeURIComponent(`import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(source)});`)}`);
}

export class Indexer {
  private worker: Worker | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private closed = false;

  constructor(private readonly log: Logger) {}

  /** Runs a task after those queued before it; rejects with a TaskError naming what went wrong. */
  run<T extends Task>(task: T, timeoutMs: number): Promise<TaskResult<T>> {
    const result = this.queue.then(() => this.runNow(task, timeoutMs));
    this.queue = result.catch(() => undefined);
    return result as Promise<TaskResult<T>>;
  }

  private runNow(task: Task, timeoutMs: number): Promise<unknown> {
    if (this.closed) return Promise.reject(new TaskError('the indexer is closed'));
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const settle = () => {
        clearTimeout(timer);
        worker.unref();
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const fail = (message: string) => {
        settle();
        this.discard(worker);
        reject(new TaskError(message));
      };
      const onMessage = (reply: Reply) => {
        if (reply.id !== id) return;
        settle();
        for (const note of reply.notes) (note.startsWith('warning: ') ? this.log.warn(note.slice(9)) : this.log.info(note));
        if (reply.ok) resolve(reply.value);
        else reject(new TaskError(reply.message, reply.source));
      };
      const onError = (error: Error) => fail((error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'the article needed more memory than allowed' : error.message);
      const onExit = (code: number) => fail(`the indexing worker stopped (exit code ${code})`);
      const timer = setTimeout(() => fail(`it took longer than ${Math.round(timeoutMs / 1000)} s`), timeoutMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      // Only a worker at work keeps the process alive.
      worker.ref();
      worker.postMessage({ id, task } satisfies TaskMessage);
    });
  }

  private ensureWorker(): Worker {
    if (!this.worker) {
      this.worker = new Worker(workerScript(), { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    }
    return this.worker;
  }

  private discard(worker: Worker): void {
    if (this.worker === worker) this.worker = undefined;
    void worker.terminate();
  }

  /** Stops the worker; a task under way fails, and no task runs after. */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }
}
