/**
 * The fake's REST routes: the ones the bot uses, answered as Discord does (the 3 s window for an
 * interaction's acknowledgement, one acknowledgement only, the 15 minutes of its token, limits
 * checked by validation.ts, messages kept in the channel's guild or DM), and failures injected on
 * demand (500s, 429s with retry_after).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ChannelType, InteractionResponseType, InteractionType, MessageFlags } from 'discord.js';
import { APPLICATION_ID, botUser, nextId, toApiMessage, TOKEN, type FakeMessage, type FakeState, type MessageBody, type RecordedBody, type RegisteredCommand } from './model.ts';
import { DiscordError, invalidForm, validateChoices, validateCommand, validateCommands, validateMessage } from './validation.ts';

/** Discord forgets an interaction not acknowledged within this. */
const ACK_WINDOW_MS = 3000;
/** An interaction's token (its webhook: edits, follow-ups) lasts this long. */
const TOKEN_LIFETIME_MS = 15 * 60 * 1000;

const missingAccess = () => new DiscordError(403, 50001, 'Missing Access');

type Failure = { pattern: RegExp; status: number; remaining: number; retryAfter: number };
type Reply = { status: number; body?: unknown };

const isEphemeral = (body: MessageBody | undefined) => ((body?.flags ?? 0) & MessageFlags.Ephemeral) !== 0;

export class FakeRest {
  private readonly failures: Failure[] = [];

  constructor(
    private readonly state: FakeState,
    private readonly apiUrl: string,
    private readonly gatewayUrl: string,
  ) {}

  /** Makes the next `times` requests whose "METHOD path" matches fail with `status` (429 carries retry_after). */
  failNext(pattern: RegExp, status: number, times: number, retryAfter: number): void {
    this.failures.push({ pattern, status, remaining: times, retryAfter });
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', this.apiUrl);
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v\d+/, '');
    let body: RecordedBody = null;
    try {
      body = text ? (JSON.parse(text) as RecordedBody) : null;
    } catch {
      body = null;
    }
    const reply = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      this.state.requests.push({ method, path, body, status, response: payload });
      response.writeHead(status, { ...(payload === undefined ? {} : { 'content-type': 'application/json' }), ...headers });
      response.end(payload === undefined ? undefined : JSON.stringify(payload));
      this.state.changed();
    };
    const failure = this.failures.find((f) => f.remaining > 0 && f.pattern.test(`${method} ${path}`));
    if (failure) {
      failure.remaining--;
      if (failure.status === 429) {
        reply(429, { message: 'You are being rate limited.', retry_after: failure.retryAfter, global: false }, { 'retry-after': String(failure.retryAfter), 'x-ratelimit-scope': 'user' });
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

  private route(method: string, path: string, body: RecordedBody, authorization: string | undefined, query: URLSearchParams): Reply {
    const botAuth = authorization === `Bot ${TOKEN}`;
    const needsBot = () => {
      if (!botAuth) throw new DiscordError(401, 0, '401: Unauthorized');
    };
    let match: RegExpMatchArray | null;
    if (method === 'GET' && path === '/gateway/bot') {
      needsBot();
      return { status: 200, body: { url: this.gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } } };
    }
    if ((match = path.match(/^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands(?:\/(\d+))?$/))) {
      needsBot();
      return this.commands(method, match[1]!, match[2], match[3], body);
    }
    if (method === 'POST' && (match = path.match(/^\/interactions\/(\d+)\/([^/]+)\/callback$/))) {
      return this.interactionCallback(match[1]!, match[2]!, body, query.get('with_response') === 'true');
    }
    if ((match = path.match(/^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/(@original|\d+))?$/))) {
      return this.webhook(method, match[2]!, match[3], body);
    }
    if (method === 'POST' && (match = path.match(/^\/channels\/(\d+)\/messages$/))) {
      needsBot();
      this.knownChannel(match[1]!);
      validateMessage(body);
      const message = this.createMessage(match[1]!, body!, false);
      return { status: 200, body: toApiMessage(message) };
    }
    if (method === 'POST' && (match = path.match(/^\/channels\/(\d+)\/messages\/(\d+)\/threads$/))) {
      needsBot();
      const parent = this.knownChannel(match[1]!);
      if (!parent.guild) throw new DiscordError(400, 50024, 'Cannot execute action on this channel type');
      const name = body?.name;
      if (!name || name.length > 100) throw invalidForm('name', 'Must be between 1 and 100 in length.');
      const thread = {
        id: nextId(),
        type: ChannelType.PublicThread,
        guild_id: parent.guild.id,
        parent_id: match[1]!,
        owner_id: APPLICATION_ID,
        name,
        thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: new Date().toISOString(), locked: false },
        message_count: 0,
        member_count: 1,
        total_message_sent: 0,
        flags: 0,
      };
      this.state.threads.set(thread.id, thread);
      return { status: 201, body: thread };
    }
    if (method === 'DELETE' && (match = path.match(/^\/channels\/(\d+)\/messages\/(\d+)$/))) {
      needsBot();
      const target = this.state.messages.find((m) => m.id === match![2] && m.channel_id === match![1]);
      if (!target || target.author.id !== APPLICATION_ID) throw new DiscordError(404, 10008, 'Unknown Message');
      target.deleted = true;
      return { status: 204 };
    }
    if (method === 'POST' && /^\/channels\/\d+\/typing$/.test(path)) return { status: 204 };
    if (method === 'POST' && path === '/users/@me/channels') {
      needsBot();
      const recipient = (body as { recipient_id?: unknown } | null)?.recipient_id;
      if (typeof recipient !== 'string' || !/^\d+$/.test(recipient)) throw invalidForm('recipient_id', 'Value "" is not snowflake.', 'NUMBER_TYPE_COERCE');
      return { status: 200, body: this.state.guilds.locate(this.state.guilds.dmChannel(recipient))!.channel };
    }
    if (method === 'GET' && (match = path.match(/^\/guilds\/(\d+)\/members\/(\d+)$/))) {
      needsBot();
      const guild = this.state.guilds.all().find((candidate) => candidate.id === match![1]);
      if (!guild) throw missingAccess();
      if (match[2] === APPLICATION_ID) return { status: 200, body: this.state.guilds.guildCreate(guild).members[0] };
      if (!guild.members.has(match[2]!)) throw new DiscordError(404, 10007, 'Unknown Member');
      return { status: 200, body: this.state.guilds.memberPayload(guild, match[2]!) };
    }
    throw new DiscordError(404, 0, `404: Not Found (${method} ${path})`);
  }

  /** Where the bot may post: a guild's channel or thread, or a DM channel; anything else is Unknown Channel. */
  private knownChannel(channelId: string) {
    const place = this.state.guilds.locate(channelId);
    if (!place) throw new DiscordError(404, 10003, 'Unknown Channel');
    return place;
  }

  /**
   * The command routes: bulk overwrite (PUT), list (GET), create or replace one by name (POST),
   * delete one (DELETE); global or for a guild the bot is in. Kept in `registeredCommands` under
   * the guild's id or 'global'.
   */
  private commands(method: string, applicationId: string, guildId: string | undefined, commandId: string | undefined, body: RecordedBody): Reply {
    if (applicationId !== APPLICATION_ID) throw missingAccess();
    if (guildId !== undefined && !this.state.guilds.all().some((guild) => guild.id === guildId)) throw missingAccess();
    const key = guildId ?? 'global';
    const current = this.state.registeredCommands.get(key) ?? [];
    const stored = (command: Record<string, unknown>, id = nextId()): RegisteredCommand =>
      ({ type: 1, ...command, id, application_id: applicationId, ...(guildId ? { guild_id: guildId } : {}), version: nextId() }) as unknown as RegisteredCommand;
    if (method === 'PUT' && commandId === undefined) {
      validateCommands(body);
      // Discord keeps the id of a command whose name and type are unchanged.
      const commands = (body as unknown as Record<string, unknown>[]).map((command) => stored(command, current.find((old) => old.name === command.name && old.type === (command.type ?? 1))?.id));
      this.state.registeredCommands.set(key, commands);
      return { status: 200, body: commands };
    }
    if (method === 'GET' && commandId === undefined) return { status: 200, body: current };
    if (method === 'POST' && commandId === undefined) {
      validateCommand(body, 'body');
      const command = body as unknown as Record<string, unknown>;
      const existing = current.find((old) => old.name === command.name && old.type === (command.type ?? 1));
      const created = stored(command, existing?.id);
      this.state.registeredCommands.set(key, [...current.filter((old) => old !== existing), created]);
      return { status: existing ? 200 : 201, body: created };
    }
    if (commandId !== undefined) {
      const existing = current.find((old) => old.id === commandId);
      if (!existing) throw new DiscordError(404, 10063, 'Unknown application command');
      if (method === 'GET') return { status: 200, body: existing };
      if (method === 'DELETE') {
        this.state.registeredCommands.set(key, current.filter((old) => old !== existing));
        return { status: 204 };
      }
    }
    throw new DiscordError(405, 0, '405: Method Not Allowed');
  }

  /** Registers commands as the bot's PUT would (for the driver): throws a readable error where Discord would refuse them. */
  registerCommands(guildId: string | undefined, commands: unknown[]): RegisteredCommand[] {
    try {
      return this.commands('PUT', APPLICATION_ID, guildId, undefined, commands as unknown as RecordedBody).body as RegisteredCommand[];
    } catch (error) {
      if (!(error instanceof DiscordError)) throw error;
      throw new Error(`fake Discord refused the commands: ${error.status} ${error.code} ${error.message} ${JSON.stringify(error.errors ?? {})}`);
    }
  }

  private interactionCallback(id: string, token: string, body: RecordedBody, withResponse: boolean): Reply {
    const interaction = this.state.interactions.get(id);
    if (!interaction || interaction.token !== token) throw new DiscordError(404, 10062, 'Unknown interaction');
    if (Date.now() - interaction.dispatchedAt > ACK_WINDOW_MS) throw new DiscordError(404, 10062, 'Unknown interaction');
    if (interaction.acknowledged) throw new DiscordError(400, 40060, 'Interaction has already been acknowledged.');
    const type = body?.type;
    const data = (body?.data ?? {}) as MessageBody & { choices?: { name: string; value: string }[] };
    // Autocomplete takes only choices; only a message's controls may update it.
    const allowed =
      interaction.type === InteractionType.ApplicationCommandAutocomplete
        ? [InteractionResponseType.ApplicationCommandAutocompleteResult]
        : interaction.type === InteractionType.ApplicationCommand
          ? [InteractionResponseType.ChannelMessageWithSource, InteractionResponseType.DeferredChannelMessageWithSource]
          : [InteractionResponseType.ChannelMessageWithSource, InteractionResponseType.DeferredChannelMessageWithSource, InteractionResponseType.UpdateMessage, InteractionResponseType.DeferredMessageUpdate];
    if (!allowed.includes(type as InteractionResponseType)) throw invalidForm('type', `Value must be one of {${allowed.join(', ')}} for this interaction.`, 'BASE_TYPE_CHOICES');
    if (type === InteractionResponseType.ApplicationCommandAutocompleteResult) validateChoices(data.choices);
    else if (type === InteractionResponseType.ChannelMessageWithSource || type === InteractionResponseType.UpdateMessage) validateMessage(data);
    else if (type !== InteractionResponseType.DeferredChannelMessageWithSource && type !== InteractionResponseType.DeferredMessageUpdate) {
      throw invalidForm('type', `Unsupported callback type ${String(type)}.`);
    }
    interaction.acknowledged = true;
    interaction.callbacks.push({ type, data, at: Date.now() });
    if (type !== InteractionResponseType.DeferredChannelMessageWithSource) interaction.answeredAt = Date.now();
    const ephemeral = isEphemeral(data);
    if (type === InteractionResponseType.ChannelMessageWithSource || type === InteractionResponseType.DeferredChannelMessageWithSource) {
      interaction.original = this.createMessage(interaction.channelId, data, ephemeral, false);
      interaction.original.interaction = { id: interaction.id, type: interaction.type, userId: interaction.userId, ...(interaction.guildId ? { guildId: interaction.guildId } : {}) };
    }
    // A deferred update's original message is the one whose button was clicked.
    if (type === InteractionResponseType.DeferredMessageUpdate) interaction.original = interaction.message;
    if (type === InteractionResponseType.UpdateMessage && interaction.message) {
      // An update edits the message the button is on.
      const clicked = interaction.message;
      Object.assign(clicked, { content: data.content ?? clicked.content, components: data.components ?? clicked.components });
      clicked.edits++;
      interaction.original = clicked;
    }
    this.state.changed();
    if (!withResponse) return { status: 204 };
    const message = interaction.original && type !== InteractionResponseType.DeferredChannelMessageWithSource ? toApiMessage(interaction.original) : undefined;
    return {
      status: 200,
      body: {
        interaction: { id: interaction.id, type: interaction.type, response_message_id: interaction.original?.id, response_message_loading: type === InteractionResponseType.DeferredChannelMessageWithSource, response_message_ephemeral: ephemeral },
        resource: { type, ...(message ? { message } : {}) },
      },
    };
  }

  private webhook(method: string, token: string, messageId: string | undefined, body: RecordedBody): Reply {
    const interaction = [...this.state.interactions.values()].find((candidate) => candidate.token === token);
    if (!interaction || !interaction.acknowledged) throw new DiscordError(404, 10015, 'Unknown Webhook');
    if (Date.now() - interaction.dispatchedAt > TOKEN_LIFETIME_MS) throw new DiscordError(401, 50027, 'Invalid Webhook Token');
    if (method === 'POST' && messageId === undefined) {
      validateMessage(body);
      const message = this.createMessage(interaction.channelId, body!, isEphemeral(body ?? undefined));
      message.interaction = { id: interaction.id, type: interaction.type, userId: interaction.userId, ...(interaction.guildId ? { guildId: interaction.guildId } : {}) };
      interaction.followUps.push(message);
      this.state.changed();
      return { status: 200, body: toApiMessage(message) };
    }
    const target = messageId === '@original' ? interaction.original : [interaction.original, ...interaction.followUps].find((m) => m?.id === messageId);
    if (!target) throw new DiscordError(404, 10008, 'Unknown Message');
    if (method === 'GET') return { status: 200, body: toApiMessage(target) };
    if (method === 'DELETE') {
      target.deleted = true;
      this.state.changed();
      return { status: 204 };
    }
    if (method === 'PATCH') {
      validateMessage(body, false);
      if (body?.content !== undefined) target.content = body.content;
      if (body?.components !== undefined) target.components = body.components;
      if (body?.allowed_mentions !== undefined) target.allowed_mentions = body.allowed_mentions;
      target.edits++;
      interaction.answeredAt = Date.now();
      this.state.changed();
      return { status: 200, body: toApiMessage(target) };
    }
    throw new DiscordError(405, 0, '405: Method Not Allowed');
  }

  /** A message the bot wrote, in its channel's guild (none in a DM); an ephemeral one is kept on its interaction only, unless `record`. */
  createMessage(channelId: string, body: MessageBody, ephemeral: boolean, record = true): FakeMessage {
    const guildId = this.state.guilds.locate(channelId)?.guild?.id;
    const message: FakeMessage = {
      id: nextId(),
      channel_id: channelId,
      ...(guildId ? { guild_id: guildId } : {}),
      author: botUser,
      content: body.content ?? '',
      components: body.components ?? [],
      flags: body.flags ?? 0,
      allowed_mentions: body.allowed_mentions,
      ephemeral,
      edits: 0,
      ...(body.message_reference ? { message_reference: body.message_reference } : {}),
    };
    if (record || !ephemeral) this.state.messages.push(message);
    return message;
  }
}
