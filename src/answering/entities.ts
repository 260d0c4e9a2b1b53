import nlp from 'compromise/two';
import { words } from './text.ts';

/**
 * What kinds of things a text names, as bits: found by compromise's part-of-speech tagger
 * (compromise: offline, maintained, and it tags people, places, organisations, dates and values
 * from its lexicon and grammar, which matches "Lenin Moreno", "2012", "Tuesday" or "four-page"
 * where regexes would need a list of each). Only the "two" (tagger) part is loaded: 1–3 ms a sentence.
 */
export const ENTITY = {
  person: 1,
  place: 2,
  organization: 4,
  date: 8,
  number: 16,
  properNoun: 32,
} as const;

const TAG_BITS: [string, number][] = [
  ['Person', ENTITY.person],
  ['Place', ENTITY.place],
  ['Organization', ENTITY.organization],
  ['Date', ENTITY.date],
  ['Duration', ENTITY.date],
  ['Year', ENTITY.date],
  ['Month', ENTITY.date],
  ['WeekDay', ENTITY.date],
  ['Time', ENTITY.date],
  ['Value', ENTITY.number],
  ['Cardinal', ENTITY.number],
  ['Money', ENTITY.number],
  ['Percent', ENTITY.number],
  ['ProperNoun', ENTITY.properNoun],
];

/** A word of a text that names something, with its entity bits. */
export interface EntityWord {
  /** Lower case, as `words` gives it. */
  word: string;
  bits: number;
}

/** The words of a text that compromise tags as entities (see ENTITY). */
export function entityWords(text: string): EntityWord[] {
  const found: EntityWord[] = [];
  for (const term of nlp(text).docs.flat() as { normal: string; tags: Set<string> }[]) {
    let bits = 0;
    for (const [tag, bit] of TAG_BITS) if (term.tags.has(tag)) bits |= bit;
    if (bits !== 0) for (const word of words(term.normal)) found.push({ word, bits });
  }
  return found;
}

/**
 * Whether a text names something of the wanted kind that the question does not already name:
 * "Who is the president of Ecuador?" wants a person other than anyone the question mentions.
 */
export function namesOtherThan(entities: EntityWord[], type: { wanted: number; excluded: number }, questionWords: Set<string>): boolean {
  return entities.some(({ word, bits }) => (bits & type.wanted) !== 0 && (bits & type.excluded) === 0 && !questionWords.has(word));
}

/** Entity words by sentence number, found on first use: tagging the whole corpus up front would cost ~25 ms per 5 KB. */
export class EntityCache {
  private readonly entities = new Map<number, EntityWord[]>();

  constructor(
    private readonly textOf: (sentence: number) => string,
    private readonly capacity = 100_000,
  ) {}

  get(sentence: number): EntityWord[] {
    let found = this.entities.get(sentence);
    if (found === undefined) {
      found = entityWords(this.textOf(sentence));
      if (this.entities.size >= this.capacity) this.entities.clear();
      this.entities.set(sentence, found);
    }
    return found;
  }
}
