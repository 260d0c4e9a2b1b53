import { SlashCommandBuilder } from 'discord.js';
import { formatAnswer, formatSmallTalk, LIMITS } from '../format.ts';
import { askQuestion } from '../questions.ts';
import { ACK_DEADLINE_MS, replyInTime, UserFacingError } from '../respond.ts';
import type { SlashCommand } from './command.ts';

export const ask: SlashCommand = {
  definition: new SlashCommandBuilder()
    .setName('ask')
    .setDescription('Ask a question about the article: the answer quotes it')
    .addStringOption((option) => option.setName('question').setDescription('Your question').setRequired(true).setMaxLength(LIMITS.commandOption))
    .addBooleanOption((option) => option.setName('hide').setDescription('Show the answer to you only (default: everyone sees it)'))
    .toJSON(),

  async execute(interaction, context) {
    const question = interaction.options.getString('question', true);
    const hide = interaction.options.getBoolean('hide') ?? false;
    // Deferred at once only when the answer cannot come within the deadline anyway: a deferred
    // answer costs a second request, and edits of one application's replies go one at a time.
    const deferFirst = context.queue.expectedWaitMs() > ACK_DEADLINE_MS;
    const asked = askQuestion(context, interaction.user.id, question);
    const work = asked.then(({ answer }) => {
      if (answer.status === 'empty') throw new UserFacingError(`Ask a question in words, for example \`/ask question: ${context.service.exampleQuestion()}\``);
      return answer.status === 'small-talk' ? formatSmallTalk(context.service.exampleQuestion(), false) : formatAnswer(answer);
    });
    const sent = await replyInTime(interaction, work, { ephemeral: hide, deferFirst });
    const { answer } = await asked;
    if (answer.status !== 'small-talk') context.answers.remember(sent.id, answer, interaction.user.id);
  },
};
