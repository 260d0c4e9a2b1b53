/**
 * Autocomplete values for /lookup terms. Discord caps a choice's value at 100 characters; a
 * longer term (a run of names can be 160) is sent as a short key instead of a cut-off name, which
 * would find nothing, and the key is mapped back to its term when the command arrives.
 */
import type { AnswerService } from '../answering/answer.ts';
import { sha256Hex } from '../hash.ts';

/** Discord's limit on a choice's value. */
const MAX_VALUE_CHARS = 100;
const KEY = /^term#([0-9a-f]{16})$/;

const keyOf = (text: string) => sha256Hex(text).slice(0, 16);

/** What a choice for this term sends: the term itself when it fits, else its key. */
export function termChoiceValue(text: string): string {
  return text.length <= MAX_VALUE_CHARS ? text : `term#${keyOf(text)}`;
}

/** The term a /lookup value stands for: a key's term (found among the long ones by its hash), else the value as typed. */
export function termFromChoice(value: string, service: Pick<AnswerService, 'suggestTerms'>): string {
  const key = KEY.exec(value)?.[1];
  if (!key) return value;
  const found = service.suggestTerms('', Number.MAX_SAFE_INTEGER).find((term) => term.text.length > MAX_VALUE_CHARS && keyOf(term.text) === key);
  return found?.text ?? value;
}
