import { describe, expect, it } from 'vitest';
import { askQuestion, pageCount, pageExtracts } from '../../src/discord/questions.ts';
import { Cooldown, ThrottleError, WorkQueue } from '../../src/discord/throttle.ts';
import { fakeAnswer, fakeContext, fakeExtract, fakeService } from './fakes.ts';

describe('askQuestion', () => {
  it('answers and starts the asker’s cooldown', async () => {
    const context = fakeContext({ cooldown: new Cooldown(10, () => 0) });
    const { answer, searched } = await askQuestion(context, fakeService(), 'u', 'Who?');
    expect(answer.question).toBe('Who?');
    expect(searched).toBe('Who?');
    await expect(askQuestion(context, fakeService(), 'u', 'Again?')).rejects.toThrow(/^Please wait 10 s before asking again\.$/);
  });

  it('refuses when the queue is too long, without starting the cooldown', async () => {
    // No waiting allowed: with one job in hand, the next is refused.
    const queue = new WorkQueue(0, 100, () => 0);
    const context = fakeContext({ queue, cooldown: new Cooldown(10, () => 0) });
    const blocking = queue.run(async () => undefined);
    await expect(askQuestion(context, fakeService(), 'u', 'Who?')).rejects.toBeInstanceOf(ThrottleError);
    expect(context.cooldown.remaining('u')).toBe(0);
    await blocking;
    await expect(askQuestion(context, fakeService(), 'u', 'Who?')).resolves.toBeDefined();
  });

  it.each([
    ['retries a follow-up the service does not cover with the earlier question', 'not-covered', 'answered', ['He said what?', 'Who is Moreno? He said what?'], 'Who is Moreno? He said what?'],
    ['keeps the follow-up alone when that is answered', 'answered', 'answered', ['He said what?'], 'He said what?'],
    ['keeps the follow-up’s own answer when the combination is not covered either', 'not-covered', 'not-covered', ['He said what?', 'Who is Moreno? He said what?'], 'He said what?'],
  ] as const)('%s', async (_name, alone, combined, asked, searched) => {
    const service = fakeService((question) => fakeAnswer({ question, status: question.startsWith('Who') ? combined : alone }));
    const result = await askQuestion(fakeContext(), service, 'u', 'He said what?', 'Who is Moreno?');
    expect(service.asked).toEqual(asked);
    expect(result.searched).toBe(searched);
    // The reply always repeats the member's own question.
    expect(result.answer.question).toBe('He said what?');
    expect(result.answer.cleanedQuestion).toBe('He said what?');
  });
});

describe('pages', () => {
  it.each([
    // extracts, of which answering, → page sizes
    [0, 1, [0]],
    [1, 1, [1]],
    [3, 3, [3]],
    [4, 3, [3, 1]],
    [9, 3, [3, 3, 3]],
    [9, 1, [1, 3, 3, 2]],
    [5, 2, [2, 3]],
    [9, 7, [3, 3, 3]],
  ])('%i extracts, %i answering: pages of %j', (count, answering, sizes) => {
    const answer = fakeAnswer({ extracts: Array.from({ length: count }, (_, i) => fakeExtract({ paragraph: i })), answering });
    expect(pageCount(answer)).toBe(sizes.length);
    const pages = sizes.map((_, page) => pageExtracts(answer, page));
    expect(pages.map((page) => page.length)).toEqual(sizes);
    expect(pages.flat().map((extract) => extract.paragraph)).toEqual(answer.extracts.map((extract) => extract.paragraph));
  });
});
