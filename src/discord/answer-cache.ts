import type { Answer } from '../answering/answer.ts';
import { BoundedMap } from './bounded-map.ts';

/** An answer as posted: who asked (only they may page it in place or remove it), the page shown, who voted. */
export interface PostedAnswer {
  answer: Answer;
  askerId: string;
  page: number;
  /** Members whose vote is written to the feedback file. */
  voters: Set<string>;
  /** Members whose vote is being written. */
  savingVotes: Set<string>;
}

/**
 * Recent answers by the id of the message that shows them: a button acts on the answer of the
 * message it is on, never on anything named in its custom id. Bounded: the oldest go first; a
 * button of a forgotten answer (or one from before a restart) gets an "expired" reply.
 */
export class AnswerCache {
  private readonly answers: BoundedMap<string, PostedAnswer>;

  constructor(capacity = 1000) {
    this.answers = new BoundedMap(capacity);
  }

  remember(messageId: string, answer: Answer, askerId: string, page = 0): void {
    this.answers.set(messageId, { answer, askerId, page, voters: new Set(), savingVotes: new Set() });
  }

  get(messageId: string): PostedAnswer | undefined {
    return this.answers.get(messageId);
  }
}
