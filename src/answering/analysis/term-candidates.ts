import type { SentenceRole } from '../../corpus/sentences.ts';
import { lexiconTags } from './lexicon.ts';
import { STOPWORDS } from './text.ts';

/** Lexicon tags that make a capitalised word a name (compromise's lexicon; see lexicon.ts). */
const NAME_TAGS = new Set(['Person', 'FirstName', 'LastName', 'MaleName', 'FemaleName', 'Place', 'Country', 'City', 'Region', 'Organization', 'Demonym', 'Acronym']);
const PERSON_TAGS = new Set(['Person', 'FirstName', 'LastName', 'MaleName', 'FemaleName']);

/**
 * Whether a capitalised run names someone or something. A word the lexicon does not know
 * ("Assange", "Moreno") or tags as a name ("Lenin", "Panama") makes it a name; a run of common
 * words capitalised for emphasis ("CREDIT", "Questions") does not. In a photo credit only a
 * person counts: "GETTY" is the agency's stamp, "RODRIGO BUENDIA" the photographer.
 */
export function isNameRun(words: string[], role: SentenceRole): boolean {
  const tags = words.map((word) => lexiconTags(word.toLowerCase()));
  if (role === 'credit' || role === 'caption') return tags.some((list) => list.some((tag) => PERSON_TAGS.has(tag)));
  return tags.some((list) => list.length === 0 || list.some((tag) => NAME_TAGS.has(tag)));
}

/** A lone lower-case word is offered only when it recurs this often and is this long. */
export const MIN_TOPIC_WORD_COUNT = 3;
const MIN_TOPIC_WORD_LENGTH = 6;

/** Words (letters and digits, with inner apostrophes and hyphens) and the punctuation between them. */
const WORD_OR_MARK = /([\p{L}\p{N}][\p{L}\p{N}'’-]*)|[^\p{L}\p{N}\s]+/gu;
const UPPER_FIRST = /^\p{Lu}/u;
const LOWER_WORD = /^\p{Ll}[\p{Ll}-]*$/u;

// ASCII first: Unicode property tests cost a third of an ingest's term pass (10 MB: 1.0 → 0.66 s).
function startsUpper(word: string): boolean {
  const c = word.charCodeAt(0);
  return c < 128 ? c >= 65 && c <= 90 : UPPER_FIRST.test(word);
}

/** A word of lower-case letters (and inner hyphens): what a key phrase is made of. */
function isLowerWord(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 128) return LOWER_WORD.test(word);
    if (!((c >= 97 && c <= 122) || (c === 45 && i > 0))) return false;
  }
  return true;
}

const isApostrophe = (c: number) => c === 39 || c === 0x2019;

/** The word without a possessive ending ("Assange's" → "Assange", "Reuters'" → "Reuters"), or undefined when it has none. */
function withoutPossessive(word: string): string | undefined {
  const n = word.length;
  if (isApostrophe(word.charCodeAt(n - 1))) return word.slice(0, -1);
  if (n >= 2 && word.charCodeAt(n - 1) === 115 && isApostrophe(word.charCodeAt(n - 2))) return word.slice(0, -2);
  return undefined;
}

/**
 * The candidate terms of a sentence, in one pass over its words: capitalised runs ("Lenin
 * Moreno", "Bank of England"; a possessive 's dropped), and key phrases in the manner of RAKE
 * (Rose et al. 2010): runs of lower-case content words between stopwords and punctuation, one to
 * three words long ("new restrictions", "embassy").
 */
export function candidateTerms(text: string): { names: { words: string[]; first: boolean }[]; phrases: string[] } {
  const names: { words: string[]; first: boolean }[] = [];
  const phrases: string[] = [];
  let name: string[] = [];
  let nameStart = false;
  let pendingOf = false;
  let phrase: string[] = [];
  const closeName = () => {
    if (name.length > 0) names.push({ words: name, first: nameStart });
    name = [];
    pendingOf = false;
  };
  const closePhrase = () => {
    if (phrase.length >= 2 && phrase.length <= 3) phrases.push(phrase.join(' '));
    if (phrase.length === 1 && phrase[0]!.length >= MIN_TOPIC_WORD_LENGTH) phrases.push(phrase[0]!);
    phrase = [];
  };
  let index = 0;
  for (const match of text.matchAll(WORD_OR_MARK)) {
    const word = match[1];
    if (word === undefined) {
      closeName();
      closePhrase();
      continue;
    }
    if (startsUpper(word)) {
      closePhrase();
      if (pendingOf) name.push('of');
      if (name.length === 0) nameStart = index === 0;
      const base = withoutPossessive(word);
      name.push(base ?? word);
      pendingOf = false;
      if (base !== undefined) closeName();
    } else {
      const lower = word.toLowerCase();
      if (lower === 'of' && name.length > 0 && !pendingOf) pendingOf = true;
      else closeName();
      if (STOPWORDS.has(lower) || !isLowerWord(word)) closePhrase();
      else phrase.push(word);
    }
    index++;
  }
  closeName();
  closePhrase();
  return { names, phrases };
}
