/** Per-user cooldown: one question per user every `seconds`. Memory holds only users still cooling down. */
export class Cooldown {
  private readonly lastAsked = new Map<string, number>();

  constructor(
    private readonly seconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds the user must still wait (0: go ahead, and the clock starts now). */
  take(userId: string): number {
    if (this.seconds === 0) return 0;
    const now = this.now();
    for (const [user, at] of this.lastAsked) {
      if (now - at < this.seconds * 1000) break; // insertion order: the rest are newer
      this.lastAsked.delete(user);
    }
    const last = this.lastAsked.get(userId);
    if (last !== undefined) return Math.ceil((this.seconds * 1000 - (now - last)) / 1000);
    this.lastAsked.set(userId, now);
    return 0;
  }
}

export class QueueFullError extends Error {
  constructor() {
    super('Too many questions are waiting right now; please ask again in a moment.');
  }
}

/**
 * Answers one question at a time, in arrival order (answering is CPU-bound: running several at
 * once only slows each), with at most `capacity` waiting; beyond that, new work is refused.
 */
export class WorkQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.waiting;
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    if (this.waiting >= this.capacity) return Promise.reject(new QueueFullError());
    this.waiting++;
    // Yield to the event loop between jobs, so that finished answers are sent before the next one starts.
    const result = this.tail
      .then(() => new Promise((resolve) => setImmediate(resolve)))
      .then(work)
      .finally(() => this.waiting--);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves when everything queued so far is done. */
  async drain(): Promise<void> {
    await this.tail;
  }
}
