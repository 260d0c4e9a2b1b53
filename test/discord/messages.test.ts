import { describe, expect, it } from 'vitest';
import type { BotContext } from '../../src/discord/context.ts';
import { handleMessage, whereToAnswer } from '../../src/discord/messages.ts';
import { Cooldown } from '../../src/discord/throttle.ts';
import { fakeChannel, fakeMessage, type ChannelKind, type MessageOptions } from './builders.ts';
import { fakeAnswer, fakeContext, fakeLibrary, fakeService } from './fakes.ts';

const BOT = '100';
const HOME = '300';

describe('whereToAnswer', () => {
  it.each<[string, ChannelKind, MessageOptions, Partial<BotContext['config']>, ReturnType<typeof whereToAnswer>]>([
    ['a direct message, even without a mention', 'dm', {}, {}, { kind: 'reply' }],
    ['a mention in a text channel', 'text', { mentions: [BOT] }, {}, { kind: 'reply' }],
    ['a reply to one of the bot’s messages', 'text', { repliedUserId: BOT }, {}, { kind: 'reply' }],
    ['a message that does not address the bot', 'text', { mentions: ['999'] }, {}, null],
    ['a message from another bot', 'text', { mentions: [BOT], bot: true }, {}, null],
    ['a system message', 'text', { mentions: [BOT], system: true }, {}, null],
    ['a mention with ANSWER_IN_THREADS in a text channel', 'text', { mentions: [BOT] }, { answerInThreads: true }, { kind: 'new-thread' }],
    ['a mention with ANSWER_IN_THREADS in an announcement channel', 'announcement', { mentions: [BOT] }, { answerInThreads: true }, { kind: 'new-thread' }],
    ['a mention with ANSWER_IN_THREADS where threads cannot be opened', 'voice', { mentions: [BOT] }, { answerInThreads: true }, { kind: 'reply' }],
    ['a mention in a channel outside ALLOWED_CHANNEL_IDS', 'text', { mentions: [BOT] }, { allowedChannelIds: ['301'] }, null],
    ['a mention in an allowed channel', 'text', { mentions: [BOT] }, { allowedChannelIds: [HOME] }, { kind: 'reply' }],
    ['a DM, whatever ALLOWED_CHANNEL_IDS says', 'dm', {}, { allowedChannelIds: ['301'] }, { kind: 'reply' }],
  ])('%s', (_case, kind, options, config, expected) => {
    const { message } = fakeMessage({ ...options, channel: fakeChannel({ kind, id: HOME }) });
    expect(whereToAnswer(message, fakeContext({ config: { answerInThreads: false, allowedChannelIds: [], ...config } }), BOT)).toEqual(expected);
  });

  it('follows any message in a thread the bot opened, with ANSWER_IN_THREADS only', () => {
    const ownThread = fakeChannel({ kind: 'thread', id: '400', parentId: HOME, ownerId: BOT });
    const { message } = fakeMessage({ channel: ownThread });
    expect(whereToAnswer(message, fakeContext({ config: { answerInThreads: true, allowedChannelIds: [] } }), BOT)).toEqual({ kind: 'own-thread', threadId: '400' });
    expect(whereToAnswer(message, fakeContext({ config: { answerInThreads: false, allowedChannelIds: [] } }), BOT)).toBeNull();
  });

  it('judges a thread by the channel it was opened in, or by its own id', () => {
    const thread = fakeChannel({ kind: 'thread', id: '400', parentId: HOME, ownerId: '999' });
    const { message } = fakeMessage({ channel: thread, mentions: [BOT] });
    const allowing = (ids: string[]) => fakeContext({ config: { answerInThreads: true, allowedChannelIds: ids } });
    expect(whereToAnswer(message, allowing([HOME]), BOT)).toEqual({ kind: 'reply' });
    expect(whereToAnswer(message, allowing(['400']), BOT)).toEqual({ kind: 'reply' });
    expect(whereToAnswer(message, allowing(['301']), BOT)).toBeNull();
  });
});

describe('handleMessage', () => {
  // The mention itself is in `mentions`; the service cleans it out of the text (see engine tests).
  const mention = (content: string, authorId = 'u') => fakeMessage({ content, mentions: [BOT], authorId });
  const contentOf = (payload: unknown) => (payload as { content: string }).content;

  it('replies with the answer, and remembers it for buttons (asker) and follow-ups (question)', async () => {
    const context = fakeContext();
    const { message, calls } = mention('Who?', 'asker');
    await handleMessage(message, context, BOT);
    expect(calls.map((call) => call.method)).toEqual(['reply']);
    expect(contentOf(calls[0]!.payload)).toContain('Moreno said on Tuesday.');
    const sentId = (calls[0]!.result as { id: string }).id;
    expect(context.answers.get(sentId)?.askerId).toBe('asker');
    expect(context.followUps.get(sentId)).toBe('Who?');
  });

  it.each([
    ['a server', { guildId: '200000000000000002', channel: fakeChannel({ kind: 'text' }) }, '200000000000000002'],
    ['a DM', { channel: fakeChannel({ kind: 'dm' }) }, null],
  ])('answers a message in %s from the articles of that place', async (_place, where, expected) => {
    const places: (string | null)[] = [];
    const context = fakeContext();
    context.library = {
      ...fakeLibrary(),
      searcher: (guildId) => {
        places.push(guildId);
        return fakeService();
      },
    };
    await handleMessage(fakeMessage({ content: 'Who?', mentions: [BOT], ...where }).message, context, BOT);
    expect(places).toEqual([expected]);
  });

  it('asks a reply to an answer together with the question it follows up on', async () => {
    const service = fakeService((question) => fakeAnswer({ question, status: question === 'And then?' ? 'not-covered' : 'answered' }));
    const context = fakeContext({ service });
    context.followUps.set('answer-1', 'Who is Moreno?');
    await handleMessage(fakeMessage({ content: 'And then?', repliedUserId: BOT, replyTo: 'answer-1' }).message, context, BOT);
    expect(service.asked).toEqual(['And then?', 'Who is Moreno? And then?']);
  });

  it('opens a thread named after the question with ANSWER_IN_THREADS, and answers there', async () => {
    const { message, calls } = mention('Who is Moreno?');
    await handleMessage(message, fakeContext({ config: { answerInThreads: true, allowedChannelIds: [] } }), BOT);
    expect(calls.map((call) => call.method)).toEqual(['startThread', 'thread.send']);
    expect(calls[0]!.payload).toEqual({ name: 'Who is Moreno?' });
  });

  it('says "please wait" once per cooldown and nothing more', async () => {
    const context = fakeContext({ cooldown: new Cooldown(30, () => 0) });
    const first = mention('Who?');
    await handleMessage(first.message, context, BOT);
    const refusals = [mention('Again?'), mention('And again?')];
    for (const { message } of refusals) await handleMessage(message, context, BOT);
    expect(contentOf(refusals[0]!.calls[0]!.payload)).toBe('⏳ Please wait 30 s before asking again.');
    expect(refusals[1]!.calls).toEqual([]);
  });

  it('answers an empty mention with an example question, and a failure with a reason', async () => {
    const empty = mention('');
    await handleMessage(empty.message, fakeContext({ service: fakeService((question) => fakeAnswer({ question, status: 'empty', extracts: [] })) }), BOT);
    expect(contentOf(empty.calls[0]!.payload)).toMatch(/^Ask me a question after the mention, for example: “Who is Lenin Moreno\?”/);
    const failing = mention('Who?');
    await handleMessage(failing.message, fakeContext({ service: fakeService(() => Promise.reject(new Error('boom'))) }), BOT);
    expect(contentOf(failing.calls[0]!.payload)).toMatch(/^❌ Something went wrong while answering; please try again\. \(error id `[0-9a-f]{8}`\)$/);
  });
});
