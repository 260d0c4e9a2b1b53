import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answering/answer.ts';
import { FeedbackLog } from '../../src/discord/feedback.ts';
import { routeInteraction } from '../../src/discord/router.ts';
import { temporaryFolder } from '../helpers.ts';
import { fakeButton, fakeMessage } from './builders.ts';
import { fakeAnswer, fakeContext, fakeExtract, fakeService } from './fakes.ts';

const EXPIRED = '❌ This answer has expired (I keep recent answers only, and not across restarts). Ask again with /ask.';
const contentOf = (payload: unknown) => (payload as { content: string }).content;
const flagsOf = (payload: unknown) => (payload as { flags: number }).flags;
const EPHEMERAL = 64;

/** A context holding one posted answer (three pages of one extract each), asked by `asker`. */
function posted(answer: Answer = fakeAnswer({ extracts: [1, 2, 3].map((n) => fakeExtract({ text: `Extract ${n}.`, paragraph: n })) })) {
  const feedbackFile = join(temporaryFolder(), 'feedback.jsonl');
  const context = fakeContext({ feedback: new FeedbackLog(feedbackFile) });
  const { message } = fakeMessage({ bot: true });
  context.answers.remember(message.id, answer, 'asker');
  const click = (customId: string, userId: string) => {
    const button = fakeButton(customId, message, { userId });
    return routeInteraction(button.interaction, context).then(() => button.calls);
  };
  const votes = () => readFileSync(feedbackFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
  return { context, message, click, votes };
}

describe('the More button', () => {
  it('pages the asker’s own answer in place', async () => {
    const { context, message, click } = posted();
    const calls = await click('more:1', 'asker');
    expect(calls.map((call) => call.method)).toEqual(['update']);
    expect(contentOf(calls[0]!.payload)).toContain('Extract 2.');
    expect(context.answers.get(message.id)!.page).toBe(1);
  });

  it('gives anyone else a private copy of that page, which they may page on', async () => {
    const { context, message, click } = posted();
    const calls = await click('more:1', 'other');
    expect(calls.map((call) => call.method)).toEqual(['reply']);
    expect(flagsOf(calls[0]!.payload) & EPHEMERAL).toBe(EPHEMERAL);
    expect(context.answers.get(message.id)!.page).toBe(0);
    const copy = (calls[0]!.result as { resource: { message: { id: string } } }).resource.message;
    expect(context.answers.get(copy.id)).toMatchObject({ askerId: 'other', page: 1 });
  });

  it('treats a page the answer does not have as expired', async () => {
    const calls = await posted().click('more:3', 'asker');
    expect(contentOf(calls[0]!.payload)).toBe(EXPIRED);
  });

  it('says an answer it no longer keeps has expired', async () => {
    const button = fakeButton('more:1', fakeMessage().message, { userId: 'asker' });
    await routeInteraction(button.interaction, fakeContext());
    expect(contentOf(button.calls[0]!.payload)).toBe(EXPIRED);
  });
});

describe('the vote buttons', () => {
  it('records one vote per member, bounded, before thanking', async () => {
    const long = 'x'.repeat(1000);
    const { click, votes, message } = posted(fakeAnswer({ question: long, extracts: [fakeExtract({ text: long })] }));
    const first = await click('vote:down', 'member');
    expect(contentOf(first[0]!.payload)).toBe('Thanks, noted: this answer missed.');
    const again = await click('vote:up', 'member');
    expect(contentOf(again[0]!.payload)).toBe('❌ You already voted on this answer; thanks!');
    await click('vote:up', 'another');
    const recorded = votes();
    expect(recorded.map((vote) => vote.vote)).toEqual(['down', 'up']);
    expect(recorded[0]).toMatchObject({ status: 'answered', messageId: message.id });
    expect(recorded[0].question.length).toBeLessThanOrEqual(300);
    expect(recorded[0].extracts[0].text.length).toBeLessThanOrEqual(300);
  });

  it('counts a vote only once written: a failed write says so, and the retry is counted (row 9)', async () => {
    const folder = temporaryFolder();
    const feedbackFile = join(folder, 'data', 'feedback.jsonl');
    // The feedback folder cannot be made: a file stands in its place (a read-only disk to root too).
    writeFileSync(join(folder, 'data'), 'not a folder');
    const context = fakeContext({ feedback: new FeedbackLog(feedbackFile) });
    const { message } = fakeMessage({ bot: true });
    context.answers.remember(message.id, fakeAnswer(), 'asker');
    const click = async (userId: string) => {
      const button = fakeButton('vote:up', message, { userId });
      await routeInteraction(button.interaction, context);
      return contentOf(button.calls[0]!.payload);
    };
    expect(await click('member')).toBe('❌ Your vote could not be saved; please try again later.');
    rmSync(join(folder, 'data'));
    expect(await click('member')).toBe('Thanks! Glad it helped.');
    expect(await click('member')).toBe('❌ You already voted on this answer; thanks!');
    expect(readFileSync(feedbackFile, 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('counts one vote for two clicks at once', async () => {
    const { click, votes } = posted();
    const replies = await Promise.all([click('vote:up', 'member'), click('vote:down', 'member')]);
    expect(replies.map((calls) => contentOf(calls[0]!.payload)).sort()).toEqual(['Thanks! Glad it helped.', '❌ Your vote is being saved; thanks!']);
    expect(votes()).toHaveLength(1);
  });

  it('refuses a vote of an unknown kind', async () => {
    const calls = await posted().click('vote:sideways', 'member');
    expect(contentOf(calls[0]!.payload)).toBe('❌ This button is out of date; ask again with /ask.');
  });
});

describe('the remove button', () => {
  it('lets only the asker remove the answer', async () => {
    const { click } = posted();
    const refused = await click('delete', 'other');
    expect(contentOf(refused[0]!.payload)).toBe('❌ Only the person who asked can remove this answer.');
    const removed = await click('delete', 'asker');
    expect(removed.map((call) => call.method)).toEqual(['deferUpdate', 'deleteReply']);
  });

  it('knows the asker from the message’s interaction record when the answer is no longer kept', async () => {
    const { message } = fakeMessage({ bot: true, interactionUserId: 'asker' });
    const button = fakeButton('delete', message, { userId: 'asker' });
    await routeInteraction(button.interaction, fakeContext());
    expect(button.calls.map((call) => call.method)).toEqual(['deferUpdate', 'deleteReply']);
  });
});

describe('the Full paragraph button', () => {
  it('shows the paragraph the service finds for the article key, privately, or says it is gone', async () => {
    const key = '00000000000000ab';
    const service = { ...fakeService(), paragraph: (k: string, n: number) => (k === key && n === 2 ? { articleId: 'a', articleKey: key, articleTitle: 'Title', paragraph: 2, start: 0, end: 20, text: 'The whole paragraph.' } : undefined) };
    const context = fakeContext({ service });
    const shown = fakeButton(`para:${key}:2`, fakeMessage().message);
    await routeInteraction(shown.interaction, context);
    expect(contentOf(shown.calls[0]!.payload)).toContain('> The whole paragraph.');
    expect(flagsOf(shown.calls[0]!.payload) & EPHEMERAL).toBe(EPHEMERAL);
    for (const customId of [`para:${key}:9`, 'para:00000000000000cd:2']) {
      const gone = fakeButton(customId, fakeMessage().message);
      await routeInteraction(gone.interaction, context);
      expect(contentOf(gone.calls[0]!.payload), customId).toBe('❌ That paragraph is no longer in my articles; ask again with /ask.');
    }
  });
});
