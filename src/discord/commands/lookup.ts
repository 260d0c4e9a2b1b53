import { SlashCommandBuilder } from 'discord.js';
import { formatChoices, formatMentions, formatUnknownTerm, LIMITS } from '../format.ts';
import { UserFacingError } from '../respond.ts';
import type { SlashCommand } from './command.ts';

export const lookup: SlashCommand = {
  definition: new SlashCommandBuilder()
    .setName('lookup')
    .setDescription('Every passage that mentions a name, place or phrase')
    .addStringOption((option) =>
      option.setName('term').setDescription('A name, place, organisation or phrase from the article').setRequired(true).setAutocomplete(true).setMaxLength(LIMITS.choiceName),
    )
    .toJSON(),

  async execute(interaction, context) {
    const wait = context.cooldown.take(interaction.user.id);
    if (wait > 0) throw new UserFacingError(`Please wait ${wait} s before asking again.`);
    const term = interaction.options.getString('term', true).trim();
    if (term === '') throw new UserFacingError('Give a name or phrase to look up.');
    const mentions = context.engine.terms.mentions(term);
    if (mentions.length === 0) {
      await interaction.reply(formatUnknownTerm(term, context.engine.terms.closest(term, 5)));
      return;
    }
    const known = context.engine.terms.find(term);
    await interaction.reply(formatMentions(known?.text ?? term, mentions));
  },

  async autocomplete(interaction, context) {
    const typed = interaction.options.getFocused();
    await interaction.respond(formatChoices(context.engine.terms.suggest(typed, LIMITS.autocompleteChoices)));
  },
};
