import { createRequire } from 'node:module';
import { stemmer } from 'stemmer';
import type { TableReader, Tables } from '../../index/tables.ts';
import { lexiconBaseForms } from './lexicon.ts';
import type { Aliases } from './aliases.ts';

/** Questions longer than this are cut (on a word boundary) before retrieval. */
export const MAX_QUESTION_CHARS = 300;

const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/g;
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
/** Discord mentions (<@1>, <@!1>, <@&1>, <#1>), @everyone/@here, custom emoji and timestamps. */
const DISCORD_SYNTAX = /<(?:@[!&]?|#)\d+>|<a?:\w+:\d+>|<t:\d+(?::\w)?>|@(?:everyone|here)\b/g;
/** Markdown marks that carry no words. */
const MARKDOWN = /```|[*_~`|>#]+/g;
const URL = /\bhttps?:\/\/\S+/g;

/**
 * The words of a question, as retrieval should see them: no invisible or bidirectional control
 * characters, no mention or markdown syntax, no links, single spaces, at most MAX_QUESTION_CHARS.
 */
export function cleanQuestion(raw: string): string {
  let text = raw
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(CONTROL, ' ')
    .replace(URL, ' ')
    .replace(DISCORD_SYNTAX, ' ')
    .replace(/\|\|/g, ' ')
    .replace(MARKDOWN, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length > MAX_QUESTION_CHARS) {
    const cut = text.lastIndexOf(' ', MAX_QUESTION_CHARS);
    text = text.slice(0, cut > MAX_QUESTION_CHARS / 2 ? cut : MAX_QUESTION_CHARS);
  }
  return text;
}

/** Greetings, thanks and chat words: a message made of these (and function words) only is small talk, not a question. */
const SMALL_TALK = new Set(
  `hi hello hey heya hiya yo sup howdy hallo greetings morning evening afternoon night gm gn ga good thanks thank thx ty tysm
  cheers appreciated ok okay k kk cool nice great awesome lol lmao haha bye goodbye cya later bot chat everyone guys all folks
  y'all yall there wassup whats up`
    .split(/\s+/)
    .filter(Boolean),
);

/** Whether a message is only a greeting, thanks or the like ("hi", "thanks bot", "gm chat"). */
export function isSmallTalk(text: string): boolean {
  const all = words(text);
  return all.some((word) => SMALL_TALK.has(word)) && all.every((word) => SMALL_TALK.has(word) || STOPWORDS.has(word));
}

/** Lower case with typographic quotes and dashes folded to their plain forms. */
export function fold(text: string): string {
  return text
    .toLowerCase()
    .replace(/[‘’‛′]/g, "'")
    .replace(/[“”„″]/g, '"')
    .replace(/[‐‑‒–—]/g, '-');
}

/** Text that a regular expression matches literally. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Dotted abbreviations ("U.S.", "U.K."), to be read as one word. */
const DOTTED_ABBREVIATION = /\b(?:\p{L}\.){2,}/gu;
/** Capitals joined by an ampersand ("PG&E", "AT&T"), read as one word, as people type them ("pge"). */
const AMPERSAND_ABBREVIATION = /\b(\p{Lu}{1,4})&(\p{Lu}{1,4})\b/gu;

/** Words as written: runs of letters and digits (an apostrophe splits "Assange's"; "U.S." is "US", "PG&E" is "PGE"). */
function surfaceWords(text: string): string[] {
  let joined = text;
  // Most sentences have neither: each pattern is run only where it can match (ingest reads every sentence).
  if (joined.includes('.')) joined = joined.replace(DOTTED_ABBREVIATION, (abbreviation) => abbreviation.replaceAll('.', ''));
  if (joined.includes('&')) joined = joined.replace(AMPERSAND_ABBREVIATION, '$1$2');
  return joined.match(WORD) ?? [];
}

const WORD = /[\p{L}\p{N}]+/gu;

/** Words in lower case. */
export function words(text: string): string[] {
  return surfaceWords(text).map((word) => word.toLowerCase());
}

/** Function words, and the filler of chat ("lol", "tho", "rn"), that say nothing about what a question is about. */
export const STOPWORDS = new Set(
  `a about above after again against all am an and any are as at be because been before being below between both but by
  can could did do does doing down during each few for from further had has have having he her here hers herself him
  himself his how i if in into is it its itself just let me more most my myself no nor not now of off on once only or
  other our ours ourselves out over own s same she should so some such t than that the their theirs them themselves then
  there these they this those through to too under until up very was we were what when where which while who whom why
  will with would you your yours yourself yourselves also ever tell please know according said say says
  u ur r ya yo pls plz lol lmao tho nah yeah yep ok okay rn abt og kinda sorta gonna wanna gotta like actually even
  just really wait bunch stuff thing things anyway guys hey mean meant exactly basically literally whos whats wat wats
  hows wheres whens whys whose dont doesnt didnt isnt wasnt arent werent cant wont im ive thats theres many much happen
  happened happens happening`
    .split(/\s+/)
    .filter(Boolean),
);

/** Rows of the edit-distance table, kept between calls: spelling checks compare one word with thousands. */
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/**
 * Edit distance counting a swap of two neighbouring letters as one edit ("Moreon" → "Moreno"),
 * giving up (returning max + 1) once it must exceed max.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (rows[0]!.length <= b.length) rows = rows.map(() => new Int32Array(b.length * 2 + 1));
  let [beforePrevious, previous, current] = rows as [Int32Array, Int32Array, Int32Array];
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowBest = i;
    for (let j = 1; j <= b.length; j++) {
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, beforePrevious[j - 2]! + 1);
      current[j] = value;
      if (value < rowBest) rowBest = value;
    }
    if (rowBest > max) return max + 1;
    [beforePrevious, previous, current] = [previous, current, beforePrevious];
  }
  return previous[b.length]!;
}

/** A word of a text as indexed: its term, its written form, and its position among the text's words. */
export interface Token {
  term: string;
  surface: string;
  position: number;
}

/** Function words of the languages whose speakers most often ask in their own (stopwords-iso, a maintained list). */
let foreignFunctionWords: Set<string> | undefined;

/**
 * Whether a word is a function word in Spanish, French, German, Italian or Portuguese ("quién",
 * "el", "der"): a question asked in one of them keeps its content words only. Callers drop such a
 * word only when the articles do not have it, so an English word that happens to be on a list
 * ("die", "also") still counts where the articles use it.
 */
export function isForeignFunctionWord(word: string): boolean {
  // Loaded on the first unknown word of a question, not with every process (200 KB of lists).
  foreignFunctionWords ??= new Set(
    (['es', 'fr', 'de', 'it', 'pt'] as const).flatMap((language) => (createRequire(import.meta.url)('stopwords-iso') as Record<string, string[]>)[language] ?? []),
  );
  return foreignFunctionWords.has(word);
}

/** Stems remembered per analyzer: question words are unbounded, so past this it starts afresh rather than grow. */
const MAX_CACHED_STEMS = 200_000;

/**
 * Turns text into index terms: words, stopwords dropped, each the Porter stem of its base form
 * (an irregular verb's infinitive, a demonym's country; see lexiconBaseForms). The base forms
 * are given, not global: ingest derives them from the lexicon, answering reads them from the index.
 */
export class Analyzer {
  /** Stems by lower-case word: a corpus has far fewer distinct words than words, and stemming is the cost. */
  private readonly stems = new Map<string, string | null>();

  /** Alias phrases by their first term, longest first: what to look for after each token. */
  private readonly phrases = new Map<string, { terms: string[]; aliases: readonly string[] }[]>();

  constructor(
    private readonly baseForms: ReadonlyMap<string, string>,
    /** Acronyms read wherever their phrases stand (see aliases.ts). */
    readonly aliases: Aliases = new Map(),
  ) {
    for (const [phrase, found] of aliases) {
      const terms = phrase.split(' ');
      const list = this.phrases.get(terms[0]!) ?? [];
      list.push({ terms, aliases: found });
      list.sort((a, b) => b.terms.length - a.terms.length);
      this.phrases.set(terms[0]!, list);
    }
  }

  /** An analyzer with base forms from compromise's lexicon (ingest: ~300 ms to load it). */
  static fromLexicon(): Analyzer {
    return new Analyzer(lexiconBaseForms());
  }

  /** The same base forms, reading these acronyms too. */
  withAliases(aliases: Aliases): Analyzer {
    return new Analyzer(this.baseForms, aliases);
  }

  /** The analyzer an index stored (see toTables). */
  static fromTables(reader: TableReader): Analyzer {
    const bases = reader.strings('baseFormBases');
    const aliasTerms = reader.strings('aliasTerms');
    const aliases = new Map(reader.strings('aliasPhrases').map((phrase, i) => [phrase, aliasTerms[i]!.split(' ')]));
    return new Analyzer(new Map(reader.strings('baseFormWords').map((word, i) => [word, bases[i]!])), aliases);
  }

  /** The base forms and aliases, to store with the index. */
  toTables(): Tables {
    return {
      baseFormWords: [...this.baseForms.keys()],
      baseFormBases: [...this.baseForms.values()],
      aliasPhrases: [...this.aliases.keys()],
      aliasTerms: [...this.aliases.values()].map((terms) => terms.join(' ')),
    };
  }

  /** The index term of a word (letters and digits, as `words` gives): null for a stopword. */
  termOf(word: string): string | null {
    const lower = word.toLowerCase();
    let term = this.stems.get(lower);
    if (term === undefined) {
      term = STOPWORDS.has(lower) ? null : stemmer(this.baseForms.get(lower) ?? lower);
      if (this.stems.size >= MAX_CACHED_STEMS) this.stems.clear();
      this.stems.set(lower, term);
    }
    return term;
  }

  /** Index terms of a text, in order, stopwords dropped. */
  termsOf(text: string): string[] {
    return this.analyze(text).map((token) => token.term);
  }

  /**
   * Index terms of a text with their written forms and positions; where a phrase with an acronym
   * stands, the acronym follows it as a term of its own (at the phrase's first position).
   */
  analyze(text: string): Token[] {
    const found: Token[] = [];
    surfaceWords(text).forEach((surface, position) => {
      const term = this.termOf(surface);
      if (term !== null) found.push({ term, surface, position });
    });
    if (this.phrases.size === 0) return found;
    const withAliases: Token[] = [];
    found.forEach((token, i) => {
      withAliases.push(token);
      for (const { terms, aliases } of this.phrases.get(token.term) ?? []) {
        if (terms.every((term, k) => found[i + k]?.term === term)) {
          for (const alias of aliases) withAliases.push({ term: alias, surface: alias.toUpperCase(), position: token.position });
          break;
        }
      }
    });
    return withAliases;
  }
}
