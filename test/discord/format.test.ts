import { describe, expect, it } from 'vitest';
import type { Answer, ArticleInfo, Extract } from '../../src/answering/answer.ts';
import { Article } from '../../src/corpus/articles.ts';
import { formatStoredArticle, NO_METADATA, type ArticleMetadata } from '../../src/corpus/stored-form.ts';
import {
  escapeText,
  formatAdded,
  formatAnswer,
  formatArticleChoices,
  formatChoices,
  formatExtract,
  formatLibrary,
  formatMentions,
  formatParagraph,
  formatRemoved,
  formatSources,
  LIMITS,
  NO_MENTIONS,
  quoteBlock,
  truncate,
} from '../../src/discord/format.ts';
import { termFromChoice } from '../../src/discord/term-choices.ts';
import type { LibraryArticle } from '../../src/library/library.ts';
import { markupLeaks } from './markup.ts';

describe('truncate', () => {
  it.each([
    ['short text stays', 'Short.', 20, 'Short.'],
    ['cuts on a sentence end when one is near', 'One two three. Four five six seven.', 20, 'One two three. …'],
    ['else on a word when the sentence end is far back', 'One two three. Four five six seven.', 30, 'One two three. Four five six…'],
    ['else on a word', 'alpha beta gamma delta epsilon', 20, 'alpha beta gamma…'],
    ['else hard, never splitting an emoji', '😀😀😀😀😀😀', 6, '😀😀…'],
  ])('%s', (_name, text, max, expected) => {
    const result = truncate(text, max);
    expect(result).toBe(expected);
    expect(result.length).toBeLessThanOrEqual(max);
  });
});

describe('escapeText', () => {
  it.each([
    ['markdown', '**bold** _it_ `code` ~~s~~ ||spoiler||', '\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\~\\~s\\~\\~ \\|\\|spoiler\\|\\|'],
    ['mentions cannot render', '<@123> <@&456> <#789>', '\\<@123> \\<@&456> \\<#789>'],
    ['@everyone and @here cannot ping', '@everyone @here', '@\u200beveryone @\u200bhere'],
    ['headings and lists stay text', '# Title\n- item\n1. first', '\\# Title\n\\- item\n1\\. first'],
    ['masked links stay text', '[click](https://x.y)', '\\[click\\](https://x.y)'],
    ['plain text is untouched', 'Moreno said on Tuesday.', 'Moreno said on Tuesday.'],
    ['subtext stays text', '-# small print\n  -# indented', '\\-# small print\n  \\-# indented'],
    ['bidi overrides and zero-width characters are removed', 'a\u202Eevil\u202C b\u200Bc\u2066d\u2069\uFEFF', 'aevil bcd'],
    ['an invisible character cannot hide a mention', '<\u200B@123> @\u200Beveryone', '\\<@123> @\u200beveryone'],
  ])('%s', (_name, text, expected) => {
    expect(escapeText(text)).toBe(expected);
  });
});

const extract = (text: string, highlight: [number, number], paragraph = 3): Extract => ({
  articleId: 'a',
  articleKey: '0123456789abcdef',
  articleTitle: 'A *title*',
  paragraph,
  start: 0,
  end: text.length,
  text,
  highlight: { start: highlight[0], end: highlight[1] },
  score: 1,
  coverage: 1,
});

describe('formatExtract', () => {
  it.each([
    ['bolds the best sentence inside a block quote, cited', extract('Before. Best one. After.', [8, 17]), 500, '> Before. **Best one.** After.\n— *A \\*title\\**, ¶ 3'],
    ['keeps one paragraph per quote line', extract('Line one.\nLine two.', [0, 9]), 500, '> **Line one.**\n> Line two.\n— *A \\*title\\**, ¶ 3'],
    ['escapes the quote but not its own bold', extract('A *star* <@1>.', [0, 14]), 500, '> **A \\*star\\* \\<@1>.**\n— *A \\*title\\**, ¶ 3'],
    ['drops context first when over budget', extract(`${'x '.repeat(100)}Best sentence here. ${'y '.repeat(100)}`, [200, 219]), 100, '> **Best sentence here.**\n— *A \\*title\\**, ¶ 3'],
  ])('%s', (_name, input, max, expected) => {
    expect(formatExtract(input, max)).toBe(expected);
  });

  it('shows the sentence alone when its context fits only before escaping', () => {
    const text = `${'*'.repeat(80)} Best one.`;
    expect(formatExtract(extract(text, [81, 90]), 150)).toBe('> **Best one.**\n— *A \\*title\\**, ¶ 3');
  });

  it('shows the sentence alone when asked for no context', () => {
    expect(formatExtract(extract('Before. Best one. After.', [8, 17]), 500, false)).toBe('> **Best one.**\n— *A \\*title\\**, ¶ 3');
  });
});

function answer(extracts: Extract[], status: Answer['status'] = 'answered', question = 'Who?', cleanedQuestion = question): Answer {
  return { question, cleanedQuestion, status, confidence: 1, extracts, answering: extracts.length, suggestions: [], mode: 'hybrid', timings: { embeddingMs: 0, searchMs: 0, extractionMs: 0 } };
}

describe('formatAnswer', () => {
  it('stays within 2000 characters however long the extracts and question, and pings no one', () => {
    const long = extract('word '.repeat(2000), [0, 9999]);
    const reply = formatAnswer(answer([long, long, long, long], 'answered', '@everyone '.repeat(500)));
    expect(reply.content.length).toBeLessThanOrEqual(LIMITS.content);
    expect(reply.content).not.toContain('@everyone');
    expect(reply.allowedMentions).toEqual(NO_MENTIONS);
  });

  it.each([
    ['not-covered', '🤷 The article does not seem to cover this. Closest passages, **not an answer**:'],
    ['hedged', '🔎 The closest passages; they **may not answer** this exactly:'],
  ] as const)('says what a %s answer is', (status, line) => {
    expect(formatAnswer(answer([extract('Text.', [0, 5])], status)).content).toContain(line);
  });

  it('repeats the question as searched, without the mention that carried it', () => {
    const reply = formatAnswer(answer([extract('Text.', [0, 5])], 'answered', '<@100000000000000001> who is **Moreno**?', 'who is Moreno?'));
    expect(reply.content).toMatch(/^\*\*Q:\*\* who is Moreno\?\n/);
  });

  it('has buttons within limits that name no answer and no user: More extracts (disabled on the last page), Full paragraph, votes', () => {
    const extracts = Array.from({ length: 4 }, (_, i) => extract('Text.', [0, 5], 12 + i));
    const first = formatAnswer(answer(extracts)).components[0]!.toJSON().components as { custom_id: string; disabled?: boolean }[];
    expect(first.map((b) => b.custom_id)).toEqual(['more:1', 'para:0123456789abcdef:12', 'vote:up', 'vote:down', 'delete']);
    expect(first[0]!.disabled).toBe(false);
    const last = formatAnswer(answer(extracts), 1);
    const buttons = last.components[0]!.toJSON().components as { custom_id: string; disabled?: boolean }[];
    expect(buttons.map((b) => b.custom_id)).toEqual(['more:2', 'para:0123456789abcdef:15', 'vote:up', 'vote:down', 'delete']);
    expect(buttons[0]!.disabled).toBe(true);
    expect(last.content).toContain('*More extracts (page 2):*');
  });
});

describe('formatSources', () => {
  it('lists as many articles as fit, then says how many more', () => {
    const articles = Array.from({ length: 20_000 }, (_, i) => ({ id: `a${i}`, key: `a${i}`, title: `Article number ${i}`, paragraphs: 3, chunks: 1 }));
    const reply = formatSources({ articles, chunks: 20_000, model: 'm', indexedAt: '2026-01-01T00:00:00.000Z' });
    expect(reply.content.length).toBeLessThanOrEqual(LIMITS.content);
    expect(reply.content).toMatch(/^📚 \*\*20000 articles\*\* · 20000 chunks · model `m` · indexed <t:1767225600:R>\n1\. \*\*Article number 0\*\*/);
    expect(reply.content).toMatch(/…and \d+ more\.$/);
  });
});

describe('limits on choices', () => {
  it.each([
    ['caps choices at 25', 40, 'Moreno', 25],
    ['cuts names to 100 characters', 1, 'n'.repeat(300), 1],
  ])('%s', (_name, count, text, expected) => {
    const choices = formatChoices(Array.from({ length: count }, (_, i) => ({ text: `${text}${i}`, count: 1 })));
    expect(choices).toHaveLength(expected);
    for (const choice of choices) {
      expect(choice.name.length).toBeGreaterThan(0);
      expect(choice.name.length).toBeLessThanOrEqual(LIMITS.choiceName);
      expect(choice.value.length).toBeLessThanOrEqual(LIMITS.choiceName);
    }
  });
});

describe('choices for long terms (row 11)', () => {
  it('sends a short key for a term over 100 characters, never a cut-off name, and maps the key back to the term', () => {
    const long = `Lenin Moreno ${'and the Ministry of Foreign Affairs '.repeat(4)}Quito`;
    expect(long.length).toBeGreaterThan(LIMITS.choiceName);
    const terms = [{ text: long, count: 3 }, { text: 'Moreno', count: 9 }];
    const service = { suggestTerms: (_typed: string, limit: number) => terms.slice(0, limit) };
    const [longChoice, shortChoice] = formatChoices(terms);
    expect(longChoice!.value.length).toBeLessThanOrEqual(LIMITS.choiceName);
    expect(long.startsWith(longChoice!.value.replace(/…$/, ''))).toBe(false);
    expect(termFromChoice(longChoice!.value, service)).toBe(long);
    expect(shortChoice!.value).toBe('Moreno');
    expect(termFromChoice('Moreno', service)).toBe('Moreno');
    expect(termFromChoice('term#0000000000000000', service)).toBe('term#0000000000000000');
  });
});

describe('formatMentions', () => {
  const mention = (paragraph: number) => ({ articleId: 'a', articleKey: 'k', articleTitle: 'T', paragraph, start: 0, end: 300, text: `${'x'.repeat(140)} Moreno ${'y'.repeat(150)}`, hits: [{ start: 141, end: 147 }] });

  it('bolds the term, cites paragraphs, and lists what does not fit', () => {
    const reply = formatMentions('Moreno', Array.from({ length: 30 }, (_, i) => mention(i + 1)));
    expect(reply.content.length).toBeLessThanOrEqual(LIMITS.content);
    expect(reply.content).toMatch(/^🔎 \*\*Moreno\*\* is mentioned in 30 paragraphs:/);
    expect(reply.content).toContain(' **Moreno** ');
    expect(reply.content).toMatch(/…and \d+ more: ¶ \d+/);
  });

  it('says “more than” when the term stands in more paragraphs than were listed', () => {
    expect(formatMentions('Moreno', [mention(1)], true).content).toMatch(/^🔎 \*\*Moreno\*\* is mentioned in more than 1 paragraphs:/);
  });
});

/** An answer about an article as a whole, as the engine gives it. */
function aboutAnswer(kind: NonNullable<Answer['about']>['kind'], found: boolean, extracts: Extract[], details: Partial<Pick<ArticleInfo, 'byline' | 'published' | 'siteName' | 'url'>> = {}): Answer {
  const about = { kind, key: '0123456789abcdef', id: 'a', title: 'A *title*', byline: null, published: null, siteName: null, url: null, ...details };
  return { ...answer(extracts, found ? 'answered' : 'not-covered', 'who wrote this?'), about };
}

describe('formatAnswer for a question about the article as a whole', () => {
  const headline = extract('A *title*', [0, 9], 0);
  const lead = extract('The lead paragraph. It goes on.', [0, 31], 1);
  const central = extract('Context before. The central sentence. After.', [16, 37], 5);
  it.each([
    ['a summary: its own lines as they stand, none in bold, under its title', aboutAnswer('summary', true, [headline, lead, central]), '📰 *A \\*title\\** — in its own words:\n> A \\*title\\*\n— *A \\*title\\**, ¶ 0\n> The lead paragraph. It goes on.\n— *A \\*title\\**, ¶ 1\n> The central sentence.\n— *A \\*title\\**, ¶ 5'],
    ['who wrote it: what the article says of itself', aboutAnswer('byline', true, [], { byline: 'Ada <@1> Green', published: '2026-11-30', siteName: 'Plant *Weekly*' }), '📰 *A \\*title\\**\nBy Ada \\<@1> Green · published 2026-11-30 · Plant \\*Weekly\\*'],
    ['the site, from the link when the article names none', aboutAnswer('site', true, [], { url: 'https://plants.example/fern_glows?x=1' }), '📰 *A \\*title\\**\nplants.example'],
    ['a byline the article lacks: said plainly, never made up', aboutAnswer('byline', false, [], { siteName: 'Plant Weekly' }), '📰 *A \\*title\\**\nThe article does not say who wrote it.'],
    ['a date the article lacks', aboutAnswer('published', false, []), '📰 *A \\*title\\**\nThe article does not say when it was published.'],
    ['the headline, quoted', aboutAnswer('headline', true, [headline]), '📰 *A \\*title\\** — its headline:\n> A \\*title\\*\n— *A \\*title\\**, ¶ 0'],
    ['a photo credit it lacks, with the captions it has', aboutAnswer('credit', false, [extract('A fern at night.', [0, 16], 2)]), '📰 *A \\*title\\**\nThe article does not say who took the photo. The closest it has:\n> A fern at night.\n— *A \\*title\\**, ¶ 2'],
  ])('%s', (_name, input, expected) => {
    expect(formatAnswer(input).content).toBe(expected);
  });

  it('shows a whole summary on one page, within 2000 characters, with its buttons', () => {
    const long = Array.from({ length: 6 }, (_, i) => extract(`${'word '.repeat(120)}end ${i}.`, [0, 606], i + 1));
    const reply = formatAnswer(aboutAnswer('summary', true, long));
    expect(reply.content.length).toBeLessThanOrEqual(LIMITS.content);
    expect(reply.content.match(/^— /gm)).toHaveLength(6);
    const buttons = reply.components[0]!.toJSON().components as { custom_id: string; disabled?: boolean }[];
    expect(buttons.map((b) => b.custom_id)).toEqual(['more:1', 'para:0123456789abcdef:1', 'vote:up', 'vote:down', 'delete']);
    expect(buttons[0]!.disabled).toBe(true);
  });
});

/** A server's article as the library lists it. */
function libraryArticle(title: string, metadata: Partial<ArticleMetadata> = {}, paragraphs = ['One.', 'Two.']): LibraryArticle {
  const text = formatStoredArticle({ title, metadata: { ...NO_METADATA, ...metadata }, paragraphs: paragraphs.map((p) => ({ text: p, role: 'body' as const })) });
  const article = new Article(title.toLowerCase().replace(/\W+/g, '-'), 'file.md', text);
  return { key: article.key, id: article.id, title: article.title, owner: { kind: 'server', guildId: '200000000000000002' }, article };
}

describe('the library’s replies', () => {
  const fern = libraryArticle('Ferns that *glow*', { byline: 'Ada Green', published: '2026-11-30', siteName: 'Plant Weekly', added: '2026-12-01T10:00:00.000Z' });
  const bare = libraryArticle('Notes', {}, ['Only one.']);
  it.each([
    ['an article added, with what it says of itself', formatAdded(fern, false), 'Added **Ferns that \\*glow\\*** — by Ada Green, published 2026-11-30, 2 paragraphs. Ask about it here with `/ask`.'],
    ['one that replaced the article from the same page', formatAdded(fern, true), 'Replaced **Ferns that \\*glow\\*** — by Ada Green, published 2026-11-30, 2 paragraphs. Ask about it here with `/ask`.'],
    ['an article that says nothing of itself', formatAdded(bare, false), 'Added **Notes** — 1 paragraph. Ask about it here with `/ask`.'],
    ['a removal', formatRemoved(fern), 'Removed **Ferns that \\*glow\\*** from this server’s library.'],
    [
      'the list, newest first, with when each was added',
      formatLibrary([fern, bare], 1),
      '📚 **This server’s library: 2 articles**, newest first:\n1. **Ferns that \\*glow\\*** — by Ada Green, published 2026-11-30, 2 paragraphs · added <t:1796119200:R>\n2. **Notes** — 1 paragraph\nEveryone here can also ask about my 1 article for every server (`/sources` lists all).',
    ],
    ['an empty library, saying who can add', formatLibrary([], 3), '📚 This server’s library is empty: members with Manage Server add articles with `/article add`. Everyone here can also ask about my 3 articles for every server (`/sources` lists all).'],
  ])('%s', (_name, reply, expected) => {
    expect(reply.content).toBe(expected);
    expect(reply.allowedMentions).toEqual(NO_MENTIONS);
  });

  it('lists a full library within one message, saying how many more', () => {
    const many = Array.from({ length: 100 }, (_, i) => libraryArticle(`An article with a long title number ${i}`, { byline: 'Someone', published: '2026-01-01' }));
    const reply = formatLibrary(many, 1);
    expect(reply.content.length).toBeLessThanOrEqual(LIMITS.content);
    expect(reply.content).toMatch(/…and \d+ more\.\nEveryone here/);
    expect(reply.flags & 64).toBe(64);
  });

  it('offers articles as choices by title and site, each standing for its key, within Discord’s limits', () => {
    const long = libraryArticle('t'.repeat(300));
    const choices = formatArticleChoices([fern, bare, long, ...Array.from({ length: 30 }, (_, i) => libraryArticle(`Article ${i}`))]);
    expect(choices).toHaveLength(LIMITS.autocompleteChoices);
    expect(choices.slice(0, 2)).toEqual([
      { name: 'Ferns that *glow* — Plant Weekly', value: fern.key },
      { name: 'Notes', value: bare.key },
    ]);
    expect(choices[2]!.name.length).toBeLessThanOrEqual(LIMITS.choiceName);
    expect(choices[2]!.value).toBe(long.key);
  });
});

describe('quotes built from hostile text', () => {
  const hostile = [
    'See [the annual budget report. Read the full budget text here](http://evil.example/phish) now.',
    '> not a quote\n# heading\n-# subtext\n- item\n+ item\n* item\n12. item\n3) item',
    'Ping <@123> <@&4> <#5> <t:1700000000:R> </ask:6> <:e:7> <https://x.y> @everyone @here',
    '**bold** __under__ *it* _it_ ~~strike~~ ||spoiler|| `code` ```block``` \\ back\\',
    'Hidden\u200B> quote \u202Eevil\u202C [x\u200B](y) \u200B# heading',
    'Old Mac\r> not a quote\r\n# heading\u2028> line separator\u2029- paragraph separator',
  ];

  it('the check finds what the issue saw sent (row 4, 8)', () => {
    expect(markupLeaks('> [the annual budget report. **Read the full budget text here](http://evil.example/phish)**')).not.toEqual([]);
    expect(markupLeaks('> Ships wait at [the **port**](http://evil.example/**port**)')).not.toEqual([]);
    expect(markupLeaks('> Old Mac\r> not a quote')).not.toEqual([]);
    expect(markupLeaks('> \\[x\\](y) **\\> fine**')).toEqual([]);
  });

  it.each(hostile.map((text, i) => [i, text] as const))('no bold placement lets text %i form markup, for /ask, Full paragraph and /lookup', (_i, text) => {
    for (let start = 0; start < text.length; start += 3) {
      for (let end = start + 1; end <= text.length; end += 5) {
        const answer = formatExtract(extract(text, [start, end]), 2000);
        expect(markupLeaks(answer)).toEqual([]);
        const mention = { articleId: 'a', articleKey: 'k', articleTitle: 'T', paragraph: 1, start: 0, end: text.length, text, hits: [{ start, end }] };
        expect(markupLeaks(formatMentions('term', [mention]).content.split('\n').slice(1).join('\n'))).toEqual([]);
      }
    }
    const paragraph = formatParagraph({ articleId: 'a', articleKey: 'k', articleTitle: 'T', paragraph: 1, start: 0, end: text.length, text });
    expect(markupLeaks(paragraph.content)).toEqual([]);
  });

  it('shows a masked link in an article as its text, the highlight inside it included', () => {
    const text = hostile[0]!;
    const start = text.indexOf('Read');
    expect(formatExtract(extract(text, [start, text.indexOf(' now')]), 2000)).toBe(
      '> See \\[the annual budget report. **Read the full budget text here\\](http://evil.example/phish)** now.\n— *A \\*title\\**, ¶ 3',
    );
  });

  it.each([50, 100, 333, 1999])('stays within %i characters, cutting with “…” and closing its bold', (max) => {
    const text = `${'[x](y) *a* '.repeat(300)}`;
    const { content, cut } = quoteBlock(text, [{ start: 10, end: 3000 }], max);
    expect(cut).toBe(true);
    expect(content.length).toBeLessThanOrEqual(max);
    expect(content.endsWith('…')).toBe(true);
    expect(markupLeaks(content.slice(0, -1))).toEqual([]);
  });

  it('escapes only what it shows of a 1 MB one-line mention, every hit shown in bold', () => {
    const text = 'The port authority said so on Tuesday. '.repeat(27_000);
    const hits = [...text.matchAll(/port/g)].map((match) => ({ start: match.index, end: match.index + 4 }));
    const reply = formatMentions('port', [{ articleId: 'a', articleKey: 'k', articleTitle: 'T', paragraph: 1, start: 0, end: text.length, text, hits }]);
    expect(reply.content.length).toBeLessThanOrEqual(LIMITS.content);
    expect(reply.content.match(/\*\*port\*\*/g)!.length).toBeGreaterThan(40);
    expect(reply.content).toMatch(/…\n— \*T\*, ¶ 1$/);
  });
});
