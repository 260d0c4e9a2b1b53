import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answering/engine.ts';
import type { Extract } from '../../src/answering/extracts.ts';
import { customIds, escapeText, formatAnswer, formatChoices, formatExtract, formatMentions, LIMITS, NO_MENTIONS, truncate } from '../../src/discord/format.ts';

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
    ['masked links stay text', '[click](https://x.y)', '\\[click](https://x.y)'],
    ['plain text is untouched', 'Moreno said on Tuesday.', 'Moreno said on Tuesday.'],
  ])('%s', (_name, text, expected) => {
    expect(escapeText(text)).toBe(expected);
  });
});

const extract = (text: string, highlight: [number, number], paragraph = 3): Extract => ({
  articleId: 'a',
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

  it('shows the sentence alone when asked for no context', () => {
    expect(formatExtract(extract('Before. Best one. After.', [8, 17]), 500, false)).toBe('> **Best one.**\n— *A \\*title\\**, ¶ 3');
  });
});

function answer(extracts: Extract[], status: Answer['status'] = 'answered', question = 'Who?'): Answer {
  return { question, cleanedQuestion: question, status, extracts, suggestions: [], mode: 'hybrid', timings: { embeddingMs: 0, searchMs: 0, extractionMs: 0 } };
}

describe('formatAnswer', () => {
  it('stays within 2000 characters however long the extracts and question, and pings no one', () => {
    const long = extract('word '.repeat(2000), [0, 9999]);
    const reply = formatAnswer({ answer: answer([long, long, long], 'answered', '@everyone '.repeat(500)), extracts: [long, long, long], page: 0, hasMore: true, key: 'k', askerId: '7' });
    expect(reply.content.length).toBeLessThanOrEqual(LIMITS.content);
    expect(reply.content).not.toContain('@everyone');
    expect(reply.allowedMentions).toEqual(NO_MENTIONS);
  });

  it('marks closest matches as not an answer', () => {
    const reply = formatAnswer({ answer: answer([extract('Text.', [0, 5])], 'not-covered'), extracts: [extract('Text.', [0, 5])], page: 0, hasMore: false, key: 'k', askerId: '7' });
    expect(reply.content).toContain('🤷 The article does not seem to cover this. Closest passages, **not an answer**:');
  });

  it('has buttons within limits: More extracts (disabled on the last page), Full paragraph, votes', () => {
    const reply = formatAnswer({ answer: answer([extract('Text.', [0, 5], 12)]), extracts: [extract('Text.', [0, 5], 12)], page: 0, hasMore: false, key: 'abc', askerId: '7' });
    const buttons = reply.components[0]!.toJSON().components as { custom_id: string; disabled?: boolean; label?: string }[];
    expect(buttons.map((b) => b.custom_id)).toEqual(['more:abc:1', 'para:12:a', 'vote:abc:up', 'vote:abc:down', 'delete:7']);
    expect(buttons[0]!.disabled).toBe(true);
    for (const button of buttons) expect(button.custom_id.length).toBeLessThanOrEqual(LIMITS.customId);
  });
});

describe('limits on ids and choices', () => {
  it('keeps custom ids within 100 characters even for long article ids', () => {
    expect(customIds.paragraph('x'.repeat(300), 5).length).toBe(100);
  });

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

describe('formatMentions', () => {
  it('bolds the term, cites paragraphs, and lists what does not fit', () => {
    const mention = (paragraph: number) => ({ articleId: 'a', articleTitle: 'T', paragraph, start: 0, end: 300, text: `${'x'.repeat(140)} Moreno ${'y'.repeat(150)}`, hits: [{ start: 141, end: 147 }] });
    const reply = formatMentions('Moreno', Array.from({ length: 30 }, (_, i) => mention(i + 1)));
    expect(reply.content.length).toBeLessThanOrEqual(LIMITS.content);
    expect(reply.content).toMatch(/^🔎 \*\*Moreno\*\* is mentioned in 30 paragraphs:/);
    expect(reply.content).toContain(' **Moreno** ');
    expect(reply.content).toMatch(/…and \d+ more: ¶ \d+/);
  });
});
