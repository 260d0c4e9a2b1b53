import { SlashCommandBuilder } from 'discord.js';
import { formatSources } from '../format.ts';
import { searcherFor } from '../scope.ts';
import type { SlashCommand } from './command.ts';

export const sources: SlashCommand = {
  definition: new SlashCommandBuilder().setName('sources').setDescription('The articles I answer from here').toJSON(),

  async execute(interaction, context) {
    await interaction.reply(formatSources(searcherFor(context, interaction.guildId).summary()));
  },
};
