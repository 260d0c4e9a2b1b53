import { SlashCommandBuilder } from 'discord.js';
import { formatSources } from '../format.ts';
import type { SlashCommand } from './command.ts';

export const sources: SlashCommand = {
  definition: new SlashCommandBuilder().setName('sources').setDescription('The articles I answer from').toJSON(),

  async execute(interaction, context) {
    await interaction.reply(formatSources(context.service.summary()));
  },
};
