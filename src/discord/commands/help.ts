import { SlashCommandBuilder } from 'discord.js';
import { formatText, HELP_TEXT } from '../format.ts';
import type { SlashCommand } from './command.ts';

export const help: SlashCommand = {
  definition: new SlashCommandBuilder().setName('help').setDescription('What I do and how to ask').toJSON(),

  async execute(interaction) {
    await interaction.reply(formatText(HELP_TEXT, true));
  },
};
