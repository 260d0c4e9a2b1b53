import type { Article } from '../corpus/articles.ts';
import type { SentenceRole, SentenceTable } from '../corpus/sentences.ts';
import type { TableReader, Tables } from '../index/tables.ts';
import type { LookupTerm, Mention } from './answer.ts';
import { typoBudget } from './lexical.ts';
import { lexiconTags } from './lexicon.ts';
import { editDistance, fold, STOPWORDS } from './text.ts';

/** Lexicon tags that make a capitalised word a name (compromise's lexicon; see lexicon.ts). */
const NAME_TAGS = new Set(['Person', 'FirstName', 'LastName', 'MaleName', 'FemaleName', 'Place', 'Country', 'City', 'Region', 'Organization', 'Demonym', 'Acronym']);
const PERSON_TAGS = new Set(['Person', 'FirstName', 'LastName', 'MaleName', 'FemaleName']);

/**
 * Whether a capitalised run names someone or something. A word the lexicon does not know
 * ("Assange", "Moreno") or tags as a name ("Lenin", "Panama") makes it a name; a run of common
 * words capitalised for emphasis ("CREDIT", "Questions") does not. In a photo credit only a
 * person counts: "GETTY" is the agency's stamp, "RODRIGO BUENDIA" the photographer.
 */
function isNameRun(words: string[], role: SentenceRole): boolean {
  const tags = words.map((word) => lexiconTags(word.toLowerCase()));
  if (role === 'credit' || role === 'caption') return tags.some((list) => list.some((tag) => PERSON_TAGS.has(tag)));
  return tags.some((list) => list.length === 0 || list.some((tag) => NAME_TAGS.has(tag)));
}

/** A lone lower-case word is offered only when it recurs this often and is this long. */
const MIN_TOPIC_WORD_COUNT = 3;
const MIN_TOPIC_WORD_LENGTH = 6;

/** Words (letters and digits, with inner apostrophes and hyphens) and the punctuation between them. */
const WORD_OR_MARK = /([\p{L}\p{N}][\p{L}\p{N}'’-]*)|[^\p{L}\p{N}\s]+/gu;

/**
 * The candidate terms of a sentence, in one pass over its words: capitalised runs ("Lenin
 * Moreno", "Bank of England"; a possessive 's dropped), and key phrases in the manner of RAKE
 * (Rose et al. 2010): runs of lower-case content words between stopwords and punctuation, one to
 * three words long ("new restrictions", "embassy").
 */
function candidateTerms(text: string): { names: { words: string[]; first: boolean }[]; phrases: string[] } {
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
    const lower = word.toLowerCase();
    if (/^\p{Lu}/u.test(word)) {
      closePhrase();
      if (pendingOf) name.push('of');
      if (name.length === 0) nameStart = index === 0;
      const possessive = /['’]s?$/u.test(word);
      name.push(possessive ? word.replace(/['’]s?$/u, '') : word);
      pendingOf = false;
      if (possessive) closeName();
    } else {
      if (lower === 'of' && name.length > 0 && !pendingOf) pendingOf = true;
      else closeName();
      if (STOPWORDS.has(lower) || !/^\p{Ll}[\p{Ll}-]*$/u.test(word)) closePhrase();
      else phrase.push(word);
    }
    index++;
  }
  closeName();
  closePhrase();
  return { names, phrases };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A term matches whole words, whatever the case, quote style or dash. */
function termPattern(term: string): RegExp {
  const words = term
    .trim()
    .split(/\s+/)
    .map((word) => escapeRegExp(word).replace(/['‘’]/g, "['‘’]").replace(/[-‐‑‒–—]/g, '[-‐‑‒–—]'))
    .join('\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${words}(?![\\p{L}\\p{N}])`, 'giu');
}

/** Whether the input is a small typo of the start of a term or of one of its words ("asange" → Assange). */
function isTypoOf(query: string, key: string, words: string[]): boolean {
  const budget = Math.max(1, typoBudget(query));
  return query.length >= 3 && [key, ...words].some((candidate) => editDistance(query, candidate.slice(0, query.length + budget), budget) <= budget);
}

/**
 * The /lookup side of the engine: the names, places, organisations and topic words of the
 * articles (for autocomplete), and every passage that mentions one of them.
 */
export class TermIndex {
  private readonly byKey = new Map<string, LookupTerm>();
  /** Each term with its folded form and words, computed once rather than on every keystroke. */
  private readonly keyed: { term: LookupTerm; key: string; words: string[] }[];

  constructor(
    private readonly articles: Article[],
    private readonly sentences: SentenceTable,
    /** Most mentioned first. */
    readonly terms: LookupTerm[],
  ) {
    this.keyed = this.terms.map((term) => ({ term, key: fold(term.text), words: fold(term.text).split(/\s+/) }));
    for (const { term, key } of this.keyed) this.byKey.set(key, term);
  }

  /** Finds the terms of the articles: the names in their sentences (see isNameRun) and recurring key phrases. */
  static build(articles: Article[], sentences: SentenceTable): TermIndex {
    // By folded key: how often, and (for names) the most frequent written form. Phrases are
    // lower case, so their key is their form: a 10 MB corpus has hundreds of thousands of them.
    const counts = new Map<string, number>();
    const nameForms = new Map<string, Map<string, number>>();
    for (let s = 0; s < sentences.length; s++) {
      const { names, phrases } = candidateTerms(articles[sentences.article[s]!]!.text.slice(sentences.start[s], sentences.end[s]));
      for (const { words, first } of names) {
        // A sentence's first word is capitalised anyway: the lexicon says whether it is a name.
        const kept = first && words.length > 1 && !isNameRun([words[0]!], sentences.role(s)) ? words.slice(1) : words;
        if (kept.every((word) => STOPWORDS.has(word.toLowerCase()) || word.length < 2)) continue;
        if (!isNameRun(kept, sentences.role(s))) continue;
        // "Ecuadorian President Lenin Moreno" is also "Lenin Moreno".
        for (const name of kept.length >= 3 ? [kept.join(' '), kept.slice(-2).join(' ')] : [kept.join(' ')]) {
          const key = fold(name);
          counts.set(key, (counts.get(key) ?? 0) + 1);
          const forms = nameForms.get(key) ?? new Map<string, number>();
          forms.set(name, (forms.get(name) ?? 0) + 1);
          nameForms.set(key, forms);
        }
      }
      for (const phrase of phrases) {
        const key = fold(phrase);
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
    const terms = [...counts.entries()]
      // Names count from their first mention; other phrases must recur to be a topic of the article.
      .filter(([key, count]) => nameForms.has(key) || count >= (key.includes(' ') ? 2 : MIN_TOPIC_WORD_COUNT))
      .map(([key, count]) => {
        const forms = nameForms.get(key);
        return { text: forms ? [...forms.entries()].reduce((best, entry) => (entry[1] > best[1] ? entry : best))[0] : key, count };
      })
      .sort((a, b) => b.count - a.count || a.text.localeCompare(b.text));
    return new TermIndex(articles, sentences, terms);
  }

  /** The terms, to store (see fromTables). */
  toTables(): Tables {
    return { lookupTerms: this.terms.map((term) => term.text), lookupCounts: Int32Array.from(this.terms, (term) => term.count) };
  }

  static fromTables(articles: Article[], sentences: SentenceTable, reader: TableReader): TermIndex {
    const counts = reader.ints('lookupCounts');
    return new TermIndex(articles, sentences, reader.strings('lookupTerms').map((text, i) => ({ text, count: counts[i]! })));
  }

  /**
   * Terms for autocomplete, best first: those starting with the input, then those with a word
   * starting with it, then those within a small typo of it; more frequent first within each.
   */
  suggest(input: string, limit: number): LookupTerm[] {
    const query = fold(input.trim());
    if (query === '') return this.terms.slice(0, limit);
    const tiers: LookupTerm[][] = [[], [], []];
    for (const { term, key, words } of this.keyed) {
      if (key.startsWith(query)) tiers[0]!.push(term);
      else if (words.some((word) => word.startsWith(query))) tiers[1]!.push(term);
      else if (isTypoOf(query, key, words)) tiers[2]!.push(term);
    }
    return tiers.flat().slice(0, limit);
  }

  /** The closest known terms to one the articles do not mention. */
  closest(input: string, limit: number): LookupTerm[] {
    const query = fold(input.trim());
    const typos = this.keyed.filter(({ key, words }) => isTypoOf(query, key, words)).map(({ term }) => term);
    return (typos.length > 0 ? typos : this.suggest(query.slice(0, 3), limit)).slice(0, limit);
  }

  /** The known term for an input, if the articles have it (case and quote style aside). */
  find(input: string): LookupTerm | undefined {
    return this.byKey.get(fold(input.trim()));
  }

  /** Every paragraph that mentions the term: its mentioning sentences, with the term's places. */
  mentions(term: string): Mention[] {
    const pattern = termPattern(term);
    const found: Mention[] = [];
    for (let s = 0; s < this.sentences.length; s++) {
      const sentence = this.sentences.get(s);
      const article = this.articles[sentence.article]!;
      const text = article.text.slice(sentence.start, sentence.end);
      const hits = [...text.matchAll(pattern)].map((match) => ({ start: match.index, end: match.index + match[0].length }));
      if (hits.length === 0) continue;
      const last = found[found.length - 1];
      if (last && last.articleId === article.id && last.paragraph === sentence.paragraph) {
        // Join with the paragraph's earlier mentioning sentence: one entry per paragraph.
        const offset = sentence.start - last.start;
        last.end = sentence.end;
        last.text = article.text.slice(last.start, last.end);
        last.hits.push(...hits.map((hit) => ({ start: hit.start + offset, end: hit.end + offset })));
      } else {
        found.push({ articleId: article.id, articleKey: article.key, articleTitle: article.title, paragraph: sentence.paragraph, start: sentence.start, end: sentence.end, text, hits });
      }
    }
    return found;
  }
}
