import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import { formatAnswer } from '../format.ts';
import { searcherFor } from '../scope.ts';
import { cooldownMessage, ThrottleError } from '../throttle.ts';
import { articleOption, pickedArticle, suggestArticles } from './article-option.ts';
import type { SlashCommand } from './command.ts';

export const summary: SlashCommand = {
  definition: new SlashCommandBuilder()
    .setName('summary')
    .setDescription('An article’s summary in its own words')
    .addStringOption(articleOption('Which article (default: the newest here)'))
    .addBooleanOption((option) => option.setName('hide').setDescription('Show the summary to you only (default: everyone sees it)'))
    .toJSON(),

  async execute(interaction, context) {
    const wait = context.cooldown.remaining(interaction.user.id);
    if (wait > 0) throw new ThrottleError(cooldownMessage(wait));
    const articleKey = pickedArticle(interaction);
    const searcher = searcherFor(context, interaction.guildId, articleKey);
    context.cooldown.start(interaction.user.id);
    const answer = searcher.summarize(articleKey ?? undefined);
    const payload = formatAnswer(answer);
    const ephemeral = interaction.options.getBoolean('hide') ? MessageFlags.Ephemeral : 0;
    const response = await interaction.reply({ ...payload, flags: payload.flags | ephemeral, withResponse: true });
    // Its buttons (More extracts, Full paragraph, votes) act on the answer of this message.
    const sent = response.resource?.message;
    if (sent) context.answers.remember(sent.id, answer, interaction.user.id);
  },

  autocomplete: (interaction, context) => suggestArticles(interaction, context),
};
