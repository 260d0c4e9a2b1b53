/**
 * The fake's servers: guilds with their text channels, roles and members, each user's DM channel
 * with the bot, members' permissions as Discord computes them, and GUILD_CREATE as Discord writes it.
 */
import { ChannelType, PermissionFlagsBits, PermissionsBitField } from 'discord.js';
import { APPLICATION_ID, botUser, CHANNEL_ID, DEFAULT_USER_ID, DM_CHANNEL_ID, GUILD_ID, nextId, OTHER_CHANNEL_ID, textChannel, user, type FakeState } from './model.ts';

/** Discord's default permissions of @everyone: neither Manage Server nor Administrator. */
export const EVERYONE_PERMISSIONS = 1071698660929n;

/** The bot's own managed role: what its invite link asks for. */
const BOT_ROLE_PERMISSIONS =
  PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.SendMessagesInThreads | PermissionFlagsBits.CreatePublicThreads | PermissionFlagsBits.ReadMessageHistory;

/** What the bot may do in a DM with a user (Discord's app_permissions there). */
export const DM_APP_PERMISSIONS =
  PermissionFlagsBits.AddReactions | PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks | PermissionFlagsBits.AttachFiles | PermissionFlagsBits.ReadMessageHistory | PermissionFlagsBits.UseExternalEmojis;

export interface FakeRole {
  id: string;
  name: string;
  permissions: bigint;
  managed: boolean;
}

export interface FakeMember {
  userId: string;
  roleIds: string[];
  joinedAt: string;
}

/** What a server admin can set in Server Settings → Integrations: who may use a command, whatever its default_member_permissions. */
export type CommandPermissionOverride = 'everyone' | { users: string[] };

export interface FakeGuild {
  id: string;
  name: string;
  ownerId: string;
  /** Text channels, first one first. */
  channels: { id: string; name: string }[];
  /** @everyone (whose id is the guild's), the bot's managed role, then roles members were given. */
  roles: FakeRole[];
  members: Map<string, FakeMember>;
  botRoleId: string;
  joinedAt: string;
  /** By command name. */
  commandOverrides: Map<string, CommandPermissionOverride>;
}

/** What a member may do beyond @everyone: Manage Server, Administrator, or any permission bits. */
export interface MemberOptions {
  manageGuild?: boolean;
  administrator?: boolean;
  permissions?: bigint;
}

/** Where a channel is: in a guild (a text channel or a thread), or a user's DM with the bot. */
export type Place = { guild: FakeGuild; channel: Record<string, unknown>; dmUserId?: undefined } | { guild?: undefined; channel: Record<string, unknown>; dmUserId: string };

const DEFAULT_OWNER_ID = '400000000000000001';

export class FakeGuilds {
  private readonly byId = new Map<string, FakeGuild>();
  private readonly dmChannels = new Map<string, string>([[DEFAULT_USER_ID, DM_CHANNEL_ID]]);
  private lastGuildId = BigInt(GUILD_ID) - 1n;

  constructor(private readonly threads: FakeState['threads']) {
    this.add({ id: GUILD_ID, name: 'Test Guild', channels: [{ id: CHANNEL_ID, name: 'general' }, { id: OTHER_CHANNEL_ID, name: 'other' }] });
  }

  /** A new guild the bot is in; ids are sequential unless given (a guild's id picks its shard). */
  add(options: { id?: string; name?: string; channels?: readonly (string | { id: string; name: string })[]; ownerId?: string }): FakeGuild {
    const id = options.id ?? String(++this.lastGuildId);
    if (this.byId.has(id)) throw new Error(`fake Discord: guild ${id} exists already`);
    if (BigInt(id) > this.lastGuildId) this.lastGuildId = BigInt(id);
    const channels = (options.channels ?? ['general']).map((channel) => (typeof channel === 'string' ? { id: nextId(), name: channel } : channel));
    if (channels.length === 0) throw new Error('fake Discord: a guild needs a text channel');
    const botRoleId = nextId();
    const guild: FakeGuild = {
      id,
      name: options.name ?? `Guild ${id.slice(-4)}`,
      ownerId: options.ownerId ?? DEFAULT_OWNER_ID,
      channels,
      roles: [
        { id, name: '@everyone', permissions: EVERYONE_PERMISSIONS, managed: false },
        { id: botRoleId, name: botUser.username, permissions: BOT_ROLE_PERMISSIONS, managed: true },
      ],
      members: new Map(),
      botRoleId,
      joinedAt: new Date().toISOString(),
      commandOverrides: new Map(),
    };
    this.byId.set(id, guild);
    return guild;
  }

  get(id: string): FakeGuild {
    const guild = this.byId.get(id);
    if (!guild) throw new Error(`fake Discord: no guild ${id}`);
    return guild;
  }

  all(): FakeGuild[] {
    return [...this.byId.values()];
  }

  /** The member for a user in a guild; a user first seen there joins as a plain member (@everyone only). */
  member(guild: FakeGuild, userId: string): FakeMember {
    let member = guild.members.get(userId);
    if (!member) {
      member = { userId, roleIds: [], joinedAt: new Date().toISOString() };
      guild.members.set(userId, member);
    }
    return member;
  }

  /**
   * Sets what a member may do: their extra permissions come from a role holding exactly those
   * (shared by members given the same), as on Discord. Returns the role if it is new.
   */
  setMember(guild: FakeGuild, userId: string, options: MemberOptions): FakeRole | undefined {
    const permissions = (options.permissions ?? 0n) | (options.manageGuild ? PermissionFlagsBits.ManageGuild : 0n) | (options.administrator ? PermissionFlagsBits.Administrator : 0n);
    const member = this.member(guild, userId);
    if (permissions === 0n) {
      member.roleIds = [];
      return undefined;
    }
    let role = guild.roles.find((candidate) => !candidate.managed && candidate.id !== guild.id && candidate.permissions === permissions);
    const created = !role;
    if (!role) {
      role = { id: nextId(), name: new PermissionsBitField(permissions).toArray().join(' + '), permissions, managed: false };
      guild.roles.push(role);
    }
    member.roleIds = [role.id];
    return created ? role : undefined;
  }

  /** A member's permissions, computed as Discord does: the owner and administrators have all; others @everyone's and their roles'. */
  permissions(guild: FakeGuild, userId: string): bigint {
    if (userId === guild.ownerId) return PermissionsBitField.All;
    const roleIds = userId === APPLICATION_ID ? [guild.botRoleId] : this.member(guild, userId).roleIds;
    let permissions = guild.roles[0]!.permissions;
    for (const role of guild.roles) if (roleIds.includes(role.id)) permissions |= role.permissions;
    return (permissions & PermissionFlagsBits.Administrator) !== 0n ? PermissionsBitField.All : permissions;
  }

  /** A user's DM channel with the bot (the default user's is DM_CHANNEL_ID). */
  dmChannel(userId: string): string {
    let channelId = this.dmChannels.get(userId);
    if (!channelId) {
      channelId = nextId();
      this.dmChannels.set(userId, channelId);
    }
    return channelId;
  }

  /** Where a channel is, with the channel as Discord describes it; undefined for a channel Discord would not know. */
  locate(channelId: string): Place | undefined {
    for (const [userId, dmChannelId] of this.dmChannels) {
      if (dmChannelId === channelId) return { dmUserId: userId, channel: { id: channelId, type: ChannelType.DM, last_message_id: null, flags: 0, recipients: [user(userId)] } };
    }
    const thread = this.threads.get(channelId);
    const parentId = thread ? thread.parent_id : channelId;
    for (const guild of this.byId.values()) {
      const channel = guild.channels.find((candidate) => candidate.id === parentId);
      if (channel) return { guild, channel: { ...textChannel(channel.id, channel.name, guild.id), ...(thread ?? {}) } };
    }
    return undefined;
  }

  /** A guild member as Discord writes one (in an interaction, it carries the computed permissions). */
  memberPayload(guild: FakeGuild, userId: string) {
    const member = this.member(guild, userId);
    return { user: user(userId), roles: member.roleIds, joined_at: member.joinedAt, nick: null, avatar: null, premium_since: null, deaf: false, mute: false, flags: 0, pending: false, communication_disabled_until: null };
  }

  /** GUILD_CREATE as Discord sends it to a bot without the members intent: its own member only. */
  guildCreate(guild: FakeGuild) {
    return {
      id: guild.id,
      name: guild.name,
      icon: null,
      unavailable: false,
      owner_id: guild.ownerId,
      joined_at: guild.joinedAt,
      large: false,
      member_count: guild.members.size + 1,
      features: [],
      roles: guild.roles.map(rolePayload),
      channels: guild.channels.map((channel, position) => ({ ...textChannel(channel.id, channel.name, guild.id), position })),
      threads: [],
      members: [{ user: botUser, roles: [guild.botRoleId], joined_at: guild.joinedAt, nick: null, avatar: null, premium_since: null, deaf: false, mute: false, flags: 0, pending: false }],
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
}

export function rolePayload(role: FakeRole) {
  return {
    id: role.id,
    name: role.name,
    permissions: String(role.permissions),
    position: role.managed ? 1 : 0,
    color: 0,
    hoist: false,
    managed: role.managed,
    mentionable: false,
    flags: 0,
    ...(role.managed ? { tags: { bot_id: APPLICATION_ID } } : {}),
  };
}
