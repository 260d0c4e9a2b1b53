import { ChannelType, type Message } from 'discord.js';
import type { BotContext } from './context.ts';
import { escapeText, formatAnswer, formatError, formatSmallTalk, formatText, LIMITS, truncate } from './format.ts';
import { askQuestion } from './questions.ts';
import { reportFailure } from './respond.ts';
import { searcherFor } from './scope.ts';
import { cooldownMessage } from './throttle.ts';

type Where = { kind: 'reply' } | { kind: 'new-thread' } | { kind: 'own-thread'; threadId: string };

/**
 * Decides whether a message is for the bot: a DM, a mention, a reply to one of its answers, or
 * (with ANSWER_IN_THREADS) any message in a thread the bot opened. Everything else is ignored.
 */
export function whereToAnswer(message: Message, context: BotContext, botId: string): Where | null {
  if (message.author.bot || message.system) return null;
  const { channel } = message;
  if (channel.isDMBased()) return { kind: 'reply' };
  const { allowedChannelIds, answerInThreads } = context.config;
  const home = channel.isThread() ? channel.parentId : channel.id;
  if (allowedChannelIds.length > 0 && !allowedChannelIds.includes(home ?? '') && !allowedChannelIds.includes(channel.id)) return null;
  if (channel.isThread() && channel.ownerId === botId && answerInThreads) return { kind: 'own-thread', threadId: channel.id };
  const addressed = message.mentions.users.has(botId) || message.mentions.repliedUser?.id === botId;
  if (!addressed) return null;
  const canOpenThread = channel.type === ChannelType.GuildText || channel.type === ChannelType.GuildAnnouncement;
  return answerInThreads && canOpenThread ? { kind: 'new-thread' } : { kind: 'reply' };
}

/** Answers a message addressed to the bot, as a reply or in a thread; never pings anyone. */
export async function handleMessage(message: Message, context: BotContext, botId: string): Promise<void> {
  const where = whereToAnswer(message, context, botId);
  if (!where) return;
  const userId = message.author.id;
  try {
    const wait = context.cooldown.remaining(userId);
    if (wait > 0) {
      // A public refusal is said once per cooldown, and removes itself when the wait is over.
      if (context.cooldown.firstRefusal(userId)) {
        const notice = await message.reply(formatText(`⏳ ${cooldownMessage(wait)}`));
        setTimeout(() => void notice.delete().catch(() => undefined), wait * 1000).unref();
      }
      return;
    }
    const previous =
      (where.kind === 'own-thread' ? context.followUps.get(where.threadId) : undefined) ??
      (message.reference?.messageId ? context.followUps.get(message.reference.messageId) : undefined);
    const searcher = searcherFor(context, message.guildId);
    const { answer, searched } = await askQuestion(context, searcher, userId, message.content, previous);
    if (answer.status === 'empty') {
      const how = message.channel.isDMBased() ? 'Ask me a question about the article' : 'Ask me a question after the mention';
      await message.reply(formatText(`${how}, for example: “${escapeText(searcher.exampleQuestion())}”. \`/help\` shows everything I do.`));
      return;
    }
    if (answer.status === 'small-talk') {
      await message.reply(formatSmallTalk(searcher.exampleQuestion(), !message.channel.isDMBased()));
      return;
    }
    const payload = formatAnswer(answer);
    let sent: Message;
    let threadId = where.kind === 'own-thread' ? where.threadId : undefined;
    if (where.kind === 'new-thread') {
      const thread = await message.startThread({ name: truncate(answer.cleanedQuestion || 'Question', LIMITS.threadName) });
      sent = await thread.send(payload);
      threadId = thread.id;
    } else {
      sent = await message.reply(payload);
    }
    context.answers.remember(sent.id, answer, userId);
    context.followUps.set(sent.id, searched);
    if (threadId) context.followUps.set(threadId, searched);
  } catch (error) {
    await reportFailure(error, context.log, 'message', (reason) => message.reply(formatError(reason, false)));
  }
}
