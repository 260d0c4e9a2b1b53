/**
 * What a place may quote: in a server, the operator's articles and that server's own library; in a
 * DM, the operator's alone. Every handler takes its searcher here when it starts (a question keeps
 * it to the end); an article it names (an option's key, a button's) is looked for in that scope only.
 */
import type { BotContext, PlaceSearcher } from './context.ts';
import { UserFacingError } from './respond.ts';

/** The searcher over what a place may quote, restricted to one article when a key is given (a key of another place, stale or forged is refused). */
export function searcherFor(context: BotContext, guildId: string | null, articleKey?: string | null): PlaceSearcher {
  if (articleKey && !context.library.articles(guildId).some((article) => article.key === articleKey)) {
    throw new UserFacingError('That article is not one I can quote here (it may have been removed): pick an article from the list as you type, or leave it out to search them all.');
  }
  return context.library.searcher(guildId, articleKey || undefined);
}
