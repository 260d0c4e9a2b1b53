/**
 * Every reply the bot sends, formatted in one place that enforces Discord's limits (LIMITS):
 * answers, lookups, sources, help, errors, buttons. Over 200 lines because that is the point:
 * nothing else builds message content.
 */
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, escapeMarkdown, MessageFlags, type APIApplicationCommandOptionChoice } from 'discord.js';
import type { Answer, CorpusSummary, Extract, LookupTerm, Mention, Quote } from '../answering/answer.ts';
import { customIds } from './custom-ids.ts';
import { pageCount, pageExtracts } from './questions.ts';

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
const INVISIBLE = /[\u00AD\u061C\u180E\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

/**
 * Text safe to show: invisible and direction-changing characters removed; markdown (subtext
 * "-# " included), mention and emoji syntax escaped, so quoted words show as written and can
 * never format, ping or link. Our own bold is added after escaping.
 */
export function escapeText(text: string): string {
  return escapeMarkdown(text.replace(INVISIBLE, ''), { bulletedList: true, numberedList: true, heading: true, maskedLink: true })
    .replace(/^(\s*)-#/gm, '$1\\-#')
    .replace(/<(?=[@#:]|a:|t:|\/)/g, '\\<')
    .replace(/@(everyone|here)\b/g, '@\u200b$1');
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

function asBlockQuote(text: string): string {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => `> ${line}`)
    .join('\n');
}

/** Where a quote stands: "— *title*, ¶ N". */
function citation(quote: Pick<Quote, 'articleTitle' | 'paragraph'>): string {
  return `— *${escapeText(truncate(quote.articleTitle, 120))}*, ¶ ${quote.paragraph}`;
}

/** An extract as a block quote with its best sentence in bold, then its citation. */
export function formatExtract(extract: Extract, maxChars: number, withContext = true): string {
  const cited = citation(extract);
  const room = Math.max(40, maxChars - cited.length - 10);
  const { start, end } = extract.highlight;
  let before = extract.text.slice(0, start);
  let best = extract.text.slice(start, end);
  let after = extract.text.slice(end);
  // Without context, or over budget: the sentence alone, shortened if need be.
  if (!withContext || extract.text.length > room) {
    before = '';
    after = '';
    best = truncate(best, room);
  }
  const bold = best
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => `**${escapeText(line.trim())}**`)
    .join('\n');
  return `${asBlockQuote(`${escapeText(before)}${bold}${escapeText(after)}`)}\n${cited}`;
}

function questionLine(question: string): string {
  if (question === '') return '**Q:** …';
  return `**Q:** ${escapeText(truncate(question.replace(/\s+/g, ' ').trim(), 200))}`;
}

/**
 * The first extract with its context, the others as their best sentence only: the answer
 * stays short enough to read at a glance ("More extracts" and "Full paragraph" give the rest).
 */
function fitExtracts(header: string[], extracts: Extract[]): string {
  const fixed = header.join('\n').length + 4 * extracts.length;
  const each = Math.floor((LIMITS.content - fixed) / Math.max(1, extracts.length));
  const content = [...header, ...extracts.map((extract, i) => formatExtract(extract, each, i === 0))].join('\n');
  return content.length <= LIMITS.content ? content : truncate(content, LIMITS.content);
}

/** An answer, one page of its extracts (the first with its context, the others as their best sentence), and its buttons. */
export function formatAnswer(answer: Answer, page = 0): ReplyPayload {
  const extracts = pageExtracts(answer, page);
  // The question as searched: a mention's own "<@bot>" and markup are not repeated back.
  const header = [questionLine(answer.cleanedQuestion)];
  for (const { word, suggestion } of answer.suggestions) header.push(`*Did you mean **${escapeText(suggestion)}** (for “${escapeText(word)}”)?*`);
  if (answer.status === 'hedged') header.push('🔎 The closest passages; they **may not answer** this exactly:');
  if (answer.status === 'not-covered') {
    header.push(extracts.length > 0 ? '🤷 The article does not seem to cover this. Closest passages, **not an answer**:' : '🤷 The article does not seem to cover this.');
  }
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
    content: fitExtracts(header, extracts),
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
  const cited = citation(quote);
  return formatText(`${asBlockQuote(escapeText(truncate(quote.text, LIMITS.content - cited.length - 40)))}\n${cited}`, true);
}

/** /lookup: every paragraph that mentions a term, the term in bold, with paragraph numbers. */
export function formatMentions(term: string, mentions: Mention[]): ReplyPayload {
  const header = `🔎 **${escapeText(term)}** is mentioned in ${mentions.length} paragraph${mentions.length === 1 ? '' : 's'}:`;
  // Room kept for the "…and N more" line.
  const budget = LIMITS.content - header.length - 150;
  const blocks: string[] = [];
  let used = 0;
  for (const mention of mentions) {
    let marked = '';
    let at = 0;
    for (const hit of mention.hits) {
      marked += `${escapeText(mention.text.slice(at, hit.start))}**${escapeText(mention.text.slice(hit.start, hit.end))}**`;
      at = hit.end;
    }
    marked += escapeText(mention.text.slice(at));
    const block = `${asBlockQuote(marked)}\n${citation(mention)}`;
    if (used + block.length + 1 > budget) {
      // The first mention always shows, cut to fit; later ones move to the list below.
      if (blocks.length === 0) blocks.push(truncate(block, budget));
      break;
    }
    blocks.push(block);
    used += block.length + 1;
  }
  const hidden = mentions.slice(blocks.length);
  const footer = hidden.length > 0 ? [`…and ${hidden.length} more: ${truncate(hidden.map((m) => `¶ ${m.paragraph}`).join(', '), 100)}`] : [];
  return formatText([header, ...blocks, ...footer].join('\n'));
}

export function formatUnknownTerm(term: string, closest: LookupTerm[]): ReplyPayload {
  const hint = closest.length > 0 ? ` Closest terms: ${closest.map((t) => `**${escapeText(t.text)}**`).join(', ')}.` : '';
  return formatError(`No passage mentions “${escapeText(truncate(term, 100))}”.${hint}`);
}

/** Autocomplete choices: at most 25, names 1–100 characters. */
export function formatChoices(terms: LookupTerm[]): APIApplicationCommandOptionChoice<string>[] {
  return terms.slice(0, LIMITS.autocompleteChoices).map((term) => {
    const name = truncate(`${term.text} (${term.count}×)`, LIMITS.choiceName);
    return { name, value: truncate(term.text, LIMITS.choiceName) };
  });
}

export function formatSources(summary: CorpusSummary): ReplyPayload {
  const indexed = summary.indexedAt ? `<t:${Math.floor(Date.parse(summary.indexedAt) / 1000)}:R>` : 'not indexed (lexical search only)';
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
    '**I answer questions about the article by quoting it.**',
    `\`/ask question:\` — the article’s own words that answer, best sentence in **bold**, with the paragraph (¶). Add \`hide:True\` to see it alone. For example: \`/ask question: ${escapeText(example)}\``,
    '`/lookup term:` — every passage that mentions a name, place or phrase (suggestions as you type).',
    '`/sources` — the articles I know.',
    'You can also mention me with a question, or reply to one of my answers to ask a follow-up.',
    'When the article does not cover a question, I say so and show the closest passages.',
  ].join('\n');
}

/** The reply to "hi" or "thanks": short and friendly, with what to ask. */
export function formatSmallTalk(example: string, mentioned: boolean): ReplyPayload {
  const how = mentioned ? `mention me with a question, such as “${escapeText(example)}”` : `ask me a question, such as “${escapeText(example)}”`;
  return formatText(`👋 Hi! I answer questions about the article by quoting it: ${how}, or use \`/ask\`. \`/help\` shows everything I do.`);
}
