import { SlashCommandBuilder } from 'discord.js';
import { answerPage, answerQuestion } from '../answering.ts';
import { replyInTime, UserFacingError } from '../respond.ts';
import type { SlashCommand } from './command.ts';

/** Questions longer than this are refused by Discord itself, before they reach the bot. */
const MAX_QUESTION_LENGTH = 1000;

export const ask: SlashCommand = {
  definition: new SlashCommandBuilder()
    .setName('ask')
    .setDescription('Ask a question about the article: the answer quotes it')
    .addStringOption((option) => option.setName('question').setDescription('Your question').setRequired(true).setMaxLength(MAX_QUESTION_LENGTH))
    .addBooleanOption((option) => option.setName('hide').setDescription('Show the answer to you only (default: everyone sees it)'))
    .toJSON(),

  async execute(interaction, context) {
    const question = interaction.options.getString('question', true);
    const hide = interaction.options.getBoolean('hide') ?? false;
    const wait = context.cooldown.take(interaction.user.id);
    if (wait > 0) throw new UserFacingError(`Please wait ${wait} s before asking again.`);
    const work = answerQuestion(context, question).then((answer) => {
      if (answer.status === 'empty') throw new UserFacingError('Ask a question in words, for example `/ask question: Who is the president of Ecuador?`');
      return answerPage(context, { answer, askerId: interaction.user.id });
    });
    await replyInTime(interaction, work, hide);
  },
};
