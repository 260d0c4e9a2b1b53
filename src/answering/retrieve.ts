import { dot } from '../embedding/vectors.ts';
import type { Embedder } from '../embedding/embedder.ts';
import type { QueryTerms } from './ranking/features.ts';
import type { Segment, Window } from './segment.ts';

/** How many sentences lexical search and chunks vector search each put forward, over all segments searched. */
const LEXICAL_CANDIDATES = 24;
const DENSE_CHUNKS = 8;
/** Up to this many sentences in all, every sentence is a candidate. */
const SMALL_CORPUS_SENTENCES = 400;
/**
 * A term in more sentences of a segment than this is left out of its lexical search: bounded work
 * per question ("us" in 2,000,000 sentences of "U.S. U.S. …" took 1 s a question), for next to no
 * weight (so common, its BM25 idf is near 0). It still counts when the candidates are scored.
 * 10 MB of documentation has its most common term ("use") in 24,000 of 124,000 sentences.
 */
const MAX_SEARCHED_POSTINGS = 30_000;

/**
 * One segment's part in a question: the segment, where its sentences start in the question's
 * numbering of all candidates, the question's terms as its index sees them, and the one article
 * the question is restricted to, if any (its position in the segment's articles).
 */
export interface SegmentQuery {
  segment: Segment;
  base: number;
  query: QueryTerms;
  article: number | null;
}

/** The sentences of a part that may be quoted: all, or the restricted article's. */
function quotable(part: SegmentQuery): Window {
  if (part.article === null) return { first: 0, last: part.segment.sentences.length - 1 };
  return part.segment.articleSentences(part.article);
}

/**
 * The retrieval stage: candidate sentences for a question over every segment searched, as
 * numbers in the question's numbering (part.base + the sentence's number in its segment), in
 * order: the best by BM25 (with one IDF over all segments, so the scores compare), the sentences
 * of the chunks nearest the question's vector, and their neighbours; every sentence when there
 * are few. With them, their article's headline and caption: quotable for "what's the headline",
 * and a contrast for the ranker otherwise.
 */
export function retrieveCandidates(parts: SegmentQuery[], queryVector: Float32Array | null): number[] {
  const ranges = parts.map(quotable);
  const total = ranges.reduce((sum, { first, last }) => sum + Math.max(0, last - first + 1), 0);
  const found = parts.map(() => new Set<number>());
  if (total <= SMALL_CORPUS_SENTENCES) {
    ranges.forEach(({ first, last }, p) => {
      for (let s = first; s <= last; s++) found[p]!.add(s);
    });
    return numbered(parts, found);
  }

  const lexical: { part: number; sentence: number; score: number }[] = [];
  parts.forEach(({ segment, query }, p) => {
    const weighted = query.terms.filter((t) => t.id !== undefined && segment.lexical.documentFrequency(t.id) <= MAX_SEARCHED_POSTINGS).map((t) => ({ id: t.id!, idf: t.idf }));
    const { first, last } = ranges[p]!;
    for (const [sentence, score] of segment.lexical.search(weighted)) if (sentence >= first && sentence <= last) lexical.push({ part: p, sentence, score });
  });
  lexical.sort((a, b) => b.score - a.score || a.part - b.part || a.sentence - b.sentence);
  for (const { part, sentence } of lexical.slice(0, LEXICAL_CANDIDATES)) found[part]!.add(sentence);

  if (queryVector) {
    const dense: { part: number; chunk: number; similarity: number }[] = [];
    parts.forEach(({ segment, article }, p) => {
      if (!segment.vectors) return;
      const filter = article === null ? undefined : (chunk: number) => segment.chunkArticle(chunk) === article;
      for (const { chunk, similarity } of segment.vectors.search(queryVector, DENSE_CHUNKS, filter)) dense.push({ part: p, chunk, similarity });
    });
    dense.sort((a, b) => b.similarity - a.similarity || a.part - b.part || a.chunk - b.chunk);
    for (const { part, chunk } of dense.slice(0, DENSE_CHUNKS)) {
      const { first, last } = parts[part]!.segment.chunkSentences;
      for (let s = first[chunk]!; s <= last[chunk]!; s++) found[part]!.add(s);
    }
  }

  parts.forEach(({ segment }, p) => {
    const { sentences } = segment;
    for (const s of [...found[p]!]) {
      const window = segment.window(s);
      for (let n = window.first; n <= window.last; n++) found[p]!.add(n);
      const article = sentences.articleIndex[s];
      // A body paragraph's sentences are all body: skipped whole, so a paragraph of 2,000,000 sentences is one step, not seconds.
      for (let n = s; n >= 0 && sentences.articleIndex[n] === article && sentences.paragraph[n]! <= 2; ) {
        if (sentences.role(n) === 'body') n -= sentences.position[n]! + 1;
        else found[p]!.add(n--);
      }
    }
  });
  return numbered(parts, found);
}

/** The found sentences of every part in the question's numbering, in order. */
function numbered(parts: SegmentQuery[], found: Set<number>[]): number[] {
  return parts.flatMap(({ base }, p) => [...found[p]!].sort((a, b) => a - b).map((s) => base + s));
}

/** Cosine similarity of the question to each candidate sentence and to each one's window (empty without a model). */
export async function similarities(
  embedder: Embedder | null,
  queryVector: Float32Array | null,
  candidates: { segment: Segment; sentence: number; window: Window }[],
): Promise<{ dense: number[]; denseWindow: number[] }> {
  if (!embedder || !queryVector) return { dense: [], denseWindow: [] };
  const bySegment = new Map<Segment, number[]>();
  for (const { segment, window } of candidates) {
    const list = bySegment.get(segment) ?? [];
    for (let s = window.first; s <= window.last; s++) list.push(s);
    bySegment.set(segment, list);
  }
  const vectors = new Map<Segment, Map<number, Float32Array>>();
  for (const [segment, sentences] of bySegment) vectors.set(segment, await segment.vectorsOf(embedder, sentences));
  const dense = candidates.map(({ segment, sentence }) => dot(queryVector, vectors.get(segment)!.get(sentence)!));
  const denseWindow = candidates.map(({ segment, window }) => {
    const sum = new Float32Array(queryVector.length);
    for (let s = window.first; s <= window.last; s++) vectors.get(segment)!.get(s)!.forEach((value, i) => (sum[i]! += value));
    const norm = Math.sqrt(dot(sum, sum));
    return norm > 0 ? dot(queryVector, sum) / norm : 0;
  });
  return { dense, denseWindow };
}
