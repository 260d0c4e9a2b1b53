import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { ArticleInput } from '../../library/library.ts';
import type { BotContext } from '../context.ts';
import { formatAdded, formatLibrary, formatRemoved } from '../format.ts';
import { editReplyWith, UserFacingError } from '../respond.ts';
import { ARTICLE_OPTION, articleOption, suggestArticles } from './article-option.ts';
import type { SlashCommand } from './command.ts';

type Subcommand = (interaction: ChatInputCommandInteraction<'raw' | 'cached'>, context: BotContext) => Promise<void>;

/**
 * Adds from a link or an attached file. Fetching, reading and indexing take seconds: the reply is
 * deferred first (Discord wants an acknowledgement within 3 s), then edited when done.
 */
const add: Subcommand = async (interaction, context) => {
  const url = interaction.options.getString('url')?.trim();
  const file = interaction.options.getAttachment('file');
  if (Boolean(url) === Boolean(file)) throw new UserFacingError('Give the article either as a link (`url:`) or as a file (`file:`), one of the two.');
  const input: ArticleInput = file ? { kind: 'attachment', url: file.url, name: file.name, size: file.size } : { kind: 'url', url: url! };
  await interaction.deferReply();
  const { article, replaced } = await context.library.addFrom(interaction.guildId, input);
  await editReplyWith(interaction, formatAdded(article, replaced));
};

/** Removes one of the server's own articles by its key; a key of anything else (stale, forged, the operator's) is refused by the library. */
const remove: Subcommand = async (interaction, context) => {
  const key = interaction.options.getString(ARTICLE_OPTION, true);
  await interaction.deferReply();
  const removed = await context.library.remove(interaction.guildId, key);
  await editReplyWith(interaction, formatRemoved(removed));
};

const list: Subcommand = async (interaction, context) => {
  const articles = context.library.articles(interaction.guildId);
  const own = articles.filter((article) => article.owner.kind === 'server');
  await interaction.reply(formatLibrary(own, articles.length - own.length));
};

/** What changes the library needs Manage Server; listing it does not. */
const SUBCOMMANDS = new Map<string, { handler: Subcommand; changes: boolean }>([
  ['add', { handler: add, changes: true }],
  ['remove', { handler: remove, changes: true }],
  ['list', { handler: list, changes: false }],
]);

/**
 * /article: a server's own library. Offered in servers only, and shown only to members with
 * Manage Server (default_member_permissions); a server's admins can let others use it, so adding
 * and removing check the member's permission again here.
 */
export const article: SlashCommand = {
  definition: new SlashCommandBuilder()
    .setName('article')
    .setDescription('This server’s own articles, which I quote in this server only')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((subcommand) =>
      subcommand
        .setName('add')
        .setDescription('Add an article from a link or a file (replaces the one from the same page)')
        .addStringOption((option) => option.setName('url').setDescription('A link to the article: a web page, or a .txt or .md file'))
        .addAttachmentOption((option) => option.setName('file').setDescription('The article as a file: a saved page (.html), text (.txt) or Markdown (.md)')),
    )
    .addSubcommand((subcommand) => subcommand.setName('remove').setDescription('Remove an article this server added').addStringOption(articleOption('Which article', true)))
    .addSubcommand((subcommand) => subcommand.setName('list').setDescription('The articles this server added'))
    .toJSON(),

  async execute(interaction, context) {
    if (!interaction.inGuild()) throw new UserFacingError('Articles are added to a server’s library: use /article in a server.');
    const found = SUBCOMMANDS.get(interaction.options.getSubcommand());
    if (!found) throw new UserFacingError('I do not know that /article command (any more); run `npm run register` to update my commands.');
    if (found.changes && !interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild)) {
      throw new UserFacingError('Only members with the Manage Server permission can add or remove this server’s articles.');
    }
    await found.handler(interaction, context);
  },

  // Only the server's own articles can be removed.
  autocomplete: (interaction, context) => suggestArticles(interaction, context, true),
};
