/**
 * `npm run bench:discord`: the bot against the fake Discord of the tests (test/discord/fake-discord.ts).
 * - 200 members ask /ask at the same moment: all must be answered; acknowledgement and answer
 *   latency, p50 / p99.
 * - `npm start` (the compiled bot) on a corpus folder: time from launch to the `ready` log line,
 *   with the index already built (ARTICLES_DIR, default the project's articles).
 * Figures for the notes; nothing here is asserted.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Events } from 'discord.js';
import { pino } from 'pino';
import { loadQuestionSet } from '../src/answering/tuning/evaluation.ts';
import { openLibrary } from '../src/app/open-library.ts';
import { loadConfig } from '../src/config/config.ts';
import { createBot } from '../src/discord/bot.ts';
import { PROJECT_ROOT } from '../src/paths.ts';
import { percentile } from '../src/stats.ts';
import { APPLICATION_ID, FakeDiscord, TOKEN } from '../test/discord/fake-discord.ts';

const quiet = { info: () => {}, warn: () => {} };

async function simultaneousAsks(members: number): Promise<void> {
  const { engine: config } = loadConfig();
  const fake = await FakeDiscord.start();
  const botConfig = fake.botConfig(config, join(tmpdir(), 'bench-feedback.jsonl'), { discord: { cooldownSeconds: 3 }, library: { dir: mkdtempSync(join(tmpdir(), 'bench-library-')) } });
  const { library, close } = await openLibrary(botConfig, { log: quiet });
  // As npm start does: warm up, and give the queue the measured cost of an answer as its first estimate.
  const searcher = library.searcher(null);
  await searcher.answer(searcher.exampleQuestion(), 3);
  const warm = performance.now();
  await searcher.answer(searcher.exampleQuestion(), 9);
  const bot = createBot(botConfig.discord, library, pino({ level: 'silent' }), performance.now() - warm);
  const ready = new Promise((resolve) => bot.client.once(Events.ClientReady, resolve));
  await bot.start();
  await ready;
  try {
    const questions = loadQuestionSet('discord').map((q) => q.question);
    const started = Date.now();
    const interactions = Array.from({ length: members }, (_, i) => fake.slashCommand('ask', { question: questions[i % questions.length]! }, String(500000000000100000n + BigInt(i))));
    await Promise.all(interactions.map((interaction) => fake.response(interaction, 'an answer', 60_000)));
    const acks = interactions.map((interaction) => interaction.callbacks[0]!.at - interaction.dispatchedAt);
    const answers = interactions.map((interaction) => interaction.answeredAt! - interaction.dispatchedAt);
    const failed = fake.requests.filter((request) => request.status >= 400).length;
    console.log(`${members} members ask /ask at once (${config.articlesDir}): all answered in ${Date.now() - started} ms; ${failed} Discord errors`);
    console.log(`  acknowledgement p50 ${percentile(acks, 50)} ms, p99 ${percentile(acks, 99)} ms; answer shown p50 ${percentile(answers, 50)} ms, p99 ${percentile(answers, 99)} ms`);
  } finally {
    await bot.stop();
    await close();
    await fake.close();
    rmSync(botConfig.library.dir, { recursive: true, force: true });
  }
}

async function readyTime(articlesDir: string): Promise<void> {
  const indexDir = mkdtempSync(join(tmpdir(), 'bench-ready-'));
  const libraryDir = mkdtempSync(join(tmpdir(), 'bench-library-'));
  const fake = await FakeDiscord.start();
  try {
    const env = { ...process.env, ARTICLES_DIR: articlesDir, INDEX_DIR: indexDir, LIBRARY_DIR: libraryDir, LOG_LEVEL: 'info', DISCORD_TOKEN: TOKEN, DISCORD_CLIENT_ID: APPLICATION_ID, DISCORD_API_URL: fake.apiUrl };
    spawnSync(process.execPath, [join(PROJECT_ROOT, 'dist', 'cli', 'ingest.js')], { env, stdio: 'ignore' });
    const times: number[] = [];
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      const bot = spawn(process.execPath, [join(PROJECT_ROOT, 'dist', 'discord', 'main.js')], { env, stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve) => {
        let output = '';
        bot.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('"msg":"ready as')) resolve();
        });
      });
      times.push(performance.now() - started);
      bot.kill('SIGTERM');
      await new Promise((resolve) => bot.once('exit', resolve));
    }
    console.log(`npm start on ${articlesDir} (index built): ready after ${times.map((ms) => (ms / 1000).toFixed(2)).join(', ')} s (median ${(percentile(times, 50) / 1000).toFixed(2)} s)`);
  } finally {
    await fake.close();
    rmSync(indexDir, { recursive: true, force: true });
    rmSync(libraryDir, { recursive: true, force: true });
  }
}

await simultaneousAsks(200);
await readyTime(loadConfig().engine.articlesDir);
