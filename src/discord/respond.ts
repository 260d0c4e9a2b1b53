import { randomBytes } from 'node:crypto';
import { MessageFlags, type RepliableInteraction } from 'discord.js';
import type { Logger as Pino } from 'pino';
import { formatError, type ReplyPayload } from './format.ts';
import { QueueFullError } from './throttle.ts';

/** Discord wants an acknowledgement within 3 s; past this, the reply is deferred first. */
const ACK_DEADLINE_MS = 2000;

/**
 * Replies with what `work` produces: in one step when it is ready before the deadline (the
 * fastest answer), otherwise by deferring at the deadline and editing the reply when it is.
 */
export async function replyInTime(interaction: RepliableInteraction, work: Promise<ReplyPayload>, ephemeral: boolean): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ACK_DEADLINE_MS);
  });
  const first = await Promise.race([work, late]);
  clearTimeout(timer);
  const ephemeralFlag = ephemeral ? MessageFlags.Ephemeral : 0;
  if (first !== 'late') {
    await interaction.reply({ ...first, flags: first.flags | ephemeralFlag });
    return;
  }
  await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
  const payload = await work;
  // The edit carries the flags too: link previews stay suppressed on a deferred answer.
  await interaction.editReply({ content: payload.content, components: payload.components, allowedMentions: payload.allowedMentions, flags: payload.flags });
}

/** Errors the user can act on; their message is shown as it is. */
export class UserFacingError extends Error {}

/**
 * Every handler failure ends here: the log gets the error with an id, and the user gets the
 * reason through `send` (the id too, when the failure was not theirs to fix).
 */
export async function reportFailure(error: unknown, log: Pino, what: string, send: (message: string) => Promise<unknown>): Promise<void> {
  const known = error instanceof UserFacingError || error instanceof QueueFullError;
  const errorId = randomBytes(4).toString('hex');
  if (known) log.info({ errorId, what, reason: (error as Error).message }, 'request refused');
  else log.error({ errorId, what, err: error }, 'handler failed');
  const message = known ? (error as Error).message : `Something went wrong while answering; please try again. (error id \`${errorId}\`)`;
  try {
    await send(message);
  } catch (replyError) {
    log.warn({ errorId, err: replyError }, 'could not tell the user about the failure');
  }
}

/** Tells an interaction's user alone: a reply, or a follow-up once it was acknowledged. */
export function tellPrivately(interaction: RepliableInteraction): (message: string) => Promise<unknown> {
  return (message) => {
    const payload = formatError(message);
    return interaction.replied || interaction.deferred ? interaction.followUp(payload) : interaction.reply(payload);
  };
}
