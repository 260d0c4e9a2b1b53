import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Library } from '../../src/library/library.ts';
import { folderWith, SEED_TEXT, temporaryFolder } from '../helpers.ts';
import { openLexicalLibrary, startBot } from './harness.ts';

/** 20,000 small articles (~2.5 MB): enough that any per-request work proportional to the corpus misses Discord's 3 s window. */
function manyArticles(): string {
  const folder = join(temporaryFolder(), 'articles');
  mkdirSync(folder);
  for (let i = 0; i < 20_000; i++) {
    writeFileSync(
      join(folder, `report-${String(i).padStart(5, '0')}.txt`),
      `Report ${i} of the works committee\n\nThe committee number ${i} met on day ${i % 28} to discuss budget line ${i * 7}. It voted to approve the plan for district ${i % 97}.\n`,
    );
  }
  return folder;
}

describe('a large corpus', () => {
  let library: Library;
  beforeAll(async () => {
    // Lexical: what is measured here is the bot's handling of Discord's window, not embedding.
    library = await openLexicalLibrary(manyArticles());
  }, 120_000);

  it('acknowledges /sources and 20 simultaneous /ask within Discord’s window', async () => {
    const { fake } = await startBot(library);
    const sources = fake.slashCommand('sources', {});
    const asks = Array.from({ length: 20 }, (_, i) => fake.slashCommand('ask', { question: `what did committee ${i * 31} vote on`, hide: i % 2 === 0 }, String(500000000000003000n + BigInt(i))));
    const listed = await fake.response(sources);
    expect(listed.content).toMatch(/^📚 \*\*20000 articles\*\*/);
    expect(listed.content).toMatch(/…and \d+ more\.$/);
    // Answering 20 questions over 20,000 articles takes a few seconds: the replies are deferred, then edited.
    const replies = await Promise.all(asks.map((interaction) => fake.response(interaction, 'an /ask reply', 60_000)));
    for (const [i, reply] of replies.entries()) expect(reply.content).toContain(`committee number ${i * 31} `);
    // The fake refuses a late acknowledgement with 10062 Unknown interaction, as Discord does.
    expect(fake.requests.filter((request) => request.status >= 400)).toEqual([]);
    for (const interaction of [sources, ...asks]) expect(interaction.callbacks).toHaveLength(1);
  });

  it('shows the full paragraph of an article whose file name is 150 characters long', async () => {
    const small = await openLexicalLibrary(folderWith({ [`${'a-very-long-file-name-'.repeat(7).slice(0, 150)}.txt`]: SEED_TEXT }));
    const { fake } = await startBot(small);
    const reply = await fake.response(fake.slashCommand('ask', { question: 'Who is the president of Ecuador?' }));
    const button = fake.buttonId(reply, 'para:');
    const paragraph = await fake.response(fake.clickButton(reply, button));
    expect(paragraph.ephemeral).toBe(true);
    expect(paragraph.content).toContain('Ecuadorian President Lenin Moreno');
  });
});
