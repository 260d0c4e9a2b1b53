import { SlashCommandBuilder } from 'discord.js';
import { formatAnswer, formatSmallTalk, LIMITS } from '../format.ts';
import { askQuestion } from '../questions.ts';
import { ACK_DEADLINE_MS, replyInTime, UserFacingError } from '../respond.ts';
import { searcherFor } from '../scope.ts';
import { articleOption, pickedArticle, suggestArticles } from './article-option.ts';
import type { SlashCommand } from './command.ts';

export const ask: SlashCommand = {
  definition: new SlashCommandBuilder()
    .setName('ask')
    .setDescription('Ask a question about the articles: the answer quotes them')
    .addStringOption((option) => option.setName('question').setDescription('Your question').setRequired(true).setMaxLength(LIMITS.commandOption))
    .addStringOption(articleOption('Ask this article only (default: every article here)'))
    .addBooleanOption((option) => option.setName('hide').setDescription('Show the answer to you only (default: everyone sees it)'))
    .toJSON(),

  async execute(interaction, context) {
    const question = interaction.options.getString('question', true);
    const hide = interaction.options.getBoolean('hide') ?? false;
    const searcher = searcherFor(context, interaction.guildId, pickedArticle(interaction));
    // Deferred at once only when the answer cannot come within the deadline anyway: a deferred
    // answer costs a second request, and edits of one application's replies go one at a time.
    const deferFirst = context.queue.expectedWaitMs() > ACK_DEADLINE_MS;
    const asked = askQuestion(context, searcher, interaction.user.id, question);
    const work = asked.then(({ answer }) => {
      if (answer.status === 'empty') throw new UserFacingError(`Ask a question in words, for example \`/ask question: ${searcher.exampleQuestion()}\``);
      return answer.status === 'small-talk' ? formatSmallTalk(searcher.exampleQuestion(), false) : formatAnswer(answer);
    });
    const sent = await replyInTime(interaction, work, { ephemeral: hide, deferFirst });
    const { answer, searched } = await asked;
    if (answer.status === 'small-talk') return;
    context.answers.remember(sent.id, answer, interaction.user.id);
    // A reply to this answer is a follow-up, as to a mention's (see messages.ts).
    context.followUps.set(sent.id, searched);
  },

  autocomplete: (interaction, context) => suggestArticles(interaction, context),
};
