/**
 * Every reply the bot sends, formatted in one place that enforces Discord's limits (LIMITS):
 * answers, lookups, sources, help, errors, buttons. Over 200 lines because that is the point:
 * nothing else builds message content.
 */
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, MessageFlags, type APIApplicationCommandOptionChoice } from 'discord.js';
import type { Answer, CorpusSummary, Extract, LookupTerm, Mention, Quote } from '../answering/answer.ts';
import type { ArticleQuestionKind } from '../answering/analysis/article-questions.ts';
import { ARTICLE_LACKS } from '../answering/whole-article.ts';
import type { LibraryArticle } from '../library/library.ts';
import { customIds } from './custom-ids.ts';
import { pageCount, pageExtracts } from './questions.ts';
import { termChoiceValue } from './term-choices.ts';

/**
 * Discord's limits, enforced here and nowhere else. Replies are message content (block quotes
 * with the best sentence in bold), never embeds, so the embed limits (4096 / 6000) cannot be hit.
 */
export const LIMITS = {
  content: 2000,
  autocompleteChoices: 25,
  choiceName: 100,
  customId: 100,
  threadName: 100,
  /** A slash-command string option; Discord refuses longer input before it reaches the bot. */
  commandOption: 1000,
} as const;

/** Every message: no pings at all (not @everyone, roles, users, nor the replied-to author), no link previews. */
export const NO_MENTIONS = { parse: [], repliedUser: false } as const;

export interface ReplyPayload {
  content: string;
  components: ActionRowBuilder<ButtonBuilder>[];
  allowedMentions: typeof NO_MENTIONS;
  flags: number;
}

/** Bidirectional overrides and zero-width characters: they can reorder or hide what a quote shows. */
const INVISIBLE = /[\u00AD\u061C\u180E\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/;

/**
 * Marks that are markdown or mention syntax wherever they stand, each escaped with a backslash
 * (Discord shows "\x" as "x" for any punctuation): emphasis, code, strike-through, spoilers, the
 * escape itself, "[" and "]" (no masked link can open: "(" and ")" are then plain text), and "<"
 * (no mention, channel, emoji, timestamp, command or <link> can form).
 */
const ALWAYS_ESCAPED = new Set(['\\', '*', '_', '~', '`', '|', '[', ']', '<']);

/** Marks that format a whole line when they are its first: block quote, heading, subtext ("-#"), list bullets. */
const LINE_START_ESCAPED = new Set(['>', '#', '-', '+']);

/** Line breaks as Discord or a client may read them: the quote's own "> " must start every one. */
const LINE_BREAK = /\r\n|[\n\r\u000B\u000C\u0085\u2028\u2029]/g;

/**
 * Escapes text into `out` a character at a time (linear, unlike discord.js's escapeMarkdown,
 * whose look-behinds cost the line's length at every mark: 150 KB took 52 s), stopping before
 * `room` characters. The state carries what a line start needs across pieces of one line, so that
 * a line's first mark (or the "." of "1.") is escaped whatever piece it falls in.
 */
class Escaper {
  /** Where the line is: before its first visible character, in a leading number, or past both. */
  private place: 'start' | 'number' | 'body' = 'start';
  length = 0;
  readonly out: string[] = [];
  /** Whether a cut may fall on the spaces written now (not inside our bold). */
  breakable = true;
  /** Where the last space written (while breakable) ends: a tidy place to cut. */
  lastBreak: { length: number; parts: number } | null = null;

  newLine(): void {
    this.place = 'start';
  }

  /** Escapes text[from, to) while it fits in room; returns where it stopped. */
  write(text: string, from: number, to: number, room: number): number {
    let at = from;
    for (; at < to; at++) {
      const char = text[at]!;
      if (INVISIBLE.test(char)) continue;
      let escaped = ALWAYS_ESCAPED.has(char) ? `\\${char}` : char;
      if (this.place === 'start' && !/\s/.test(char)) {
        if (LINE_START_ESCAPED.has(char)) escaped = `\\${char}`;
        this.place = /\d/.test(char) ? 'number' : 'body';
      } else if (this.place === 'number' && !/\d/.test(char)) {
        // "1." or "1)" at a line start is a numbered list.
        if (char === '.' || char === ')') escaped = `\\${char}`;
        this.place = 'body';
      }
      // @everyone and @here never ping (no allowed mentions), and do not even look like a ping.
      if (char === '@' && /^(?:everyone|here)/.test(visibleAfter(text, at + 1, 8))) escaped = '@\u200b';
      if (this.length + escaped.length > room) break;
      this.out.push(escaped);
      this.length += escaped.length;
      if (char === ' ' && this.breakable) this.lastBreak = { length: this.length, parts: this.out.length };
    }
    // Never leave half of a surrogate pair.
    if (at < to && at > from && /[\uD800-\uDBFF]/.test(text[at - 1]!)) {
      this.length -= this.out.pop()!.length;
      at--;
    }
    return at;
  }

  /** Our own markup, never escaped. */
  raw(markup: string): void {
    this.out.push(markup);
    this.length += markup.length;
  }
}

/**
 * Text safe to show: invisible and direction-changing characters removed; markdown, mention,
 * emoji and timestamp syntax escaped (see ALWAYS_ESCAPED), and each line's first mark too (quote,
 * heading, subtext, list), so quoted words show as written and can never format, ping or link.
 * Our own markup is added after escaping, around escaped pieces.
 */
export function escapeText(text: string): string {
  const escaper = new Escaper();
  let lineStart = 0;
  for (const lineBreak of text.matchAll(LINE_BREAK)) {
    escaper.write(text, lineStart, lineBreak.index, Infinity);
    escaper.raw('\n');
    escaper.newLine();
    lineStart = lineBreak.index + lineBreak[0].length;
  }
  escaper.write(text, lineStart, text.length, Infinity);
  return escaper.out.join('');
}

/** The next `count` characters from `at` that show (invisible ones skipped). */
function visibleAfter(text: string, at: number, count: number): string {
  let visible = '';
  for (let i = at; i < text.length && visible.length < count; i++) if (!INVISIBLE.test(text[i]!)) visible += text[i];
  return visible;
}

/** A range of a quote's text (offsets into it). */
export interface TextRange {
  start: number;
  end: number;
}

/**
 * Quoted text as block-quote lines ("> …", blank lines dropped), the ranges in `bold` (sorted,
 * not overlapping) in bold, at most maxChars long: cut, when it must be, with "…" (on a word when
 * one ends near). Article text is escaped (see escapeText) and our "> " and "**" put around the
 * escaped pieces, so that no text can close our bold, open a link, or start a quote, heading or
 * list. Only what fits is read: a 1 MB paragraph costs what its first 2,000 characters do.
 */
export function quoteBlock(text: string, bold: readonly TextRange[], maxChars: number): { content: string; cut: boolean } {
  const escaper = new Escaper();
  /** The room for text: the "…" of a cut always fits. */
  const room = maxChars - 1;
  let nextBold = 0;
  let lineStart = 0;
  let cut = false;
  while (lineStart <= text.length && !cut) {
    LINE_BREAK.lastIndex = lineStart;
    const lineBreak = LINE_BREAK.exec(text);
    const lineEnd = lineBreak ? lineBreak.index : text.length;
    const next = lineBreak ? lineEnd + lineBreak[0].length : text.length + 1;
    const line = trimmed(text, lineStart, lineEnd);
    lineStart = next;
    if (line.end <= line.start) continue;
    const prefix = escaper.length === 0 ? '> ' : '\n> ';
    if (escaper.length + prefix.length + 1 > room) {
      cut = true;
      break;
    }
    escaper.raw(prefix);
    escaper.newLine();
    while (nextBold < bold.length && bold[nextBold]!.end <= line.start) nextBold++;
    let at = line.start;
    for (let b = nextBold; at < line.end && !cut; b++) {
      const inLine = b < bold.length && bold[b]!.start < line.end;
      const range = inLine ? trimmed(text, Math.max(bold[b]!.start, at), Math.min(bold[b]!.end, line.end)) : { start: line.end, end: line.end };
      if (inLine && range.end <= range.start) continue;
      // Plain text up to the bold range, or to the line's end.
      at = escaper.write(text, at, range.start, room);
      if (at < range.start) cut = true;
      if (cut || !inLine) break;
      // "**", the bold text (at least a character of it), and "**" whatever happens.
      if (escaper.length + 5 > room) {
        cut = true;
        break;
      }
      escaper.raw('**');
      escaper.breakable = false;
      at = escaper.write(text, range.start, range.end, room - 2);
      escaper.breakable = true;
      if (at < range.end) cut = true;
      escaper.raw('**');
      at = range.end;
    }
  }
  if (!cut) return { content: escaper.out.join(''), cut };
  // On a word's end when one is near (a space written outside our bold, so no bold is left open).
  const { lastBreak } = escaper;
  if (lastBreak && escaper.length - lastBreak.length < 40) return { content: `${escaper.out.slice(0, lastBreak.parts).join('').trimEnd()}…`, cut };
  return { content: `${escaper.out.join('')}…`, cut };
}

/** A range narrowed to start and end on non-whitespace (empty when all blank). */
function trimmed(text: string, start: number, end: number): TextRange {
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return { start, end };
}

/** Cuts text to at most max characters, on a sentence end when one is near, else on a word, with "…". */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = text.slice(0, max - 1);
  const sentenceEnd = Math.max(room.lastIndexOf('. '), room.lastIndexOf('? '), room.lastIndexOf('! '));
  if (sentenceEnd > max * 0.6) return `${room.slice(0, sentenceEnd + 1)} …`.slice(0, max);
  const space = room.lastIndexOf(' ');
  const cut = space > max * 0.5 ? room.slice(0, space) : room;
  return `${cut.replace(/[\s\p{P}]+$/u, '').replace(/[\uD800-\uDBFF]$/, '')}…`;
}

/** Where a quote stands: "— *title*, ¶ N". */
function citation(quote: Pick<Quote, 'articleTitle' | 'paragraph'>): string {
  return `— *${escapeText(truncate(quote.articleTitle, 120))}*, ¶ ${quote.paragraph}`;
}

/** An extract as a block quote with its best sentence in bold, then its citation: at most maxChars long. */
export function formatExtract(extract: Extract, maxChars: number, withContext = true): string {
  const cited = citation(extract);
  const room = Math.max(40, maxChars - cited.length - 1);
  const { start, end } = extract.highlight;
  const withItsContext = withContext && extract.text.length <= room ? quoteBlock(extract.text, [{ start, end }], room) : null;
  // Without context, or over budget once escaped: the sentence alone, shortened if need be.
  const quoted = withItsContext && !withItsContext.cut ? withItsContext : quoteBlock(extract.text.slice(start, end), [{ start: 0, end: end - start }], room);
  return `${quoted.content}\n${cited}`;
}

function questionLine(question: string): string {
  if (question === '') return '**Q:** …';
  return `**Q:** ${escapeText(truncate(question.replace(/\s+/g, ' ').trim(), 200))}`;
}

/** Words quoted as they stand, nothing in bold (a whole paragraph, a summary's lines), then where they stand. */
function plainQuote(quote: Pick<Quote, 'articleTitle' | 'paragraph'>, text: string, maxChars: number): string {
  const cited = citation(quote);
  return `${quoteBlock(text, [], Math.max(40, maxChars - cited.length - 1)).content}\n${cited}`;
}

/** Shares the room left after the header among the extracts, each quoted by `quote` within its share. */
function fitExtracts(header: string[], extracts: Extract[], quote: (extract: Extract, maxChars: number, first: boolean) => string): string {
  const fixed = header.join('\n').length + 4 * extracts.length;
  const each = Math.floor((LIMITS.content - fixed) / Math.max(1, extracts.length));
  const content = [...header, ...extracts.map((extract, i) => quote(extract, each, i === 0))].join('\n');
  return content.length <= LIMITS.content ? content : truncate(content, LIMITS.content);
}

/** What a whole-article answer quotes, by the kind of question (metadata kinds quote nothing). */
const QUOTED_PART: Partial<Record<ArticleQuestionKind, string>> = {
  summary: 'in its own words',
  headline: 'its headline',
  subtitle: 'its subheading',
  caption: 'its photo captions',
  credit: 'its photo credits',
};

/** A site as a name, else as its link's host (plain letters, digits and dots: nothing to escape or to preview). */
function siteOf(about: { siteName: string | null; url: string | null }): string | null {
  if (about.siteName) return escapeText(about.siteName);
  try {
    return about.url ? new URL(about.url).hostname : null;
  } catch {
    return null;
  }
}

/**
 * The header of an answer about an article as a whole: its title, then what it says of itself
 * ("By X · published Y · Site"), what the quotes below are, or plainly what it does not say.
 */
function aboutHeader(about: NonNullable<Answer['about']>, found: boolean, quoted: boolean): string[] {
  const title = `📰 *${escapeText(truncate(about.title, 150))}*`;
  if (!found) return [title, `The article does not say ${ARTICLE_LACKS[about.kind]}.${quoted ? ' The closest it has:' : ''}`];
  const part = QUOTED_PART[about.kind];
  if (part) return [`${title} — ${part}:`];
  const details = [about.byline && `By ${escapeText(about.byline)}`, about.published && `published ${escapeText(about.published)}`, siteOf(about)].filter(Boolean);
  return [title, details.join(' · ')];
}

/** The header of an answer found by search: the question, spelling hints, and how far it answers. */
function searchHeader(answer: Answer, quoted: boolean): string[] {
  // The question as searched: a mention's own "<@bot>" and markup are not repeated back.
  const header = [questionLine(answer.cleanedQuestion)];
  for (const { word, suggestion } of answer.suggestions) header.push(`*Did you mean **${escapeText(suggestion)}** (for “${escapeText(word)}”)?*`);
  if (answer.status === 'hedged') header.push('🔎 The closest passages; they **may not answer** this exactly:');
  if (answer.status === 'not-covered') {
    header.push(quoted ? '🤷 The article does not seem to cover this. Closest passages, **not an answer**:' : '🤷 The article does not seem to cover this.');
  }
  return header;
}

/**
 * An answer, one page of its extracts, and its buttons. Found by search: the first extract with
 * its context, the others as their best sentence (short enough to read at a glance; "More
 * extracts" and "Full paragraph" give the rest). About the article as a whole: its own lines,
 * quoted as they stand under its title.
 */
export function formatAnswer(answer: Answer, page = 0): ReplyPayload {
  const extracts = pageExtracts(answer, page);
  const header = answer.about ? aboutHeader(answer.about, answer.status === 'answered', extracts.length > 0) : searchHeader(answer, extracts.length > 0);
  if (page > 0) header.push(`*More extracts (page ${page + 1}):*`);
  const first = extracts[0];
  const buttons = [
    new ButtonBuilder().setCustomId(customIds.more(page + 1)).setLabel('More extracts').setStyle(ButtonStyle.Secondary).setDisabled(page + 1 >= pageCount(answer)),
  ];
  if (first) {
    buttons.push(
      new ButtonBuilder().setCustomId(customIds.paragraph(first.articleKey, first.paragraph)).setLabel(`Full paragraph ¶ ${first.paragraph}`).setStyle(ButtonStyle.Secondary),
    );
  }
  buttons.push(
    new ButtonBuilder().setCustomId(customIds.vote('up')).setEmoji('👍').setStyle(ButtonStyle.Secondary),
    new ButtonBuilder().setCustomId(customIds.vote('down')).setEmoji('👎').setStyle(ButtonStyle.Secondary),
    new ButtonBuilder().setCustomId(customIds.remove()).setEmoji('🗑️').setStyle(ButtonStyle.Secondary),
  );
  return {
    content: answer.about
      ? fitExtracts(header, extracts, (extract, maxChars) => plainQuote(extract, extract.text.slice(extract.highlight.start, extract.highlight.end), maxChars))
      : fitExtracts(header, extracts, formatExtract),
    components: [new ActionRowBuilder<ButtonBuilder>().addComponents(buttons)],
    allowedMentions: NO_MENTIONS,
    flags: MessageFlags.SuppressEmbeds,
  };
}

/** A plain message (help, sources, errors): escaped by the caller where it quotes input. */
export function formatText(content: string, ephemeral = false): ReplyPayload {
  return {
    content: truncate(content, LIMITS.content),
    components: [],
    allowedMentions: NO_MENTIONS,
    flags: MessageFlags.SuppressEmbeds | (ephemeral ? MessageFlags.Ephemeral : 0),
  };
}

/** An error: "❌ …", for the user alone where Discord allows it (interactions, not channel messages). */
export function formatError(message: string, ephemeral = true): ReplyPayload {
  return formatText(`❌ ${message}`, ephemeral);
}

/** The full paragraph behind an extract, for the user alone. */
export function formatParagraph(quote: Quote): ReplyPayload {
  return formatText(plainQuote(quote, quote.text, LIMITS.content), true);
}

/** /lookup: every paragraph that mentions a term, the term in bold, with paragraph numbers. */
export function formatMentions(term: string, mentions: Mention[], more = false): ReplyPayload {
  const header = `🔎 **${escapeText(term)}** is mentioned in ${more ? 'more than ' : ''}${mentions.length} paragraph${mentions.length === 1 && !more ? '' : 's'}:`;
  // Room kept for the "…and N more" line.
  const budget = LIMITS.content - header.length - 150;
  const blocks: string[] = [];
  let used = 0;
  for (const mention of mentions) {
    const cited = citation(mention);
    const room = budget - used - cited.length - 2;
    // Only as much of a mention as the message has room for is escaped: one can be a whole 1 MB paragraph.
    const quoted = room > 40 ? quoteBlock(mention.text, mention.hits, room) : null;
    // The first mention always shows, cut to fit; later ones move to the list below when they do not fit whole.
    if (!quoted || (quoted.cut && blocks.length > 0)) break;
    const block = `${quoted.content}\n${cited}`;
    blocks.push(block);
    used += block.length + 1;
    if (quoted.cut) break;
  }
  const hidden = mentions.slice(blocks.length);
  const footer = hidden.length > 0 ? [`…and ${hidden.length} more: ${truncate(hidden.slice(0, 30).map((m) => `¶ ${m.paragraph}`).join(', '), 100)}`] : [];
  return formatText([header, ...blocks, ...footer].join('\n'));
}

export function formatUnknownTerm(term: string, closest: LookupTerm[]): ReplyPayload {
  const hint = closest.length > 0 ? ` Closest terms: ${closest.map((t) => `**${escapeText(t.text)}**`).join(', ')}.` : '';
  return formatError(`No passage mentions “${escapeText(truncate(term, 100))}”.${hint}`);
}

/** Autocomplete choices: at most 25, names 1–100 characters, values the term or, when longer than 100, its key (see term-choices.ts). */
export function formatChoices(terms: LookupTerm[]): APIApplicationCommandOptionChoice<string>[] {
  return terms.slice(0, LIMITS.autocompleteChoices).map((term) => {
    const name = truncate(`${term.text} (${term.count}×)`, LIMITS.choiceName);
    return { name, value: termChoiceValue(term.text) };
  });
}

/** Articles to pick from as one types (their title and site), each standing for its key. */
export function formatArticleChoices(articles: LibraryArticle[]): APIApplicationCommandOptionChoice<string>[] {
  return articles.slice(0, LIMITS.autocompleteChoices).map(({ key, title, article }) => {
    const site = article.metadata.siteName;
    return { name: truncate(`${title || article.id}${site ? ` — ${site}` : ''}`, LIMITS.choiceName), value: key };
  });
}

/** "by X, published Y, N paragraphs": what an article says of itself, and its length. */
function articleDetails({ article }: LibraryArticle): string {
  const { byline, published } = article.metadata;
  const count = article.paragraphs.length;
  return [byline && `by ${escapeText(byline)}`, published && `published ${escapeText(published)}`, `${count} paragraph${count === 1 ? '' : 's'}`].filter(Boolean).join(', ');
}

function articleTitle(article: LibraryArticle): string {
  return `**${escapeText(truncate(article.title || article.article.id, 150))}**`;
}

/** /article add: what was added (or replaced: the article from the same page), and how to ask about it. */
export function formatAdded(article: LibraryArticle, replaced: boolean): ReplyPayload {
  return formatText(`${replaced ? 'Replaced' : 'Added'} ${articleTitle(article)} — ${articleDetails(article)}. Ask about it here with \`/ask\`.`);
}

/** /article remove: what is gone. */
export function formatRemoved(article: LibraryArticle): ReplyPayload {
  return formatText(`Removed ${articleTitle(article)} from this server’s library.`);
}

/** A moment as Discord shows it to each reader ("3 days ago"), or nothing when not a date. */
function relativeTime(iso: string | null): string | null {
  const at = iso === null ? NaN : Date.parse(iso);
  return Number.isNaN(at) ? null : `<t:${Math.floor(at / 1000)}:R>`;
}

/** /article list, for the member alone: the server's own articles, newest first, as far as one message allows; and how many more the bot quotes everywhere. */
export function formatLibrary(own: LibraryArticle[], everywhere: number): ReplyPayload {
  const shared = `Everyone here can also ask about my ${everywhere} article${everywhere === 1 ? '' : 's'} for every server (\`/sources\` lists all).`;
  if (own.length === 0) return formatText(`📚 This server’s library is empty: members with Manage Server add articles with \`/article add\`. ${shared}`, true);
  const header = `📚 **This server’s library: ${own.length} article${own.length === 1 ? '' : 's'}**, newest first:`;
  const lines: string[] = [];
  // Room kept for the "…and N more" line and the closing one.
  let used = header.length + shared.length + 40;
  for (const [i, article] of own.entries()) {
    const added = relativeTime(article.article.metadata.added);
    const line = `${i + 1}. ${articleTitle(article)} — ${articleDetails(article)}${added ? ` · added ${added}` : ''}`;
    if (used + line.length + 1 > LIMITS.content) break;
    lines.push(line);
    used += line.length + 1;
  }
  const hidden = own.length - lines.length;
  return formatText([header, ...lines, ...(hidden > 0 ? [`…and ${hidden} more.`] : []), shared].join('\n'), true);
}

export function formatSources(summary: CorpusSummary): ReplyPayload {
  const indexed = relativeTime(summary.indexedAt) ?? 'not indexed (lexical search only)';
  const count = summary.articles.length;
  const header = `📚 **${count} article${count === 1 ? '' : 's'}** · ${summary.chunks} chunks · model \`${summary.model ?? 'none'}\` · indexed ${indexed}`;
  const lines: string[] = [];
  // Room kept for the "…and N more" line: a large corpus is listed as far as one message allows.
  let used = header.length + 40;
  for (const [i, article] of summary.articles.entries()) {
    const line = `${i + 1}. **${escapeText(truncate(article.title, 150))}** — ${article.paragraphs} paragraphs, ${article.chunks} chunks`;
    if (used + line.length + 1 > LIMITS.content) break;
    lines.push(line);
    used += line.length + 1;
  }
  const hidden = count - lines.length;
  return formatText([header, ...lines, ...(hidden > 0 ? [`…and ${hidden} more.`] : [])].join('\n'));
}

/** What the bot does, in a few lines, with a question these articles answer as the example. */
export function helpText(example: string): string {
  return [
    '**I answer questions about the articles by quoting them.**',
    `\`/ask question:\` — the articles’ own words that answer, best sentence in **bold**, with the paragraph (¶). Add \`article:\` to ask one article, \`hide:True\` to see the answer alone. For example: \`/ask question: ${escapeText(example)}\``,
    '`/lookup term:` — every passage that mentions a name, place or phrase (suggestions as you type; `article:` for one article).',
    '`/summary` — an article’s summary in its own words (`article:` to pick one; else the newest).',
    '`/sources` — the articles I can quote here.',
    '`/article add url:` or `file:` — members with Manage Server add an article to this server’s library (quoted in this server only); `/article remove`, `/article list`.',
    'You can also mention me with a question, or reply to one of my answers to ask a follow-up.',
    'When the article does not cover a question, I say so and show the closest passages.',
  ].join('\n');
}

/** The reply to "hi" or "thanks": short and friendly, with what to ask. */
export function formatSmallTalk(example: string, mentioned: boolean): ReplyPayload {
  const how = mentioned ? `mention me with a question, such as “${escapeText(example)}”` : `ask me a question, such as “${escapeText(example)}”`;
  return formatText(`👋 Hi! I answer questions about the article by quoting it: ${how}, or use \`/ask\`; \`/summary\` sums an article up, and server managers add articles with \`/article add\`. \`/help\` shows everything I do.`);
}
