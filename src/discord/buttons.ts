import type { ButtonInteraction } from 'discord.js';
import { answerPage } from './answering.ts';
import type { BotContext } from './context.ts';
import { formatParagraph, formatText } from './format.ts';
import { UserFacingError } from './respond.ts';

const EXPIRED = 'This answer has expired (I keep recent answers only, and not across restarts). Ask again with /ask.';

type ButtonHandler = (interaction: ButtonInteraction, args: string[], context: BotContext) => Promise<void>;

/** "More extracts": the next page of the same answer, edited in place. */
const more: ButtonHandler = async (interaction, [key = '', page = ''], context) => {
  const asked = context.answers.get(key);
  const pageNumber = Number(page);
  if (!asked || !Number.isInteger(pageNumber) || pageNumber < 0) throw new UserFacingError(EXPIRED);
  await interaction.update(answerPage(context, asked, pageNumber, key));
};

/** "Full paragraph": the whole paragraph behind the first extract, for the clicker alone. */
const paragraph: ButtonHandler = async (interaction, [number = '', ...articleId], context) => {
  const article = context.engine.articles.find((candidate) => candidate.id === articleId.join(':'));
  const found = article?.paragraphs.find((candidate) => candidate.number === Number(number));
  if (!article || !found) throw new UserFacingError('That paragraph is no longer in my articles; ask again with /ask.');
  await interaction.reply(formatParagraph(article.title, found.number, article.text.slice(found.start, found.end)));
};

/** 👍 / 👎: appended to the feedback file before thanking. */
const vote: ButtonHandler = async (interaction, [key = '', choice = ''], context) => {
  if (choice !== 'up' && choice !== 'down') throw new UserFacingError(EXPIRED);
  const answer = context.answers.get(key)?.answer;
  await context.feedback.append({
    time: new Date().toISOString(),
    vote: choice,
    question: answer?.question ?? null,
    extracts: (answer?.extracts ?? []).slice(0, 3).map((extract) => ({ article: extract.articleId, paragraph: extract.paragraph, text: extract.text })),
    answerKey: key,
  });
  await interaction.reply(formatText(choice === 'up' ? 'Thanks! Glad it helped.' : 'Thanks, noted: this answer missed.', true));
};

/** 🗑: the person who asked removes the answer (no channel permission needed: it goes through the interaction). */
const remove: ButtonHandler = async (interaction, [askerId = '']) => {
  if (interaction.user.id !== askerId) throw new UserFacingError('Only the person who asked can remove this answer.');
  await interaction.deferUpdate();
  await interaction.deleteReply();
};

/** Button handlers by the prefix of their custom id (see customIds in format.ts). */
export const buttons = new Map<string, ButtonHandler>([
  ['more', more],
  ['para', paragraph],
  ['vote', vote],
  ['delete', remove],
]);
