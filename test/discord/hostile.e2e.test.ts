/**
 * Rows 3 and 4 of issue 18 as they were found: the real discord.js client against the fake
 * Discord, over an article whose body is one 150 KB line and one with masked links.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Library } from '../../src/library/library.ts';
import { MASKED_LINK_ARTICLE } from '../../src/cli/hostile-articles.ts';
import { folderWith } from '../helpers.ts';
import { expectNoPings, openLexicalLibrary, startBot } from './harness.ts';
import { markupLeaks, quoteLines } from './markup.ts';

describe('hostile articles through Discord', () => {
  let library: Library;
  beforeAll(async () => {
    // One 150 KB line, the harbour master named at its start and end: one mention spanning it all.
    const line = `The harbour master spoke first. ${'The minister said the plan would work on Tuesday. '.repeat(3_000)}The harbour master spoke last.`;
    // Lexical: what is measured here is the bot's handling of Discord's window, not embedding.
    library = await openLexicalLibrary(folderWith({ 'one-line.txt': `One long line\n\n${line}\n`, 'links.md': MASKED_LINK_ARTICLE }));
  });

  it('row 3: a /lookup in the 150 KB line and another member’s /ask 200 ms later are both answered', async () => {
    const { fake } = await startBot(library);
    const lookup = fake.slashCommand('lookup', { term: 'harbour master' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const ask = fake.slashCommand('ask', { question: 'What did the minister say about the plan?' }, '500000000000009999');
    const [looked, asked] = await Promise.all([fake.response(lookup, 'the /lookup reply'), fake.response(ask, 'the /ask reply')]);
    expect(looked.content).toMatch(/^🔎 \*\*harbour master\*\* is mentioned in 1 paragraph:\n> The \*\*harbour master\*\* spoke first\./);
    expect(asked.content).toContain('the plan would work on Tuesday.');
    for (const content of [looked.content, asked.content]) expect(markupLeaks(quoteLines(content))).toEqual([]);
    expectNoPings(fake);
  });

  it('row 4: /ask and /lookup show the article’s masked links as text', async () => {
    const { fake } = await startBot(library);
    const asked = await fake.response(fake.slashCommand('ask', { question: 'What did the ministry publish in the budget report?' }), 'the /ask reply');
    expect(asked.content).toContain('\\[the annual budget report.');
    const looked = await fake.response(fake.slashCommand('lookup', { term: 'Guayaquil' }), 'the /lookup reply');
    expect(looked.content).toContain('\\[the port\\](http://evil.example/port) of **Guayaquil**.');
    for (const content of [asked.content, looked.content]) expect(markupLeaks(quoteLines(content))).toEqual([]);
  });
});
