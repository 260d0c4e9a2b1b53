import type { Article } from '../corpus/articles.ts';
import type { SentenceRole, Span } from '../corpus/sentences.ts';
import type { LookupTerm, Mention } from './answer.ts';
import { typoBudget } from './lexical.ts';
import { lexiconTags } from './lexicon.ts';
import { editDistance, fold, STOPWORDS } from './text.ts';

export interface LookupSentence extends Span {
  article: number;
  paragraph: number;
  role: SentenceRole;
}

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

/** Capitalised runs ("Lenin Moreno", "Democratic Party"), allowing "of" inside ("Bank of England"). */
const NAME_RUN = /\p{Lu}[\p{L}\p{N}'’-]*(?:\s+(?:of\s+)?\p{Lu}[\p{L}\p{N}'’-]*)*/gu;
/** A lone lower-case word is offered only when it recurs this often and is this long. */
const MIN_TOPIC_WORD_COUNT = 3;
const MIN_TOPIC_WORD_LENGTH = 6;

/**
 * Key phrases in the manner of RAKE (Rose et al. 2010): the runs of lower-case content words
 * between stopwords and punctuation, one to three words long ("new restrictions", "embassy").
 */
function keyPhrases(text: string): string[] {
  const phrases: string[] = [];
  for (const segment of text.split(/[^\p{L}\p{N}\s'’-]+/u)) {
    let run: string[] = [];
    const close = () => {
      if (run.length >= 2 && run.length <= 3) phrases.push(run.join(' '));
      if (run.length === 1 && run[0]!.length >= MIN_TOPIC_WORD_LENGTH) phrases.push(run[0]!);
      run = [];
    };
    for (const word of segment.split(/\s+/).filter(Boolean)) {
      if (STOPWORDS.has(word.toLowerCase()) || !/^\p{Ll}[\p{Ll}-]*$/u.test(word)) close();
      else run.push(word);
    }
    close();
  }
  return phrases;
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
  readonly terms: LookupTerm[];
  private readonly byKey = new Map<string, LookupTerm>();
  /** Each term with its folded form and words, computed once rather than on every keystroke. */
  private readonly keyed: { term: LookupTerm; key: string; words: string[] }[];

  constructor(
    private readonly articles: Article[],
    private readonly sentences: LookupSentence[],
  ) {
    const counts = new Map<string, { forms: Map<string, number>; count: number }>();
    const add = (form: string) => {
      const key = fold(form);
      const entry = counts.get(key) ?? { forms: new Map(), count: 0 };
      entry.count++;
      entry.forms.set(form, (entry.forms.get(form) ?? 0) + 1);
      counts.set(key, entry);
    };
    const texts = sentences.map((sentence) => this.articles[sentence.article]!.text.slice(sentence.start, sentence.end));
    const lowerCaseWords = new Set(texts.flatMap((text) => text.match(/(?<![\p{L}\p{N}])\p{Ll}[\p{L}-]*/gu) ?? []));
    const names = new Set<string>();
    texts.forEach((text, s) => {
      for (const match of text.matchAll(NAME_RUN)) {
        const words = match[0].replace(/['’]s?$/u, '').split(/\s+/);
        // A sentence's first word is capitalised anyway: it is a name only if it is never written in lower case.
        if (match.index === 0 && lowerCaseWords.has(words[0]!.toLowerCase())) words.shift();
        if (words.length === 0 || words.every((word) => STOPWORDS.has(word.toLowerCase()) || word.length < 2)) continue;
        if (!isNameRun(words, sentences[s]!.role)) continue;
        // "Ecuadorian President Lenin Moreno" is also "Lenin Moreno".
        for (const name of words.length >= 3 ? [words.join(' '), words.slice(-2).join(' ')] : [words.join(' ')]) {
          names.add(fold(name));
          add(name);
        }
      }
      for (const phrase of keyPhrases(text)) add(phrase);
    });
    this.terms = [...counts.entries()]
      // Names count from their first mention; other phrases must recur to be a topic of the article.
      .filter(([key, entry]) => names.has(key) || entry.count >= (key.includes(' ') ? 2 : MIN_TOPIC_WORD_COUNT))
      .map(([, entry]) => ({ text: [...entry.forms.entries()].sort((a, b) => b[1] - a[1])[0]![0], count: entry.count }))
      .sort((a, b) => b.count - a.count || a.text.localeCompare(b.text));
    this.keyed = this.terms.map((term) => ({ term, key: fold(term.text), words: fold(term.text).split(/\s+/) }));
    for (const { term, key } of this.keyed) this.byKey.set(key, term);
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
    for (const sentence of this.sentences) {
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
