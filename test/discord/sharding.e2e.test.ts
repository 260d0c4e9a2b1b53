import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from './fake-discord.ts';
import { spawnBot } from './processes.ts';

describe('npm start with SHARDS=2', () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await FakeDiscord.start();
  });
  afterAll(() => fake.close());

  it('runs one process per shard; the guild’s shard answers, once; a signal stops them all', async () => {
    const { child: manager, output, exited } = spawnBot('npm', ['start'], fake, { SHARDS: '2', LOG_LEVEL: 'warn' });
    let interaction: ReturnType<FakeDiscord['slashCommand']> | undefined;
    try {
      await fake.until(() => fake.identifies === 2, 40_000, 'two shards to identify');
      interaction = fake.slashCommand('ask', { question: 'Who is the president of Ecuador?' });
      const reply = await fake.response(interaction);
      expect(reply.content).toContain('Lenin Moreno');
    } finally {
      manager.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    // Every shard has stopped: nothing more can arrive. The guild's shard answered; no other shard tried to.
    expect(interaction!.callbacks).toHaveLength(1);
    expect(fake.requests.filter((r) => r.status >= 400)).toEqual([]);
    expect(output()).not.toMatch(/"level":(50|60)/);
  }, 60_000);
});
