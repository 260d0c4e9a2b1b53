/**
 * Builders for the discord.js objects handlers receive (messages, channels, buttons, chat-input
 * commands), in the spirit of python-discord's tests/helpers.py: counter ids, overridable defaults,
 * and every call a handler makes recorded in order. Each builder names only properties that exist
 * on the discord.js type it stands for (`satisfies Shape<…>`), so a renamed property breaks the build.
 */
import { ChannelType, type AutocompleteInteraction, type ButtonInteraction, type ChatInputCommandInteraction, type Message, type TextChannel, type ThreadChannel } from 'discord.js';
import { nextId } from './fakes.ts';

/** Only property names of T, with any values: what a structural fake of T may set. */
type Shape<T> = { [K in keyof T]?: unknown };

/** A call a fake received: the method, its first argument and what it returned. */
export interface Call {
  method: string;
  payload?: unknown;
  result?: unknown;
}

/** A method that records its calls and resolves to what `result` returns (or throws what it throws). */
function recorder(calls: Call[], method: string, result: () => unknown = () => undefined) {
  return async (payload?: unknown) => {
    const call: Call = { method, payload, result: result() };
    calls.push(call);
    return call.result;
  };
}

export type ChannelKind = 'dm' | 'text' | 'announcement' | 'voice' | 'thread';

export interface ChannelOptions {
  kind?: ChannelKind;
  id?: string;
  /** For a thread: the channel it was opened in. */
  parentId?: string;
  /** For a thread: who opened it. */
  ownerId?: string;
}

const CHANNEL_TYPES: Record<ChannelKind, ChannelType> = {
  dm: ChannelType.DM,
  text: ChannelType.GuildText,
  announcement: ChannelType.GuildAnnouncement,
  voice: ChannelType.GuildVoice,
  thread: ChannelType.PublicThread,
};

/** A channel a message can be posted in. */
export function fakeChannel({ kind = 'text', id = nextId(), parentId = nextId(), ownerId = nextId() }: ChannelOptions = {}) {
  const thread = kind === 'thread';
  return {
    id,
    type: CHANNEL_TYPES[kind],
    parentId: thread ? parentId : null,
    ownerId: thread ? ownerId : undefined,
    isDMBased: () => kind === 'dm',
    isThread: () => thread,
  } satisfies Shape<ThreadChannel> & Shape<TextChannel>;
}

export interface MessageOptions {
  id?: string;
  content?: string;
  authorId?: string;
  bot?: boolean;
  system?: boolean;
  channel?: ReturnType<typeof fakeChannel>;
  /** Users the message mentions. */
  mentions?: string[];
  /** The author of the message this one replies to. */
  repliedUserId?: string;
  /** The message this one replies to. */
  replyTo?: string;
  /** The server it was posted in; none (null) for a DM. */
  guildId?: string;
  /** Who ran the interaction this message answers (a bot's reply to a command). */
  interactionUserId?: string;
}

/** A message, whose reply/startThread/delete calls are recorded in `calls`. */
export function fakeMessage(options: MessageOptions = {}): { message: Message; calls: Call[] } {
  const calls: Call[] = [];
  const channel = options.channel ?? fakeChannel();
  const message = {
    id: options.id ?? nextId(),
    content: options.content ?? '',
    author: { id: options.authorId ?? nextId(), bot: options.bot ?? false },
    system: options.system ?? false,
    channel,
    channelId: channel.id,
    guildId: options.guildId ?? null,
    mentions: {
      users: new Map((options.mentions ?? []).map((id) => [id, { id }])),
      repliedUser: options.repliedUserId ? { id: options.repliedUserId } : null,
    },
    reference: options.replyTo ? { messageId: options.replyTo } : null,
    interactionMetadata: options.interactionUserId ? { user: { id: options.interactionUserId } } : null,
    reply: recorder(calls, 'reply', () => fakeMessage({ bot: true, channel }).message),
    startThread: recorder(calls, 'startThread', () => ({ id: nextId(), send: recorder(calls, 'thread.send', () => fakeMessage({ bot: true }).message) })),
    delete: recorder(calls, 'delete'),
  } satisfies Shape<Message>;
  return { message: message as unknown as Message, calls };
}

export interface InteractionOptions {
  userId?: string;
  /** The server it came from; none (null) for a DM. */
  guildId?: string;
  /** Methods that fail with the given error (e.g. a Discord error on reply). */
  fail?: Partial<Record<string, Error>>;
}

/**
 * What every repliable interaction has: an id, a user, and reply methods that record their calls
 * and set `replied`/`deferred` as discord.js does. `kind` says which one it is.
 */
function repliable(kind: 'button' | 'command', options: InteractionOptions) {
  const calls: Call[] = [];
  const base = {
    id: nextId(),
    user: { id: options.userId ?? nextId() },
    guildId: options.guildId ?? null,
    replied: false,
    deferred: false,
    isAutocomplete: () => false,
    isRepliable: () => true,
    isChatInputCommand: () => kind === 'command',
    isCommand: () => kind === 'command',
    isButton: () => kind === 'button',
  };
  const call = (method: string, after: () => void, result: () => unknown = () => undefined) => async (payload?: unknown) => {
    const recorded: Call = { method, payload };
    calls.push(recorded);
    const error = options.fail?.[method];
    if (error) throw error;
    after();
    recorded.result = result();
    return recorded.result;
  };
  const sentMessage = () => fakeMessage({ bot: true }).message;
  const interaction = Object.assign(base, {
    reply: call('reply', () => (base.replied = true), () => ({ resource: { message: sentMessage() } })),
    deferReply: call('deferReply', () => (base.deferred = true)),
    deferUpdate: call('deferUpdate', () => (base.deferred = true)),
    update: call('update', () => (base.replied = true)),
    editReply: call('editReply', () => (base.replied = true), sentMessage),
    followUp: call('followUp', () => undefined, sentMessage),
    deleteReply: call('deleteReply', () => undefined),
  });
  return { interaction, calls };
}

/** A button click on `message` (a fakeMessage). */
export function fakeButton(customId: string, message: Message, options: InteractionOptions = {}) {
  const { interaction, calls } = repliable('button', options);
  const button = Object.assign(interaction, { customId, message }) satisfies Shape<ButtonInteraction>;
  return { interaction: button as unknown as ButtonInteraction, calls };
}

/** A chat-input (slash) command with its options. */
export function fakeChatInput(commandName: string, options: Record<string, string | boolean> = {}, settings: InteractionOptions = {}) {
  const { interaction, calls } = repliable('command', settings);
  const command = Object.assign(interaction, {
    commandName,
    options: {
      data: Object.entries(options).map(([name, value]) => ({ name, value })),
      getString: (name: string) => (typeof options[name] === 'string' ? options[name] : null),
      getBoolean: (name: string) => (typeof options[name] === 'boolean' ? options[name] : null),
    },
  }) satisfies Shape<ChatInputCommandInteraction>;
  return { interaction: command as unknown as ChatInputCommandInteraction, calls };
}

/** Another kind of component (a select menu) or a modal: something the bot never sends. */
export function fakeOtherComponent(settings: InteractionOptions = {}) {
  const { interaction, calls } = fakeButton('pick', fakeMessage().message, settings);
  return { interaction: Object.assign(interaction, { isButton: () => false }), calls };
}

/** An autocomplete request for a command option (by default its first, such as /lookup's term). */
export function fakeAutocomplete(commandName: string, focused: string, settings: InteractionOptions & { option?: string } = {}) {
  const calls: Call[] = [];
  const interaction = {
    id: nextId(),
    commandName,
    user: { id: settings.userId ?? nextId() },
    guildId: settings.guildId ?? null,
    options: { getFocused: (full?: boolean) => (full ? { name: settings.option ?? 'term', value: focused } : focused) },
    isAutocomplete: () => true,
    respond: async (choices: unknown) => {
      calls.push({ method: 'respond', payload: choices });
      const error = settings.fail?.respond;
      if (error) throw error;
    },
  } satisfies Shape<AutocompleteInteraction>;
  return { interaction: interaction as unknown as AutocompleteInteraction, calls };
}
