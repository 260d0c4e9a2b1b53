/** Discord's checks on what the bot sends, and its error shapes. */
import type { Component, MessageBody } from './model.ts';

export class DiscordError {
  constructor(
    readonly status: number,
    readonly code: number,
    readonly message: string,
    readonly errors?: unknown,
  ) {}
}

/** Discord's 50035 with its errors nested along the path (`0.options.1.name` → { 0: { options: { 1: { name: … } } } }). */
export function invalidForm(path: string, message: string, code = 'BASE_TYPE_BAD_LENGTH'): DiscordError {
  let errors: unknown = { _errors: [{ code, message }] };
  for (const key of path.split('.').reverse()) errors = { [key]: errors };
  return new DiscordError(400, 50035, 'Invalid Form Body', errors);
}

/** Discord's message limits: content 2000; 10 embeds, description 4096, 6000 in all; 5 rows of 5 buttons, custom_id 100, label 80. */
export function validateMessage(body: MessageBody | null | undefined, requireContent = true): void {
  if (!body || typeof body !== 'object') throw invalidForm('body', 'Cannot send an empty message');
  const content = body.content ?? '';
  if (content.length > 2000) throw invalidForm('content', 'Must be 2000 or fewer in length.');
  const embeds = body.embeds ?? [];
  if (requireContent && content === '' && embeds.length === 0 && !body.components?.length) throw new DiscordError(400, 50006, 'Cannot send an empty message');
  if (embeds.length > 10) throw invalidForm('embeds', 'Must be 10 or fewer in length.');
  let total = 0;
  for (const embed of embeds) {
    if ((embed.description ?? '').length > 4096) throw invalidForm('embeds.description', 'Must be 4096 or fewer in length.');
    total += (embed.title ?? '').length + (embed.description ?? '').length;
  }
  if (total > 6000) throw invalidForm('embeds', 'Embed size exceeds maximum size of 6000');
  const rows: Component[] = body.components ?? [];
  if (rows.length > 5) throw invalidForm('components', 'Must be 5 or fewer in length.');
  for (const row of rows) {
    if ((row.components ?? []).length > 5) throw invalidForm('components.components', 'Must be 5 or fewer in length.');
    for (const component of row.components ?? []) {
      if (component.custom_id !== undefined && (component.custom_id.length < 1 || component.custom_id.length > 100)) throw invalidForm('custom_id', 'Must be between 1 and 100 in length.');
      if ((component.label ?? '').length > 80) throw invalidForm('label', 'Must be 80 or fewer in length.');
    }
  }
}

export function validateChoices(choices: unknown): void {
  if (!Array.isArray(choices)) throw invalidForm('choices', 'This field is required');
  if (choices.length > 25) throw invalidForm('choices', 'Must be 25 or fewer in length.');
  for (const choice of choices as { name?: unknown; value?: unknown }[]) {
    if (typeof choice.name !== 'string' || choice.name.length < 1 || choice.name.length > 100) throw invalidForm('choices.name', 'Must be between 1 and 100 in length.');
    if (String(choice.value).length > 100) throw invalidForm('choices.value', 'Must be 100 or fewer in length.');
  }
}

/** Option types: SUB_COMMAND, SUB_COMMAND_GROUP, then STRING … ATTACHMENT. */
const SUB_COMMAND = 1;
const SUB_COMMAND_GROUP = 2;
const STRING = 3;
const INTEGER = 4;
const NUMBER = 10;
const ATTACHMENT = 11;
const CHAT_INPUT = 1;

/** Discord's pattern for command and option names; a chat-input name must also be lower case where a letter has a case. */
const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function checkName(value: unknown, path: string, chatInput: boolean): void {
  if (typeof value !== 'string' || !NAME.test(value)) throw invalidForm(path, 'Must be between 1 and 32 in length and match the name pattern.', 'APPLICATION_COMMAND_INVALID_NAME');
  if (chatInput && value !== value.toLowerCase()) throw invalidForm(path, 'Must be lower case.', 'APPLICATION_COMMAND_INVALID_NAME');
}

function checkDescription(value: unknown, path: string): void {
  if (typeof value !== 'string' || value.length < 1 || value.length > 100) throw invalidForm(path, 'Must be between 1 and 100 in length.');
}

function checkEnumList(value: unknown, allowed: number[], path: string): void {
  if (value === undefined || value === null) return;
  if (!Array.isArray(value) || value.some((entry) => !allowed.includes(entry as number)) || new Set(value).size !== value.length) {
    throw invalidForm(path, `Must be a list of distinct values among ${allowed.join(', ')}.`, 'BASE_TYPE_CHOICES');
  }
}

/** The characters Discord counts against a command's 4000: names, descriptions, choice names and values, at every level. */
function countedCharacters(entry: Json): number {
  let total = String(entry.name ?? '').length + String(entry.description ?? '').length;
  for (const choice of Array.isArray(entry.choices) ? entry.choices : []) total += String((choice as Json).name ?? '').length + String((choice as Json).value ?? '').length;
  for (const option of Array.isArray(entry.options) ? entry.options : []) total += countedCharacters(option as Json);
  return total;
}

/**
 * One level of options: at most 25, names distinct, required ones first, and subcommands apart:
 * a command holds either subcommands and groups or plain options, a group holds only
 * subcommands, a subcommand holds only plain options.
 */
function checkOptions(options: unknown, path: string, level: 'command' | 'group' | 'subcommand'): void {
  if (options === undefined || options === null) return;
  if (!Array.isArray(options)) throw invalidForm(path, 'Must be an array.', 'BASE_TYPE_ARRAY');
  if (options.length > 25) throw invalidForm(path, 'Must be 25 or fewer in length.');
  const names = new Set<string>();
  let optionalSeen = false;
  const kinds = new Set<'subcommands' | 'values'>();
  for (const [index, option] of options.entries()) {
    const at = `${path}.${index}`;
    if (!isObject(option)) throw invalidForm(at, 'Must be an object.', 'MODEL_TYPE_CONVERT');
    const type = option.type;
    if (typeof type !== 'number' || !Number.isInteger(type) || type < 1 || type > ATTACHMENT) throw invalidForm(`${at}.type`, 'Value is not a valid option type.', 'BASE_TYPE_CHOICES');
    checkName(option.name, `${at}.name`, true);
    checkDescription(option.description, `${at}.description`);
    if (names.has(option.name as string)) throw invalidForm(`${at}.name`, 'Option names must be unique.', 'APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS');
    names.add(option.name as string);
    const nested = type === SUB_COMMAND || type === SUB_COMMAND_GROUP;
    kinds.add(nested ? 'subcommands' : 'values');
    if (level === 'group' && type !== SUB_COMMAND) throw invalidForm(`${at}.type`, 'A subcommand group holds only subcommands.', 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID');
    if (level === 'subcommand' && nested) throw invalidForm(`${at}.type`, 'A subcommand cannot hold subcommands or groups.', 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID');
    if (option.required !== undefined && typeof option.required !== 'boolean') throw invalidForm(`${at}.required`, 'Must be a boolean.', 'BASE_TYPE_BOOLEAN');
    if (nested) {
      if (option.required) throw invalidForm(`${at}.required`, 'Subcommands and groups cannot be required.', 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID');
      checkOptions(option.options, `${at}.options`, type === SUB_COMMAND_GROUP ? 'group' : 'subcommand');
      continue;
    }
    if (option.options !== undefined) throw invalidForm(`${at}.options`, 'Only subcommands and groups hold options.', 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID');
    if (option.required) {
      if (optionalSeen) throw invalidForm(`${at}.required`, 'Required options must be placed before non-required options.', 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID');
    } else {
      optionalSeen = true;
    }
    const valued = type === STRING || type === INTEGER || type === NUMBER;
    if (option.choices !== undefined) {
      if (!valued || !Array.isArray(option.choices)) throw invalidForm(`${at}.choices`, 'Only string, integer and number options have choices.', 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID');
      if (option.choices.length > 25) throw invalidForm(`${at}.choices`, 'Must be 25 or fewer in length.');
      if (option.autocomplete) throw invalidForm(`${at}.autocomplete`, 'Autocomplete cannot be set with choices.', 'APPLICATION_COMMAND_AUTOCOMPLETE_INVALID');
      validateChoices(option.choices);
    }
    if (option.autocomplete !== undefined && (typeof option.autocomplete !== 'boolean' || (option.autocomplete && !valued))) {
      throw invalidForm(`${at}.autocomplete`, 'Only string, integer and number options autocomplete.', 'APPLICATION_COMMAND_AUTOCOMPLETE_INVALID');
    }
    for (const [field, least] of [['min_length', 0], ['max_length', 1]] as const) {
      const value = option[field];
      if (value === undefined) continue;
      if (type !== STRING || typeof value !== 'number' || !Number.isInteger(value) || value < least || value > 6000) throw invalidForm(`${at}.${field}`, `Must be between ${least} and 6000, on a string option.`, 'NUMBER_TYPE_MAX');
    }
    for (const field of ['min_value', 'max_value'] as const) {
      if (option[field] !== undefined && ((type !== INTEGER && type !== NUMBER) || typeof option[field] !== 'number')) throw invalidForm(`${at}.${field}`, 'Only integer and number options have bounds.', 'NUMBER_TYPE_COERCE');
    }
  }
  if (kinds.size > 1) throw invalidForm(path, 'Subcommands and groups cannot be mixed with other options.', 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID');
}

/** Discord's checks on one command (chat input, user or message). */
export function validateCommand(command: unknown, path: string): void {
  if (!isObject(command)) throw invalidForm(path, 'Must be an object.', 'MODEL_TYPE_CONVERT');
  const type = command.type ?? CHAT_INPUT;
  if (type !== CHAT_INPUT && type !== 2 && type !== 3 && type !== 4) throw invalidForm(`${path}.type`, 'Value is not a valid command type.', 'BASE_TYPE_CHOICES');
  const chatInput = type === CHAT_INPUT;
  checkName(command.name, `${path}.name`, chatInput);
  if (chatInput) checkDescription(command.description, `${path}.description`);
  else if (command.description !== undefined && command.description !== '') throw invalidForm(`${path}.description`, 'User and message commands have no description.', 'APPLICATION_COMMAND_INVALID_DESCRIPTION');
  if (!chatInput && command.options !== undefined) throw invalidForm(`${path}.options`, 'Only chat-input commands have options.', 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID');
  checkOptions(command.options, `${path}.options`, 'command');
  const permissions = command.default_member_permissions;
  if (permissions !== undefined && permissions !== null && (typeof permissions !== 'string' || !/^\d{1,20}$/.test(permissions))) {
    throw invalidForm(`${path}.default_member_permissions`, 'Must be a string of a permission bit set, or null.', 'BASE_TYPE_BAD_INT');
  }
  if (command.dm_permission !== undefined && command.dm_permission !== null && typeof command.dm_permission !== 'boolean') throw invalidForm(`${path}.dm_permission`, 'Must be a boolean.', 'BASE_TYPE_BOOLEAN');
  if (command.nsfw !== undefined && typeof command.nsfw !== 'boolean') throw invalidForm(`${path}.nsfw`, 'Must be a boolean.', 'BASE_TYPE_BOOLEAN');
  // Interaction context types: GUILD, BOT_DM, PRIVATE_CHANNEL; installation types: GUILD_INSTALL, USER_INSTALL.
  checkEnumList(command.contexts, [0, 1, 2], `${path}.contexts`);
  checkEnumList(command.integration_types, [0, 1], `${path}.integration_types`);
  if (countedCharacters(command) > 4000) throw invalidForm(path, 'Command exceeds maximum size (4000)', 'APPLICATION_COMMAND_TOO_LARGE');
}

/** A bulk overwrite: every command valid, names distinct per type, at most 100 chat-input commands. */
export function validateCommands(commands: unknown): void {
  if (!Array.isArray(commands)) throw invalidForm('body', 'Expected an array', 'BASE_TYPE_ARRAY');
  const seen = new Set<string>();
  let chatInput = 0;
  for (const [index, command] of commands.entries()) {
    validateCommand(command, String(index));
    const { name, type = CHAT_INPUT } = command as Json;
    if (type === CHAT_INPUT) chatInput++;
    if (seen.has(`${String(type)}:${String(name)}`)) throw invalidForm(`${index}.name`, 'Application command names must be unique', 'APPLICATION_COMMANDS_DUPLICATE_NAME');
    seen.add(`${String(type)}:${String(name)}`);
  }
  if (chatInput > 100) throw invalidForm('body', 'Must be 100 or fewer chat-input commands.', 'BASE_TYPE_MAX_LENGTH');
}
