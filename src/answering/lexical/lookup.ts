import type { Article } from '../../corpus/articles.ts';
import type { SentenceTable } from '../../corpus/sentences.ts';
import type { TableReader, Tables } from '../../index/tables.ts';
import type { LookupTerm, Mention } from '../answer.ts';
import { typoBudget } from './spelling.ts';
import { candidateTerms, isNameRun, MIN_TOPIC_WORD_COUNT } from '../analysis/term-candidates.ts';
import { editDistance, escapeRegExp, fold, STOPWORDS } from '../analysis/text.ts';

/** A term matches whole words, whatever the case, quote style or dash. */
function termPattern(term: string): RegExp {
  const words = term
    .trim()
    .split(/\s+/)
    .map((word) => escapeRegExp(word).replace(/['‘’]/g, "['‘’]").replace(/[-‐‑‒–—]/g, '[-‐‑‒–—]'))
    .join('\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${words}(?![\\p{L}\\p{N}])`, 'giu');
}

/** Mentioning sentences a lookup reads at most: a reply shows a few paragraphs' worth. */
const MAX_MENTIONING_SENTENCES = 2000;

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
    // lower-case letters and hyphens, so their key is their form, with no folding: a 10 MB corpus
    // has hundreds of thousands of them.
    const counts = new Map<string, number>();
    const nameForms = new Map<string, Map<string, number>>();
    for (let s = 0; s < sentences.length; s++) {
      const { names, phrases } = candidateTerms(sentences.text(articles, s));
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
      for (const phrase of phrases) counts.set(phrase, (counts.get(phrase) ?? 0) + 1);
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
   * Terms for autocomplete, in three tiers, at most `limit` each, more frequent first: those
   * starting with the input, then those with a word starting with it, then those within a small
   * typo of it (see suggestTerms).
   */
  suggestionTiers(input: string, limit: number): LookupTerm[][] {
    const query = fold(input.trim());
    if (query === '') return [this.terms.slice(0, limit)];
    const tiers: LookupTerm[][] = [[], [], []];
    for (const { term, key, words } of this.keyed) {
      const tier = key.startsWith(query) ? 0 : words.some((word) => word.startsWith(query)) ? 1 : isTypoOf(query, key, words) ? 2 : -1;
      if (tier >= 0 && tiers[tier]!.length < limit) tiers[tier]!.push(term);
    }
    return tiers;
  }

  /** The known terms within a small typo of the input. */
  typosOf(input: string): LookupTerm[] {
    const query = fold(input.trim());
    return this.keyed.filter(({ key, words }) => isTypoOf(query, key, words)).map(({ term }) => term);
  }

  /** The known term for an input, if the articles have it (case and quote style aside). */
  find(input: string): LookupTerm | undefined {
    return this.byKey.get(fold(input.trim()));
  }

  /**
   * The paragraphs that mention the term, in order, at most `limit` of them, with at most
   * MAX_MENTIONING_SENTENCES mentioning sentences in all (one paragraph can hold 100,000): their
   * mentioning sentences, with the term's places; `complete` when none was left out. `within`:
   * the only sentences that can (in order), when known, so that a lookup reads those rather than
   * the whole corpus (see Segment.mentions).
   */
  mentions(term: string, within: ArrayLike<number> | null = null, limit = Number.POSITIVE_INFINITY): { mentions: Mention[]; complete: boolean } {
    const pattern = termPattern(term);
    const found: Mention[] = [];
    /** Each mention's article, for its text. */
    const of: Article[] = [];
    const count = within ? within.length : this.sentences.length;
    let mentioning = 0;
    let complete = true;
    for (let i = 0; i < count; i++) {
      const sentence = this.sentences.get(within ? within[i]! : i);
      const article = this.articles[sentence.articleIndex]!;
      const text = article.text.slice(sentence.start, sentence.end);
      const hits = [...text.matchAll(pattern)].map((match) => ({ start: match.index, end: match.index + match[0].length }));
      if (hits.length === 0) continue;
      if (++mentioning > MAX_MENTIONING_SENTENCES) {
        complete = false;
        break;
      }
      const last = found[found.length - 1];
      if (last && last.articleId === article.id && last.paragraph === sentence.paragraph) {
        // Join with the paragraph's earlier mentioning sentence: one entry per paragraph (its text cut once, at the end).
        const offset = sentence.start - last.start;
        last.end = sentence.end;
        for (const hit of hits) last.hits.push({ start: hit.start + offset, end: hit.end + offset });
      } else {
        if (found.length === limit) {
          complete = false;
          break;
        }
        found.push({ articleId: article.id, articleKey: article.key, articleTitle: article.title, paragraph: sentence.paragraph, start: sentence.start, end: sentence.end, text, hits });
        of.push(article);
      }
    }
    found.forEach((mention, m) => (mention.text = of[m]!.text.slice(mention.start, mention.end)));
    return { mentions: found, complete };
  }
}

/**
 * Terms for autocomplete from several indexes, best first: by tier (see suggestionTiers), then by
 * how often all the indexes together mention them.
 */
export function suggestTerms(indexes: readonly TermIndex[], input: string, limit: number): LookupTerm[] {
  const tiers = indexes.map((index) => index.suggestionTiers(input, limit));
  const placed = new Map<string, { term: LookupTerm; tier: number }>();
  tiers.forEach((ofIndex) =>
    ofIndex.forEach((terms, tier) => {
      for (const term of terms) {
        const key = fold(term.text);
        const seen = placed.get(key);
        if (!seen) placed.set(key, { term: { ...term }, tier });
        else {
          seen.term.count += term.count;
          seen.tier = Math.min(seen.tier, tier);
        }
      }
    }),
  );
  return [...placed.values()]
    .sort((a, b) => a.tier - b.tier || b.term.count - a.term.count || a.term.text.localeCompare(b.term.text))
    .slice(0, limit)
    .map(({ term }) => term);
}

/** The closest known terms to one no index mentions: those within a small typo, else those sharing its first letters. */
export function closestTerms(indexes: readonly TermIndex[], input: string, limit: number): LookupTerm[] {
  const typos = indexes.flatMap((index) => index.typosOf(input));
  if (typos.length > 0) return typos.sort((a, b) => b.count - a.count).slice(0, limit);
  return suggestTerms(indexes, fold(input.trim()).slice(0, 3), limit);
}

/** The known term for an input in the first index that has it. */
export function findTerm(indexes: readonly TermIndex[], input: string): LookupTerm | undefined {
  for (const index of indexes) {
    const found = index.find(input);
    if (found) return found;
  }
  return undefined;
}
