import { Client, Events, GatewayIntentBits, Partials, type ClientOptions } from 'discord.js';
import type { Logger as Pino } from 'pino';
import type { DiscordConfig } from '../config/config.ts';
import { AnswerCache } from './answer-cache.ts';
import { BoundedMap } from './bounded-map.ts';
import type { ArticleLibrary, BotContext } from './context.ts';
import { FeedbackLog } from './feedback.ts';
import { formatError, NO_MENTIONS } from './format.ts';
import { handleMessage } from './messages.ts';
import { routeInteraction } from './router.ts';
import { Cooldown, MAX_WAIT_MS, WorkQueue } from './throttle.ts';

/** How long shutdown waits for questions already taken before it disconnects anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

export interface Bot {
  client: Client;
  context: BotContext;
  start(): Promise<void>;
  /** Stops taking questions, finishes those in hand (bounded), then disconnects. */
  stop(): Promise<void>;
}

/**
 * The fewest intents that work: guilds (slash commands, channels), guild and direct messages
 * (mentions and DMs; a message that mentions the bot carries its content without the privileged
 * intent). Only thread mode, which answers follow-ups without a mention, needs MessageContent.
 */
function intentsFor(config: Pick<DiscordConfig, 'answerInThreads'>): GatewayIntentBits[] {
  const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];
  return config.answerInThreads ? [...intents, GatewayIntentBits.MessageContent] : intents;
}

/**
 * The bot over a library (each place's handlers take their searcher from it as they start).
 * `answerMs`: what one answer is expected to cost (measured at start-up), until the queue has measured its own.
 */
export function createBot(config: DiscordConfig, library: ArticleLibrary, log: Pino, answerMs = 10): Bot {
  const options: ClientOptions = {
    intents: intentsFor(config),
    // DM channels are not cached: without this partial, direct messages never arrive.
    partials: [Partials.Channel],
    allowedMentions: NO_MENTIONS,
    ...(config.apiUrl ? { rest: { api: config.apiUrl } } : {}),
  };
  const client = new Client(options);
  const context: BotContext = {
    library,
    config,
    log,
    cooldown: new Cooldown(config.cooldownSeconds),
    queue: new WorkQueue(MAX_WAIT_MS, answerMs),
    answers: new AnswerCache(),
    feedback: new FeedbackLog(config.feedbackFile),
    followUps: new BoundedMap(10_000),
  };
  let closing = false;
  const inFlight = new Set<Promise<void>>();
  const track = (work: Promise<void>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };

  client.on(Events.InteractionCreate, (interaction) => {
    if (closing) {
      if (interaction.isRepliable()) {
        interaction.reply(formatError('I am restarting; please ask again in a minute.')).catch((error: unknown) => log.warn({ err: error }, 'reply failed'));
      }
      return;
    }
    track(routeInteraction(interaction, context));
  });
  client.on(Events.MessageCreate, (message) => {
    if (!closing && client.user) track(handleMessage(message, context, client.user.id));
  });
  client.once(Events.ClientReady, (ready) => {
    // The operator's articles, answerable everywhere (each server's own come on top).
    const summary = library.searcher(null).summary();
    log.info(
      { bot: ready.user.tag, guilds: ready.guilds.cache.size, articles: summary.articles.length, chunks: summary.chunks, model: summary.model ?? 'none (lexical)' },
      `ready as ${ready.user.tag} in ${ready.guilds.cache.size} guild(s): ${summary.articles.length} article(s), ${summary.chunks} chunks, model ${summary.model ?? 'none (lexical)'}`,
    );
  });
  client.on(Events.Error, (error) => log.error({ err: error }, 'client error'));
  client.on(Events.Warn, (message) => log.warn(message));
  client.on(Events.ShardDisconnect, (event, shard) => log.warn({ shard, code: event.code }, 'gateway disconnected'));
  client.on(Events.ShardResume, (shard, replayed) => log.info({ shard, replayed }, 'gateway resumed'));

  return {
    client,
    context,
    async start() {
      await client.login(config.token);
    },
    async stop() {
      closing = true;
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, SHUTDOWN_GRACE_MS);
      });
      await Promise.race([Promise.allSettled([...inFlight]), grace]);
      clearTimeout(timer);
      await client.destroy();
    },
  };
}
