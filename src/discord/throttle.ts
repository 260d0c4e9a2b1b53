/** Refusals the asker can act on: their text is shown as it is. */
export class ThrottleError extends Error {}

/** One question per user every `seconds`; the clock starts only for a question that was taken. */
export class Cooldown {
  /** When each user last had a question taken, and whether they were already told to wait. */
  private readonly lastAsked = new Map<string, { at: number; told: boolean }>();

  constructor(
    private readonly seconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds the user must still wait; 0 means go ahead. */
  remaining(userId: string): number {
    if (this.seconds === 0) return 0;
    const now = this.now();
    // Insertion order: once one entry is recent, the rest are too. Memory holds only users still cooling down.
    for (const [user, { at }] of this.lastAsked) {
      if (now - at < this.seconds * 1000) break;
      this.lastAsked.delete(user);
    }
    const last = this.lastAsked.get(userId);
    return last === undefined ? 0 : Math.ceil((this.seconds * 1000 - (now - last.at)) / 1000);
  }

  /** Starts the user's clock: their question was taken. */
  start(userId: string): void {
    if (this.seconds === 0) return;
    this.lastAsked.delete(userId);
    this.lastAsked.set(userId, { at: this.now(), told: false });
  }

  /** True the first time in a cooldown that a user is refused: public refusals are said once, not once per message. */
  firstRefusal(userId: string): boolean {
    const last = this.lastAsked.get(userId);
    if (!last || last.told) return false;
    last.told = true;
    return true;
  }
}

export function cooldownMessage(seconds: number): string {
  return `Please wait ${seconds} s before asking again.`;
}

/** Never wait longer than Discord lets a deferred reply be edited (15 minutes), with a margin. */
export const MAX_WAIT_MS = 14 * 60 * 1000;

/** How much the newest answer time counts in the running estimate. */
const ESTIMATE_WEIGHT = 0.2;

/**
 * Answers one question at a time, in arrival order (answering is CPU-bound: running several at
 * once only slows each). A question is taken when its expected wait (questions ahead × the
 * measured answer time) fits within maxWaitMs; beyond that it is refused, saying when to try again.
 */
export class WorkQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;
  /** Running estimate of one job's duration, in ms. */
  private jobMs: number;

  constructor(
    private readonly maxWaitMs: number = MAX_WAIT_MS,
    initialJobMs = 50,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.jobMs = initialJobMs;
  }

  /** Jobs taken and not finished. */
  get size(): number {
    return this.waiting;
  }

  /** How long a job taken now would wait before it starts, in ms. */
  expectedWaitMs(): number {
    return this.waiting * this.jobMs;
  }

  /** Takes the work, or throws ThrottleError at once (before anything else happens) when the wait would be too long. */
  run<T>(work: () => Promise<T>): Promise<T> {
    const wait = this.expectedWaitMs();
    if (wait > this.maxWaitMs) {
      const seconds = Math.max(1, Math.ceil((wait - this.maxWaitMs) / 1000));
      throw new ThrottleError(`Too many questions are waiting right now; please ask again in about ${seconds} s.`);
    }
    this.waiting++;
    // Yield to the event loop between jobs, so that finished answers are sent before the next one starts.
    const result = this.tail
      .then(() => new Promise((resolve) => setImmediate(resolve)))
      .then(async () => {
        const started = this.now();
        try {
          return await work();
        } finally {
          this.jobMs = (1 - ESTIMATE_WEIGHT) * this.jobMs + ESTIMATE_WEIGHT * (this.now() - started);
        }
      })
      .finally(() => this.waiting--);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
