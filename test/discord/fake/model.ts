/** What the fake Discord's parts share: ids, the shapes it keeps, and how it writes them as Discord does. */
import { ChannelType, MessageType } from 'discord.js';
import type { FakeGuilds } from './guilds.ts';

export const TOKEN = 'test-token';
export const APPLICATION_ID = '100000000000000001';
export const GUILD_ID = '200000000000000001';
export const CHANNEL_ID = '300000000000000001';
export const OTHER_CHANNEL_ID = '300000000000000002';
export const DM_CHANNEL_ID = '300000000000000009';
export const DEFAULT_USER_ID = '500000000000000001';

let snowflake = 900_000_000_000_000_000n;
/** A fresh snowflake each call. */
export const nextId = (): string => String(++snowflake);

export const botUser = { id: APPLICATION_ID, username: 'quote-bot', discriminator: '0', global_name: null, avatar: null, bot: true, flags: 0 };

export function user(id: string) {
  return { id, username: `user${id.slice(-4)}`, discriminator: '0', global_name: null, avatar: null, bot: false, flags: 0 };
}

export const textChannel = (id: string, name: string, guildId = GUILD_ID) => ({ id, type: ChannelType.GuildText, guild_id: guildId, name, position: 0, permission_overwrites: [], nsfw: false, parent_id: null });

/** A file as Discord describes it in a message or in an interaction's resolved data. */
export interface FakeAttachment {
  id: string;
  filename: string;
  size: number;
  url: string;
  proxy_url: string;
  content_type?: string;
  /** Set on files uploaded to a slash command's attachment option, as Discord sets it. */
  ephemeral?: boolean;
}

/** A message component as the bot sends it (buttons; rows hold them). */
export interface Component {
  type: number;
  custom_id?: string;
  label?: string;
  emoji?: { name?: string };
  disabled?: boolean;
  components?: Component[];
}

/** A message payload as the bot sends it: what the fake reads of it. */
export interface MessageBody {
  content?: string;
  components?: Component[];
  embeds?: { title?: string; description?: string }[];
  flags?: number;
  allowed_mentions?: unknown;
  message_reference?: { message_id: string; channel_id: string; guild_id?: string };
}

export interface FakeMessage {
  id: string;
  channel_id: string;
  guild_id?: string;
  author: ReturnType<typeof user> | typeof botUser;
  content: string;
  components: Component[];
  flags: number;
  allowed_mentions?: unknown;
  message_reference?: { message_id: string; channel_id: string; guild_id?: string };
  ephemeral: boolean;
  edits: number;
  deleted?: boolean;
  attachments?: FakeAttachment[];
  /** For a message that answers an interaction: who ran it, and in which guild (none in a DM) (Discord's interaction_metadata). */
  interaction?: { id: string; type: number; userId: string; guildId?: string };
}

export type RecordedBody = (MessageBody & { type?: number; data?: MessageBody; name?: string }) | null;

export interface RecordedRequest {
  method: string;
  path: string;
  /** The JSON the bot sent (a message, an interaction callback holding one in `data`, a thread, commands). */
  body: RecordedBody;
  status: number;
  /** What the fake answered (errors carry Discord's code and message). */
  response?: unknown;
}

export interface InteractionState {
  id: string;
  type: number;
  userId: string;
  /** Where it was run: a guild's channel (with its guild) or a DM channel (no guild). */
  channelId: string;
  guildId?: string;
  token: string;
  dispatchedAt: number;
  acknowledged: boolean;
  callbacks: { type: number; data: MessageBody & { choices?: { name: string; value: string }[] }; at: number }[];
  /** When the reply the user sees was last written (the reply itself, or the edit of a deferral). */
  answeredAt?: number;
  original?: FakeMessage;
  followUps: FakeMessage[];
  /** The message whose button was clicked (component interactions only). */
  message?: FakeMessage;
  /** The INTERACTION_CREATE payload as the bot received it. */
  payload?: Record<string, unknown>;
}

/** A command option as registered (a subcommand or group holds its own options). */
export interface RegisteredOption {
  name: string;
  type: number;
  required?: boolean;
  autocomplete?: boolean;
  choices?: { name: string; value: string | number }[];
  min_length?: number;
  max_length?: number;
  min_value?: number;
  max_value?: number;
  options?: RegisteredOption[];
}

/** A command as registered through PUT or POST …/commands. */
export interface RegisteredCommand {
  id: string;
  name: string;
  type?: number;
  options?: RegisteredOption[];
  default_member_permissions?: string | null;
  dm_permission?: boolean | null;
  contexts?: number[] | null;
  integration_types?: number[] | null;
  [field: string]: unknown;
}

/** What the fake keeps of the conversation, shared by its REST side and its driver. */
export interface FakeState {
  readonly guilds: FakeGuilds;
  readonly requests: RecordedRequest[];
  readonly messages: FakeMessage[];
  readonly interactions: Map<string, InteractionState>;
  readonly registeredCommands: Map<string, RegisteredCommand[]>;
  readonly threads: Map<string, { id: string; parent_id: string; [field: string]: unknown }>;
  /** Wakes whoever waits on a change (see FakeDiscord.until). */
  changed(): void;
}

/** A message as Discord's API returns it. */
export function toApiMessage(message: FakeMessage) {
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
    attachments: message.attachments ?? [],
    embeds: [],
    components: message.components,
    pinned: false,
    type: message.message_reference ? MessageType.Reply : MessageType.Default,
    flags: message.flags,
    ...(message.message_reference ? { message_reference: message.message_reference } : {}),
    ...(message.interaction
      ? { interaction_metadata: { id: message.interaction.id, type: message.interaction.type, user: user(message.interaction.userId), authorizing_integration_owners: { 0: message.interaction.guildId ?? '0' } } }
      : {}),
  };
}
