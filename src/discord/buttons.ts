import { MessageFlags, type ButtonInteraction } from 'discord.js';
import type { BotContext } from './context.ts';
import type { ButtonAction } from './custom-ids.ts';
import { formatAnswer, formatParagraph, formatText, truncate } from './format.ts';
import { pageCount } from './questions.ts';
import { UserFacingError } from './respond.ts';
import { searcherFor } from './scope.ts';

const EXPIRED = 'This answer has expired (I keep recent answers only, and not across restarts). Ask again with /ask.';

/** How much of the question and of each extract a vote records: enough to see what missed, bounded per line. */
const FEEDBACK_TEXT_CHARS = 300;

/** A handler of one kind of button, given what its custom id says (see custom-ids.ts). */
type ButtonHandler<Kind extends ButtonAction['kind']> = (interaction: ButtonInteraction, action: Extract<ButtonAction, { kind: Kind }>, context: BotContext) => Promise<void>;

/** The answer shown by the message the button is on: the only answer a button may act on. */
function postedAnswer(interaction: ButtonInteraction, context: BotContext) {
  const posted = context.answers.get(interaction.message.id);
  if (!posted) throw new UserFacingError(EXPIRED);
  return posted;
}

/**
 * "More extracts": for the asker, the next page edited in place; for anyone else, their own
 * private copy of it (another member's answer is never changed by someone else's click).
 */
const more: ButtonHandler<'more'> = async (interaction, { page: pageNumber }, context) => {
  const posted = postedAnswer(interaction, context);
  if (pageNumber >= pageCount(posted.answer)) throw new UserFacingError(EXPIRED);
  const payload = formatAnswer(posted.answer, pageNumber);
  if (interaction.user.id === posted.askerId) {
    await interaction.update(payload);
    posted.page = pageNumber;
    return;
  }
  const response = await interaction.reply({ ...payload, flags: payload.flags | MessageFlags.Ephemeral, withResponse: true });
  const copy = response.resource?.message;
  if (copy) context.answers.remember(copy.id, posted.answer, interaction.user.id, pageNumber);
};

/**
 * "Full paragraph": the whole paragraph behind the first extract, for the clicker alone (the
 * article is public text), from the articles this place may quote: a key from elsewhere finds nothing.
 */
const paragraph: ButtonHandler<'paragraph'> = async (interaction, { articleKey, paragraph: paragraphNumber }, context) => {
  const found = searcherFor(context, interaction.guildId).paragraph(articleKey, paragraphNumber);
  if (!found) throw new UserFacingError('That paragraph is no longer in my articles; ask again with /ask.');
  await interaction.reply(formatParagraph(found));
};

/**
 * 👍 / 👎: one vote per member and answer, counted only once appended to the feedback file, and
 * only then thanked. A vote that cannot be written is not counted (the member is told, and may
 * click again); a click while the member's vote is being written is not a second vote.
 */
const vote: ButtonHandler<'vote'> = async (interaction, { vote: choice }, context) => {
  const posted = postedAnswer(interaction, context);
  const voter = interaction.user.id;
  if (posted.voters.has(voter)) throw new UserFacingError('You already voted on this answer; thanks!');
  if (posted.savingVotes.has(voter)) throw new UserFacingError('Your vote is being saved; thanks!');
  posted.savingVotes.add(voter);
  const { answer } = posted;
  try {
    await context.feedback.append({
      time: new Date().toISOString(),
      vote: choice,
      question: truncate(answer.question, FEEDBACK_TEXT_CHARS),
      status: answer.status,
      extracts: answer.extracts.slice(0, 3).map((extract) => ({ article: extract.articleId, paragraph: extract.paragraph, text: truncate(extract.text, FEEDBACK_TEXT_CHARS) })),
      messageId: interaction.message.id,
    });
    posted.voters.add(voter);
  } catch (error) {
    context.log.error({ err: error }, 'a vote could not be written to the feedback file (FEEDBACK_FILE)');
    throw new UserFacingError('Your vote could not be saved; please try again later.');
  } finally {
    posted.savingVotes.delete(voter);
  }
  await interaction.reply(formatText(choice === 'up' ? 'Thanks! Glad it helped.' : 'Thanks, noted: this answer missed.', true));
};

/**
 * 🗑: the person who asked removes the answer (no channel permission needed: it goes through the
 * interaction). Who asked is known from the stored answer, or from the message's own interaction record.
 */
const remove: ButtonHandler<'remove'> = async (interaction, _action, context) => {
  const askerId = context.answers.get(interaction.message.id)?.askerId ?? interaction.message.interactionMetadata?.user.id;
  if (!askerId) throw new UserFacingError(EXPIRED);
  if (interaction.user.id !== askerId) throw new UserFacingError('Only the person who asked can remove this answer.');
  await interaction.deferUpdate();
  await interaction.deleteReply();
};

/** Runs the handler of the button's kind. */
export function pressButton(interaction: ButtonInteraction, action: ButtonAction, context: BotContext): Promise<void> {
  switch (action.kind) {
    case 'more':
      return more(interaction, action, context);
    case 'paragraph':
      return paragraph(interaction, action, context);
    case 'vote':
      return vote(interaction, action, context);
    case 'remove':
      return remove(interaction, action, context);
  }
}
