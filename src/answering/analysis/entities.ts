import type { TableReader, Tables } from '../../index/tables.ts';
import { lexiconTags } from './lexicon.ts';
import { IntList } from '../../int-list.ts';
import type { Token } from './text.ts';

/**
 * What kinds of things a sentence names, as bits per word, from compromise's lexicon (offline,
 * maintained: first and last names, countries and cities, organisations, months, weekdays,
 * durations, number words), plus what the written form says (a capitalised word the lexicon does
 * not know is a name; digits are a number, four of them from 1500 to 2099 a year). Lookups only,
 * no parsing: the whole corpus is tagged at ingest in about a second per 10 MB, and stored.
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
  ['FirstName', ENTITY.person],
  ['LastName', ENTITY.person],
  ['MaleName', ENTITY.person],
  ['FemaleName', ENTITY.person],
  ['Honorific', ENTITY.person],
  ['Place', ENTITY.place],
  ['Country', ENTITY.place],
  ['City', ENTITY.place],
  ['Region', ENTITY.place],
  ['Organization', ENTITY.organization],
  ['Company', ENTITY.organization],
  ['SportsTeam', ENTITY.organization],
  ['Month', ENTITY.date],
  ['WeekDay', ENTITY.date],
  ['Date', ENTITY.date],
  ['Duration', ENTITY.date],
  ['Holiday', ENTITY.date],
  ['Value', ENTITY.number],
  ['Cardinal', ENTITY.number],
  ['Ordinal', ENTITY.number],
  ['TextValue', ENTITY.number],
  ['Multiple', ENTITY.number],
  ['Fraction', ENTITY.number],
];

/** The entity bits of one word as written (see ENTITY); `first` for a sentence's first word, capitalised anyway. */
function wordBits(word: string, first: boolean): number {
  const tags = lexiconTags(word.toLowerCase());
  let bits = 0;
  for (const [tag, bit] of TAG_BITS) if (tags.includes(tag)) bits |= bit;
  if (/^\d/.test(word)) bits |= /^(1[5-9]|20)\d\d$/.test(word) ? ENTITY.date | ENTITY.number : ENTITY.number;
  const capitalised = /^\p{Lu}/u.test(word);
  const acronym = /^\p{Lu}{2,}$/u.test(word);
  if (acronym || (capitalised && !first && (tags.length === 0 || (bits & (ENTITY.person | ENTITY.place | ENTITY.organization)) !== 0))) bits |= ENTITY.properNoun;
  return bits;
}


/** Builds an EntityTable one document at a time. */
export class EntityTableBuilder {
  private readonly offsets = new IntList();
  private readonly terms = new IntList();
  private readonly bits = new IntList();
  /** The same written form has the same bits wherever it stands (but at a sentence's start). */
  private readonly known = new Map<string, number>();

  constructor(private readonly termId: (term: string) => number | undefined) {
    this.offsets.push(0);
  }

  /** Adds the next document, given as its tokens (see analyze). */
  add(tokens: Token[]): void {
    for (const { term, surface, position } of tokens) {
      const key = position === 0 ? `^${surface}` : surface;
      let found = this.known.get(key);
      if (found === undefined) {
        found = wordBits(surface, position === 0);
        this.known.set(key, found);
      }
      if (found === 0) continue;
      this.terms.push(this.termId(term) ?? -1);
      this.bits.push(found);
    }
    this.offsets.push(this.terms.length);
  }

  finish(): EntityTable {
    return new EntityTable(this.offsets.toArray(), this.terms.toArray(), this.bits.toArray());
  }
}

/**
 * The entity words of every sentence, by sentence number, as columns (CSR): sentence s's words
 * are terms[offsets[s] .. offsets[s + 1]], each a term id of the lexical index, with its bits.
 */
export class EntityTable {
  constructor(
    private readonly offsets: Int32Array,
    private readonly terms: Int32Array,
    private readonly bits: Int32Array,
  ) {}

  toTables(): Tables {
    return { entityOffsets: this.offsets, entityTerms: this.terms, entityBits: this.bits };
  }

  static fromTables(reader: TableReader): EntityTable {
    return new EntityTable(reader.ints('entityOffsets'), reader.ints('entityTerms'), reader.ints('entityBits'));
  }

  /**
   * Whether sentence s names something of the wanted kind that the question does not already
   * name: "Who is the president of Ecuador?" wants a person other than anyone the question mentions.
   */
  namesOtherThan(s: number, type: { wanted: number; excluded: number }, questionTerms: Set<number>): boolean {
    for (let i = this.offsets[s]!; i < this.offsets[s + 1]!; i++) {
      const bits = this.bits[i]!;
      if ((bits & type.wanted) !== 0 && (bits & type.excluded) === 0 && !questionTerms.has(this.terms[i]!)) return true;
    }
    return false;
  }
}
