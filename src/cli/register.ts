import { OAuth2Scopes, PermissionFlagsBits, PermissionsBitField, REST, Routes } from 'discord.js';
import { loadBotConfig } from '../config/config.ts';
import { commands } from '../discord/commands/index.ts';
import { runMain } from './run.ts';

/** What the bot needs and nothing more: read and answer in channels and threads, open threads. */
const BOT_PERMISSIONS = new PermissionsBitField([
  PermissionFlagsBits.ViewChannel,
  PermissionFlagsBits.SendMessages,
  PermissionFlagsBits.SendMessagesInThreads,
  PermissionFlagsBits.CreatePublicThreads,
  PermissionFlagsBits.ReadMessageHistory,
]);

function inviteUrl(clientId: string): string {
  const query = new URLSearchParams({
    client_id: clientId,
    scope: [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands].join(' '),
    permissions: BOT_PERMISSIONS.bitfield.toString(),
  });
  return `https://discord.com/oauth2/authorize?${query}`;
}

/** `npm run register`: registers the slash commands (to DISCORD_GUILD_ID at once, else globally) and prints the invite link. */
runMain(async () => {
  const config = loadBotConfig();
  const rest = new REST(config.apiUrl ? { api: config.apiUrl } : {}).setToken(config.token);
  const body = [...commands.values()].map((command) => command.definition);
  const route = config.guildId ? Routes.applicationGuildCommands(config.clientId, config.guildId) : Routes.applicationCommands(config.clientId);
  const registered = (await rest.put(route, { body })) as { name: string }[];
  const where = config.guildId ? `to guild ${config.guildId} (available now)` : 'globally (may take up to an hour to appear)';
  console.log(`Registered ${registered.map((command) => `/${command.name}`).join(', ')} ${where}.`);
  console.log(`Invite the bot with: ${inviteUrl(config.clientId)}`);
});
