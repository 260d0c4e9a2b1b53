import { fileURLToPath } from 'node:url';
import { ShardingManager } from 'discord.js';
import { pino } from 'pino';
import { openLibrary } from '../app/open-library.ts';
import { ConfigError, loadBotConfig, type BotConfig } from '../config/config.ts';
import { CorpusError } from '../corpus/load.ts';
import { createBot } from './bot.ts';

/** What stops the bot gracefully: Ctrl-C, a process manager's stop, a closing terminal (SIGHUP). */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** How often the parent process is checked for (see whenParentExits). */
const PARENT_CHECK_MS = 500;

/**
 * Calls stop once the process that started this one is gone. npm passes SIGINT and SIGTERM on to
 * `npm start`'s node, but not SIGHUP: on that it exits and would leave the bot running as an
 * orphan, still connected and answering. A process started by init or as a container's first
 * process has no parent to lose.
 */
function whenParentExits(stop: () => void): void {
  const parent = process.ppid;
  if (parent <= 1) return;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    stop();
  }, PARENT_CHECK_MS);
  timer.unref();
}

/** `npm start`: one bot process, or with SHARDS a ShardingManager that runs this file once per shard. */
async function main(): Promise<void> {
  let config: BotConfig;
  try {
    config = loadBotConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`error: ${error.message}`);
    process.exitCode = 2;
    return;
  }
  const log = pino({ level: config.logLevel, redact: { paths: ['token', '*.token', 'headers.authorization'], censor: '[hidden]' } });
  process.on('unhandledRejection', (error) => log.error({ err: error }, 'unhandled rejection'));

  if (config.discord.shards !== undefined && !config.discord.isShard) {
    const manager = new ShardingManager(fileURLToPath(import.meta.url), {
      token: config.discord.token,
      totalShards: config.discord.shards,
      shardList: config.discord.shardList ?? 'auto',
      // Each shard is this same entry point: compiled (npm start), or TypeScript run through tsx.
      execArgv: import.meta.url.endsWith('.ts') ? ['--import', 'tsx'] : [],
    });
    manager.on('shardCreate', (shard) => log.info({ shard: shard.id }, 'shard launched'));
    // Each shard shuts down gracefully on the signal; Shard.kill also keeps the manager from respawning it.
    const stopShards = (signal: string) => {
      log.info({ signal }, 'stopping shards');
      for (const shard of manager.shards.values()) shard.kill();
    };
    for (const signal of STOP_SIGNALS) process.once(signal, stopShards);
    whenParentExits(() => stopShards('parent exited'));
    await manager.spawn();
    return;
  }

  try {
    const opened = await openLibrary(config, { log });
    const { library } = opened;
    library.watchOperatorFolder();
    // Warm up: the first answer and the first term suggestion pay for lazy initialisation, so
    // no user has to; the second answer measures what an answer costs, the queue's first estimate.
    const everywhere = library.searcher(null);
    await everywhere.answer(everywhere.exampleQuestion(), 3);
    everywhere.suggestTerms('', 1);
    const started = performance.now();
    await everywhere.answer(everywhere.exampleQuestion(), 9);
    const bot = createBot(config.discord, library, log, performance.now() - started);
    /** Stops answering (finishing what is in hand), then the library's watcher and its worker. */
    const stopAll = async () => {
      await bot.stop();
      await opened.close();
    };
    let stopping = false;
    const shutdown = (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'shutting down: finishing answers in hand');
      stopAll().then(
        () => process.exit(0),
        (error: unknown) => {
          log.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    };
    for (const signal of STOP_SIGNALS) process.on(signal, shutdown);
    whenParentExits(() => shutdown('parent exited'));
    await bot.start();
  } catch (error) {
    if (error instanceof CorpusError) {
      log.fatal(error.message);
      process.exitCode = 1;
      return;
    }
    const status = (error as { status?: number; code?: string }).status;
    if (status === 401 || (error as { code?: string }).code === 'TokenInvalid') {
      log.fatal('Discord refused the token (DISCORD_TOKEN): reset it in the developer portal (Bot → Reset Token) and update .env.');
      process.exitCode = 2;
      return;
    }
    throw error;
  }
}

await main();
