import type { Logger as Pino } from 'pino';
import type { Answer, AnswerService } from '../answering/answer.ts';
import type { DiscordConfig } from '../config/config.ts';
import type { ArticleInput, LibraryArticle } from '../library/library.ts';
import type { AnswerCache } from './answer-cache.ts';
import type { BoundedMap } from './bounded-map.ts';
import type { FeedbackLog } from './feedback.ts';
import type { Cooldown, WorkQueue } from './throttle.ts';

/** What one place's questions are answered from: the Searcher of src/answering/engine.ts, as the bot uses it. */
export interface PlaceSearcher extends AnswerService {
  /** The summary of an article (by key; else the newest searched), in its own words. */
  summarize(articleKey?: string): Answer;
}

/**
 * The articles each place may quote and each server's own library: the Library of
 * src/library/library.ts, as the bot uses it (tests give their own).
 */
export interface ArticleLibrary {
  /** Over what a place (a server, or null for DMs) may quote, optionally one article alone. */
  searcher(guildId: string | null, articleKey?: string): PlaceSearcher;
  /** What a place may quote: the server's own first, newest first, then the operator's. */
  articles(guildId: string | null): LibraryArticle[];
  addFrom(guildId: string, input: ArticleInput): Promise<{ article: LibraryArticle; replaced: boolean }>;
  remove(guildId: string, key: string): Promise<LibraryArticle>;
}

/** What every handler gets: the library and the bot's shared state. */
export interface BotContext {
  library: ArticleLibrary;
  config: Pick<DiscordConfig, 'answerInThreads' | 'allowedChannelIds'>;
  log: Pino;
  cooldown: Cooldown;
  queue: WorkQueue;
  answers: AnswerCache;
  feedback: FeedbackLog;
  /** The question behind each of the bot's answer messages and threads, for follow-ups. */
  followUps: BoundedMap<string, string>;
}
