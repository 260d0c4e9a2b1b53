import { describe, expect, it } from 'vitest';
import { Cooldown, ThrottleError, WorkQueue } from '../../src/discord/throttle.ts';

describe('Cooldown', () => {
  /** At each time, a user asks: the wait they get; a question goes ahead (and starts the clock) when the wait is 0. */
  const ask = (cooldown: Cooldown, user = 'u') => {
    const wait = cooldown.remaining(user);
    if (wait === 0) cooldown.start(user);
    return wait;
  };

  it.each([
    ['first question goes ahead', [0], [0]],
    ['a second one too soon waits the rest', [0, 1000], [0, 4]],
    ['after the cooldown it goes ahead again', [0, 5000], [0, 0]],
    ['waiting does not restart the clock', [0, 1000, 4500], [0, 4, 1]],
  ])('%s', (_name, times, waits) => {
    let now = 0;
    const cooldown = new Cooldown(5, () => now);
    expect(times.map((t) => ((now = t), ask(cooldown)))).toEqual(waits);
  });

  it('keeps users apart, and 0 s means no cooldown', () => {
    const cooldown = new Cooldown(5, () => 0);
    expect([ask(cooldown, 'a'), ask(cooldown, 'b'), ask(cooldown, 'a')]).toEqual([0, 0, 5]);
    const none = new Cooldown(0);
    expect([ask(none, 'a'), ask(none, 'a')]).toEqual([0, 0]);
  });

  it('starts the clock only for a question that was taken', () => {
    const cooldown = new Cooldown(5, () => 0);
    expect(cooldown.remaining('a')).toBe(0);
    // Refused elsewhere (a full queue, say): no start, so the next try is not held back.
    expect(cooldown.remaining('a')).toBe(0);
  });

  it('says a public refusal once per cooldown', () => {
    let now = 0;
    const cooldown = new Cooldown(5, () => now);
    cooldown.start('a');
    expect([cooldown.firstRefusal('a'), cooldown.firstRefusal('a'), cooldown.firstRefusal('b')]).toEqual([true, false, false]);
    now = 6000;
    expect(cooldown.remaining('a')).toBe(0);
    cooldown.start('a');
    expect(cooldown.firstRefusal('a')).toBe(true);
  });
});

describe('WorkQueue', () => {
  it('runs work one at a time in arrival order', async () => {
    const queue = new WorkQueue();
    const order: string[] = [];
    const job = (name: string, ms: number) => queue.run(async () => {
      order.push(`start ${name}`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      order.push(`end ${name}`);
      return name;
    });
    expect(await Promise.all([job('a', 20), job('b', 1), job('c', 5)])).toEqual(['a', 'b', 'c']);
    expect(order).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('takes work while the expected wait fits, refuses beyond it saying when to come back, and goes on after a failure', async () => {
    let now = 0;
    // Jobs are expected to take 100 ms; at most 250 ms of waiting.
    const queue = new WorkQueue(250, 100, () => now);
    const first = queue.run(async () => {
      throw new Error('boom');
    });
    const taken = [queue.run(async () => 'ok'), queue.run(async () => 'ok')];
    expect(queue.expectedWaitMs()).toBe(300);
    expect(() => queue.run(async () => 'too many')).toThrow(ThrottleError);
    expect(() => queue.run(async () => 'too many')).toThrow(/please ask again in about 1 s/);
    await expect(first).rejects.toThrow('boom');
    await expect(Promise.all(taken)).resolves.toEqual(['ok', 'ok']);
    await expect(queue.run(async () => 'again')).resolves.toBe('again');
  });

  it('measures how long jobs take, so a fast queue takes many more', async () => {
    let now = 0;
    const queue = new WorkQueue(1000, 500, () => now);
    for (let i = 0; i < 30; i++) {
      await queue.run(async () => {
        now += 5;
      });
    }
    // After thirty 5 ms jobs the estimate is near 5 ms: 200 questions at once fit in a second.
    expect(queue.expectedWaitMs()).toBe(0);
    const many = Array.from({ length: 150 }, () => queue.run(async () => (now += 5)));
    expect(queue.size).toBe(150);
    await Promise.all(many);
  });
});
