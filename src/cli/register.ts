import { DiscordAPIError, HTTPError, OAuth2Scopes, PermissionFlagsBits, PermissionsBitField, REST, Routes } from 'discord.js';
import { ConfigError, loadBotConfig } from '../config/config.ts';
import { commands } from '../discord/commands/index.ts';
import { CommandError, runMain } from './run.ts';

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
  const config = loadBotConfig().discord;
  const rest = new REST(config.apiUrl ? { api: config.apiUrl } : {}).setToken(config.token);
  const body = [...commands.values()].map((command) => command.definition);
  const route = config.guildId ? Routes.applicationGuildCommands(config.clientId, config.guildId) : Routes.applicationCommands(config.clientId);
  let registered: { name: string }[];
  try {
    registered = (await rest.put(route, { body })) as { name: string }[];
  } catch (error) {
    const status = error instanceof DiscordAPIError || error instanceof HTTPError ? error.status : undefined;
    if (status === 401) throw new ConfigError('Discord refused DISCORD_TOKEN: reset it in the developer portal (Bot → Reset Token) and update .env');
    if (status === 403 || status === 404) {
      throw new ConfigError(`Discord answered ${status}: check that DISCORD_CLIENT_ID is this bot's application id${config.guildId ? ' and that the bot is in DISCORD_GUILD_ID' : ''}`);
    }
    throw new CommandError(`could not register the commands: ${(error as Error).message.split('\n')[0]}`);
  }
  const where = config.guildId ? `to guild ${config.guildId} (available now)` : 'globally (may take up to an hour to appear)';
  console.log(`Registered ${registered.map((command) => `/${command.name}`).join(', ')} ${where}.`);
  console.log(`Invite the bot with: ${inviteUrl(config.clientId)}`);
});
