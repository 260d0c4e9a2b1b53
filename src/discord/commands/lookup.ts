import { SlashCommandBuilder } from 'discord.js';
import { formatChoices, formatMentions, formatUnknownTerm, LIMITS } from '../format.ts';
import { UserFacingError } from '../respond.ts';
import { searcherFor } from '../scope.ts';
import { termFromChoice } from '../term-choices.ts';
import { cooldownMessage, ThrottleError } from '../throttle.ts';
import { ARTICLE_OPTION, articleOption, pickedArticle, suggestArticles } from './article-option.ts';
import type { SlashCommand } from './command.ts';

export const lookup: SlashCommand = {
  definition: new SlashCommandBuilder()
    .setName('lookup')
    .setDescription('Every passage that mentions a name, place or phrase')
    .addStringOption((option) =>
      option.setName('term').setDescription('A name, place, organisation or phrase from the article').setRequired(true).setAutocomplete(true).setMaxLength(LIMITS.choiceName),
    )
    .addStringOption(articleOption('Look in this article only (default: every article here)'))
    .toJSON(),

  async execute(interaction, context) {
    const wait = context.cooldown.remaining(interaction.user.id);
    if (wait > 0) throw new ThrottleError(cooldownMessage(wait));
    const searcher = searcherFor(context, interaction.guildId, pickedArticle(interaction));
    const term = termFromChoice(interaction.options.getString('term', true).trim(), searcher);
    if (term === '') throw new UserFacingError('Give a name or phrase to look up.');
    context.cooldown.start(interaction.user.id);
    const result = searcher.lookup(term);
    await interaction.reply(result.found ? formatMentions(result.term, result.mentions, result.more) : formatUnknownTerm(term, result.closest));
  },

  async autocomplete(interaction, context) {
    if (interaction.options.getFocused(true).name === ARTICLE_OPTION) return suggestArticles(interaction, context);
    const typed = interaction.options.getFocused();
    await interaction.respond(formatChoices(searcherFor(context, interaction.guildId).suggestTerms(typed, LIMITS.autocompleteChoices)));
  },
};
