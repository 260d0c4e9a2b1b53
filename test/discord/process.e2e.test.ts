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

describe('npm start and node as process managers run them', () => {
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

  it('stops gracefully when SIGHUP ends npm (which does not pass it on), leaving no orphan (row 10)', async () => {
    // What a closing terminal or some supervisors send to npm's pid alone.
    const { child: npm, output, exited } = spawnBot('npm', ['start'], fake, { LOG_LEVEL: 'info' });
    const ready = await fake.until(() => output().split('\n').find((line) => line.includes('"msg":"ready as')), 40_000, 'the ready line');
    botPid = (JSON.parse(ready) as { pid: number }).pid;
    npm.kill('SIGHUP');
    await exited;
    await fake.until(() => !isRunning(botPid!), 10_000, 'the bot process to end');
    expect(output()).toMatch(/"signal":"parent exited","msg":"shutting down: finishing answers in hand"/);
  }, 60_000);

  it('stops gracefully on SIGHUP to node itself, as `node dist/discord/main.js` under a process manager', async () => {
    const { child: node, output, exited } = spawnBot(process.execPath, ['dist/discord/main.js'], fake, { LOG_LEVEL: 'info' });
    await fake.until(() => output().includes('"msg":"ready as'), 40_000, 'the ready line');
    botPid = node.pid;
    node.kill('SIGHUP');
    expect(await exited).toBe(0);
    expect(output()).toMatch(/"signal":"SIGHUP","msg":"shutting down: finishing answers in hand"/);
  }, 60_000);
});
