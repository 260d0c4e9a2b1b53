import { SlashCommandBuilder } from 'discord.js';
import { formatText, helpText } from '../format.ts';
import { searcherFor } from '../scope.ts';
import type { SlashCommand } from './command.ts';

export const help: SlashCommand = {
  definition: new SlashCommandBuilder().setName('help').setDescription('What I do and how to ask').toJSON(),

  async execute(interaction, context) {
    await interaction.reply(formatText(helpText(searcherFor(context, interaction.guildId).exampleQuestion()), true));
  },
};
