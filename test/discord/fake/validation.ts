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

export function invalidForm(field: string, message: string): DiscordError {
  return new DiscordError(400, 50035, 'Invalid Form Body', { [field]: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH', message }] } });
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

export function validateCommands(commands: unknown): void {
  if (!Array.isArray(commands)) throw invalidForm('body', 'Expected an array');
  for (const command of commands as { name?: string; description?: string }[]) {
    if (!/^[-_\p{L}\p{N}]{1,32}$/u.test(command.name ?? '')) throw invalidForm('name', 'Invalid command name');
    if (!command.description || command.description.length > 100) throw invalidForm('description', 'Must be between 1 and 100 in length.');
  }
}
