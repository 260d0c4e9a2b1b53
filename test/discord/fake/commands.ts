/**
 * What the Discord client does before an interaction reaches the bot: it shows a registered
 * command only where its contexts and default_member_permissions allow (unless a server admin
 * overrode that), and sends only options the command declares, of their declared types, required
 * ones filled in. A command no one registered is sent as the test writes it, types guessed from
 * the values (the end-to-end tests do not all register commands).
 */
import { ApplicationCommandOptionType, PermissionFlagsBits, PermissionsBitField } from 'discord.js';
import type { FakeGuild } from './guilds.ts';
import type { FakeAttachment, RegisteredCommand, RegisteredOption } from './model.ts';

export type OptionValue = string | number | boolean | FakeAttachment;
export type CommandOptions = Record<string, OptionValue>;

/** A subcommand (in a group or not) with its options: `{ subcommand: 'add', options: { url: '…' } }`. */
export interface SubcommandCall {
  subcommand: string;
  group?: string;
  options?: CommandOptions;
}

/** What a user has typed so far in an autocompleted option, with the options already filled in. */
export interface AutocompleteCall {
  focused: string;
  value: string;
  subcommand?: string;
  group?: string;
  options?: CommandOptions;
}

/** An option as the interaction carries it. */
export interface ApiOption {
  name: string;
  type: number;
  value?: string | number | boolean;
  focused?: boolean;
  options?: ApiOption[];
}

/** Interaction contexts: in a guild, in the bot's DM. */
export const GUILD_CONTEXT = 0;
export const BOT_DM_CONTEXT = 1;

const isAttachment = (value: OptionValue): value is FakeAttachment => typeof value === 'object';

export function isSubcommandCall(options: CommandOptions | SubcommandCall): options is SubcommandCall {
  return typeof options.subcommand === 'string' && Object.keys(options).every((key) => key === 'subcommand' || key === 'group' || key === 'options');
}

/** The command the user sees under that name there: the guild's own first, then the global one (only global ones in DMs). */
export function findCommand(registered: Map<string, RegisteredCommand[]>, name: string, guildId: string | undefined): { command: RegisteredCommand; guildId?: string } | undefined {
  const isChatInput = (command: RegisteredCommand) => command.name === name && (command.type ?? 1) === 1;
  const inGuild = guildId === undefined ? undefined : registered.get(guildId)?.find(isChatInput);
  if (inGuild) return { command: inGuild, guildId };
  const global = registered.get('global')?.find(isChatInput);
  return global ? { command: global } : undefined;
}

/**
 * Why the client would not let this user run the command here, or undefined if it would.
 * `guild` is undefined in a DM; `guildCommand` says the command was registered to that guild.
 */
export function refusal(command: RegisteredCommand, guildCommand: boolean, where: { guild?: FakeGuild; userId: string; permissions: bigint }): string | undefined {
  const context = where.guild ? GUILD_CONTEXT : BOT_DM_CONTEXT;
  if (command.integration_types && !command.integration_types.includes(0)) return 'it is not installed to servers (integration_types)';
  if (!where.guild) {
    if (guildCommand) return 'a guild command is not offered in DMs';
    if (command.contexts ? !command.contexts.includes(context) : command.dm_permission === false) return 'it is not offered in DMs (contexts / dm_permission)';
    return undefined;
  }
  if (command.contexts && !command.contexts.includes(context)) return 'it is not offered in servers (contexts)';
  const override = where.guild.commandOverrides.get(command.name);
  if (override === 'everyone' || (override && override.users.includes(where.userId))) return undefined;
  if (command.default_member_permissions === undefined || command.default_member_permissions === null) return undefined;
  const needed = BigInt(command.default_member_permissions);
  // "0" hides the command from everyone but administrators.
  const allowed = needed === 0n ? (where.permissions & PermissionFlagsBits.Administrator) !== 0n : (where.permissions & needed) === needed;
  return allowed ? undefined : `the member lacks ${new PermissionsBitField(needed).toArray().join(', ') || 'Administrator'} (default_member_permissions)`;
}

function guessType(value: OptionValue): number {
  if (isAttachment(value)) return ApplicationCommandOptionType.Attachment;
  if (typeof value === 'boolean') return ApplicationCommandOptionType.Boolean;
  if (typeof value === 'number') return Number.isInteger(value) ? ApplicationCommandOptionType.Integer : ApplicationCommandOptionType.Number;
  return ApplicationCommandOptionType.String;
}

/** Refuses what the client would not send: a value not of the option's type, a choice not offered, a length or bound not kept. */
function checkValue(definition: RegisteredOption, value: OptionValue, where: string): void {
  const fail = (why: string) => {
    throw new Error(`fake Discord: ${where}: ${why}`);
  };
  const type = definition.type;
  if (type === ApplicationCommandOptionType.Attachment) {
    if (!isAttachment(value)) fail('expects an attachment (fake.uploadAttachment)');
    return;
  }
  if (isAttachment(value)) return fail(`is not an attachment option (type ${type})`);
  if (type === ApplicationCommandOptionType.Boolean && typeof value !== 'boolean') fail('expects a boolean');
  if (type === ApplicationCommandOptionType.Integer && !Number.isInteger(value)) fail('expects an integer');
  if (type === ApplicationCommandOptionType.Number && typeof value !== 'number') fail('expects a number');
  if (type === ApplicationCommandOptionType.String && typeof value !== 'string') fail('expects a string');
  if (definition.choices && !definition.choices.some((choice) => choice.value === value)) fail(`must be one of its choices (${definition.choices.map((c) => c.value).join(', ')})`);
  if (typeof value === 'string') {
    if (value.length < (definition.min_length ?? 0) || value.length > (definition.max_length ?? 6000)) fail('is not of an allowed length');
  }
  if (typeof value === 'number' && (value < (definition.min_value ?? -Infinity) || value > (definition.max_value ?? Infinity))) fail('is out of bounds');
}

/**
 * The options an interaction carries, and the attachments it resolves. With the command's
 * definition, everything is checked as the client would; `focused` marks the option being typed
 * in (its value as typed, a string, and required options may still be empty).
 */
export function buildOptions(
  commandName: string,
  command: RegisteredCommand | undefined,
  call: { subcommand?: string; group?: string; options: CommandOptions },
  focused?: { name: string; value: string },
): { options: ApiOption[]; attachments: Record<string, FakeAttachment> } {
  const where = `/${[commandName, call.group, call.subcommand].filter(Boolean).join(' ')}`;
  let definitions = command?.options;
  if (command) {
    const hasSubcommands = (definitions ?? []).some((o) => o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup);
    if (hasSubcommands && call.subcommand === undefined) throw new Error(`fake Discord: ${where} needs a subcommand`);
    if (!hasSubcommands && call.subcommand !== undefined) throw new Error(`fake Discord: ${where}: /${commandName} has no subcommands`);
    if (call.group !== undefined) {
      const group = definitions?.find((o) => o.name === call.group && o.type === ApplicationCommandOptionType.SubcommandGroup);
      if (!group) throw new Error(`fake Discord: ${where}: no subcommand group ${call.group}`);
      definitions = group.options;
    }
    if (call.subcommand !== undefined) {
      const subcommand = definitions?.find((o) => o.name === call.subcommand && o.type === ApplicationCommandOptionType.Subcommand);
      if (!subcommand) throw new Error(`fake Discord: ${where}: no such subcommand`);
      definitions = subcommand.options;
    }
  }
  const attachments: Record<string, FakeAttachment> = {};
  const leaves: ApiOption[] = [];
  for (const [name, value] of Object.entries(call.options)) {
    const definition = command ? definitions?.find((o) => o.name === name) : undefined;
    if (command && !definition) throw new Error(`fake Discord: ${where} has no option ${name}`);
    if (definition) checkValue(definition, value, `${where} ${name}`);
    const type = definition?.type ?? guessType(value);
    if (isAttachment(value)) attachments[value.id] = value;
    leaves.push({ name, type, value: isAttachment(value) ? value.id : value });
  }
  if (focused) {
    const definition = definitions?.find((o) => o.name === focused.name);
    if (command && !definition?.autocomplete) throw new Error(`fake Discord: ${where} ${focused.name} does not autocomplete`);
    leaves.push({ name: focused.name, type: definition?.type ?? ApplicationCommandOptionType.String, value: focused.value, focused: true });
  } else {
    const missing = (definitions ?? []).filter((o) => o.required && !(o.name in call.options));
    if (command && missing.length > 0) throw new Error(`fake Discord: ${where} needs ${missing.map((o) => o.name).join(', ')}`);
  }
  let options = leaves;
  if (call.subcommand !== undefined) options = [{ name: call.subcommand, type: ApplicationCommandOptionType.Subcommand, options }];
  if (call.group !== undefined) options = [{ name: call.group, type: ApplicationCommandOptionType.SubcommandGroup, options }];
  return { options, attachments };
}
