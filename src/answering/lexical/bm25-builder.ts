import { IntList } from '../../int-list.ts';
import { LexicalIndex } from './bm25.ts';
import type { Token } from '../analysis/text.ts';

/** Builds a LexicalIndex one document at a time, holding only the index's own arrays. */
export class LexicalIndexBuilder {
  private readonly termIds = new Map<string, number>();
  private readonly surfaceCounts: Map<string, number>[] = [];
  private readonly docOffsets = new IntList();
  private readonly docLengths = new IntList();
  private readonly docTerms = new IntList();
  private readonly docCounts = new IntList();

  constructor() {
    this.docOffsets.push(0);
  }

  /** The id of a term added so far. */
  termId(term: string): number | undefined {
    return this.termIds.get(term);
  }

  /** Adds the next document, given as its tokens (see analyze). */
  add(tokens: Token[]): void {
    const ids = new Int32Array(tokens.length);
    tokens.forEach(({ term, surface }, i) => {
      let id = this.termIds.get(term);
      if (id === undefined) {
        id = this.termIds.size;
        this.termIds.set(term, id);
        this.surfaceCounts.push(new Map());
      }
      ids[i] = id;
      const forms = this.surfaceCounts[id]!;
      forms.set(surface, (forms.get(surface) ?? 0) + 1);
    });
    // Sorted, each distinct term of the document once with its count.
    ids.sort();
    for (let i = 0; i < ids.length; ) {
      let j = i;
      while (j < ids.length && ids[j] === ids[i]) j++;
      this.docTerms.push(ids[i]!);
      this.docCounts.push(j - i);
      i = j;
    }
    this.docLengths.push(tokens.length);
    this.docOffsets.push(this.docTerms.length);
  }

  finish(): LexicalIndex {
    const docOffsets = this.docOffsets.toArray();
    const terms = this.docTerms.toArray();
    const counts = this.docCounts.toArray();
    const termCount = this.termIds.size;
    const documentFrequency = new Int32Array(termCount);
    for (const id of terms) documentFrequency[id]!++;
    const postOffsets = new Int32Array(termCount + 1);
    for (let t = 0; t < termCount; t++) postOffsets[t + 1] = postOffsets[t]! + documentFrequency[t]!;
    const postDocs = new Int32Array(terms.length);
    const postCounts = new Int32Array(terms.length);
    const filled = postOffsets.slice(0, termCount);
    for (let d = 0; d + 1 < docOffsets.length; d++) {
      for (let at = docOffsets[d]!; at < docOffsets[d + 1]!; at++) {
        const slot = filled[terms[at]!]!++;
        postDocs[slot] = d;
        postCounts[slot] = counts[at]!;
      }
    }
    const surfaces = this.surfaceCounts.map((forms) => [...forms.entries()].reduce((best, entry) => (entry[1] > best[1] ? entry : best))[0]);
    return new LexicalIndex({
      terms: [...this.termIds.keys()],
      surfaces,
      documentFrequency,
      docOffsets,
      docTerms: terms,
      docCounts: counts,
      docLengths: this.docLengths.toArray(),
      postOffsets,
      postDocs,
      postCounts,
    });
  }
}
