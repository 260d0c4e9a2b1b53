import { describe, expect, it } from 'vitest';
import { Cooldown, QueueFullError, WorkQueue } from '../../src/discord/throttle.ts';

describe('Cooldown', () => {
  it.each([
    ['first question goes ahead', [0], [0]],
    ['a second one too soon waits the rest', [0, 1000], [0, 4]],
    ['after the cooldown it goes ahead again', [0, 5000], [0, 0]],
    ['waiting does not restart the clock', [0, 1000, 4500], [0, 4, 1]],
  ])('%s', (_name, times, waits) => {
    let now = 0;
    const cooldown = new Cooldown(5, () => now);
    expect(times.map((t) => ((now = t), cooldown.take('u')))).toEqual(waits);
  });

  it('keeps users apart, and 0 s means no cooldown', () => {
    const cooldown = new Cooldown(5, () => 0);
    expect([cooldown.take('a'), cooldown.take('b'), cooldown.take('a')]).toEqual([0, 0, 5]);
    const none = new Cooldown(0);
    expect([none.take('a'), none.take('a')]).toEqual([0, 0]);
  });
});

describe('WorkQueue', () => {
  it('runs work one at a time in arrival order', async () => {
    const queue = new WorkQueue(10);
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

  it('refuses work beyond its capacity and goes on after a failure', async () => {
    const queue = new WorkQueue(2);
    const first = queue.run(async () => {
      throw new Error('boom');
    });
    const second = queue.run(async () => 'ok');
    await expect(queue.run(async () => 'too many')).rejects.toBeInstanceOf(QueueFullError);
    await expect(first).rejects.toThrow('boom');
    await expect(second).resolves.toBe('ok');
    await expect(queue.run(async () => 'again')).resolves.toBe('again');
  });
});
