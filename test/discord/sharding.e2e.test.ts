import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/paths.ts';
import { temporaryFolder } from '../helpers.ts';
import { APPLICATION_ID, FakeDiscord, TOKEN } from './fake-discord.ts';

describe('npm start with SHARDS=2', () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await FakeDiscord.start();
  });
  afterAll(() => fake.close());

  it('runs one process per shard; the guild’s shard answers, once; a signal stops them all', async () => {
    const manager = spawn(join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'), [join(PROJECT_ROOT, 'src', 'discord', 'main.ts')], {
      cwd: PROJECT_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        SHARDS: '2',
        DISCORD_TOKEN: TOKEN,
        DISCORD_CLIENT_ID: APPLICATION_ID,
        DISCORD_API_URL: fake.apiUrl,
        INDEX_DIR: temporaryFolder(),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    manager.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    manager.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => manager.on('exit', resolve));
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
    expect(output).not.toMatch(/"level":(50|60)/);
  }, 60_000);
});
