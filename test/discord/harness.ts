import { join } from 'node:path';
import { Events } from 'discord.js';
import { pino } from 'pino';
import { afterAll, afterEach, expect } from 'vitest';
import type { AnswerService } from '../../src/answering/answer.ts';
import type { BotConfig } from '../../src/config/config.ts';
import { createBot, type Bot } from '../../src/discord/bot.ts';
import { commands } from '../../src/discord/commands/index.ts';
import { EMBEDDED_MODEL, EMBEDDED_MODELS_DIR } from '../../src/paths.ts';
import { temporaryFolder, testEngineConfig } from '../helpers.ts';
import { FakeDiscord, type BotSettings } from './fake-discord.ts';

/** The real bot against a fake Discord, for end-to-end tests: start one, and every one is stopped after each test. */
export interface Running {
  fake: FakeDiscord;
  bot: Bot;
  logs: { level: number; msg: string; [key: string]: unknown }[];
  config: BotConfig;
}

export const running: Running[] = [];
afterEach(async () => {
  for (const { bot, fake } of running.splice(0)) {
    await bot.stop();
    await fake.close();
  }
});

/** The same service, each answer held back by `ms`. */
export function slowAnswers(service: AnswerService, ms: number): AnswerService {
  return {
    answer: async (question, top) => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return service.answer(question, top);
    },
    summary: () => service.summary(),
    lookup: (term) => service.lookup(term),
    suggestTerms: (typed, limit) => service.suggestTerms(typed, limit),
    paragraph: (key, number) => service.paragraph(key, number),
    exampleQuestion: () => service.exampleQuestion(),
  };
}

/**
 * Starts the bot against a new fake. `setup` runs on the fake before the bot connects (guilds,
 * members, commands, files), and the settings it returns are the bot's too (e.g. the CDN's origin).
 */
export async function startBot(service: AnswerService, settings: BotSettings = {}, setup?: (fake: FakeDiscord) => BotSettings | void): Promise<Running> {
  const fake = await FakeDiscord.start();
  const fromSetup = setup?.(fake) ?? {};
  const logs: Running['logs'] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => logs.push(JSON.parse(line)) });
  const config = fake.botConfig(testEngineConfig({ model: EMBEDDED_MODEL, modelsDir: EMBEDDED_MODELS_DIR }), join(temporaryFolder(), 'feedback.jsonl'), {
    ...settings,
    ...fromSetup,
    discord: { ...settings.discord, ...fromSetup.discord },
  });
  const bot = createBot(config.discord, service, log);
  const ready = new Promise((resolve) => bot.client.once(Events.ClientReady, resolve));
  await bot.start();
  await ready;
  const started = { fake, bot, logs, config };
  running.push(started);
  return started;
}

/**
 * Registers the bot's own command definitions on the fake (globally, or to a guild), so that the
 * fake plays the Discord client with them: default_member_permissions, contexts, option types.
 */
export function registerBotCommands(fake: FakeDiscord, guildId?: string): void {
  fake.registerCommands([...commands.values()].map((command) => command.definition), guildId);
}

const SUPPRESS_EMBEDS = 4;

/** Every message the bot created or edited may ping no one and shows no link previews. */
export function expectNoPings(fake: FakeDiscord): void {
  const sent = fake.requests.filter((r) => r.method !== 'GET' && (r.body?.content !== undefined || r.body?.data?.content !== undefined));
  expect(sent.length).toBeGreaterThan(0);
  for (const request of sent) {
    const payload = request.body!.data ?? request.body!;
    expect(payload.allowed_mentions, `${request.method} ${request.path}`).toEqual({ parse: [], replied_user: false });
    expect(payload.flags! & SUPPRESS_EMBEDS, `${request.method} ${request.path}`).toBe(SUPPRESS_EMBEDS);
  }
}

afterAll(() => {
  expect(running).toEqual([]);
});
