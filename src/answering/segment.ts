/**
 * One index's worth of articles, ready to search: the articles folder of the operator, or one
 * server's library, as ingest stored it (sentences, BM25 index, entities, /lookup terms, HNSW).
 * A segment never changes once opened; a new index generation is a new segment, so a question
 * that started on the old one finishes on it (see Searcher).
 */
import { quotableParagraph, type Article } from '../corpus/articles.ts';
import type { Sentence, SentenceTable } from '../corpus/sentences.ts';
import type { Embedder } from '../embedding/embedder.ts';
import { TableReader, type Tables } from '../index/tables.ts';
import type { VectorIndex } from '../index/vector-index.ts';
import type { Mention, Quote } from './answer.ts';
import { EntityTable } from './analysis/entities.ts';
import { Analyzer, type Token } from './analysis/text.ts';
import { LexicalIndex } from './lexical/bm25.ts';
import { TermIndex } from './lexical/lookup.ts';
import { Spelling } from './lexical/spelling.ts';

/** Sentences whose tokens are remembered between questions. */
const MAX_CACHED_SENTENCES = 20_000;
/** Sentence vectors kept for reuse. */
const MAX_CACHED_VECTORS = 200_000;

export interface SegmentParts {
  articles: Article[];
  /** The articles' sentence table (see sentenceTable). */
  sentences: SentenceTable;
  /** What answeringTables derived (read from the index, or computed when there is none). */
  tables: Tables;
  /** Each chunk's first and last sentence: chunk positions as the vector index returns them. */
  chunkSentences: { first: Int32Array; last: Int32Array };
  /** Chunks per article, in article order. */
  chunksPerArticle: number[];
  /** Null without an embedding model: the segment is then searched lexically. */
  vectors: VectorIndex | null;
  indexedAt: string | null;
}

/** A run of sentences (first..last, inclusive) of one paragraph, read as one text. */
export interface Window {
  first: number;
  last: number;
}

export class Segment {
  readonly articles: Article[];
  readonly sentences: SentenceTable;
  readonly lexical: LexicalIndex;
  readonly entities: EntityTable;
  /** With the base forms this segment was indexed with. */
  readonly analyzer: Analyzer;
  readonly vectors: VectorIndex | null;
  readonly chunkSentences: { first: Int32Array; last: Int32Array };
  readonly chunksPerArticle: number[];
  readonly indexedAt: string | null;
  private readonly reader: TableReader;
  private termIndex: TermIndex | undefined;
  private spellingIndex: Spelling | undefined;
  private readonly tokens = new Map<number, Token[]>();
  private readonly sentenceVectors = new Map<number, Float32Array>();
  /** Each article's first sentence number (and one past the last article's end), found on first use. */
  private articleStarts: Int32Array | undefined;

  constructor(parts: SegmentParts) {
    this.articles = parts.articles;
    this.sentences = parts.sentences;
    this.vectors = parts.vectors;
    this.chunkSentences = parts.chunkSentences;
    this.chunksPerArticle = parts.chunksPerArticle;
    this.indexedAt = parts.indexedAt;
    this.reader = new TableReader(parts.tables);
    this.analyzer = Analyzer.fromTables(this.reader);
    this.lexical = LexicalIndex.fromTables(this.reader);
    this.entities = EntityTable.fromTables(this.reader);
  }

  /** The /lookup terms, put together on first use: a one-question process never needs them. */
  get terms(): TermIndex {
    return (this.termIndex ??= TermIndex.fromTables(this.articles, this.sentences, this.reader));
  }

  /**
   * The paragraphs that mention a term (see TermIndex.mentions), at most `limit`, of one article
   * if given, read only in the sentences that hold the rarest of its words, which the lexical index
   * lists: a lookup costs what the term's mentions do, not the corpus's size (scanning 10 MB for
   * every lookup held answers up 100 ms).
   */
  mentions(term: string, limit: number, article: number | null = null): { mentions: Mention[]; complete: boolean } {
    const ids = this.analyzer.termsOf(term).map((word) => this.lexical.termId(word));
    if (ids.some((id) => id === undefined)) return { mentions: [], complete: true };
    const range = article === null ? null : this.articleSentences(article);
    let within: ArrayLike<number> | null = null;
    if (ids.length > 0) {
      const rarest = ids.reduce((best, id) => (this.lexical.documentFrequency(id) < this.lexical.documentFrequency(best) ? id : best));
      within = this.lexical.postings(rarest!).documents;
      if (range) within = Array.prototype.filter.call(within, (s: number) => s >= range.first && s <= range.last) as number[];
    } else if (range) {
      within = Array.from({ length: Math.max(0, range.last - range.first + 1) }, (_, i) => range.first + i);
    }
    return this.terms.mentions(term, within, limit);
  }

  /** Spelling suggestions, put together on the first unknown word. */
  get spelling(): Spelling {
    return (this.spellingIndex ??= new Spelling(this.lexical));
  }

  get chunkCount(): number {
    return this.chunksPerArticle.reduce((sum, count) => sum + count, 0);
  }

  /** The first and last sentence of an article (sentences are in article order); last < first when it has none. */
  articleSentences(a: number): Window {
    if (!this.articleStarts) {
      const starts = new Int32Array(this.articles.length + 1).fill(this.sentences.length);
      for (let s = this.sentences.length - 1; s >= 0; s--) starts[this.sentences.articleIndex[s]!] = s;
      for (let n = this.articles.length - 1; n >= 0; n--) starts[n] = Math.min(starts[n]!, starts[n + 1]!);
      this.articleStarts = starts;
    }
    return { first: this.articleStarts[a]!, last: this.articleStarts[a + 1]! - 1 };
  }

  /** The article (its position here) a chunk of the vector index belongs to. */
  chunkArticle(chunk: number): number {
    return this.sentences.articleIndex[this.chunkSentences.first[chunk]!]!;
  }

  /** Whether s is the first sentence of its article that holds the term. */
  firstMention(s: number, termId: number): boolean {
    const { first } = this.articleSentences(this.sentences.articleIndex[s]!);
    return this.firstHolding(termId, first) === s;
  }

  /** Whether article a holds the term somewhere. */
  articleHolds(a: number, termId: number): boolean {
    const { first, last } = this.articleSentences(a);
    const found = this.firstHolding(termId, first);
    return found !== undefined && found <= last;
  }

  /** The first sentence at or after `from` that holds the term: a binary search of its postings (in sentence order). */
  private firstHolding(termId: number, from: number): number | undefined {
    const { documents } = this.lexical.postings(termId);
    let low = 0;
    let high = documents.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (documents[middle]! < from) low = middle + 1;
      else high = middle;
    }
    return documents[low];
  }

  /** A sentence, as written. */
  sentenceText(s: number): string {
    return this.sentences.text(this.articles, s);
  }

  /** The article a sentence belongs to. */
  articleOf(s: number): Article {
    return this.articles[this.sentences.articleIndex[s]!]!;
  }

  /** A sentence's tokens, analysed once and remembered (a bounded cache: candidates recur from question to question). */
  tokensOf(s: number): Token[] {
    let tokens = this.tokens.get(s);
    if (!tokens) {
      tokens = this.analyzer.analyze(this.sentenceText(s));
      if (this.tokens.size >= MAX_CACHED_SENTENCES) this.tokens.clear();
      this.tokens.set(s, tokens);
    }
    return tokens;
  }

  /** A sentence's term ids, in order. */
  orderedTerms(s: number): number[] {
    return this.tokensOf(s)
      .map(({ term }) => this.lexical.termId(term))
      .filter((id): id is number => id !== undefined);
  }

  /** A sentence with its neighbours in the same paragraph. */
  window(s: number): Window {
    return { first: this.sentences.sameParagraph(s, s - 1) ? s - 1 : s, last: this.sentences.sameParagraph(s, s + 1) ? s + 1 : s };
  }

  /**
   * The sentences of s's paragraph that lie within maxChars of it on either side, and s's place
   * among them: all an extract around s can use, found without walking the whole paragraph
   * (one paragraph can hold 50,000 sentences).
   */
  contextAround(s: number, maxChars: number): { sentences: Sentence[]; position: number } {
    const { start, end } = this.sentences;
    let first = s;
    while (this.sentences.sameParagraph(s, first - 1) && end[s]! - start[first - 1]! <= maxChars) first--;
    let last = s;
    while (this.sentences.sameParagraph(s, last + 1) && end[last + 1]! - start[s]! <= maxChars) last++;
    return { sentences: Array.from({ length: last - first + 1 }, (_, i) => this.sentences.get(first + i)), position: s - first };
  }

  /** Sentence vectors, embedded on first use and remembered. */
  async vectorsOf(embedder: Embedder, sentences: Iterable<number>): Promise<Map<number, Float32Array>> {
    const missing = [...new Set(sentences)].filter((s) => !this.sentenceVectors.has(s));
    if (missing.length > 0) {
      if (this.sentenceVectors.size + missing.length > MAX_CACHED_VECTORS) this.sentenceVectors.clear();
      const vectors = await embedder.embedPassages(missing.map((s) => this.sentenceText(s)));
      missing.forEach((s, i) => this.sentenceVectors.set(s, vectors[i]!));
    }
    return this.sentenceVectors;
  }

  /** An article of this segment by its key. */
  article(articleKey: string): Article | undefined {
    return this.articles.find((candidate) => candidate.key === articleKey);
  }

  /** A whole paragraph, by the key of its article. */
  paragraph(articleKey: string, number: number): Quote | undefined {
    const article = this.article(articleKey);
    const found = article && quotableParagraph(article, number);
    if (!article || !found) return undefined;
    const { id: articleId, key, title: articleTitle, text } = article;
    return { articleId, articleKey: key, articleTitle, paragraph: number, start: found.start, end: found.end, text: text.slice(found.start, found.end) };
  }
}
