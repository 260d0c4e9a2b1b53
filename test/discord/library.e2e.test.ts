/**
 * Each server's own library, end to end: the real bot over a real Library against the fake
 * Discord, with two servers (A, and B which adds articles), an admin and a plain member in each,
 * and DMs. The steps run in order on the same library folders; every step starts a new fake and a
 * new bot over Library.open of those folders, as a restart would.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customIds } from '../../src/discord/custom-ids.ts';
import type { Library, LibraryArticle } from '../../src/library/library.ts';
import { TEST_MODEL, temporaryFolder, testEngineConfig, testModelsDir } from '../helpers.ts';
import { respond, TestServer } from '../sources/test-server.ts';
import { APPLICATION_ID, CHANNEL_ID, FakeDiscord, GUILD_ID, type CommandOptions, type InteractionState, type SubcommandCall } from './fake-discord.ts';
import { connectBot, expectNoPings, openTestLibrary, registerBotCommands } from './harness.ts';

const SERVER_A = GUILD_ID;
const SERVER_B = '200000000000000777';
const ADMIN_A = '500000000000000101';
const PLAIN_A = '500000000000000102';
const ADMIN_B = '500000000000000201';
const PLAIN_B = '500000000000000202';
const SEED_TITLE = 'Ecuador may have finally lost patience with Julian Assange';

const FERN_TITLE = 'Botanists find a fern that glows';
const FERN_PAGE = `# ${FERN_TITLE}\n\nA fern that glows faintly at night was found in the Andes by a team from Quito.\n\nThe fern makes a protein called lumifernin, which shines green under moonlight.\n`;
const CAVES_TITLE = 'Divers map the Zephyrine caves';
const CAVES_FILE = `${CAVES_TITLE}\n\nCave divers mapped the Zephyrine caves under the valley of Oaxaca last spring.\n\nThe deepest chamber of the Zephyrine caves lies ninety metres below the river.\n`;
/** What must never reach server A or a DM: server B's articles' titles, and words of theirs no one there types. */
const B_ONLY = [FERN_TITLE, CAVES_TITLE, 'moonlight', 'Quito', 'ninety metres', 'Oaxaca'];

const folder = temporaryFolder();
const engine = testEngineConfig({ model: TEST_MODEL, modelsDir: testModelsDir(`${FERN_PAGE}\n${CAVES_FILE}`), indexDir: join(folder, 'index') });

interface Scene {
  fake: FakeDiscord;
  library: Library;
  /** Server B's channel. */
  news: string;
}

/** A new fake with servers A and B and their members, the bot's commands registered, and a new bot over Library.open of this file's folders. */
async function start(): Promise<Scene> {
  const fake = await FakeDiscord.start();
  const b = fake.addGuild({ id: SERVER_B, name: 'Server B', channels: ['news'] });
  fake.addMember(SERVER_A, ADMIN_A, { manageGuild: true });
  fake.addMember(SERVER_B, ADMIN_B, { manageGuild: true });
  registerBotCommands(fake);
  const config = fake.botConfig(engine, join(folder, 'feedback.jsonl'), { sources: { allowPrivate: true }, library: { dir: join(folder, 'library') } });
  const library = await openTestLibrary({ engine, library: config.library, sources: config.sources });
  await connectBot(fake, library, config);
  return { fake, library, news: b.channelId };
}

/** What the member sees in the end: the reply (once edited, if it was deferred), or the private follow-up that replaced a deferral. */
function shown(fake: FakeDiscord, interaction: InteractionState, what: string) {
  return fake.until(() => {
    if (interaction.followUps[0]) return interaction.followUps[0];
    if (interaction.callbacks[0]?.type === 5) return interaction.original?.edits ? interaction.original : undefined;
    return interaction.original;
  }, 30_000, what);
}

/** The choices an autocomplete got, by name. */
async function choices(fake: FakeDiscord, interaction: InteractionState) {
  await fake.until(() => interaction.callbacks[0], 10_000, 'autocomplete choices');
  return interaction.callbacks[0]!.data.choices!;
}

/** Everything the bot sent in these channels: messages as they stand, every reply and update it made, every follow-up and autocomplete choice. */
function sentIn(fake: FakeDiscord, channelIds: string[]): string {
  const sent: unknown[] = fake.messages.filter((message) => message.author.id === APPLICATION_ID && channelIds.includes(message.channel_id));
  for (const interaction of fake.interactions.values()) {
    if (channelIds.includes(interaction.channelId)) sent.push(interaction.callbacks.map((callback) => callback.data), interaction.original, interaction.followUps);
  }
  return JSON.stringify(sent);
}

const ownArticles = (library: Library): LibraryArticle[] => library.articles(SERVER_B).filter((article) => article.owner.kind === 'server');

describe('a server’s own library', () => {
  const pages = new TestServer({ '/fern.md': respond(200, { 'content-type': 'text/markdown; charset=utf-8' }, FERN_PAGE) });
  let pageUrl: string;
  beforeAll(async () => {
    await pages.start();
    pageUrl = pages.url('/fern.md');
  });
  afterAll(() => pages.stop());

  it('lets an admin add an article from a link and one from a file; /ask in that server quotes them at once', async () => {
    const { fake, news } = await start();
    const fromLink = fake.slashCommand('article', { subcommand: 'add', options: { url: pageUrl } }, ADMIN_B, news);
    const added = await shown(fake, fromLink, 'the article added from a link');
    // Deferred within Discord's 3 s, then edited, for everyone to see.
    expect(fromLink.callbacks.map((callback) => callback.type)).toEqual([5]);
    expect(added).toMatchObject({ ephemeral: false, content: `Added **${FERN_TITLE}** — 2 paragraphs. Ask about it here with \`/ask\`.` });
    const answer = await shown(fake, fake.slashCommand('ask', { question: 'What protein makes the fern glow?' }, PLAIN_B, news), 'an answer in B');
    expect(answer.content).toContain('lumifernin');
    expect(answer.content).toContain(`— *${FERN_TITLE}*`);

    const file = fake.uploadAttachment({ filename: 'caves.txt', contentType: 'text/plain; charset=utf-8', bytes: CAVES_FILE, channelId: news });
    const fromFile = await shown(fake, fake.slashCommand('article', { subcommand: 'add', options: { file } }, ADMIN_B, news), 'the article added from a file');
    expect(fromFile.content).toBe(`Added **${CAVES_TITLE}** — 2 paragraphs. Ask about it here with \`/ask\`.`);
    expect(fake.downloads.filter((download) => download.attachmentId === file.id)).toMatchObject([{ status: 200, viaProxy: false }]);
    const deepest = await shown(fake, fake.slashCommand('ask', { question: 'How deep is the deepest chamber of the caves?' }, PLAIN_B, news), 'a second answer in B');
    expect(deepest.content).toContain('ninety metres');

    const again = await shown(fake, fake.slashCommand('article', { subcommand: 'add', options: { url: pageUrl } }, ADMIN_B, news), 'the same link added again');
    expect(again.content).toMatch(new RegExp(`^Replaced \\*\\*${FERN_TITLE}\\*\\*`));
    const listed = await shown(fake, fake.slashCommand('article', { subcommand: 'list' }, ADMIN_B, news), 'the list');
    expect(listed.ephemeral).toBe(true);
    expect(listed.content).toMatch(/^📚 \*\*This server’s library: 2 articles\*\*, newest first:\n1\. \*\*Botanists find a fern that glows\*\* — 2 paragraphs · added <t:\d+:R>\n2\. \*\*Divers map the Zephyrine caves\*\*/);

    const neitherNorBoth: CommandOptions[] = [{}, { url: pageUrl, file: fake.uploadAttachment({ filename: 'x.txt', bytes: 'x', channelId: news }) }];
    for (const options of neitherNorBoth) {
      const refused = await shown(fake, fake.slashCommand('article', { subcommand: 'add', options }, ADMIN_B, news), 'a refusal');
      expect(refused).toMatchObject({ ephemeral: true, content: '❌ Give the article either as a link (`url:`) or as a file (`file:`), one of the two.' });
    }
    const missing = await shown(fake, fake.slashCommand('article', { subcommand: 'add', options: { url: pageUrl.replace('fern.md', 'gone.md') } }, ADMIN_B, news), 'a page that is not there');
    expect(missing.ephemeral).toBe(true);
    expect(missing.content).toMatch(/^❌ .*404/);
    expectNoPings(fake);
  });

  it('restores the server’s articles after a restart, and answers about them as a whole', async () => {
    const { fake, library, news } = await start();
    expect(ownArticles(library).map((article) => article.title)).toEqual([FERN_TITLE, CAVES_TITLE]);
    const answer = await shown(fake, fake.slashCommand('ask', { question: 'What protein makes the fern glow?' }, PLAIN_B, news), 'an answer after the restart');
    expect(answer.content).toContain('lumifernin');

    // A summary of the newest article (the server's own first), its lines quoted as they stand.
    const summary = await shown(fake, fake.slashCommand('summary', {}, PLAIN_B, news), 'the summary');
    expect(summary.content).toMatch(new RegExp(`^📰 \\*${FERN_TITLE}\\* — in its own words:\\n> ${FERN_TITLE}\\n— \\*${FERN_TITLE}\\*, ¶ 0\\n> A fern that glows faintly`));
    const caves = ownArticles(library).find((article) => article.title === CAVES_TITLE)!;
    const picked = await shown(fake, fake.slashCommand('summary', { article: caves.key }, PLAIN_B, news), 'the summary of a picked article');
    expect(picked.content).toMatch(new RegExp(`^📰 \\*${CAVES_TITLE}\\* — in its own words:`));
    // Who wrote it: the page does not say, and the answer says so rather than guess.
    const author = await shown(fake, fake.slashCommand('ask', { question: 'who wrote this?', article: caves.key }, PLAIN_B, news), 'who wrote it');
    expect(author.content).toBe(`📰 *${CAVES_TITLE}*\nThe article does not say who wrote it.`);

    // Restricted to one article: the other's words find nothing there.
    const restricted = await shown(fake, fake.slashCommand('ask', { question: 'What protein makes the fern glow?', article: caves.key }, PLAIN_B, news), 'a restricted answer');
    expect(restricted.content).not.toContain('lumifernin');
    expect(restricted.content).toContain(`— *${CAVES_TITLE}*`);
    const lookup = await shown(fake, fake.slashCommand('lookup', { term: 'lumifernin', article: caves.key }, PLAIN_B, news), 'a restricted lookup');
    expect(lookup.content).toMatch(/^❌ No passage mentions “lumifernin”/);
    const found = await shown(fake, fake.slashCommand('lookup', { term: 'lumifernin' }, PLAIN_B, news), 'a lookup in B');
    expect(found.content).toMatch(/^🔎 \*\*lumifernin\*\* is mentioned in 1 paragraph:/);
    const offered = await choices(fake, fake.autocomplete('ask', { focused: 'article', value: 'CAVES', options: { question: 'Who?' } }, PLAIN_B, news));
    expect(offered).toEqual([{ name: CAVES_TITLE, value: caves.key }]);
  });

  it('never shows server B’s articles in server A or in DMs, whatever is asked', async () => {
    const { fake, library, news } = await start();
    const bKeys = ownArticles(library).map((article) => article.key);
    expect(bKeys).toHaveLength(2);
    const places = [
      { user: PLAIN_A, channel: CHANNEL_ID },
      { user: ADMIN_A, channel: CHANNEL_ID },
      { user: ADMIN_B, channel: fake.dmChannelId(ADMIN_B) },
      { user: PLAIN_B, channel: fake.dmChannelId(PLAIN_B) },
    ];
    for (const { user, channel } of places) {
      const ask = (question: string, options = {}) => shown(fake, fake.slashCommand('ask', { question, ...options }, user, channel), `/ask ${question}`);
      await ask('What protein makes the fern glow?');
      await ask('How deep is the deepest chamber of the Zephyrine caves?');
      await ask('tldr');
      expect((await ask('Who is the president of Ecuador?')).content).toContain('Lenin Moreno');
      const direct = channel !== CHANNEL_ID;
      const question = fake.postMessage({ content: `${direct ? '' : `<@${APPLICATION_ID}> `}what protein makes the fern glow`, mentionBot: !direct, authorId: user, channelId: channel });
      await fake.until(() => fake.botMessages(channel).find((message) => message.message_reference?.message_id === question.id), 10_000, 'the mention’s answer');
      expect((await shown(fake, fake.slashCommand('lookup', { term: 'lumifernin' }, user, channel), '/lookup')).content).toMatch(/^❌ No passage mentions/);
      for (const [command, typing] of [
        ['lookup', { focused: 'term', value: 'lumi' }],
        ['lookup', { focused: 'term', value: 'zeph' }],
        ['lookup', { focused: 'article', value: '', options: { term: 'x' } }],
        ['ask', { focused: 'article', value: '', options: { question: 'Who?' } }],
        ['ask', { focused: 'article', value: 'fern' }],
        ['summary', { focused: 'article', value: '' }],
      ] as const) {
        const offered = await choices(fake, fake.autocomplete(command, typing, user, channel));
        expect(offered.every((choice) => !bKeys.includes(choice.value))).toBe(true);
      }
      expect((await shown(fake, fake.slashCommand('summary', {}, user, channel), '/summary')).content).toMatch(new RegExp(`^📰 \\*${SEED_TITLE}\\* — in its own words:`));
      expect((await shown(fake, fake.slashCommand('sources', {}, user, channel), '/sources')).content).toMatch(/^📚 \*\*1 article\*\*/);
      // B's keys, forged into A's or a DM's options, are refused.
      for (const [command, options] of [
        ['ask', { question: 'What protein makes the fern glow?', article: bKeys[0]! }],
        ['lookup', { term: 'lumifernin', article: bKeys[0]! }],
        ['summary', { article: bKeys[1]! }],
      ] as const) {
        const refused = await shown(fake, fake.slashCommand(command, options, user, channel), `/${command} with B's article`);
        expect(refused).toMatchObject({ ephemeral: true, content: expect.stringMatching(/^❌ That article is not one I can quote here/) });
      }
    }
    const elsewhere = sentIn(fake, places.map((place) => place.channel));
    expect(elsewhere).toContain(SEED_TITLE);
    for (const word of [...B_ONLY, ...bKeys]) expect(elsewhere).not.toContain(word);
    // Meanwhile, in B, both are there.
    const sources = await shown(fake, fake.slashCommand('sources', {}, PLAIN_B, news), '/sources in B');
    expect(sources.content).toMatch(/^📚 \*\*3 articles\*\*/);
    expectNoPings(fake);
  });

  it('lets no one but Manage Server members change a library, and only their own server’s', async () => {
    const { fake, library, news } = await start();
    const fern = ownArticles(library).find((article) => article.title === FERN_TITLE)!;
    // The Discord client does not offer /article to a plain member, nor anywhere in DMs.
    expect(() => fake.slashCommand('article', { subcommand: 'add', options: { url: pageUrl } }, PLAIN_B, news)).toThrow(/does not offer \/article .* lacks ManageGuild/);
    expect(() => fake.slashCommand('article', { subcommand: 'list' }, ADMIN_B, fake.dmChannelId(ADMIN_B))).toThrow(/not offered in DMs/);
    // A server admin lets everyone use it: the bot's own check still refuses changes, not the list.
    fake.overrideCommandPermissions(SERVER_B, 'article', 'everyone');
    const changes: SubcommandCall[] = [
      { subcommand: 'add', options: { url: pageUrl } },
      { subcommand: 'remove', options: { article: fern.key } },
    ];
    for (const options of changes) {
      const refused = await shown(fake, fake.slashCommand('article', options, PLAIN_B, news), 'a plain member’s change');
      expect(refused).toMatchObject({ ephemeral: true, content: '❌ Only members with the Manage Server permission can add or remove this server’s articles.' });
    }
    const listed = await shown(fake, fake.slashCommand('article', { subcommand: 'list' }, PLAIN_B, news), 'a plain member’s list');
    expect(listed.content).toMatch(/^📚 \*\*This server’s library: 2 articles\*\*/);
    // Server A's admin cannot remove B's article, nor the operator's; a made-up key is refused too.
    const operatorKey = library.articles(SERVER_A)[0]!.key;
    for (const key of [fern.key, operatorKey, '0123456789abcdef', 'not a key']) {
      const refused = await shown(fake, fake.slashCommand('article', { subcommand: 'remove', options: { article: key } }, ADMIN_A, CHANNEL_ID), 'a removal refused');
      expect(refused).toMatchObject({ ephemeral: true, content: expect.stringMatching(/^❌ That article is not in this server’s library/) });
    }
    // Only B's own articles are offered for removal in B; none in A.
    expect(await choices(fake, fake.autocomplete('article', { subcommand: 'remove', focused: 'article', value: '' }, ADMIN_B, news))).toHaveLength(2);
    expect(await choices(fake, fake.autocomplete('article', { subcommand: 'remove', focused: 'article', value: '' }, ADMIN_A, CHANNEL_ID))).toEqual([]);
    expect(ownArticles(library)).toHaveLength(2);
  });

  it('answers a Full paragraph button only from the articles of the place it is clicked in', async () => {
    const { fake, library, news } = await start();
    const fern = ownArticles(library).find((article) => article.title === FERN_TITLE)!;
    const inB = await shown(fake, fake.slashCommand('ask', { question: 'What protein makes the fern glow?' }, PLAIN_B, news), 'an answer in B');
    const paragraph = await shown(fake, fake.clickButton(inB, fake.buttonId(inB, 'para:'), PLAIN_B), 'the full paragraph in B');
    expect(paragraph.content).toContain('lumifernin');
    const inA = await shown(fake, fake.slashCommand('ask', { question: 'Who is the president of Ecuador?' }, PLAIN_A, CHANNEL_ID), 'an answer in A');
    const forged = await shown(fake, fake.clickButton(inA, customIds.paragraph(fern.key, 2), PLAIN_A, true), 'a forged Full paragraph in A');
    expect(forged).toMatchObject({ ephemeral: true, content: '❌ That paragraph is no longer in my articles; ask again with /ask.' });
  });

  it('answers the questions in flight while an article is added and removed, then forgets what was removed', async () => {
    const { fake, library, news } = await start();
    const caves = ownArticles(library).find((article) => article.title === CAVES_TITLE)!;
    const file = fake.uploadAttachment({ filename: 'caves-notes.md', contentType: 'text/markdown', bytes: '# Notes on the caves\n\nThe caves were first mapped by divers in 1970.\n', channelId: news });
    const questions = (round: number) =>
      [news, CHANNEL_ID].flatMap((channel, c) => Array.from({ length: 3 }, (_, i) => fake.slashCommand('ask', { question: 'What did the divers map?' }, String(500000000000005000n + BigInt(round * 100 + c * 10 + i)), channel)));
    const added = fake.slashCommand('article', { subcommand: 'add', options: { file } }, ADMIN_B, news);
    const duringAdd = questions(1);
    const removed = fake.slashCommand('article', { subcommand: 'remove', options: { article: caves.key } }, ADMIN_B, news);
    const duringRemove = questions(2);
    for (const interaction of [...duringAdd, ...duringRemove]) expect((await shown(fake, interaction, 'a question in flight')).content).toMatch(/^\*\*Q:\*\* What did the divers map\?/);
    expect((await shown(fake, added, 'the add')).content).toMatch(/^Added \*\*Notes on the caves\*\*/);
    expect((await shown(fake, removed, 'the removal')).content).toBe(`Removed **${CAVES_TITLE}** from this server’s library.`);

    const after = await shown(fake, fake.slashCommand('ask', { question: 'How deep is the deepest chamber of the caves?' }, PLAIN_B, news), 'an answer after the removal');
    expect(after.content).not.toContain('ninety metres');
    const sources = await shown(fake, fake.slashCommand('sources', {}, PLAIN_B, news), '/sources after the removal');
    expect(sources.content).not.toContain(CAVES_TITLE);
    // The removed article's key is now stale: refused as an option and for a second removal.
    const stale = await shown(fake, fake.slashCommand('ask', { question: 'How deep?', article: caves.key }, PLAIN_B, news), 'a stale key');
    expect(stale.content).toMatch(/^❌ That article is not one I can quote here/);
    const twice = await shown(fake, fake.slashCommand('article', { subcommand: 'remove', options: { article: caves.key } }, ADMIN_B, news), 'a second removal');
    expect(twice.content).toMatch(/^❌ That article is not in this server’s library \(it may have been removed already\)/);
    expect(ownArticles(library).map((article) => article.title)).toEqual(['Notes on the caves', FERN_TITLE]);
  });
});
