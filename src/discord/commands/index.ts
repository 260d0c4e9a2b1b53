import { article } from './article.ts';
import { ask } from './ask.ts';
import type { SlashCommand } from './command.ts';
import { help } from './help.ts';
import { lookup } from './lookup.ts';
import { sources } from './sources.ts';
import { summary } from './summary.ts';

/** Every slash command, by name: what `npm run register` registers and the router dispatches. */
export const commands = new Map<string, SlashCommand>([ask, lookup, summary, sources, article, help].map((command) => [command.definition.name, command]));
