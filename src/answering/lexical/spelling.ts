import type { Suggestion } from '../answer.ts';
import { isName, type LexicalIndex } from './bm25.ts';
import { editDistance, type Token } from '../analysis/text.ts';

/** Typos allowed in a term: none below 5 letters, then one per 5 letters (as in "Asange", "Moreon"). */
export function typoBudget(term: string): number {
  return term.length < 5 ? 0 : Math.max(1, Math.floor(term.length / 5));
}

/** Unknown words of one question checked for misspellings, at most: a typed question has a few; a pasted wall of text is not helped by more. */
const MAX_SPELLING_LOOKUPS = 8;

/**
 * Spelling suggestions against a lexical index's terms, by their written forms. Built when the
 * first unknown word comes (a question whose words are all known never needs it).
 */
export class Spelling {
  /**
   * Term ids by the first letter and length of their written form (lower case): a typo rarely
   * touches the first letter, so only those terms are compared.
   */
  private readonly buckets = new Map<string, number[]>();

  constructor(private readonly lexical: LexicalIndex) {
    lexical.lowerSurfaces.forEach((surface, id) => {
      const key = `${surface[0]}${surface.length}`;
      const bucket = this.buckets.get(key) ?? [];
      bucket.push(id);
      this.buckets.set(key, bucket);
    });
  }

  /**
   * The term whose written form is closest to a word, within the typo budget, preferring the more
   * frequent on ties; only terms starting with the word's first or second letter (a stray or
   * swapped first letter) are compared.
   */
  closest(word: string): SpellingMatch | undefined {
    const budget = typoBudget(word);
    if (budget === 0) return undefined;
    let best: SpellingMatch | undefined;
    const firsts = new Set([word[0], word[1]]);
    const surfaces = this.lexical.lowerSurfaces;
    for (let length = word.length - budget; length <= word.length + budget; length++) {
      for (const id of [...firsts].flatMap((first) => this.buckets.get(`${first}${length}`) ?? [])) {
        const distance = editDistance(word, surfaces[id]!, budget);
        if (distance > budget) continue;
        const frequency = this.lexical.data.documentFrequency[id]!;
        if (isCloser({ distance, frequency }, best)) best = { surface: this.lexical.data.surfaces[id]!, distance, frequency };
      }
    }
    return best;
  }
}

/** A corpus word near a misspelt one: its written form, how many edits away, in how many documents. */
export interface SpellingMatch {
  surface: string;
  distance: number;
  frequency: number;
}

function isCloser(match: Pick<SpellingMatch, 'distance' | 'frequency'>, best: SpellingMatch | undefined): boolean {
  return !best || match.distance < best.distance || (match.distance === best.distance && match.frequency > best.frequency);
}

/**
 * Words of a question (its tokens) that no searched index has but one nearly has: "Moreon" →
 * "Moreno". A real word (isWord) is corrected only towards a name ("corea" → "Correa"), never
 * towards another word ("founded" stays, though the corpus has "funded"). Each unknown word costs
 * a pass over the terms of similar length, so only the first few are looked at.
 */
export function spellingSuggestions(question: Token[], spellings: readonly Spelling[], known: (term: string) => boolean, isWord: (word: string) => boolean = () => false): Suggestion[] {
  const found: Suggestion[] = [];
  let looked = 0;
  for (const { term, surface } of question) {
    if (known(term) || found.some((s) => s.word === surface)) continue;
    if (++looked > MAX_SPELLING_LOOKUPS) break;
    let best: SpellingMatch | undefined;
    for (const spelling of spellings) {
      const match = spelling.closest(surface.toLowerCase());
      if (match && isCloser(match, best)) best = match;
    }
    if (!best || (isWord(surface.toLowerCase()) && !isName(best.surface))) continue;
    found.push({ word: surface, suggestion: best.surface });
  }
  return found;
}

/** The question with each suggested correction applied, for retrieval (words are letters and digits only). */
export function applySuggestions(question: string, suggestions: Suggestion[]): string {
  return suggestions.reduce(
    (text, { word, suggestion }) => text.replace(new RegExp(`(?<![\\p{L}\\p{N}])${word}(?![\\p{L}\\p{N}])`, 'gu'), suggestion),
    question,
  );
}
