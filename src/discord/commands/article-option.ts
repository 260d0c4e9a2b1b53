import type { AutocompleteInteraction, ChatInputCommandInteraction, SlashCommandStringOption } from 'discord.js';
import type { BotContext } from '../context.ts';
import { formatArticleChoices, LIMITS } from '../format.ts';

/** The `article` option of /ask, /lookup, /summary and /article remove: an article of this place, picked as one types; its value is the article's key. */
export const ARTICLE_OPTION = 'article';

export function articleOption(description: string, required = false): (option: SlashCommandStringOption) => SlashCommandStringOption {
  return (option) => option.setName(ARTICLE_OPTION).setDescription(description).setRequired(required).setAutocomplete(true).setMaxLength(LIMITS.choiceName);
}

/** The article key picked, or null (checked against the place's scope by searcherFor or the library). */
export function pickedArticle(interaction: ChatInputCommandInteraction): string | null {
  return interaction.options.getString(ARTICLE_OPTION);
}

/** Offers the place's articles whose title holds what was typed (case aside), in the library's order; `ownOnly`: the server's own alone. */
export async function suggestArticles(interaction: AutocompleteInteraction, context: BotContext, ownOnly = false): Promise<void> {
  const typed = interaction.options.getFocused().trim().toLowerCase();
  const matching = context.library
    .articles(interaction.guildId)
    .filter((article) => (!ownOnly || article.owner.kind === 'server') && article.title.toLowerCase().includes(typed));
  await interaction.respond(formatArticleChoices(matching));
}
