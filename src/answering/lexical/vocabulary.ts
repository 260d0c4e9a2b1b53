import { inverseDocumentFrequency, isName, type LexicalIndex } from './bm25.ts';

/**
 * The terms of every lexical index a question searches (the operator's articles and a server's
 * own), taken as one: a term's IDF counts its documents in all of them, so BM25 scores from
 * different indexes compare, and a term is known when any index has it.
 */
export class Vocabulary {
  private readonly documents: number;

  constructor(private readonly indexes: readonly LexicalIndex[]) {
    this.documents = indexes.reduce((sum, index) => sum + index.documentCount, 0);
  }

  idf(term: string): number {
    const frequency = this.indexes.reduce((sum, index) => sum + index.documentFrequency(index.termId(term)), 0);
    return inverseDocumentFrequency(frequency, this.documents);
  }

  known(term: string): boolean {
    return this.indexes.some((index) => index.termId(term) !== undefined);
  }

  /** Whether the term is written as a name where it is known ("Assange", "Ecuador"). */
  isName(term: string): boolean {
    return this.indexes.some((index) => {
      const id = index.termId(term);
      return id !== undefined && isName(index.data.surfaces[id]!);
    });
  }
}
