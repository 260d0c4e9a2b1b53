import { SlashCommandBuilder } from 'discord.js';
import { formatAnswer, formatSmallTalk, LIMITS } from '../format.ts';
import { askQuestion } from '../questions.ts';
import { replyInTime, UserFacingError } from '../respond.ts';
import type { SlashCommand } from './command.ts';

/** Past this expected wait in the queue, the reply is deferred at once rather than raced against the deadline. */
const DEFER_AT_ONCE_MS = 500;

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
    const deferFirst = context.queue.expectedWaitMs() > DEFER_AT_ONCE_MS;
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
