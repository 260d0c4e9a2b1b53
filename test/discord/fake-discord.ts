import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * A fake Discord on 127.0.0.1 for end-to-end tests of the real discord.js client: the REST
 * routes the bot uses and a gateway (HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeats, RESUME,
 * dispatches). It checks payloads the way Discord does (length limits, 3 s acknowledgement,
 * double acknowledgement) and answers violations with Discord-shaped errors.
 */

export const TOKEN = 'test-token';
export const APPLICATION_ID = '100000000000000001';
export const GUILD_ID = '200000000000000001';
export const CHANNEL_ID = '300000000000000001';
export const OTHER_CHANNEL_ID = '300000000000000002';
export const DM_CHANNEL_ID = '300000000000000009';

const ACK_WINDOW_MS = 3000;

const botUser = { id: APPLICATION_ID, username: 'quote-bot', discriminator: '0', global_name: null, avatar: null, bot: true, flags: 0 };

export function user(id: string) {
  return { id, username: `user${id.slice(-4)}`, discriminator: '0', global_name: null, avatar: null, bot: false, flags: 0 };
}

const textChannel = (id: string, name: string) => ({ id, type: 0, guild_id: GUILD_ID, name, position: 0, permission_overwrites: [], nsfw: false, parent_id: null });

export interface RecordedRequest {
  method: string;
  path: string;
  body: any;
  status: number;
  /** What the fake answered (errors carry Discord's code and message). */
  response?: unknown;
}

export interface FakeMessage {
  id: string;
  channel_id: string;
  guild_id?: string;
  author: ReturnType<typeof user> | typeof botUser;
  content: string;
  components: any[];
  flags: number;
  allowed_mentions?: any;
  message_reference?: { message_id: string; channel_id: string; guild_id?: string };
  ephemeral: boolean;
  edits: number;
  deleted?: boolean;
  /** For a message that answers an interaction: who ran it (Discord's interaction_metadata). */
  interaction?: { id: string; type: number; userId: string };
}

interface InteractionState {
  id: string;
  type: number;
  userId: string;
  token: string;
  dispatchedAt: number;
  acknowledged: boolean;
  callbacks: { type: number; data: any; at: number }[];
  /** When the reply the user sees was last written (the reply itself, or the edit of a deferral). */
  answeredAt?: number;
  original?: FakeMessage;
  followUps: FakeMessage[];
  /** The message whose button was clicked (button interactions only). */
  message?: FakeMessage;
  /** Resolves on each change, for waiters. */
  changed: () => void;
}

interface Session {
  id: string;
  shard: number;
  shardCount: number;
  sequence: number;
  events: { s: number; payload: string }[];
  socket: WebSocket | null;
}

/** Discord's routing: a guild's events go to shard (guild_id >> 22) % shard count. */
function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

function guildCreate() {
  return {
    id: GUILD_ID,
    name: 'Test Guild',
    unavailable: false,
    owner_id: '400000000000000001',
    joined_at: new Date().toISOString(),
    large: false,
    member_count: 3,
    features: [],
    roles: [{ id: GUILD_ID, name: '@everyone', permissions: '1071698660929', position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 }],
    channels: [textChannel(CHANNEL_ID, 'general'), textChannel(OTHER_CHANNEL_ID, 'other')],
    threads: [],
    members: [],
    emojis: [],
    stickers: [],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    preferred_locale: 'en-US',
  };
}

type Failure = { pattern: RegExp; status: number; remaining: number; retryAfter?: number };

class DiscordError {
  constructor(
    readonly status: number,
    readonly code: number,
    readonly message: string,
    readonly errors?: unknown,
  ) {}
}

let snowflake = 900_000_000_000_000_000n;
const nextId = () => String(++snowflake);

export class FakeDiscord {
  readonly requests: RecordedRequest[] = [];
  readonly messages: FakeMessage[] = [];
  readonly interactions = new Map<string, InteractionState>();
  readonly registeredCommands = new Map<string, any[]>();
  identifies = 0;
  resumes = 0;
  private readonly sockets = new Set<WebSocket>();
  private readonly failures: Failure[] = [];
  private readonly sessions = new Map<string, Session>();
  private readonly waiters = new Set<() => void>();
  private readonly threads = new Map<string, any>();

  private constructor(
    private readonly server: Server,
    private readonly gateway: WebSocketServer,
    readonly port: number,
    private readonly heartbeatIntervalMs: number,
  ) {}

  static async start(options: { heartbeatIntervalMs?: number } = {}): Promise<FakeDiscord> {
    const server = createServer();
    const gateway = new WebSocketServer({ server, path: '/gateway' });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const fake = new FakeDiscord(server, gateway, (server.address() as AddressInfo).port, options.heartbeatIntervalMs ?? 5000);
    server.on('request', (request, response) => void fake.handleRest(request, response));
    gateway.on('connection', (socket) => fake.handleGateway(socket));
    return fake;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    this.gateway.close();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  /** Makes the next `times` requests whose "METHOD path" matches fail with `status` (429 carries retry_after). */
  failNext(pattern: RegExp, status: number, times = 1, retryAfter = 0.05): void {
    this.failures.push({ pattern, status, remaining: times, retryAfter });
  }

  /** Waits until the predicate holds, re-checking on every change, or fails after timeoutMs. */
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

  private notify(): void {
    for (const waiter of this.waiters) waiter();
    this.waiters.clear();
  }

  // ---------------------------------------------------------------- gateway

  private send(socket: WebSocket, payload: object): void {
    socket.send(JSON.stringify(payload));
  }

  private handleGateway(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    this.send(socket, { op: 10, d: { heartbeat_interval: this.heartbeatIntervalMs }, s: null, t: null });
    socket.on('message', (raw) => {
      const { op, d } = JSON.parse(raw.toString()) as { op: number; d: any };
      if (op === 1) this.send(socket, { op: 11, d: null, s: null, t: null });
      if (op === 2) this.identify(socket, d);
      if (op === 6) this.resume(socket, d);
    });
  }

  private identify(socket: WebSocket, d: any): void {
    if (d.token !== TOKEN) {
      socket.close(4004, 'Authentication failed.');
      return;
    }
    this.identifies++;
    const [shard = 0, shardCount = 1] = (d.shard as [number, number] | undefined) ?? [];
    const session: Session = { id: `session-${this.identifies}`, shard, shardCount, sequence: 0, events: [], socket };
    this.sessions.set(session.id, session);
    const ownsGuild = shardOf(GUILD_ID, shardCount) === shard;
    this.sendEvent(session, 'READY', {
      v: 10,
      user: botUser,
      guilds: ownsGuild ? [{ id: GUILD_ID, unavailable: true }] : [],
      session_id: session.id,
      resume_gateway_url: this.gatewayUrl,
      shard: [shard, shardCount],
      application: { id: APPLICATION_ID, flags: 0 },
    });
    if (ownsGuild) this.sendEvent(session, 'GUILD_CREATE', guildCreate());
    this.notify();
  }

  private resume(socket: WebSocket, d: any): void {
    const session = this.sessions.get(d.session_id);
    if (d.token !== TOKEN || !session) {
      this.send(socket, { op: 9, d: false, s: null, t: null });
      return;
    }
    this.resumes++;
    session.socket = socket;
    for (const event of session.events) if (event.s > d.seq) socket.send(event.payload);
    this.sendEvent(session, 'RESUMED', {});
    this.notify();
  }

  /** Sends an event on one session, kept for replay on RESUME. */
  private sendEvent(session: Session, type: string, data: object): void {
    const payload = JSON.stringify({ op: 0, t: type, s: ++session.sequence, d: data });
    session.events.push({ s: session.sequence, payload });
    if (session.socket?.readyState === session.socket?.OPEN) session.socket?.send(payload);
  }

  /** Sends an event to the session of the shard that owns the guild (DMs go to shard 0), as Discord routes them. */
  dispatch(type: string, data: { guild_id?: string; [field: string]: unknown }): void {
    const latest = [...this.sessions.values()].reverse();
    const session = latest.find((candidate) => candidate.shard === (data.guild_id ? shardOf(data.guild_id, candidate.shardCount) : 0));
    if (session) this.sendEvent(session, type, data);
  }

  /** Drops the bot's connections abruptly (no close frame): the bot must reconnect and RESUME. */
  dropConnection(): void {
    for (const socket of this.sockets) socket.terminate();
  }

  // ---------------------------------------------------------------- driving the bot

  private newInteraction(type: number, data: object, userId: string, channelId: string, extra: object = {}): InteractionState {
    const state: InteractionState = {
      id: nextId(),
      type,
      userId,
      token: `token-${nextId()}`,
      dispatchedAt: Date.now(),
      acknowledged: false,
      callbacks: [],
      followUps: [],
      changed: () => this.notify(),
    };
    this.interactions.set(state.id, state);
    this.dispatch('INTERACTION_CREATE', {
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
      ...extra,
    });
    return state;
  }

  /** A user runs a slash command; options as name → value (strings are type 3, booleans type 5). */
  slashCommand(name: string, options: Record<string, string | boolean>, userId = '500000000000000001', channelId = CHANNEL_ID): InteractionState {
    const commandOptions = Object.entries(options).map(([optionName, value]) => ({ name: optionName, type: typeof value === 'boolean' ? 5 : 3, value }));
    return this.newInteraction(2, { id: '600000000000000001', name, type: 1, options: commandOptions, guild_id: GUILD_ID }, userId, channelId);
  }

  /** A user types in an autocomplete option. */
  autocomplete(name: string, option: string, value: string, userId = '500000000000000001'): InteractionState {
    return this.newInteraction(4, { id: '600000000000000001', name, type: 1, options: [{ name: option, type: 3, value, focused: true }] }, userId, CHANNEL_ID);
  }

  /**
   * A user clicks a button of a message the bot sent. With `forged`, the custom id need not be
   * one of the message's buttons: what a modified client could send.
   */
  clickButton(message: FakeMessage, customId: string, userId = '500000000000000001', forged = false): InteractionState {
    const found = message.components.flatMap((row: any) => row.components).find((component: any) => component.custom_id === customId);
    if (!found && !forged) throw new Error(`no button ${customId} on message ${message.id}`);
    const interaction = this.newInteraction(3, { custom_id: customId, component_type: 2 }, userId, message.channel_id, { message: this.toApiMessage(message) });
    interaction.message = message;
    return interaction;
  }

  /** A user picks from a select menu on a message (the bot never sends one: an out-of-date or foreign control). */
  selectMenu(message: FakeMessage, customId: string, values: string[], userId = '500000000000000001'): InteractionState {
    const interaction = this.newInteraction(3, { custom_id: customId, component_type: 3, values }, userId, message.channel_id, { message: this.toApiMessage(message) });
    interaction.message = message;
    return interaction;
  }

  /** A user submits a modal. */
  submitModal(customId: string, userId = '500000000000000001'): InteractionState {
    return this.newInteraction(5, { custom_id: customId, components: [] }, userId, CHANNEL_ID);
  }

  /** A user posts a message; returns it as the bot will see it. */
  postMessage(options: { content: string; authorId?: string; channelId?: string; mentionBot?: boolean; replyTo?: FakeMessage; direct?: boolean }): FakeMessage {
    const channelId = options.channelId ?? (options.direct ? DM_CHANNEL_ID : CHANNEL_ID);
    const message: FakeMessage = {
      id: nextId(),
      channel_id: channelId,
      ...(options.direct ? {} : { guild_id: GUILD_ID }),
      author: user(options.authorId ?? '500000000000000001'),
      content: options.content,
      components: [],
      flags: 0,
      ephemeral: false,
      edits: 0,
      ...(options.replyTo ? { message_reference: { message_id: options.replyTo.id, channel_id: options.replyTo.channel_id, guild_id: GUILD_ID } } : {}),
    };
    this.messages.push(message);
    const mentions = [...(options.mentionBot ? [botUser] : []), ...(options.replyTo && options.replyTo.author.id === APPLICATION_ID ? [botUser] : [])];
    this.dispatch('MESSAGE_CREATE', {
      ...this.toApiMessage(message),
      mentions,
      type: options.replyTo ? 19 : 0,
      channel_type: options.direct ? 1 : this.threads.has(channelId) ? 11 : 0,
      ...(options.replyTo ? { referenced_message: this.toApiMessage(options.replyTo) } : {}),
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

  private toApiMessage(message: FakeMessage) {
    return {
      id: message.id,
      channel_id: message.channel_id,
      ...(message.guild_id ? { guild_id: message.guild_id } : {}),
      author: message.author,
      content: message.content,
      timestamp: new Date().toISOString(),
      edited_timestamp: message.edits ? new Date().toISOString() : null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      components: message.components,
      pinned: false,
      type: message.message_reference ? 19 : 0,
      flags: message.flags,
      ...(message.message_reference ? { message_reference: message.message_reference } : {}),
      ...(message.interaction
        ? { interaction_metadata: { id: message.interaction.id, type: message.interaction.type, user: user(message.interaction.userId), authorizing_integration_owners: { 0: GUILD_ID } } }
        : {}),
    };
  }

  // ---------------------------------------------------------------- REST

  private async handleRest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', this.apiUrl);
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v\d+/, '');
    let body: any = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = text;
    }
    const reply = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      this.requests.push({ method, path, body, status, response: payload });
      response.writeHead(status, { ...(payload === undefined ? {} : { 'content-type': 'application/json' }), ...headers });
      response.end(payload === undefined ? undefined : JSON.stringify(payload));
      this.notify();
    };
    const failure = this.failures.find((f) => f.remaining > 0 && f.pattern.test(`${method} ${path}`));
    if (failure) {
      failure.remaining--;
      if (failure.status === 429) {
        const retryAfter = String(failure.retryAfter ?? 0.05);
        reply(429, { message: 'You are being rate limited.', retry_after: Number(retryAfter), global: false }, { 'retry-after': retryAfter, 'x-ratelimit-scope': 'user' });
      } else {
        reply(failure.status, { message: 'Internal Server Error', code: 0 });
      }
      return;
    }
    try {
      const result = this.route(method, path, body, request.headers.authorization, url.searchParams);
      reply(result.status, result.body);
    } catch (error) {
      if (!(error instanceof DiscordError)) throw error;
      reply(error.status, { code: error.code, message: error.message, ...(error.errors ? { errors: error.errors } : {}) });
    }
  }

  private route(method: string, path: string, body: any, authorization: string | undefined, query: URLSearchParams): { status: number; body?: unknown } {
    const botAuth = authorization === `Bot ${TOKEN}`;
    let match: RegExpMatchArray | null;
    if (method === 'GET' && path === '/gateway/bot') {
      if (!botAuth) throw new DiscordError(401, 0, '401: Unauthorized');
      return { status: 200, body: { url: this.gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } } };
    }
    if (method === 'PUT' && (match = path.match(/^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/))) {
      if (!botAuth) throw new DiscordError(401, 0, '401: Unauthorized');
      validateCommands(body);
      const commands = (body as any[]).map((command) => ({ ...command, id: nextId(), application_id: match![1], version: nextId() }));
      this.registeredCommands.set(match[2] ?? 'global', commands);
      return { status: 200, body: commands };
    }
    if (method === 'POST' && (match = path.match(/^\/interactions\/(\d+)\/([^/]+)\/callback$/))) {
      return this.interactionCallback(match[1]!, match[2]!, body, query.get('with_response') === 'true');
    }
    if ((match = path.match(/^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/(@original|\d+))?$/))) {
      return this.webhook(method, match[2]!, match[3], body);
    }
    if (method === 'POST' && (match = path.match(/^\/channels\/(\d+)\/messages$/))) {
      if (!botAuth) throw new DiscordError(401, 0, '401: Unauthorized');
      validateMessage(body);
      const message = this.createMessage(match[1]!, body, false);
      if (match[1] === DM_CHANNEL_ID) delete message.guild_id;
      return { status: 200, body: this.toApiMessage(message) };
    }
    if (method === 'POST' && (match = path.match(/^\/channels\/(\d+)\/messages\/(\d+)\/threads$/))) {
      if (!body?.name || body.name.length > 100) throw invalidForm('name', 'Must be between 1 and 100 in length.');
      const thread = {
        id: nextId(),
        type: 11,
        guild_id: GUILD_ID,
        parent_id: match[1],
        owner_id: APPLICATION_ID,
        name: body.name,
        thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: new Date().toISOString(), locked: false },
        message_count: 0,
        member_count: 1,
        total_message_sent: 0,
        flags: 0,
      };
      this.threads.set(thread.id, thread);
      return { status: 201, body: thread };
    }
    if (method === 'DELETE' && (match = path.match(/^\/channels\/(\d+)\/messages\/(\d+)$/))) {
      if (!botAuth) throw new DiscordError(401, 0, '401: Unauthorized');
      const target = this.messages.find((m) => m.id === match![2] && m.channel_id === match![1]);
      if (!target || target.author.id !== APPLICATION_ID) throw new DiscordError(404, 10008, 'Unknown Message');
      target.deleted = true;
      return { status: 204 };
    }
    if (method === 'POST' && /^\/channels\/\d+\/typing$/.test(path)) return { status: 204 };
    throw new DiscordError(404, 0, `404: Not Found (${method} ${path})`);
  }

  private interactionCallback(id: string, token: string, body: any, withResponse: boolean): { status: number; body?: unknown } {
    const interaction = this.interactions.get(id);
    if (!interaction || interaction.token !== token) throw new DiscordError(404, 10062, 'Unknown interaction');
    if (Date.now() - interaction.dispatchedAt > ACK_WINDOW_MS) throw new DiscordError(404, 10062, 'Unknown interaction');
    if (interaction.acknowledged) throw new DiscordError(400, 40060, 'Interaction has already been acknowledged.');
    const { type, data } = body as { type: number; data?: any };
    if (type === 8) validateChoices(data?.choices);
    else if (type === 4 || type === 7) validateMessage(data);
    else if (type !== 5 && type !== 6) throw invalidForm('type', `Unsupported callback type ${type}.`);
    interaction.acknowledged = true;
    interaction.callbacks.push({ type, data, at: Date.now() });
    if (type !== 5) interaction.answeredAt = Date.now();
    const ephemeral = ((data?.flags ?? 0) & 64) !== 0;
    if (type === 4 || type === 5) {
      interaction.original = this.createMessage(CHANNEL_ID, data ?? {}, ephemeral, false);
      interaction.original.interaction = { id: interaction.id, type: interaction.type, userId: interaction.userId };
    }
    // A deferred update's original message is the one whose button was clicked.
    if (type === 6) interaction.original = interaction.message;
    if (type === 7) {
      // An update edits the message the button is on.
      const clicked = interaction.message;
      if (clicked) {
        Object.assign(clicked, { content: data.content ?? clicked.content, components: data.components ?? clicked.components });
        clicked.edits++;
        interaction.original = clicked;
      }
    }
    interaction.changed();
    if (!withResponse) return { status: 204 };
    const message = interaction.original && type !== 5 ? this.toApiMessage(interaction.original) : undefined;
    return {
      status: 200,
      body: {
        interaction: { id: interaction.id, type: interaction.type, response_message_id: interaction.original?.id, response_message_loading: type === 5, response_message_ephemeral: ephemeral },
        resource: { type, ...(message ? { message } : {}) },
      },
    };
  }

  private webhook(method: string, token: string, messageId: string | undefined, body: any): { status: number; body?: unknown } {
    const interaction = [...this.interactions.values()].find((candidate) => candidate.token === token);
    if (!interaction || !interaction.acknowledged) throw new DiscordError(404, 10015, 'Unknown Webhook');
    if (method === 'POST' && messageId === undefined) {
      validateMessage(body);
      const message = this.createMessage(CHANNEL_ID, body, ((body.flags ?? 0) & 64) !== 0);
      interaction.followUps.push(message);
      interaction.changed();
      return { status: 200, body: this.toApiMessage(message) };
    }
    const target = messageId === '@original' ? interaction.original : [interaction.original, ...interaction.followUps].find((m) => m?.id === messageId);
    if (!target) throw new DiscordError(404, 10008, 'Unknown Message');
    if (method === 'GET') return { status: 200, body: this.toApiMessage(target) };
    if (method === 'DELETE') {
      target.deleted = true;
      interaction.changed();
      return { status: 204 };
    }
    if (method === 'PATCH') {
      validateMessage(body, false);
      if (body.content !== undefined) target.content = body.content;
      if (body.components !== undefined) target.components = body.components;
      if (body.allowed_mentions !== undefined) target.allowed_mentions = body.allowed_mentions;
      target.edits++;
      interaction.answeredAt = Date.now();
      interaction.changed();
      return { status: 200, body: this.toApiMessage(target) };
    }
    throw new DiscordError(405, 0, '405: Method Not Allowed');
  }

  private createMessage(channelId: string, body: any, ephemeral: boolean, record = true): FakeMessage {
    const message: FakeMessage = {
      id: nextId(),
      channel_id: channelId,
      guild_id: GUILD_ID,
      author: botUser,
      content: body.content ?? '',
      components: body.components ?? [],
      flags: body.flags ?? 0,
      allowed_mentions: body.allowed_mentions,
      ephemeral,
      edits: 0,
      ...(body.message_reference ? { message_reference: body.message_reference } : {}),
    };
    if (record || !ephemeral) this.messages.push(message);
    return message;
  }
}

function invalidForm(field: string, message: string): DiscordError {
  return new DiscordError(400, 50035, 'Invalid Form Body', { [field]: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH', message }] } });
}

/** Discord's message limits: content 2000; 10 embeds, description 4096, 6000 in all; 5 rows of 5 buttons, custom_id 100, label 80. */
function validateMessage(body: any, requireContent = true): void {
  if (!body || typeof body !== 'object') throw invalidForm('body', 'Cannot send an empty message');
  const content: string = body.content ?? '';
  if (content.length > 2000) throw invalidForm('content', 'Must be 2000 or fewer in length.');
  const embeds: any[] = body.embeds ?? [];
  if (requireContent && content === '' && embeds.length === 0 && !body.components?.length) throw new DiscordError(400, 50006, 'Cannot send an empty message');
  if (embeds.length > 10) throw invalidForm('embeds', 'Must be 10 or fewer in length.');
  let total = 0;
  for (const embed of embeds) {
    if ((embed.description ?? '').length > 4096) throw invalidForm('embeds.description', 'Must be 4096 or fewer in length.');
    total += (embed.title ?? '').length + (embed.description ?? '').length;
  }
  if (total > 6000) throw invalidForm('embeds', 'Embed size exceeds maximum size of 6000');
  const rows: any[] = body.components ?? [];
  if (rows.length > 5) throw invalidForm('components', 'Must be 5 or fewer in length.');
  for (const row of rows) {
    if ((row.components ?? []).length > 5) throw invalidForm('components.components', 'Must be 5 or fewer in length.');
    for (const component of row.components ?? []) {
      if (component.custom_id !== undefined && (component.custom_id.length < 1 || component.custom_id.length > 100)) throw invalidForm('custom_id', 'Must be between 1 and 100 in length.');
      if ((component.label ?? '').length > 80) throw invalidForm('label', 'Must be 80 or fewer in length.');
    }
  }
}

function validateChoices(choices: any): void {
  if (!Array.isArray(choices)) throw invalidForm('choices', 'This field is required');
  if (choices.length > 25) throw invalidForm('choices', 'Must be 25 or fewer in length.');
  for (const choice of choices) {
    if (typeof choice.name !== 'string' || choice.name.length < 1 || choice.name.length > 100) throw invalidForm('choices.name', 'Must be between 1 and 100 in length.');
    if (String(choice.value).length > 100) throw invalidForm('choices.value', 'Must be 100 or fewer in length.');
  }
}

function validateCommands(commands: any): void {
  if (!Array.isArray(commands)) throw invalidForm('body', 'Expected an array');
  for (const command of commands) {
    if (!/^[-_\p{L}\p{N}]{1,32}$/u.test(command.name ?? '')) throw invalidForm('name', 'Invalid command name');
    if (!command.description || command.description.length > 100) throw invalidForm('description', 'Must be between 1 and 100 in length.');
  }
}
