import type { Answer } from '../answering/answer.ts';
import type { BotContext, PlaceSearcher } from './context.ts';
import { cooldownMessage, ThrottleError } from './throttle.ts';

/** Pages of extracts an answer keeps for "More extracts". */
const PAGES = 3;
/** Extracts shown per page of an answer. */
const EXTRACTS_PER_PAGE = 3;

export interface Asked {
  answer: Answer;
  /** What was searched: the question, or with the earlier one when the follow-up needed it (the next follow-up's context). */
  searched: string;
}

/**
 * Takes a user's question if their cooldown allows and the queue has room (their cooldown starts
 * only then), and answers it in the queue's turn, from the searcher the handler took when it
 * started. A question the articles do not cover is tried again with the earlier question it
 * follows up, when there is one.
 */
export async function askQuestion(context: BotContext, searcher: PlaceSearcher, userId: string, question: string, previousQuestion?: string): Promise<Asked> {
  const wait = context.cooldown.remaining(userId);
  if (wait > 0) throw new ThrottleError(cooldownMessage(wait));
  const answered = context.queue.run(async () => {
    const top = EXTRACTS_PER_PAGE * PAGES;
    const answer = await searcher.answer(question, top);
    if (answer.status !== 'not-covered' || !previousQuestion) return { answer, searched: answer.cleanedQuestion };
    const combined = await searcher.answer(`${previousQuestion} ${question}`, top);
    if (combined.status === 'not-covered') return { answer, searched: answer.cleanedQuestion };
    return { answer: { ...combined, question, cleanedQuestion: answer.cleanedQuestion }, searched: combined.cleanedQuestion };
  });
  context.cooldown.start(userId);
  return answered;
}

/**
 * How many extracts the first page shows: only those that plausibly answer (at most a page); all
 * of an answer about the article as a whole (its summary's lines are one answer, not alternatives).
 */
function firstPageSize(answer: Answer): number {
  if (answer.about) return Math.max(1, answer.extracts.length);
  return Math.max(1, Math.min(answer.answering, EXTRACTS_PER_PAGE));
}

/** How many pages an answer's extracts fill: the first with those that answer, then the rest a page at a time. */
export function pageCount(answer: Answer): number {
  const rest = Math.max(0, answer.extracts.length - firstPageSize(answer));
  return 1 + Math.ceil(rest / EXTRACTS_PER_PAGE);
}

/** The extracts a page shows. */
export function pageExtracts(answer: Answer, page: number): Answer['extracts'] {
  const first = firstPageSize(answer);
  if (page === 0) return answer.extracts.slice(0, first);
  const start = first + (page - 1) * EXTRACTS_PER_PAGE;
  return answer.extracts.slice(start, start + EXTRACTS_PER_PAGE);
}
