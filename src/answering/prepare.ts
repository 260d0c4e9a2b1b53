import type { Suggestion } from './answer.ts';
import type { QueryTerm } from './ranking/features.ts';
import type { Vocabulary } from './lexical/vocabulary.ts';
import { applySuggestions } from './lexical/spelling.ts';
import { isForeignFunctionWord, type Analyzer, type Token } from './analysis/text.ts';
import { isMetaWord, questionShape, type QuestionShape } from './analysis/question.ts';

/** A question made ready for retrieval: spelled as the corpus spells it, its shape, its terms and how much of it the corpus knows. */
export interface PreparedQuestion {
  /** The question with misspellings corrected. */
  text: string;
  suggestions: Suggestion[];
  shape: QuestionShape;
  terms: QueryTerm[];
  /** The share of the question's IDF weight that the corpus knows (after spelling correction). */
  known: number;
  /** The same, for the question's words other than names: what it asks about them. */
  knownPredicates: number;
}

/** The share of the terms' IDF weight carried by terms the corpus has (`fallback` when there is no weight at all). */
function knownShare(terms: QueryTerm[], fallback: number): number {
  const total = terms.reduce((sum, t) => sum + t.idf, 0);
  return total > 0 ? terms.filter((t) => t.known).reduce((sum, t) => sum + t.idf, 0) / total : fallback;
}

/**
 * The first stage of answering: misspelled names are searched as the corpus spells them (and
 * the answer says so), the question's shape is read, and its content terms found with their IDF
 * over every index searched. Words about the article's furniture ("headline", "photo") are shape, not terms.
 */
export function prepareQuestion(cleaned: string, analyzer: Analyzer, vocabulary: Vocabulary, suggest: (question: Token[]) => Suggestion[]): PreparedQuestion {
  const suggestions = suggest(analyzer.analyze(cleaned));
  const text = applySuggestions(cleaned, suggestions);
  const shape = questionShape(text);
  const seen = new Set<string>();
  const terms: QueryTerm[] = [];
  const tokens = analyzer.analyze(text);
  // "¿Quién es el presidente…": a question in another language (two of its function words at
  // least) keeps its content words; its function words ask nothing the articles could hold.
  const foreign = (surface: string, term: string) => !vocabulary.known(term) && isForeignFunctionWord(surface.toLowerCase());
  const inAnotherLanguage = tokens.filter(({ surface, term }) => foreign(surface, term)).length >= 2;
  for (const { term, surface } of tokens) {
    if (seen.has(term) || isMetaWord(surface.toLowerCase(), shape)) continue;
    if (inAnotherLanguage && foreign(surface, term)) continue;
    seen.add(term);
    terms.push({ term, word: surface.toLowerCase(), idf: vocabulary.idf(term), known: vocabulary.known(term), name: vocabulary.isName(term) });
  }
  // A question about the headline or photo with no other content word ("whats the headline") asks about what every article has.
  const known = knownShare(terms, shape.meta ? 1 : 0);
  const knownPredicates = knownShare(
    terms.filter((t) => !t.name),
    known,
  );
  return { text, suggestions, shape, terms, known, knownPredicates };
}
