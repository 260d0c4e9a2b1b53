/**
 * The bot's side of the indexing worker: tasks are queued and run one at a time in a child
 * process, so that embedding and indexing a new article never hold up a question for long. A task
 * that runs past its time, or a worker that dies (out of memory on a hostile page, say), fails that
 * task alone; the next task gets a fresh worker. A process rather than a worker thread: a task is
 * stopped by killing its process, which cannot touch the bot's, whereas terminating a thread in
 * the middle of native work (the embedding model's inference, an HNSW build) can abort the whole
 * process ("free(): invalid pointer": 2 of 8 runs of the time-limit test's file did so).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
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

export type Reply = { id: number; ok: true; value: unknown; notes: string[] } | { id: number; ok: false; message: string; source: boolean; notes: string[] };

/**
 * Starts a worker process: the compiled worker beside the entry points (dist/library/index-worker.js),
 * or, when this runs from the TypeScript sources (tests), the source itself through tsx.
 */
function startWorker(): ChildProcess {
  const compiled = !import.meta.url.endsWith('.ts');
  const script = fileURLToPath(new URL(compiled ? '../library/index-worker.js' : './index-worker.ts', import.meta.url));
  return fork(script, [], {
    execArgv: [...(compiled ? [] : ['--import', 'tsx']), `--max-old-space-size=${WORKER_HEAP_MB}`],
    // Structured clone, as between threads: a page's bytes cross as bytes.
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** Why a worker process ended, in words. */
function exitReason(code: number | null, signal: NodeJS.Signals | null): string {
  // V8 aborts a process that reaches its heap limit.
  if (signal === 'SIGABRT' || code === 134) return 'the article needed more memory than allowed';
  return `the indexing worker stopped (${signal ?? `exit code ${code}`})`;
}

export class Indexer {
  private worker: ChildProcess | undefined;
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
        worker.channel?.unref();
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
      const onError = (error: Error) => fail(error.message);
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => fail(exitReason(code, signal));
      const timer = setTimeout(() => fail(`it took longer than ${Math.round(timeoutMs / 1000)} s`), timeoutMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      // Only a worker at work keeps the bot's process alive.
      worker.ref();
      worker.channel?.ref();
      worker.send({ id, task } satisfies TaskMessage);
    });
  }

  /** The worker, started afresh when there is none or it is gone (killed from outside while idle, say). */
  private ensureWorker(): ChildProcess {
    if (!this.worker?.connected) this.worker = startWorker();
    return this.worker;
  }

  private discard(worker: ChildProcess): void {
    if (this.worker === worker) this.worker = undefined;
    worker.kill('SIGKILL');
  }

  /** Stops the worker; a task under way fails, and no task runs after. */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = undefined;
    if (!worker || worker.exitCode !== null || worker.signalCode !== null) return;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.kill('SIGKILL');
    await exited;
  }
}
