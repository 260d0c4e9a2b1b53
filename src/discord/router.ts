import type { Interaction } from 'discord.js';
import { pressButton } from './buttons.ts';
import { commands } from './commands/index.ts';
import type { BotContext } from './context.ts';
import { parseCustomId } from './custom-ids.ts';
import { reportFailure, tellPrivately, UserFacingError } from './respond.ts';

/** The one place each kind of interaction is dispatched; every failure ends in reportFailure, and every interaction is acknowledged. */
export async function routeInteraction(interaction: Interaction, context: BotContext): Promise<void> {
  if (interaction.isAutocomplete()) {
    const command = commands.get(interaction.commandName);
    try {
      if (command?.autocomplete) await command.autocomplete(interaction, context);
      else await interaction.respond([]);
    } catch (error) {
      // Autocomplete has no way to show an error; an empty list would be just as silent.
      context.log.warn({ err: error, command: interaction.commandName }, 'autocomplete failed');
    }
    return;
  }
  if (!interaction.isRepliable()) return;
  let what = `interaction ${interaction.type}`;
  try {
    if (interaction.isChatInputCommand()) {
      what = `/${interaction.commandName}`;
      context.log.debug({ command: interaction.commandName, user: interaction.user.id, options: interaction.options.data }, 'command');
      const command = commands.get(interaction.commandName);
      if (!command) throw new UserFacingError(`I do not know /${interaction.commandName} (any more); run \`npm run register\` to update my commands.`);
      await command.execute(interaction, context);
    } else if (interaction.isButton()) {
      const action = parseCustomId(interaction.customId);
      what = `button ${action?.kind ?? 'unknown'}`;
      // Not an id this bot builds: from an older version, or forged.
      if (!action) throw new UserFacingError('This button is out of date; ask again with /ask.');
      await pressButton(interaction, action, context);
    } else {
      // Select menus, modals and commands of kinds this bot never registered: out of date, but answered.
      throw new UserFacingError('This control is out of date; ask again with /ask.');
    }
  } catch (error) {
    await reportFailure(error, context.log, what, tellPrivately(interaction));
  }
}
