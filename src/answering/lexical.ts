import MiniSearch from 'minisearch';
import type { Suggestion } from './answer.ts';
import { editDistance, surfaceWords, termOf, words } from './text.ts';

/** Unknown words of one question checked for misspellings, at most: a typed question has a few; a pasted wall of text is not helped by more. */
const MAX_SPELLING_LOOKUPS = 8;

/** Stems at least this long also match longer stems they begin. */
export const MIN_PREFIX_STEM = 5;

/** Typos allowed in a term: none below 5 letters, then one per 5 letters (as in "Asange", "Moreon"). */
export function typoBudget(term: string): number {
  return term.length < 5 ? 0 : Math.max(1, Math.floor(term.length / 5));
}

/**
 * BM25 full-text search (MiniSearch) over numbered texts, with the project's analyzer: folded
 * quotes, stopwords dropped, Porter stems. Misspellings are corrected before searching (see
 * applySuggestions), so there is no fuzzy matching here: "president" must not match "resid[ing]".
 */
export class LexicalIndex {
  private readonly search: MiniSearch<{ id: number; text: string }>;

  constructor(texts: string[]) {
    this.search = new MiniSearch({
      fields: ['text'],
      tokenize: (text) => words(text),
      processTerm: (term) => termOf(term) ?? false,
      searchOptions: {
        // Porter stems of one family can differ in length ("interfered" → interf, "interference" → interfer).
        prefix: (term) => term.length >= MIN_PREFIX_STEM,
      },
    });
    this.search.addAll(texts.map((text, id) => ({ id, text })));
  }

  /** Scores by text number, best first; empty when no term of the query occurs. */
  scores(query: string): Map<number, number> {
    const results = this.search.search(query);
    return new Map(results.map((result) => [result.id as number, result.score]));
  }
}

interface VocabularyEntry {
  /** How often the term occurs in the corpus. */
  count: number;
  /** Its most frequent written form, for "did you mean". */
  surface: string;
  surfaceCounts: Map<string, number>;
}

/** Every term of the corpus with its written forms: spelling suggestions and term statistics. */
export class Vocabulary {
  private readonly entries = new Map<string, VocabularyEntry>();
  private totalDocuments = 0;
  private readonly documentFrequency = new Map<string, number>();

  constructor(texts: string[]) {
    for (const text of texts) {
      this.totalDocuments++;
      const seen = new Set<string>();
      for (const word of surfaceWords(text)) {
        const term = termOf(word);
        if (term === null) continue;
        const entry = this.entries.get(term) ?? { count: 0, surface: word, surfaceCounts: new Map() };
        entry.count++;
        const surfaceCount = (entry.surfaceCounts.get(word) ?? 0) + 1;
        entry.surfaceCounts.set(word, surfaceCount);
        if (surfaceCount > (entry.surfaceCounts.get(entry.surface) ?? 0)) entry.surface = word;
        this.entries.set(term, entry);
        seen.add(term);
      }
      for (const term of seen) this.documentFrequency.set(term, (this.documentFrequency.get(term) ?? 0) + 1);
    }
  }

  /** Up to `count` distinct content words, spread evenly over the vocabulary (deterministic). */
  sampleWords(count: number): string[] {
    const forms = [...this.entries.values()].map((entry) => entry.surface.toLowerCase()).filter((word) => word.length > 3);
    const step = Math.max(1, Math.ceil(forms.length / count));
    return forms.filter((_, i) => i % step === 0);
  }

  has(term: string): boolean {
    return this.entries.has(term);
  }

  /** Inverse document frequency (BM25 form, ≥ 0); a term the corpus lacks gets the highest value. */
  idf(term: string): number {
    const frequency = this.documentFrequency.get(term) ?? 0;
    return Math.log(1 + (this.totalDocuments - frequency + 0.5) / (frequency + 0.5));
  }

  /** The closest corpus term within the typo budget, preferring the more frequent on ties. */
  closest(term: string): string | null {
    const budget = typoBudget(term);
    if (budget === 0) return null;
    let best: { term: string; distance: number; count: number } | null = null;
    for (const [candidate, entry] of this.entries) {
      const distance = editDistance(term, candidate, budget);
      if (distance > budget) continue;
      if (!best || distance < best.distance || (distance === best.distance && entry.count > best.count)) {
        best = { term: candidate, distance, count: entry.count };
      }
    }
    return best?.term ?? null;
  }

  /**
   * Words of the question that the corpus lacks but nearly has: "Moreon" → "Moreno". Each unknown
   * word costs a pass over the vocabulary, so only the first few are looked at.
   */
  suggestions(question: string): Suggestion[] {
    const found: Suggestion[] = [];
    let looked = 0;
    for (const word of new Set(surfaceWords(question))) {
      const term = termOf(word);
      if (term === null || this.has(term)) continue;
      if (++looked > MAX_SPELLING_LOOKUPS) break;
      const closest = this.closest(term);
      if (closest) found.push({ word, suggestion: this.entries.get(closest)!.surface });
    }
    return found;
  }
}

/** The question with each suggested correction applied, for retrieval (words are letters and digits only). */
export function applySuggestions(question: string, suggestions: Suggestion[]): string {
  return suggestions.reduce(
    (text, { word, suggestion }) => text.replace(new RegExp(`(?<![\\p{L}\\p{N}])${word}(?![\\p{L}\\p{N}])`, 'gu'), suggestion),
    question,
  );
}
