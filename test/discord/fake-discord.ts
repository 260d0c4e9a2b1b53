/**
 * A fake Discord on 127.0.0.1 for end-to-end tests of the real discord.js client. This is the
 * driver: it starts the servers, sets up guilds, members and registered commands, plays the users
 * (slash commands with subcommands and attachments, autocomplete, buttons, select menus, modals,
 * messages, in any guild or a DM) and the Discord client's gate on commands, and keeps what
 * happened for the tests to read. The gateway (fake/gateway.ts), the REST routes (fake/rest.ts),
 * Discord's checks (fake/validation.ts), the guilds (fake/guilds.ts), the client's command rules
 * (fake/commands.ts) and the CDN (fake/cdn.ts) live apart.
 */
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApplicationCommandType, ChannelType, ComponentType, GatewayDispatchEvents, InteractionType, MessageType } from 'discord.js';
import { WebSocketServer } from 'ws';
import type { BotConfig, DiscordConfig, EngineConfig, LibraryConfig, SourcesConfig } from '../../src/config/config.ts';
import { FakeCdn, type CdnDownload, type UploadOptions } from './fake/cdn.ts';
import { BOT_DM_CONTEXT, buildOptions, findCommand, GUILD_CONTEXT, isSubcommandCall, refusal, type AutocompleteCall, type CommandOptions, type SubcommandCall } from './fake/commands.ts';
import { FakeGateway } from './fake/gateway.ts';
import { DM_APP_PERMISSIONS, FakeGuilds, rolePayload, type CommandPermissionOverride, type MemberOptions, type Place } from './fake/guilds.ts';
import { APPLICATION_ID, botUser, CHANNEL_ID, DEFAULT_USER_ID, nextId, toApiMessage, TOKEN, user, type FakeAttachment, type FakeMessage, type FakeState, type InteractionState, type RegisteredCommand } from './fake/model.ts';
import { FakeRest } from './fake/rest.ts';

export type { CdnDownload, UploadOptions } from './fake/cdn.ts';
export type { AutocompleteCall, CommandOptions, OptionValue, SubcommandCall } from './fake/commands.ts';
export { EVERYONE_PERMISSIONS, type CommandPermissionOverride, type MemberOptions } from './fake/guilds.ts';
export { APPLICATION_ID, CHANNEL_ID, DEFAULT_USER_ID, DM_CHANNEL_ID, GUILD_ID, OTHER_CHANNEL_ID, TOKEN, user, type FakeAttachment, type FakeMessage, type InteractionState, type RecordedRequest, type RegisteredCommand } from './fake/model.ts';

/** A guild's ids, for tests: its first text channel, and every text channel by name. */
export interface GuildInfo<ChannelName extends string = string> {
  id: string;
  name: string;
  channelId: string;
  channels: Record<ChannelName, string>;
}

const COMMAND_ID = '600000000000000001';

/** The library's limits in tests, unless a test sets its own. */
export const TEST_LIBRARY_LIMITS: Pick<LibraryConfig, 'maxArticles' | 'maxBytes'> = { maxArticles: 100, maxBytes: 20 * 1024 * 1024 };

/** What a test changes of the bot's settings: any Discord setting, the library's, whether links may reach 127.0.0.1. */
export interface BotSettings {
  discord?: Partial<DiscordConfig>;
  library?: Partial<LibraryConfig>;
  sources?: SourcesConfig;
}

export class FakeDiscord implements FakeState {
  readonly requests: FakeState['requests'] = [];
  readonly messages: FakeMessage[] = [];
  readonly interactions = new Map<string, InteractionState>();
  readonly registeredCommands = new Map<string, RegisteredCommand[]>();
  readonly threads: FakeState['threads'] = new Map();
  /** The guilds (GUILD_ID and those added), members, and DM channels. */
  readonly guilds = new FakeGuilds(this.threads);
  private readonly waiters = new Set<() => void>();
  private gateway!: FakeGateway;
  private rest!: FakeRest;
  private cdn!: FakeCdn;

  private constructor(
    private readonly server: Server,
    private readonly cdnServer: Server,
    private readonly sockets: WebSocketServer,
    readonly port: number,
  ) {}

  static async start(options: { heartbeatIntervalMs?: number } = {}): Promise<FakeDiscord> {
    const server = createServer();
    const cdnServer = createServer();
    const sockets = new WebSocketServer({ server, path: '/gateway' });
    server.listen(0, '127.0.0.1');
    cdnServer.listen(0, '127.0.0.1');
    await Promise.all([once(server, 'listening'), once(cdnServer, 'listening')]);
    const fake = new FakeDiscord(server, cdnServer, sockets, (server.address() as AddressInfo).port);
    fake.gateway = new FakeGateway(sockets, fake.gatewayUrl, options.heartbeatIntervalMs ?? 5000, fake.guilds, () => fake.changed());
    fake.rest = new FakeRest(fake, fake.apiUrl, fake.gatewayUrl);
    fake.cdn = new FakeCdn(`http://127.0.0.1:${(cdnServer.address() as AddressInfo).port}`, () => fake.changed());
    server.on('request', (request, response) => void fake.rest.handle(request, response));
    cdnServer.on('request', (request, response) => fake.cdn.handle(request, response));
    return fake;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  /** Bot settings that point at this fake; every other setting as a test would want it unless overridden. */
  botConfig(engine: EngineConfig, feedbackFile: string, settings: BotSettings = {}): BotConfig {
    return {
      engine,
      sources: settings.sources ?? { allowPrivate: false },
      logLevel: 'silent',
      discord: {
        token: TOKEN,
        clientId: APPLICATION_ID,
        guildId: undefined,
        apiUrl: this.apiUrl,
        answerInThreads: false,
        allowedChannelIds: [],
        cooldownSeconds: 0,
        feedbackFile,
        isShard: false,
        shards: undefined,
        shardList: undefined,
        ...settings.discord,
      },
      library: { dir: join(dirname(feedbackFile), 'library'), ...TEST_LIBRARY_LIMITS, attachmentOrigin: this.cdnOrigin, ...settings.library },
    };
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  get identifies(): number {
    return this.gateway.identifies;
  }

  get resumes(): number {
    return this.gateway.resumes;
  }

  async close(): Promise<void> {
    this.gateway.dropConnections();
    this.sockets.close();
    this.server.closeAllConnections();
    this.cdnServer.closeAllConnections();
    await Promise.all([new Promise((resolve) => this.server.close(resolve)), new Promise((resolve) => this.cdnServer.close(resolve))]);
  }

  /** Makes the next `times` requests whose "METHOD path" matches fail with `status` (429 carries retry_after). */
  failNext(pattern: RegExp, status: number, times = 1, retryAfter = 0.05): void {
    this.rest.failNext(pattern, status, times, retryAfter);
  }

  /** Drops the bot's connections abruptly (no close frame): the bot must reconnect and RESUME. */
  dropConnection(): void {
    this.gateway.dropConnections();
  }

  /** Sends a gateway event, routed as Discord routes it. */
  dispatch(type: GatewayDispatchEvents, data: { guild_id?: string; [field: string]: unknown }): void {
    this.gateway.dispatch(type, data);
  }

  changed(): void {
    for (const waiter of this.waiters) waiter();
    this.waiters.clear();
  }

  /** Waits until the check holds, re-checking on every change (and every 250 ms), or fails after timeoutMs. */
  async until<T>(check: () => T | undefined | false, timeoutMs = 10_000, what = 'condition'): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = check();
      if (value) return value;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`fake Discord: timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.min(remaining, 250));
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.waiters.add(done);
      });
    }
  }

  // ---------------------------------------------------------------- servers, members, commands, files

  /**
   * A new guild the bot is in, with text channels (default one, "general"). Added before the bot
   * connects, it is in READY; after, the bot gets its GUILD_CREATE, as when it joins one.
   */
  addGuild<const ChannelName extends string = 'general'>(options: { name?: string; channels?: readonly ChannelName[]; id?: string; ownerId?: string } = {}): GuildInfo<ChannelName> {
    const guild = this.guilds.add(options);
    this.gateway.dispatch(GatewayDispatchEvents.GuildCreate, this.guilds.guildCreate(guild), guild.id);
    return this.guild(guild.id) as GuildInfo<ChannelName>;
  }

  /** A guild's ids: GUILD_ID's is { id: GUILD_ID, channelId: CHANNEL_ID, channels: { general, other } }. */
  guild(guildId: string): GuildInfo {
    const guild = this.guilds.get(guildId);
    return { id: guild.id, name: guild.name, channelId: guild.channels[0]!.id, channels: Object.fromEntries(guild.channels.map((channel) => [channel.name, channel.id])) };
  }

  /**
   * Makes a user a member of a guild with these permissions beyond @everyone's (none: a plain
   * member, as any user first seen in a guild is). Discord's @everyone has neither Manage Server
   * nor Administrator; an administrator, like the owner, has every permission.
   */
  addMember(guildId: string, userId: string, options: MemberOptions = {}): void {
    const guild = this.guilds.get(guildId);
    const role = this.guilds.setMember(guild, userId, options);
    if (role) this.gateway.dispatch(GatewayDispatchEvents.GuildRoleCreate, { guild_id: guild.id, role: rolePayload(role) });
  }

  /** A member's permissions as an interaction carries them (member.permissions). */
  memberPermissions(guildId: string, userId: string): bigint {
    return this.guilds.permissions(this.guilds.get(guildId), userId);
  }

  /** A user's DM channel with the bot (the default user's is DM_CHANNEL_ID). */
  dmChannelId(userId = DEFAULT_USER_ID): string {
    return this.guilds.dmChannel(userId);
  }

  /**
   * Registers commands (globally, or to a guild) as the bot's PUT would, with Discord's checks;
   * e.g. `fake.registerCommands([...commands.values()].map((c) => c.definition))`. Once a command
   * is registered, the fake plays the Discord client: see slashCommand.
   */
  registerCommands(commands: readonly object[], guildId?: string): RegisteredCommand[] {
    return this.rest.registerCommands(guildId, [...commands]);
  }

  /**
   * What a server admin can do in Server Settings → Integrations: let everyone (or some users)
   * run a command whatever its default_member_permissions. The bot gets
   * APPLICATION_COMMAND_PERMISSIONS_UPDATE, as on Discord.
   */
  overrideCommandPermissions(guildId: string, commandName: string, override: CommandPermissionOverride): void {
    const guild = this.guilds.get(guildId);
    const found = findCommand(this.registeredCommands, commandName, guildId);
    if (!found) throw new Error(`fake Discord: no command ${commandName} registered for guild ${guildId}`);
    guild.commandOverrides.set(commandName, override);
    // Permission overwrites: type 1 a role (@everyone's id is the guild's), type 2 a user.
    const permissions = override === 'everyone' ? [{ id: guildId, type: 1, permission: true }] : override.users.map((id) => ({ id, type: 2, permission: true }));
    this.gateway.dispatch(GatewayDispatchEvents.ApplicationCommandPermissionsUpdate, { id: found.command.id, application_id: APPLICATION_ID, guild_id: guildId, permissions });
  }

  /**
   * A user uploads a file (by default to a slash command's attachment option) and the fake's CDN
   * keeps it: the attachment's url (and proxy_url) point there, signed as Discord signs them.
   * `declared` makes the attachment claim another size or type than what is served.
   */
  uploadAttachment(options: UploadOptions): FakeAttachment {
    return this.cdn.upload(options);
  }

  /** The CDN answers 404 for the attachment from now on, as for a deleted or expired file. */
  deleteAttachment(attachment: FakeAttachment): void {
    this.cdn.remove(attachment);
  }

  /** Every request the CDN answered, oldest first. */
  get downloads(): readonly CdnDownload[] {
    return this.cdn.downloads;
  }

  /** The CDN's origin (its own port: not the API's), what an attachment's url starts with. */
  get cdnOrigin(): string {
    return this.cdn.origin;
  }

  // ---------------------------------------------------------------- playing the users

  /** Where a user acts: a guild's channel (they are a member) or their own DM with the bot. */
  private placeOf(channelId: string, userId: string): Place {
    const place = this.guilds.locate(channelId);
    if (!place) throw new Error(`fake Discord: no channel ${channelId}`);
    if (place.dmUserId !== undefined && place.dmUserId !== userId) throw new Error(`fake Discord: channel ${channelId} is the DM of user ${place.dmUserId}, not of ${userId}`);
    return place;
  }

  /** The client's gate: a registered command the user may not run there is not offered, so it cannot be sent. */
  private offeredCommand(name: string, userId: string, place: Place): { command: RegisteredCommand; guildId?: string } | undefined {
    const found = findCommand(this.registeredCommands, name, place.guild?.id);
    if (!found) return undefined;
    const permissions = place.guild ? this.guilds.permissions(place.guild, userId) : 0n;
    const why = refusal(found.command, found.guildId !== undefined, { ...(place.guild ? { guild: place.guild } : {}), userId, permissions });
    if (why) throw new Error(`fake Discord: the Discord client does not offer /${name} to user ${userId} ${place.guild ? `in guild ${place.guild.id}` : 'in DMs'}: ${why}`);
    return found;
  }

  private newInteraction(type: InteractionType, data: object, userId: string, channelId: string, message?: FakeMessage): InteractionState {
    const place = this.placeOf(channelId, userId);
    const guild = place.guild;
    const state: InteractionState = {
      id: nextId(),
      type,
      userId,
      channelId,
      ...(guild ? { guildId: guild.id } : {}),
      token: `token-${nextId()}`,
      dispatchedAt: Date.now(),
      acknowledged: false,
      callbacks: [],
      followUps: [],
      ...(message ? { message } : {}),
    };
    this.interactions.set(state.id, state);
    // In a guild: guild fields and the member with the permissions they have in the channel; in a DM: the user, and no guild.
    const permissions = guild ? String(this.guilds.permissions(guild, userId)) : undefined;
    const where = guild
      ? {
          guild_id: guild.id,
          channel: { ...place.channel, permissions },
          guild: { id: guild.id, locale: 'en-US', features: [] },
          member: { ...this.guilds.memberPayload(guild, userId), permissions },
          guild_locale: 'en-US',
          app_permissions: String(this.guilds.permissions(guild, APPLICATION_ID)),
          authorizing_integration_owners: { 0: guild.id },
          context: GUILD_CONTEXT,
        }
      : {
          channel: place.channel,
          user: user(userId),
          app_permissions: String(DM_APP_PERMISSIONS),
          // A guild install used in a DM with the bot: "0" stands for no guild.
          authorizing_integration_owners: { 0: '0' },
          context: BOT_DM_CONTEXT,
        };
    state.payload = {
      id: state.id,
      application_id: APPLICATION_ID,
      type,
      token: state.token,
      version: 1,
      channel_id: channelId,
      ...where,
      data,
      locale: 'en-US',
      entitlements: [],
      attachment_size_limit: 8_388_608,
      ...(message ? { message: toApiMessage(message) } : {}),
    };
    this.gateway.dispatch(GatewayDispatchEvents.InteractionCreate, state.payload);
    return state;
  }

  /** The data of a command interaction: the registered command's id (and guild, for a guild command) when there is one. */
  private commandData(name: string, found: { command: RegisteredCommand; guildId?: string } | undefined, place: Place, built: ReturnType<typeof buildOptions>) {
    const commandGuildId = found ? found.guildId : place.guild?.id;
    return {
      id: found?.command.id ?? COMMAND_ID,
      name,
      type: ApplicationCommandType.ChatInput,
      options: built.options,
      ...(Object.keys(built.attachments).length > 0 ? { resolved: { attachments: built.attachments } } : {}),
      ...(commandGuildId ? { guild_id: commandGuildId } : {}),
    };
  }

  /**
   * A user runs a slash command in a channel (a guild's, or their DM: fake.dmChannelId(user)).
   * Options as name → value (string, boolean, number, or an uploaded attachment), or a subcommand
   * with its options: `slashCommand('article', { subcommand: 'add', options: { file } }, admin, channel)`.
   * If the command is registered, the fake refuses (throws) what the Discord client would not
   * send: a command hidden from this member here, unknown options, wrong types, missing required ones.
   */
  slashCommand(name: string, options: CommandOptions | SubcommandCall, userId = DEFAULT_USER_ID, channelId = CHANNEL_ID): InteractionState {
    const place = this.placeOf(channelId, userId);
    const found = this.offeredCommand(name, userId, place);
    const call = isSubcommandCall(options) ? { ...options, options: options.options ?? {} } : { options };
    const data = this.commandData(name, found, place, buildOptions(name, found?.command, call));
    return this.newInteraction(InteractionType.ApplicationCommand, data, userId, channelId);
  }

  /**
   * A user types in an autocomplete option: `autocomplete('lookup', 'term', 'mor')`, or inside a
   * subcommand, with the options already filled in:
   * `autocomplete('article', { subcommand: 'remove', focused: 'article', value: 'ecu' }, userId, channelId)`.
   */
  autocomplete(name: string, option: string, value: string, userId?: string, channelId?: string): InteractionState;
  autocomplete(name: string, typing: AutocompleteCall, userId?: string, channelId?: string): InteractionState;
  autocomplete(name: string, optionOrTyping: string | AutocompleteCall, ...rest: (string | undefined)[]): InteractionState {
    const typing: AutocompleteCall = typeof optionOrTyping === 'string' ? { focused: optionOrTyping, value: rest.shift() ?? '' } : optionOrTyping;
    const [userId = DEFAULT_USER_ID, channelId = CHANNEL_ID] = rest;
    const place = this.placeOf(channelId, userId);
    const found = this.offeredCommand(name, userId, place);
    const call = { ...(typing.subcommand !== undefined ? { subcommand: typing.subcommand } : {}), ...(typing.group !== undefined ? { group: typing.group } : {}), options: typing.options ?? {} };
    const data = this.commandData(name, found, place, buildOptions(name, found?.command, call, { name: typing.focused, value: typing.value }));
    return this.newInteraction(InteractionType.ApplicationCommandAutocomplete, data, userId, channelId);
  }

  /** The custom id of the message's first button whose id starts with `prefix`. */
  buttonId(message: FakeMessage, prefix: string): string {
    const id = message.components.flatMap((row) => row.components ?? []).find((component) => component.custom_id?.startsWith(prefix))?.custom_id;
    if (id === undefined) throw new Error(`no button starting with ${prefix} on message ${message.id}`);
    return id;
  }

  /**
   * A user clicks a button of a message the bot sent. With `forged`, the custom id need not be
   * one of the message's buttons: what a modified client could send.
   */
  clickButton(message: FakeMessage, customId: string, userId = DEFAULT_USER_ID, forged = false): InteractionState {
    const found = message.components.flatMap((row) => row.components ?? []).some((component) => component.custom_id === customId);
    if (!found && !forged) throw new Error(`no button ${customId} on message ${message.id}`);
    return this.newInteraction(InteractionType.MessageComponent, { custom_id: customId, component_type: ComponentType.Button }, userId, message.channel_id, message);
  }

  /** A user picks from a select menu on a message (the bot never sends one: an out-of-date or foreign control). */
  selectMenu(message: FakeMessage, customId: string, values: string[], userId = DEFAULT_USER_ID): InteractionState {
    return this.newInteraction(InteractionType.MessageComponent, { custom_id: customId, component_type: ComponentType.StringSelect, values }, userId, message.channel_id, message);
  }

  /** A user submits a modal. */
  submitModal(customId: string, userId = DEFAULT_USER_ID, channelId = CHANNEL_ID): InteractionState {
    return this.newInteraction(InteractionType.ModalSubmit, { custom_id: customId, components: [] }, userId, channelId);
  }

  /**
   * A user posts a message in a channel (default CHANNEL_ID), or with `direct` in their DM with
   * the bot; files uploaded with `ephemeral: false` can go with it. Returns it as the bot will see it.
   */
  postMessage(options: { content: string; authorId?: string; channelId?: string; mentionBot?: boolean; replyTo?: FakeMessage; direct?: boolean; attachments?: FakeAttachment[] }): FakeMessage {
    const authorId = options.authorId ?? DEFAULT_USER_ID;
    const channelId = options.channelId ?? (options.direct ? this.guilds.dmChannel(authorId) : CHANNEL_ID);
    const place = this.placeOf(channelId, authorId);
    const guild = place.guild;
    const message: FakeMessage = {
      id: nextId(),
      channel_id: channelId,
      ...(guild ? { guild_id: guild.id } : {}),
      author: user(authorId),
      content: options.content,
      components: [],
      flags: 0,
      ephemeral: false,
      edits: 0,
      ...(options.attachments?.length ? { attachments: options.attachments } : {}),
      ...(options.replyTo ? { message_reference: { message_id: options.replyTo.id, channel_id: options.replyTo.channel_id, ...(guild ? { guild_id: guild.id } : {}) } } : {}),
    };
    this.messages.push(message);
    const mentions = [...(options.mentionBot ? [botUser] : []), ...(options.replyTo && options.replyTo.author.id === APPLICATION_ID ? [botUser] : [])];
    this.gateway.dispatch(GatewayDispatchEvents.MessageCreate, {
      ...toApiMessage(message),
      mentions,
      type: options.replyTo ? MessageType.Reply : MessageType.Default,
      channel_type: guild ? (this.threads.has(channelId) ? ChannelType.PublicThread : ChannelType.GuildText) : ChannelType.DM,
      ...(options.replyTo ? { referenced_message: toApiMessage(options.replyTo) } : {}),
      // A message's member is the author's, without its user.
      ...(guild ? { member: (({ user: _user, ...member }) => member)(this.guilds.memberPayload(guild, authorId)) } : {}),
    });
    return message;
  }

  /** Messages the bot created in a channel (replies and thread posts), oldest first. */
  botMessages(channelId?: string): FakeMessage[] {
    return this.messages.filter((m) => m.author.id === APPLICATION_ID && (channelId === undefined || m.channel_id === channelId));
  }

  /** The bot's first response to an interaction: its reply (after any deferral and edit), or an update. */
  async response(interaction: InteractionState, what = 'a response', timeoutMs = 10_000): Promise<FakeMessage> {
    return this.until(() => {
      const callback = interaction.callbacks[0];
      if (!callback) return undefined;
      if (callback.type === 5) return interaction.original?.edits ? interaction.original : undefined;
      return interaction.original;
    }, timeoutMs, what);
  }
}
