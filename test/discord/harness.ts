import { join } from 'node:path';
import { Events } from 'discord.js';
import { pino } from 'pino';
import { afterAll, afterEach, expect } from 'vitest';
import type { Answer } from '../../src/answering/answer.ts';
import { openLibrary } from '../../src/app/open-library.ts';
import type { BotConfig, EngineConfig, LibraryConfig, SourcesConfig } from '../../src/config/config.ts';
import { createBot, type Bot } from '../../src/discord/bot.ts';
import { commands } from '../../src/discord/commands/index.ts';
import type { ArticleLibrary } from '../../src/discord/context.ts';
import type { Library } from '../../src/library/library.ts';
import { EMBEDDED_MODEL, EMBEDDED_MODELS_DIR } from '../../src/paths.ts';
import { quiet, temporaryFolder, testEngineConfig } from '../helpers.ts';
import { FakeDiscord, TEST_LIBRARY_LIMITS, type BotSettings, type RegisteredCommand } from './fake-discord.ts';

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

/**
 * A real library, closed after the test file: the operator's articles (by default the seed
 * article, indexed with the embedded model) and a fresh folder for servers' own libraries.
 */
export async function openTestLibrary(options: { engine?: EngineConfig; library?: Partial<LibraryConfig>; sources?: SourcesConfig; lexicalOnly?: boolean } = {}): Promise<Library> {
  const engine = options.engine ?? testEngineConfig({ model: EMBEDDED_MODEL, modelsDir: EMBEDDED_MODELS_DIR });
  const library: LibraryConfig = { dir: join(temporaryFolder(), 'library'), ...TEST_LIBRARY_LIMITS, attachmentOrigin: 'https://cdn.discordapp.com', ...options.library };
  const opened = await openLibrary({ engine, library, sources: options.sources ?? { allowPrivate: false } }, { log: quiet, lexicalOnly: options.lexicalOnly ?? false });
  afterAll(() => opened.close());
  return opened.library;
}

/** A test library over the articles of `articlesDir` alone, answering lexically: no model is loaded. */
export function openLexicalLibrary(articlesDir: string): Promise<Library> {
  return openTestLibrary({ engine: testEngineConfig({ articlesDir, model: 'unused', modelsDir: temporaryFolder() }), lexicalOnly: true });
}

/** The same library, every answer going through `around` (which asks the real one with `answer()`): to hold answers back, or record questions. */
export function aroundAnswers(library: ArticleLibrary, around: (question: string, answer: () => Promise<Answer>) => Promise<Answer>): ArticleLibrary {
  return {
    searcher: (guildId, articleKey) => {
      const searcher = library.searcher(guildId, articleKey);
      return {
        answer: (question, top) => around(question, () => searcher.answer(question, top)),
        summary: () => searcher.summary(),
        lookup: (term) => searcher.lookup(term),
        suggestTerms: (typed, limit) => searcher.suggestTerms(typed, limit),
        paragraph: (key, number) => searcher.paragraph(key, number),
        exampleQuestion: () => searcher.exampleQuestion(),
        summarize: (key) => searcher.summarize(key),
      };
    },
    articles: (guildId) => library.articles(guildId),
    addFrom: (guildId, input) => library.addFrom(guildId, input),
    remove: (guildId, key) => library.remove(guildId, key),
  };
}

/** The same library, each answer held back by `ms`. */
export function slowAnswers(library: ArticleLibrary, ms: number): ArticleLibrary {
  return aroundAnswers(library, async (_question, answer) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return answer();
  });
}

/** Bot settings pointing at the fake (see FakeDiscord.botConfig), with a fresh feedback file. */
export function testBotConfig(fake: FakeDiscord, settings: BotSettings = {}): BotConfig {
  return fake.botConfig(testEngineConfig({ model: EMBEDDED_MODEL, modelsDir: EMBEDDED_MODELS_DIR }), join(temporaryFolder(), 'feedback.jsonl'), settings);
}

/**
 * Connects a bot over `library` to a fake that is already running (a second bot after a
 * restart, or a fake set up before the library opened); it is stopped after the test.
 */
export async function connectBot(fake: FakeDiscord, library: ArticleLibrary, config: BotConfig = testBotConfig(fake)): Promise<Running> {
  const logs: Running['logs'] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => logs.push(JSON.parse(line)) });
  const bot = createBot(config.discord, library, log);
  const ready = new Promise((resolve) => bot.client.once(Events.ClientReady, resolve));
  await bot.start();
  await ready;
  const started = { fake, bot, logs, config };
  running.push(started);
  return started;
}

/** Starts the bot over `library`, with these settings, against a new fake. */
export async function startBot(library: ArticleLibrary, settings: BotSettings = {}): Promise<Running> {
  const fake = await FakeDiscord.start();
  return connectBot(fake, library, testBotConfig(fake, settings));
}

/**
 * Registers the bot's own command definitions on the fake (globally, or to a guild), so that the
 * fake plays the Discord client with them: default_member_permissions, contexts, option types.
 */
export function registerBotCommands(fake: FakeDiscord, guildId?: string): RegisteredCommand[] {
  return fake.registerCommands([...commands.values()].map((command) => command.definition), guildId);
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
