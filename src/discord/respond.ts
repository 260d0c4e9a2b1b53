import { randomBytes } from 'node:crypto';
import { MessageFlags, type Message, type RepliableInteraction } from 'discord.js';
import type { Logger as Pino } from 'pino';
import { LibraryError } from '../library/library.ts';
import { escapeText, formatError, type ReplyPayload } from './format.ts';
import { ThrottleError } from './throttle.ts';

/** Discord wants an acknowledgement within 3 s; past this, the reply is deferred first. */
export const ACK_DEADLINE_MS = 1500;

/**
 * Replies with what `work` produces and returns the message shown. When the work is expected to
 * take long (deferFirst), the reply is deferred at once; otherwise it is sent in one step if ready
 * before the deadline (the fastest answer), else deferred at the deadline and edited when ready.
 */
export async function replyInTime(interaction: RepliableInteraction, work: Promise<ReplyPayload>, options: { ephemeral: boolean; deferFirst: boolean }): Promise<Message> {
  const ephemeralFlag = options.ephemeral ? MessageFlags.Ephemeral : 0;
  if (!options.deferFirst) {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), ACK_DEADLINE_MS);
    });
    const first = await Promise.race([work, late]).finally(() => clearTimeout(timer));
    if (first !== 'late') {
      const response = await interaction.reply({ ...first, flags: first.flags | ephemeralFlag, withResponse: true });
      return response.resource!.message!;
    }
  }
  await interaction.deferReply(options.ephemeral ? { flags: MessageFlags.Ephemeral } : {});
  return editReplyWith(interaction, await work);
}

/** Edits a deferred reply into the payload; the edit carries the flags too, so link previews stay suppressed. */
export function editReplyWith(interaction: RepliableInteraction, payload: ReplyPayload): Promise<Message> {
  return interaction.editReply({ content: payload.content, components: payload.components, allowedMentions: payload.allowedMentions, flags: payload.flags });
}

/** Errors the user can act on; their message is shown as it is. */
export class UserFacingError extends Error {}

/**
 * Every handler failure ends here: the log gets the error with an id, and the user gets the
 * reason through `send` (the id too, when the failure was not theirs to fix).
 */
export async function reportFailure(error: unknown, log: Pino, what: string, send: (message: string) => Promise<unknown>): Promise<void> {
  // The library's errors say what to do (a cap reached, a page that cannot be read), quoting the link or file name given: escaped.
  const known = error instanceof UserFacingError || error instanceof ThrottleError || error instanceof LibraryError;
  const errorId = randomBytes(4).toString('hex');
  if (known) log.info({ errorId, what, reason: (error as Error).message }, 'request refused');
  else log.error({ errorId, what, err: error }, 'handler failed');
  let message = `Something went wrong while answering; please try again. (error id \`${errorId}\`)`;
  if (known) message = error instanceof LibraryError ? escapeText(error.message) : (error as Error).message;
  try {
    await send(message);
  } catch (replyError) {
    log.warn({ errorId, err: replyError }, 'could not tell the user about the failure');
  }
}

/**
 * Tells an interaction's user alone: a reply, or once acknowledged a follow-up. A deferred reply
 * still "thinking" is removed first, so it does not hang there (publicly) for 15 minutes.
 */
export function tellPrivately(interaction: RepliableInteraction): (message: string) => Promise<unknown> {
  return async (message) => {
    const payload = formatError(message);
    if (!interaction.replied && !interaction.deferred) return interaction.reply(payload);
    // Only a command's own deferred reply: a button's deferred update stands for the message the button is on.
    if (interaction.isCommand() && interaction.deferred && !interaction.replied) await interaction.deleteReply().catch(() => undefined);
    return interaction.followUp(payload);
  };
}
