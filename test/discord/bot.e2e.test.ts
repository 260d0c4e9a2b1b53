import { readFileSync } from 'node:fs';
import { GatewayDispatchEvents } from 'discord.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ArticleLibrary } from '../../src/discord/context.ts';
import type { Library } from '../../src/library/library.ts';
import { EMBEDDED_MODEL } from '../../src/paths.ts';
import { SEED_TEXT } from '../helpers.ts';
import { APPLICATION_ID, CHANNEL_ID, DM_CHANNEL_ID, OTHER_CHANNEL_ID, type BotSettings } from './fake-discord.ts';
import { aroundAnswers, connectBot, expectNoPings, openTestLibrary, slowAnswers, startBot as startBotWith, type Running } from './harness.ts';

const SUPPRESS_EMBEDS = 4;
const TITLE = 'Ecuador may have finally lost patience with Julian Assange';

/** The seed article, quoted everywhere; no server adds any here (see library.e2e.test.ts). */
let library: Library;
beforeAll(async () => {
  library = await openTestLibrary();
});

const startBot = (discord: BotSettings['discord'] = {}, answering: ArticleLibrary = library): Promise<Running> => startBotWith(answering, { discord });

describe('the bot against a fake Discord', () => {
  it('logs in with the fewest intents and logs one ready line', async () => {
    const { fake, logs, config } = await startBot();
    expect(fake.identifies).toBe(1);
    const ready = logs.filter((line) => String(line.msg).startsWith('ready as'));
    expect(ready).toHaveLength(1);
    expect(ready[0]).toMatchObject({ bot: 'quote-bot', guilds: 1, articles: 1, model: EMBEDDED_MODEL });
    expect(JSON.stringify(logs)).not.toContain(config.discord.token);
  });

  it('answers /ask with the quoted sentence in bold, cited, pinging no one, link previews off', async () => {
    const { fake } = await startBot();
    const interaction = fake.slashCommand('ask', { question: 'Who is the president of Ecuador?' });
    const reply = await fake.response(interaction);
    expect(interaction.callbacks[0]!.type).toBe(4);
    expect(reply.ephemeral).toBe(false);
    expect(reply.flags & SUPPRESS_EMBEDS).toBe(SUPPRESS_EMBEDS);
    expect(reply.content).toMatch(/^\*\*Q:\*\* Who is the president of Ecuador\?\n> /);
    expect(reply.content).toMatch(/\*\*[^*]*Ecuadorian President Lenin Moreno[^*]*\*\*/);
    expect(reply.content).toContain(`— *${TITLE}*, ¶ 6`);
    expect(reply.content.length).toBeLessThanOrEqual(2000);
    const labels = reply.components.flatMap((row: any) => row.components).map((c: any) => c.label ?? c.emoji?.name);
    expect(labels).toEqual(['More extracts', 'Full paragraph ¶ 6', '👍', '👎', '🗑️']);
    expectNoPings(fake);
  });

  it('makes the answer ephemeral with hide', async () => {
    const { fake } = await startBot();
    const reply = await fake.response(fake.slashCommand('ask', { question: 'What did Moreno say on Tuesday?', hide: true }));
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain('repeatedly violated the agreement');
  });

  it('says plainly when the article does not cover a question, showing closest passages as such', async () => {
    const { fake } = await startBot();
    const reply = await fake.response(fake.slashCommand('ask', { question: 'What is the capital of France?' }));
    expect(reply.content).toContain('🤷 The article does not seem to cover this. Closest passages, **not an answer**:');
  });

  it('offers autocomplete terms from the article: prefixes and small typos, at most 25', async () => {
    const { fake } = await startBot();
    const typed = fake.autocomplete('lookup', 'term', 'mor');
    await fake.until(() => typed.callbacks[0], 5000, 'autocomplete');
    expect(typed.callbacks[0]!.type).toBe(8);
    expect(typed.callbacks[0]!.data.choices!.map((c) => c.value)).toEqual(expect.arrayContaining(['Moreno', 'Lenin Moreno']));
    const typo = fake.autocomplete('lookup', 'term', 'asange');
    await fake.until(() => typo.callbacks[0], 5000, 'autocomplete');
    expect(typo.callbacks[0]!.data.choices![0]!.value).toBe('Assange');
    const empty = fake.autocomplete('lookup', 'term', '');
    await fake.until(() => empty.callbacks[0], 5000, 'autocomplete');
    expect(empty.callbacks[0]!.data.choices!.length).toBe(25);
  });

  it('looks up every passage that mentions a term, and names the closest terms for an unknown one', async () => {
    const { fake } = await startBot();
    const reply = await fake.response(fake.slashCommand('lookup', { term: 'Panama Papers' }));
    expect(reply.content).toMatch(/^🔎 \*\*Panama Papers\*\* is mentioned in 1 paragraph:/);
    expect(reply.content).toContain('2016 **Panama Papers** leak');
    expect(reply.content).toContain('¶ 13');
    const unknown = await fake.response(fake.slashCommand('lookup', { term: 'Moreon' }));
    expect(unknown.ephemeral).toBe(true);
    expect(unknown.content).toMatch(/❌ No passage mentions “Moreon”\. Closest terms: \*\*Moreno\*\*/);
  });

  it('shows more extracts by editing the answer in place, then the full paragraph and feedback', async () => {
    const { fake, config } = await startBot();
    const reply = await fake.response(fake.slashCommand('ask', { question: 'What did Wikileaks claim?' }));
    const first = reply.content;
    const more = fake.clickButton(reply, fake.buttonId(reply, 'more:'));
    await fake.until(() => more.callbacks[0], 5000, 'more extracts');
    expect(more.callbacks[0]!.type).toBe(7);
    expect(reply.edits).toBe(1);
    expect(reply.content).not.toBe(first);
    expect(reply.content).toContain('*More extracts (page 2):*');

    const paragraph = await fake.response(fake.clickButton(reply, fake.buttonId(reply, 'para:')));
    expect(paragraph.ephemeral).toBe(true);
    const number = Number(/¶ (\d+)$/.exec(paragraph.content)![1]);
    const source = library.searcher(null).articles[0]!.paragraphs.find((p) => p.number === number)!;
    expect(paragraph.content).toContain(SEED_TEXT.slice(source.start, source.end).slice(0, 40).replace(/\[/g, '\\['));

    const vote = await fake.response(fake.clickButton(reply, fake.buttonId(reply, 'vote:'), '500000000000000042'));
    expect(vote.ephemeral).toBe(true);
    const records = readFileSync(config.discord.feedbackFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(records).toEqual([expect.objectContaining({ vote: 'up', question: 'What did Wikileaks claim?', extracts: expect.any(Array) })]);
    expect(records[0].extracts.length).toBeGreaterThan(0);
  });

  it('lets the asker, and only the asker, remove the answer', async () => {
    const { fake } = await startBot();
    const asker = '500000000000000001';
    const reply = await fake.response(fake.slashCommand('ask', { question: 'Who is the president of Ecuador?' }, asker));
    const refused = await fake.response(fake.clickButton(reply, 'delete', '500000000000000099'));
    expect(refused.ephemeral).toBe(true);
    expect(refused.content).toBe('❌ Only the person who asked can remove this answer.');
    // A forged id naming the clicker as the asker is refused: who asked comes from the message.
    const forged = await fake.response(fake.clickButton(reply, 'delete:500000000000000099', '500000000000000099', true));
    expect(forged.content).toBe('❌ This button is out of date; ask again with /ask.');
    expect(reply.deleted).toBeUndefined();
    const removal = fake.clickButton(reply, 'delete', asker);
    await fake.until(() => reply.deleted, 5000, 'the answer to be deleted');
    expect(removal.callbacks.map((c) => c.type)).toEqual([6]);
  });

  it('tells a user whose button outlived its answer to ask again', async () => {
    const { fake, bot, config } = await startBot();
    const reply = await fake.response(fake.slashCommand('ask', { question: 'What did Wikileaks claim?' }));
    // A restarted bot has forgotten the answer behind the message.
    await bot.stop();
    await connectBot(fake, library, config);
    const stale = await fake.response(fake.clickButton(reply, 'more:1'));
    expect(stale.ephemeral).toBe(true);
    expect(stale.content).toMatch(/^❌ This answer has expired/);
    expect(reply.edits).toBe(0);
  });

  it('never lets another member change an answer: forged pages are refused, More extracts gives them a private copy', async () => {
    const { fake } = await startBot();
    const asker = '500000000000000001';
    const other = '500000000000000099';
    const reply = await fake.response(fake.slashCommand('ask', { question: 'What did Wikileaks claim?' }, asker));
    const original = reply.content;
    const forged = await fake.response(fake.clickButton(reply, 'more:99999', other, true));
    expect(forged.ephemeral).toBe(true);
    expect(forged.content).toMatch(/^❌ This answer has expired/);
    const copy = await fake.response(fake.clickButton(reply, 'more:1', other));
    expect(copy.ephemeral).toBe(true);
    expect(copy.content).toContain('*More extracts (page 2):*');
    expect(reply.content).toBe(original);
    expect(reply.edits).toBe(0);
    // The copy is theirs to page on.
    const next = fake.clickButton(copy, 'more:2', other);
    await fake.until(() => next.callbacks[0], 5000, 'page 3 of the copy');
    expect(next.callbacks[0]!.type).toBe(7);
    expect(copy.content).toContain('*More extracts (page 3):*');
  });

  it('takes one vote per member and answer, and none for an answer it does not know', async () => {
    const { fake, config } = await startBot();
    const reply = await fake.response(fake.slashCommand('ask', { question: 'What did Wikileaks claim?' }));
    const votes: string[] = [];
    for (let i = 0; i < 3; i++) votes.push((await fake.response(fake.clickButton(reply, 'vote:up', '500000000000000042'))).content);
    expect(votes).toEqual(['Thanks! Glad it helped.', '❌ You already voted on this answer; thanks!', '❌ You already voted on this answer; thanks!']);
    const down = await fake.response(fake.clickButton(reply, 'vote:down', '500000000000000043'));
    expect(down.content).toBe('Thanks, noted: this answer missed.');
    const sources = await fake.response(fake.slashCommand('sources', {}));
    const unknown = await fake.response(fake.clickButton(sources, 'vote:up', '500000000000000044', true));
    expect(unknown.content).toMatch(/^❌ This answer has expired/);
    const records = readFileSync(config.discord.feedbackFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(records.map((record) => record.vote)).toEqual(['up', 'down']);
    expect(records[0]).toMatchObject({ question: 'What did Wikileaks claim?', messageId: reply.id });
  });

  it('acknowledges select menus and modals it never sent', async () => {
    const { fake } = await startBot();
    const reply = await fake.response(fake.slashCommand('ask', { question: 'Who is the president of Ecuador?' }));
    for (const interaction of [fake.selectMenu(reply, 'pick', ['a']), fake.submitModal('form')]) {
      const answer = await fake.response(interaction);
      expect(answer.ephemeral).toBe(true);
      expect(answer.content).toBe('❌ This control is out of date; ask again with /ask.');
    }
  });

  it('answers a mention as a reply, and a reply to its answer as a follow-up', async () => {
    const { fake } = await startBot();
    const question = fake.postMessage({ content: `<@${APPLICATION_ID}> Who is the president of Ecuador?`, mentionBot: true });
    const answer = await fake.until(() => fake.botMessages().find((m) => m.message_reference?.message_id === question.id), 10_000, 'mention reply');
    expect(answer.content).toContain('Lenin Moreno');
    const followUp = fake.postMessage({ content: 'What did he say on Tuesday?', replyTo: answer });
    const second = await fake.until(() => fake.botMessages().find((m) => m.message_reference?.message_id === followUp.id), 10_000, 'follow-up reply');
    expect(second.content).toContain('repeatedly violated the agreement');
    // Messages that do not address the bot are left alone: by the time a later mention is answered, nothing else was sent.
    fake.postMessage({ content: 'Who is the president of Ecuador?' });
    const later = fake.postMessage({ content: `<@${APPLICATION_ID}> Who is Moreno?`, mentionBot: true, authorId: '500000000000000002' });
    await fake.until(() => fake.botMessages().find((m) => m.message_reference?.message_id === later.id), 10_000, 'later reply');
    expect(fake.botMessages()).toHaveLength(3);
    expectNoPings(fake);
  });

  it('treats a reply to an /ask answer as a follow-up of its question', async () => {
    const asked: string[] = [];
    const { fake } = await startBot({}, aroundAnswers(library, (question, answer) => {
      asked.push(question);
      return answer();
    }));
    const answer = await fake.response(fake.slashCommand('ask', { question: 'Who is the president of Ecuador?' }));
    const followUp = fake.postMessage({ content: 'When?', replyTo: answer });
    const second = await fake.until(() => fake.botMessages().find((m) => m.message_reference?.message_id === followUp.id), 10_000, 'follow-up reply');
    // Not covered alone, the follow-up is asked again with the question it follows.
    expect(asked).toEqual(['Who is the president of Ecuador?', 'When?', 'Who is the president of Ecuador? When?']);
    expect(second.content).toMatch(/^\*\*Q:\*\* When\?\n/);
  });

  it('repeats a mention’s question without the mention, and answers small talk with a short hint', async () => {
    const { fake } = await startBot();
    const question = fake.postMessage({ content: `<@${APPLICATION_ID}> Who is the president of Ecuador?`, mentionBot: true });
    const answer = await fake.until(() => fake.botMessages().find((m) => m.message_reference?.message_id === question.id), 10_000, 'mention reply');
    expect(answer.content).toMatch(/^\*\*Q:\*\* Who is the president of Ecuador\?\n/);
    const hi = fake.postMessage({ content: `<@${APPLICATION_ID}> hi`, mentionBot: true });
    const hint = await fake.until(() => fake.botMessages().find((m) => m.message_reference?.message_id === hi.id), 10_000, 'small-talk reply');
    expect(hint.content).toMatch(/^👋 Hi! I answer questions about the article by quoting it: mention me with a question, such as “Who is .+\?”/);
    expect(hint.content).not.toContain('does not seem to cover');
    expect(hint.components).toEqual([]);
  });

  it('in a direct message, asks for a question without talking of mentions', async () => {
    const { fake } = await startBot();
    const empty = fake.postMessage({ content: '🙂', direct: true });
    const hint = await fake.until(() => fake.botMessages(DM_CHANNEL_ID).find((m) => m.message_reference?.message_id === empty.id), 10_000, 'DM hint');
    expect(hint.content).toMatch(/^Ask me a question about the article, for example: “/);
    expect(hint.content).not.toContain('mention');
  });

  it('tells a member to wait once per cooldown, publicly but briefly, and counts only questions it took', async () => {
    const { fake } = await startBot({ cooldownSeconds: 2 });
    const ask = () => fake.postMessage({ content: `<@${APPLICATION_ID}> Who is Moreno?`, mentionBot: true });
    ask();
    await fake.until(() => fake.botMessages()[0], 10_000, 'first answer');
    for (let i = 0; i < 5; i++) ask();
    const notice = await fake.until(() => fake.botMessages().find((m) => m.content.startsWith('⏳')), 10_000, 'cooldown notice');
    expect(notice.content).toMatch(/^⏳ Please wait [12] s before asking again\.$/);
    // Once another member's later question is answered, all five were handled: one notice in all.
    const later = fake.postMessage({ content: `<@${APPLICATION_ID}> Who is Moreno?`, mentionBot: true, authorId: '500000000000000002' });
    await fake.until(() => fake.botMessages().find((m) => m.message_reference?.message_id === later.id), 10_000, 'later reply');
    expect(fake.botMessages().filter((m) => m.content.startsWith('⏳'))).toHaveLength(1);
    await fake.until(() => notice.deleted, 5000, 'the notice to remove itself');
  });

  it('answers direct messages', async () => {
    const { fake } = await startBot();
    fake.postMessage({ content: 'Where does Rafael Correa work now?', direct: true });
    const answer = await fake.until(() => fake.botMessages(DM_CHANNEL_ID)[0], 10_000, 'DM reply');
    expect(answer.content).toContain('Russian propaganda outlet RT');
  });

  it('listens only in ALLOWED_CHANNEL_IDS', async () => {
    const { fake } = await startBot({ allowedChannelIds: [OTHER_CHANNEL_ID] });
    fake.postMessage({ content: `<@${APPLICATION_ID}> Who is Moreno?`, mentionBot: true, channelId: CHANNEL_ID });
    fake.postMessage({ content: `<@${APPLICATION_ID}> Who is Moreno?`, mentionBot: true, channelId: OTHER_CHANNEL_ID });
    await fake.until(() => fake.botMessages(OTHER_CHANNEL_ID)[0], 10_000, 'reply in the allowed channel');
    expect(fake.botMessages(CHANNEL_ID)).toHaveLength(0);
  });

  it('opens a thread on a mention and answers follow-ups there without a mention (ANSWER_IN_THREADS)', async () => {
    const { fake } = await startBot({ answerInThreads: true });
    fake.postMessage({ content: `<@${APPLICATION_ID}> Who is the president of Ecuador?`, mentionBot: true });
    const inThread = await fake.until(() => fake.botMessages().find((m) => m.channel_id !== CHANNEL_ID), 10_000, 'thread answer');
    expect(inThread.content).toContain('Lenin Moreno');
    const thread = fake.requests.find((r) => r.path.endsWith('/threads'))!.body!;
    expect(thread.name).toBe('Who is the president of Ecuador?');
    fake.dispatch(GatewayDispatchEvents.ThreadCreate, { id: inThread.channel_id, type: 11, guild_id: '200000000000000001', parent_id: CHANNEL_ID, owner_id: APPLICATION_ID, name: thread.name, thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: new Date().toISOString(), locked: false }, newly_created: true });
    fake.postMessage({ content: 'What did Moreno say on Tuesday?', channelId: inThread.channel_id });
    const followUp = await fake.until(() => fake.botMessages(inThread.channel_id)[1], 10_000, 'thread follow-up');
    expect(followUp.content).toContain('repeatedly violated the agreement');
  });

  it('enforces the per-user cooldown with an ephemeral "try again in N s"', async () => {
    const { fake } = await startBot({ cooldownSeconds: 30 });
    await fake.response(fake.slashCommand('ask', { question: 'Who is Moreno?' }));
    const second = await fake.response(fake.slashCommand('ask', { question: 'Who is Correa?' }));
    expect(second.ephemeral).toBe(true);
    expect(second.content).toMatch(/^❌ Please wait (30|29) s before asking again\.$/);
    const otherUser = await fake.response(fake.slashCommand('ask', { question: 'Who is Correa?' }, '500000000000000077'));
    expect(otherUser.ephemeral).toBe(false);
  });

  it.each([
    ['@everyone and role mentions', '@everyone <@&123456789012345678> who is <@123456789012345678>? Who is the president of Ecuador?', /Lenin Moreno/],
    ['a 6,000-character question', 'Moreno '.repeat(860), /Moreno/],
    ['code fences and spoilers', '```js\nalert(1)``` ||Who is the president of Ecuador?||', /Lenin Moreno/],
    ['zero-width and right-to-left characters', '\u200B\u202EWho is the president of Ecuador?\u202C', /Lenin Moreno/],
  ])('answers %s safely: within limits, escaped, pinging no one', async (_name, question, expected) => {
    const { fake } = await startBot();
    const reply = await fake.response(fake.slashCommand('ask', { question }));
    expect(reply.content.length).toBeLessThanOrEqual(2000);
    expect(reply.content).toMatch(expected);
    expect(reply.content).not.toMatch(/(?<!\\)<@&?\d+>|@everyone/);
    expectNoPings(fake);
  });

  it.each([
    ['an empty question', '   '],
    ['an emoji-only question', '🙂🔥🙂'],
  ])('answers %s with an ephemeral hint', async (_name, question) => {
    const { fake } = await startBot();
    const reply = await fake.response(fake.slashCommand('ask', { question }));
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(/^❌ Ask a question in words/);
  });

  it('answers unknown commands with an ephemeral hint', async () => {
    const { fake } = await startBot();
    const reply = await fake.response(fake.slashCommand('translate', { text: 'hola' }));
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(/^❌ I do not know \/translate/);
  });

  it('lists its sources and explains itself', async () => {
    const { fake } = await startBot();
    const sources = await fake.response(fake.slashCommand('sources', {}));
    expect(sources.content).toMatch(new RegExp(`^📚 \\*\\*1 article\\*\\* · \\d+ chunks · model \`${EMBEDDED_MODEL}\``));
    expect(sources.content).toContain(`1. **${TITLE}** — 14 paragraphs`);
    const help = await fake.response(fake.slashCommand('help', {}));
    expect(help.ephemeral).toBe(true);
    expect(help.content).toContain('/ask question:');
  });

  it('defers when an answer takes longer than the acknowledgement window allows, then edits', async () => {
    const { fake } = await startBot({}, slowAnswers(library, 2300));
    const interaction = fake.slashCommand('ask', { question: 'Who is the president of Ecuador?' });
    const reply = await fake.response(interaction);
    expect(interaction.callbacks.map((c) => c.type)).toEqual([5]);
    expect(reply.edits).toBe(1);
    expect(reply.content).toContain('Lenin Moreno');
    const edit = fake.requests.find((r) => r.method === 'PATCH')!.body!;
    expect(edit.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(edit.flags! & SUPPRESS_EMBEDS).toBe(SUPPRESS_EMBEDS);
  });

  it('rides out a Discord 500 and a 429 on a reply', async () => {
    const { fake } = await startBot();
    fake.failNext(/^POST \/interactions\//, 500, 1);
    const first = await fake.response(fake.slashCommand('ask', { question: 'Who is the president of Ecuador?' }));
    expect(first.content).toContain('Lenin Moreno');
    fake.failNext(/^POST \/channels\/\d+\/messages$/, 429, 1);
    const question = fake.postMessage({ content: `<@${APPLICATION_ID}> Who is Correa?`, mentionBot: true });
    await fake.until(() => fake.botMessages().find((m) => m.message_reference?.message_id === question.id), 10_000, 'reply after 429');
    expect(fake.requests.filter((r) => r.status === 429)).toHaveLength(1);
  });

  it('logs a reply that keeps failing with an id and goes on answering', async () => {
    const { fake, logs } = await startBot();
    fake.failNext(/^POST \/interactions\//, 500, 10);
    fake.slashCommand('ask', { question: 'Who is the president of Ecuador?' });
    await fake.until(() => logs.find((line) => line.msg === 'handler failed'), 15_000, 'the failure log line');
    const failure = logs.find((line) => line.msg === 'handler failed')!;
    expect(failure.errorId).toMatch(/^[0-9a-f]{8}$/);
    const next = await fake.response(fake.slashCommand('ask', { question: 'Who is the president of Ecuador?' }));
    expect(next.content).toContain('Lenin Moreno');
  });

  it('resumes after the gateway connection drops and answers again', async () => {
    const { fake } = await startBot();
    await fake.response(fake.slashCommand('ask', { question: 'Who is the president of Ecuador?' }));
    fake.dropConnection();
    await fake.until(() => fake.resumes === 1, 15_000, 'RESUME');
    expect(fake.identifies).toBe(1);
    const after = await fake.response(fake.slashCommand('ask', { question: 'What did Moreno say on Tuesday?' }));
    expect(after.content).toContain('repeatedly violated the agreement');
  });

  it('answers 50 concurrent /ask, each in time', async () => {
    const { fake } = await startBot();
    const interactions = Array.from({ length: 50 }, (_, i) =>
      fake.slashCommand('ask', { question: i % 2 ? 'Who is the president of Ecuador?' : 'What did the new protocols demand about his cat?' }, String(500000000000001000n + BigInt(i))),
    );
    const replies = await Promise.all(interactions.map((interaction) => fake.response(interaction)));
    for (const [i, reply] of replies.entries()) expect(reply.content).toContain(i % 2 ? 'Lenin Moreno' : 'cleaning up after his cat');
    for (const interaction of interactions) expect(interaction.callbacks).toHaveLength(1);
    expect(fake.requests.filter((r) => r.status >= 400).map((r) => `${r.method} ${r.path} ${r.status} ${JSON.stringify(r.response)}`)).toEqual([]);
  });

  it('finishes answers in hand on shutdown', async () => {
    const { fake, bot } = await startBot();
    const interaction = fake.slashCommand('ask', { question: 'Who is the president of Ecuador?' });
    await fake.until(() => bot.context.queue.size > 0 || interaction.callbacks.length > 0, 5000, 'work in hand');
    await bot.stop();
    expect(interaction.callbacks).toHaveLength(1);
    expect(interaction.callbacks[0]!.data.content).toContain('Lenin Moreno');
  });
});

