import type { Logger as Pino } from 'pino';
import type { AnswerService } from '../answering/answer.ts';
import type { DiscordConfig } from '../config/config.ts';
import type { AnswerCache } from './answer-cache.ts';
import type { BoundedMap } from './bounded-map.ts';
import type { FeedbackLog } from './feedback.ts';
import type { Cooldown, WorkQueue } from './throttle.ts';

/** What every handler gets: the answering service and the bot's shared state. */
export interface BotContext {
  service: AnswerService;
  config: Pick<DiscordConfig, 'answerInThreads' | 'allowedChannelIds'>;
  log: Pino;
  cooldown: Cooldown;
  queue: WorkQueue;
  answers: AnswerCache;
  feedback: FeedbackLog;
  /** The question behind each of the bot's answer messages and threads, for follow-ups. */
  followUps: BoundedMap<string, string>;
}
