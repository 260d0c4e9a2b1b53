import { ChannelType, type Message } from 'discord.js';
import { cleanQuestion } from '../answering/text.ts';
import { answerPage, answerQuestion } from './answering.ts';
import type { BotContext } from './context.ts';
import { formatError, formatText, HELP_TEXT, truncate, type ReplyPayload } from './format.ts';
import { reportFailure } from './respond.ts';

/** Thread names: Discord allows 100 characters. */
const THREAD_NAME_LENGTH = 100;

type Where = { kind: 'reply' } | { kind: 'new-thread' } | { kind: 'own-thread'; threadId: string };

/**
 * Decides whether a message is for the bot: a DM, a mention, a reply to one of its answers, or
 * (with ANSWER_IN_THREADS) any message in a thread the bot opened. Everything else is ignored.
 */
function whereToAnswer(message: Message, context: BotContext, botId: string): Where | null {
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
  const question = message.content;
  const send = async (payload: ReplyPayload) => {
    if (where.kind === 'new-thread') {
      const thread = await message.startThread({ name: truncate(cleanQuestion(question) || 'Question', THREAD_NAME_LENGTH) });
      const sent = await thread.send(payload);
      return { sent, threadId: thread.id };
    }
    const sent = await message.reply(payload);
    return { sent, threadId: where.kind === 'own-thread' ? where.threadId : undefined };
  };
  try {
    const wait = context.cooldown.take(message.author.id);
    if (wait > 0) {
      await message.reply(formatText(`⏳ Please wait ${wait} s before asking again.`));
      return;
    }
    const previous =
      (where.kind === 'own-thread' ? context.followUps.get(where.threadId) : undefined) ??
      (message.reference?.messageId ? context.followUps.get(message.reference.messageId) : undefined);
    const answer = await answerQuestion(context, question, previous);
    if (answer.status === 'empty') {
      await message.reply(formatText(`Ask me a question after the mention, for example: “Who is the president of Ecuador?”\n${HELP_TEXT}`));
      return;
    }
    const { sent, threadId } = await send(answerPage(context, { answer, askerId: message.author.id }));
    // What was searched (with the earlier question when the follow-up needed it) is the next follow-up's context.
    context.followUps.set(sent.id, answer.cleanedQuestion);
    if (threadId) context.followUps.set(threadId, answer.cleanedQuestion);
  } catch (error) {
    await reportFailure(error, context.log, 'message', (reason) => message.reply(formatError(reason, false)));
  }
}
