/**
 * A fake Discord on 127.0.0.1 for end-to-end tests of the real discord.js client. This is the
 * driver: it starts the server and plays the users (slash commands, autocomplete, buttons, select
 * menus, modals, messages), and keeps what happened for the tests to read. The gateway
 * (fake/gateway.ts), the REST routes (fake/rest.ts) and Discord's checks (fake/validation.ts)
 * live apart.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApplicationCommandOptionType, ApplicationCommandType, ChannelType, ComponentType, GatewayDispatchEvents, InteractionType, MessageType } from 'discord.js';
import { WebSocketServer } from 'ws';
import type { BotConfig, EngineConfig } from '../../src/config/config.ts';
import { FakeGateway } from './fake/gateway.ts';
import { APPLICATION_ID, botUser, CHANNEL_ID, DEFAULT_USER_ID, DM_CHANNEL_ID, GUILD_ID, nextId, textChannel, toApiMessage, TOKEN, user, type FakeMessage, type FakeState, type InteractionState, type RegisteredCommand } from './fake/model.ts';
import { FakeRest } from './fake/rest.ts';

export { APPLICATION_ID, CHANNEL_ID, DM_CHANNEL_ID, GUILD_ID, OTHER_CHANNEL_ID, TOKEN, user, type FakeMessage, type RecordedRequest } from './fake/model.ts';

const COMMAND_ID = '600000000000000001';

export class FakeDiscord implements FakeState {
  readonly requests: FakeState['requests'] = [];
  readonly messages: FakeMessage[] = [];
  readonly interactions = new Map<string, InteractionState>();
  readonly registeredCommands = new Map<string, RegisteredCommand[]>();
  readonly threads: FakeState['threads'] = new Map();
  private readonly waiters = new Set<() => void>();
  private gateway!: FakeGateway;
  private rest!: FakeRest;

  private constructor(
    private readonly server: Server,
    private readonly sockets: WebSocketServer,
    readonly port: number,
  ) {}

  static async start(options: { heartbeatIntervalMs?: number } = {}): Promise<FakeDiscord> {
    const server = createServer();
    const sockets = new WebSocketServer({ server, path: '/gateway' });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const fake = new FakeDiscord(server, sockets, (server.address() as AddressInfo).port);
    fake.gateway = new FakeGateway(sockets, fake.gatewayUrl, options.heartbeatIntervalMs ?? 5000, () => fake.changed());
    fake.rest = new FakeRest(fake, fake.apiUrl, fake.gatewayUrl);
    server.on('request', (request, response) => void fake.rest.handle(request, response));
    return fake;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  /** Bot settings that point at this fake; every other setting as a test would want it unless overridden. */
  botConfig(engine: EngineConfig, feedbackFile: string, overrides: Partial<BotConfig> = {}): BotConfig {
    return {
      engine,
      sources: { allowPrivate: false },
      logLevel: 'silent',
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
      ...overrides,
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
    await new Promise((resolve) => this.server.close(resolve));
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

  // ---------------------------------------------------------------- playing the users

  private newInteraction(type: InteractionType, data: object, userId: string, channelId: string, message?: FakeMessage): InteractionState {
    const state: InteractionState = { id: nextId(), type, userId, token: `token-${nextId()}`, dispatchedAt: Date.now(), acknowledged: false, callbacks: [], followUps: [], ...(message ? { message } : {}) };
    this.interactions.set(state.id, state);
    this.gateway.dispatch(GatewayDispatchEvents.InteractionCreate, {
      id: state.id,
      application_id: APPLICATION_ID,
      type,
      token: state.token,
      version: 1,
      guild_id: GUILD_ID,
      channel_id: channelId,
      channel: { ...textChannel(channelId, 'general'), ...(this.threads.get(channelId) ?? {}) },
      guild: { id: GUILD_ID, locale: 'en-US', features: [] },
      member: { user: user(userId), roles: [], permissions: '1071698660929', joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0, pending: false },
      data,
      locale: 'en-US',
      guild_locale: 'en-US',
      app_permissions: '1071698660929',
      entitlements: [],
      authorizing_integration_owners: { 0: GUILD_ID },
      context: 0,
      attachment_size_limit: 8_388_608,
      ...(message ? { message: toApiMessage(message) } : {}),
    });
    return state;
  }

  /** A user runs a slash command; options as name → value (strings or booleans). */
  slashCommand(name: string, options: Record<string, string | boolean>, userId = DEFAULT_USER_ID, channelId = CHANNEL_ID): InteractionState {
    const commandOptions = Object.entries(options).map(([optionName, value]) => ({
      name: optionName,
      type: typeof value === 'boolean' ? ApplicationCommandOptionType.Boolean : ApplicationCommandOptionType.String,
      value,
    }));
    return this.newInteraction(InteractionType.ApplicationCommand, { id: COMMAND_ID, name, type: ApplicationCommandType.ChatInput, options: commandOptions, guild_id: GUILD_ID }, userId, channelId);
  }

  /** A user types in an autocomplete option. */
  autocomplete(name: string, option: string, value: string, userId = DEFAULT_USER_ID): InteractionState {
    const options = [{ name: option, type: ApplicationCommandOptionType.String, value, focused: true }];
    return this.newInteraction(InteractionType.ApplicationCommandAutocomplete, { id: COMMAND_ID, name, type: ApplicationCommandType.ChatInput, options }, userId, CHANNEL_ID);
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
  submitModal(customId: string, userId = DEFAULT_USER_ID): InteractionState {
    return this.newInteraction(InteractionType.ModalSubmit, { custom_id: customId, components: [] }, userId, CHANNEL_ID);
  }

  /** A user posts a message; returns it as the bot will see it. */
  postMessage(options: { content: string; authorId?: string; channelId?: string; mentionBot?: boolean; replyTo?: FakeMessage; direct?: boolean }): FakeMessage {
    const channelId = options.channelId ?? (options.direct ? DM_CHANNEL_ID : CHANNEL_ID);
    const message: FakeMessage = {
      id: nextId(),
      channel_id: channelId,
      ...(options.direct ? {} : { guild_id: GUILD_ID }),
      author: user(options.authorId ?? DEFAULT_USER_ID),
      content: options.content,
      components: [],
      flags: 0,
      ephemeral: false,
      edits: 0,
      ...(options.replyTo ? { message_reference: { message_id: options.replyTo.id, channel_id: options.replyTo.channel_id, guild_id: GUILD_ID } } : {}),
    };
    this.messages.push(message);
    const mentions = [...(options.mentionBot ? [botUser] : []), ...(options.replyTo && options.replyTo.author.id === APPLICATION_ID ? [botUser] : [])];
    this.gateway.dispatch(GatewayDispatchEvents.MessageCreate, {
      ...toApiMessage(message),
      mentions,
      type: options.replyTo ? MessageType.Reply : MessageType.Default,
      channel_type: options.direct ? ChannelType.DM : this.threads.has(channelId) ? ChannelType.PublicThread : ChannelType.GuildText,
      ...(options.replyTo ? { referenced_message: toApiMessage(options.replyTo) } : {}),
      ...(options.direct ? {} : { member: { roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 } }),
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
