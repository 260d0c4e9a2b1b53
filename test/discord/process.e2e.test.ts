import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from './fake-discord.ts';
import { spawnBot } from './processes.ts';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm start as a container runs it', () => {
  let fake: FakeDiscord;
  let botPid: number | undefined;
  beforeAll(async () => {
    fake = await FakeDiscord.start();
  });
  afterAll(async () => {
    // A failed run must not leave a bot behind.
    if (botPid !== undefined && isRunning(botPid)) process.kill(botPid, 'SIGKILL');
    await fake.close();
  });

  it('stops gracefully on SIGTERM to the npm process alone, leaving no process behind', async () => {
    // What `CMD ["npm", "start"]` gets from `docker stop`: one SIGTERM, to npm's pid only.
    const { child: npm, output, exited } = spawnBot('npm', ['start'], fake, { LOG_LEVEL: 'info' });
    const ready = await fake.until(() => output().split('\n').find((line) => line.includes('"msg":"ready as')), 40_000, 'the ready line');
    botPid = (JSON.parse(ready) as { pid: number }).pid;
    expect(isRunning(botPid)).toBe(true);
    npm.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output()).toMatch(/"msg":"shutting down: finishing answers in hand"/);
    await fake.until(() => !isRunning(botPid!), 5000, 'the bot process to end');
  }, 60_000);
});
