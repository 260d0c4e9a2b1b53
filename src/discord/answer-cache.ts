import { randomBytes } from 'node:crypto';
import type { Answer } from '../answering/engine.ts';
import { BoundedMap } from './bounded-map.ts';

/** An answer and who asked for it (only they may remove it). */
export interface AskedAnswer {
  answer: Answer;
  askerId: string;
}

/**
 * Recent answers, for their buttons ("More extracts", votes). Bounded: the oldest go first; a
 * button of a forgotten answer (or one from before a restart) gets an "expired" reply.
 */
export class AnswerCache {
  private readonly answers: BoundedMap<string, AskedAnswer>;

  constructor(capacity = 1000) {
    this.answers = new BoundedMap(capacity);
  }

  add(asked: AskedAnswer): string {
    const key = randomBytes(6).toString('base64url');
    this.answers.set(key, asked);
    return key;
  }

  get(key: string): AskedAnswer | undefined {
    return this.answers.get(key);
  }
}
