import { randomBytes } from 'node:crypto';
import type { Answer } from '../answering/engine.ts';
import { BoundedMap } from './bounded-map.ts';

/**
 * Recent answers, for their buttons ("More extracts", votes). Bounded: the oldest go first; a
 * button of a forgotten answer (or one from before a restart) gets an "expired" reply.
 */
export class AnswerCache {
  private readonly answers: BoundedMap<string, Answer>;

  constructor(capacity = 1000) {
    this.answers = new BoundedMap(capacity);
  }

  add(answer: Answer): string {
    const key = randomBytes(6).toString('base64url');
    this.answers.set(key, answer);
    return key;
  }

  get(key: string): Answer | undefined {
    return this.answers.get(key);
  }
}
