/**
 * Button custom ids, built and parsed here and nowhere else. An id carries only what its handler
 * needs besides the message it is on (the answer a button acts on is that message's, never named
 * in the id). Anyone can send any id (a modified client), so parsing is strict: whatever this
 * module did not build is refused.
 */

export type ButtonAction =
  | { kind: 'more'; page: number }
  | { kind: 'paragraph'; articleKey: string; paragraph: number }
  | { kind: 'vote'; vote: 'up' | 'down' }
  | { kind: 'remove' };

/** A page or paragraph number: digits only, so "1e3", "-1" or "" are not numbers. */
const NUMBER = String.raw`(\d{1,6})`;
/** An article key as Article.key writes it: 16 hex digits of the content's sha256. */
const ARTICLE_KEY = String.raw`([0-9a-f]{16})`;

const PATTERNS = {
  more: new RegExp(`^more:${NUMBER}$`),
  paragraph: new RegExp(`^para:${ARTICLE_KEY}:${NUMBER}$`),
  vote: /^vote:(up|down)$/,
  remove: /^delete$/,
} as const;

export const customIds = {
  more: (page: number) => `more:${page}`,
  paragraph: (articleKey: string, paragraph: number) => `para:${articleKey}:${paragraph}`,
  vote: (vote: 'up' | 'down') => `vote:${vote}`,
  remove: () => 'delete',
};

/** The action a custom id stands for, or undefined for one this bot never built (forged, or from an older version). */
export function parseCustomId(customId: string): ButtonAction | undefined {
  let found = PATTERNS.more.exec(customId);
  if (found) return { kind: 'more', page: Number(found[1]) };
  found = PATTERNS.paragraph.exec(customId);
  if (found) return { kind: 'paragraph', articleKey: found[1]!, paragraph: Number(found[2]) };
  found = PATTERNS.vote.exec(customId);
  if (found) return { kind: 'vote', vote: found[1] as 'up' | 'down' };
  if (PATTERNS.remove.test(customId)) return { kind: 'remove' };
  return undefined;
}
