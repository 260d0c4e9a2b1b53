/**
 * Acronyms and the phrases they stand for, as one term: wherever a phrase stands ("chief
 * operating officer", "Indiana State Teachers Association"), its acronym ("coo", "ista") is read
 * too, in an article's sentences and in a question alike, so "who is spacex's coo" finds
 * "president and chief operating officer" and "what did the center for disease control say"
 * finds "the CDC". Three sources, none a hand list:
 * - acronyms WordNet lists (fitted/acronyms.json, see scripts/build-lexicon.ts);
 * - those an article defines: "Volatiles Investigating Polar Exploration Rover (VIPER)";
 * - the initials of an article's longer names and hyphenated compounds ("Indiana State Police"
 *   is ISP, "direct-to-consumer" DTC), as people abbreviate them in chat.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../paths.ts';
import { STOPWORDS } from './text.ts';

/** Phrase (its terms joined by spaces) → the acronyms' terms. */
export type Aliases = ReadonlyMap<string, readonly string[]>;

/** Function words an acronym's letters skip ("Centers for Disease Control" is CDC). */
const SKIPPED = new Set(['of', 'and', 'for', 'the', 'in', 'on', 'to', 'at', 'a', 'an', '&', 'de']);

/** The initials of words, function words skipped, lower case. */
export function initialsOf(words: string[]): string {
  return words
    .filter((word) => !SKIPPED.has(word.toLowerCase()))
    .map((word) => word[0]!.toLowerCase())
    .join('');
}

/** The words of a phrase, hyphenated parts apart ("direct-to-consumer" is three). */
function phraseWords(phrase: string): string[] {
  return phrase.split(/[\s-]+/).filter(Boolean);
}

/** The initials of a phrase's words ("chief operating officer" → "coo"). */
export function phraseInitials(phrase: string): string {
  return initialsOf(phraseWords(phrase));
}

/** A definition's acronym in parentheses: "… Rover (VIPER)". The words spelling it are looked for just before. */
const PARENTHESISED = /\(\s*(\p{Lu}[\p{Lu}\p{N}&]{1,7})s?\s*\)/gu;
/** How far before the parenthesis the words of a definition are looked for: eight words fit. */
const DEFINITION_REACH = 160;
/**
 * A name of three or more capitalised words, function words allowed between ("Indiana State
 * Teachers Association"). Both patterns start at a word's first letter only, so a failed match
 * costs its word once, not once per letter.
 */
const NAME_RUN = /(?<![\p{L}'’])\p{Lu}[\p{L}'’]*(?:[\s-]+(?:(?:of|and|for|the|de)\s+)?\p{Lu}[\p{L}'’]*){2,}/gu;
/** A compound of three or more hyphenated words ("direct-to-consumer"), looked for around each hyphen. */
const COMPOUND = /^\p{L}+(?:-\p{L}+){2,}$/u;
const LETTER = /\p{L}/u;

/** An acronym worth reading as a term: 2 to 6 letters, not a function word. */
function usable(acronym: string): boolean {
  return /^[a-z][a-z0-9]{1,5}$/.test(acronym) && !STOPWORDS.has(acronym);
}

/**
 * The acronyms a text defines or implies, as (acronym, phrase) pairs: "Long Form (ABBR)"
 * definitions, and the initials of its names of three or more words and its hyphenated compounds.
 */
export function textAcronyms(text: string): [string, string][] {
  // Each pair once: a name recurs throughout its article.
  const found = new Map<string, [string, string]>();
  const add = (acronym: string, phrase: string) => {
    if (usable(acronym)) found.set(`${acronym}\u0000${phrase}`, [acronym, phrase]);
  };
  for (const match of text.matchAll(PARENTHESISED)) {
    const acronym = match[1]!.replace(/[^\p{L}\p{N}]/gu, '').toLowerCase();
    const before = text.slice(Math.max(0, match.index - DEFINITION_REACH), match.index);
    const words = (before.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? []).slice(-8).flatMap((word) => word.split('-'));
    // The shortest run of words just before the parenthesis whose initials spell the acronym.
    for (let from = words.length - 1; from >= 0; from--) {
      const letters = initialsOf(words.slice(from));
      if (letters === acronym) add(acronym, words.slice(from).join(' '));
      if (letters.length >= acronym.length) break;
    }
  }
  for (const match of text.matchAll(NAME_RUN)) {
    const acronym = phraseInitials(match[0]);
    if (acronym.length >= 3) add(acronym, match[0]);
  }
  // A compound's every part counts: "direct-to-consumer" is DTC. Hyphens are few: found by indexOf, not by a pattern tried at every word.
  for (let hyphen = text.indexOf('-'); hyphen !== -1; hyphen = text.indexOf('-', hyphen + 1)) {
    let start = hyphen;
    while (start > 0 && LETTER.test(text[start - 1]!)) start--;
    let end = hyphen + 1;
    while (end < text.length && (LETTER.test(text[end]!) || (text[end] === '-' && LETTER.test(text[end + 1] ?? '')))) end++;
    const compound = text.slice(start, end);
    if (COMPOUND.test(compound)) add(compound.split('-').map((part) => part[0]!.toLowerCase()).join(''), compound);
    hyphen = Math.max(hyphen, end - 1);
  }
  return [...found.values()];
}

/** Where `npm run build-lexicon` writes WordNet's acronyms, and ingest reads them. */
export const ACRONYMS_FILE = join(PROJECT_ROOT, 'fitted', 'acronyms.json');

let common: [string, string][] | undefined;

/** The acronyms WordNet lists (see scripts/build-lexicon.ts), as (acronym, phrase) pairs. */
export function commonAcronyms(): [string, string][] {
  if (!common) {
    const { acronyms } = JSON.parse(readFileSync(ACRONYMS_FILE, 'utf8')) as { acronyms: Record<string, string[]> };
    common = Object.entries(acronyms)
      .filter(([acronym]) => usable(acronym))
      .flatMap(([acronym, phrases]) => phrases.map((phrase): [string, string] => [acronym, phrase]));
  }
  return common;
}

/**
 * The alias table of (acronym, phrase) pairs: each phrase as the terms the analyzer reads (at
 * least two), also cut to its shortest beginning whose initials still spell the acronym
 * ("Center for Disease Control and Prevention" is also "Center for Disease Control").
 */
export function aliasTable(pairs: Iterable<[string, string]>, termOf: (word: string) => string | null, termsOf: (text: string) => string[]): Map<string, string[]> {
  const table = new Map<string, string[]>();
  const add = (phrase: string[], alias: string) => {
    if (phrase.length < 2 || phrase.includes(alias)) return;
    const key = phrase.join(' ');
    const aliases = table.get(key) ?? [];
    if (!aliases.includes(alias)) aliases.push(alias);
    table.set(key, aliases);
  };
  for (const [acronym, phrase] of pairs) {
    const alias = termOf(acronym);
    if (alias === null) continue;
    add(termsOf(phrase), alias);
    const words = phraseWords(phrase);
    for (let end = 1; end < words.length; end++) {
      if (initialsOf(words.slice(0, end)) === acronym) {
        add(termsOf(words.slice(0, end).join(' ')), alias);
        break;
      }
    }
  }
  return table;
}
