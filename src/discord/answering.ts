import type { Answer } from '../answering/engine.ts';
import type { AskedAnswer } from './answer-cache.ts';
import type { BotContext } from './context.ts';
import { EXTRACTS_PER_PAGE, formatAnswer, type ReplyPayload } from './format.ts';

/** Pages of extracts an answer keeps for "More extracts". */
const PAGES = 3;

/** Answers in the queue's turn; a question the article does not cover is retried with the earlier one (a follow-up). */
export async function answerQuestion(context: BotContext, question: string, previousQuestion?: string): Promise<Answer> {
  return context.queue.run(async () => {
    const answer = await context.engine.answer(question, EXTRACTS_PER_PAGE * PAGES);
    if (answer.status !== 'not-covered' || !previousQuestion) return answer;
    const combined = await context.engine.answer(`${previousQuestion} ${question}`, EXTRACTS_PER_PAGE * PAGES);
    return combined.status === 'answered' ? { ...combined, question } : answer;
  });
}

/** The reply for one page of an answer; the answer is kept for its buttons. */
export function answerPage(context: BotContext, asked: AskedAnswer, page = 0, key = context.answers.add(asked)): ReplyPayload {
  const { answer, askerId } = asked;
  const extracts = answer.extracts.slice(page * EXTRACTS_PER_PAGE, (page + 1) * EXTRACTS_PER_PAGE);
  const hasMore = answer.extracts.length > (page + 1) * EXTRACTS_PER_PAGE;
  return formatAnswer({ answer, extracts, page, hasMore, key, askerId });
}
