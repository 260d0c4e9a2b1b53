import type { TableReader, Tables } from '../../index/tables.ts';

/** BM25's constants (Robertson & Zaragoza 2009): k1 as usual, b below the usual 0.75 (cross-validated: 0.3–0.5 best; sentences are short). */
const K1 = 1.2;
const B = 0.5;

/** A query term: its id in this index, and the IDF it weighs (over every index a question searches, see Vocabulary). */
export interface WeightedTerm {
  id: number;
  idf: number;
}

/** The arrays a LexicalIndex is made of: plain typed arrays, so it is stored and read back without rebuilding. */
export interface LexicalData {
  /** Term id → term (Porter stem). */
  terms: string[];
  /** Term id → its most frequent written form, for "did you mean". */
  surfaces: string[];
  /** Term id → number of documents holding it. */
  documentFrequency: Int32Array;
  /** Document d's terms are docTerms[docOffsets[d] .. docOffsets[d + 1]], each with its count in docCounts. */
  docOffsets: Int32Array;
  docTerms: Int32Array;
  docCounts: Int32Array;
  /** Document → number of terms. */
  docLengths: Int32Array;
  /** Term t's documents are postDocs[postOffsets[t] .. postOffsets[t + 1]], each with the term's count in postCounts. */
  postOffsets: Int32Array;
  postDocs: Int32Array;
  postCounts: Int32Array;
}

/**
 * An inverted index with BM25 over numbered documents (the corpus's sentences): search by
 * postings, and BM25 of any run of documents taken as one (a sentence with its neighbours).
 * Terms are Porter stems, matched exactly: misspellings are corrected before searching (see
 * spelling.ts), so "president" never matches "resid[ing]" and "minister" never "ministry".
 */
export class LexicalIndex {
  private readonly termIds = new Map<string, number>();
  private readonly averageLength: number;
  private lowerSurfaceList: string[] | undefined;

  constructor(readonly data: LexicalData) {
    data.terms.forEach((term, id) => this.termIds.set(term, id));
    let total = 0;
    for (const length of data.docLengths) total += length;
    this.averageLength = data.docLengths.length > 0 ? total / data.docLengths.length : 0;
  }

  /** The index's arrays, by name, to store (see fromTables). */
  toTables(): Tables {
    const { terms, surfaces, ...numbers } = this.data;
    return { lexicalTerms: terms, lexicalSurfaces: surfaces, ...Object.fromEntries(Object.entries(numbers).map(([name, array]) => [`lexical.${name}`, array])) };
  }

  static fromTables(reader: TableReader): LexicalIndex {
    const ints = (name: keyof LexicalData) => reader.ints(`lexical.${name}`);
    return new LexicalIndex({
      terms: reader.strings('lexicalTerms'),
      surfaces: reader.strings('lexicalSurfaces'),
      documentFrequency: ints('documentFrequency'),
      docOffsets: ints('docOffsets'),
      docTerms: ints('docTerms'),
      docCounts: ints('docCounts'),
      docLengths: ints('docLengths'),
      postOffsets: ints('postOffsets'),
      postDocs: ints('postDocs'),
      postCounts: ints('postCounts'),
    });
  }

  get documentCount(): number {
    return this.data.docLengths.length;
  }

  /** Term id → its written form in lower case: computed on first use (spelling, the model's noise level), once. */
  get lowerSurfaces(): string[] {
    return (this.lowerSurfaceList ??= this.data.surfaces.map((surface) => surface.toLowerCase()));
  }

  termId(term: string): number | undefined {
    return this.termIds.get(term);
  }

  /** How many documents hold the term (0 for an unknown one). */
  documentFrequency(termId: number | undefined): number {
    return termId === undefined ? 0 : this.data.documentFrequency[termId]!;
  }

  /** The documents holding any of the terms, with their BM25 scores. */
  search(terms: WeightedTerm[]): Map<number, number> {
    const { postOffsets, postDocs, postCounts, docLengths } = this.data;
    const scores = new Map<number, number>();
    for (const { id: t, idf } of distinct(terms)) {
      for (let i = postOffsets[t]!; i < postOffsets[t + 1]!; i++) {
        const d = postDocs[i]!;
        const tf = postCounts[i]!;
        const norm = K1 * (1 - B + (B * docLengths[d]!) / this.averageLength);
        scores.set(d, (scores.get(d) ?? 0) + (idf * tf * (K1 + 1)) / (tf + norm));
      }
    }
    return scores;
  }

  /** The documents holding a term, each with the term's count there (views on the index, in document order). */
  postings(termId: number): { documents: Int32Array; counts: Int32Array } {
    const { postOffsets, postDocs, postCounts } = this.data;
    return { documents: postDocs.subarray(postOffsets[termId]!, postOffsets[termId + 1]!), counts: postCounts.subarray(postOffsets[termId]!, postOffsets[termId + 1]!) };
  }

  /** Each term's count in documents from..to (inclusive) taken as one text. */
  counts(from: number, to: number): Map<number, number> {
    const { docOffsets, docTerms, docCounts } = this.data;
    const counts = new Map<number, number>();
    for (let i = docOffsets[from]!; i < docOffsets[to + 1]!; i++) counts.set(docTerms[i]!, (counts.get(docTerms[i]!) ?? 0) + docCounts[i]!);
    return counts;
  }

  /** BM25 of documents from..to (inclusive) taken as one text; `counts` when the caller has read them already. */
  scoreRange(terms: WeightedTerm[], from: number, to: number, counts = this.counts(from, to)): number {
    let length = 0;
    for (let d = from; d <= to; d++) length += this.data.docLengths[d]!;
    const norm = K1 * (1 - B + (B * length) / Math.max(1, this.averageLength * (to - from + 1)));
    let score = 0;
    for (const { id: t, idf } of distinct(terms)) {
      const tf = counts.get(t) ?? 0;
      if (tf > 0) score += (idf * tf * (K1 + 1)) / (tf + norm);
    }
    return score;
  }

  /** Whether the term is written as a name in the corpus (its usual form is capitalised: "Assange", "Ecuador"). */
  isName(termId: number): boolean {
    return isName(this.data.surfaces[termId]!);
  }
}

/** BM25 inverse document frequency (≥ 0) of a term held by `frequency` of `documents` documents; an unknown term gets the highest value. */
export function inverseDocumentFrequency(frequency: number, documents: number): number {
  return Math.log(1 + (documents - frequency + 0.5) / (frequency + 0.5));
}

/** Each term once (a question may repeat a word). */
function distinct(terms: WeightedTerm[]): WeightedTerm[] {
  const seen = new Set<number>();
  return terms.filter(({ id }) => !seen.has(id) && seen.add(id));
}

/** Whether a written form is a name's: it starts with a capital letter. */
export function isName(surface: string): boolean {
  return /^\p{Lu}/u.test(surface);
}
