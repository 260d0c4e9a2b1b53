import type { SentenceTable } from '../../corpus/sentences.ts';
import type { LexicalIndex, WeightedTerm } from '../lexical/bm25.ts';
import type { EntityTable } from '../analysis/entities.ts';
import { ANSWER_TYPE_BITS, type QuestionShape } from '../analysis/question.ts';
import { escapeRegExp } from '../analysis/text.ts';

/**
 * What the ranker knows of a candidate sentence, each roughly 0..1. Lexical and dense evidence
 * are also taken over the sentence's window (itself and its neighbours in the paragraph), so
 * that the sentence next to the one sharing the question's words can win when it holds the
 * kind of answer asked for ("what happened to the rape charges" → "Those charges have since been dropped").
 */
export const SENTENCE_FEATURES = [
  'bm25',
  'bm25Window',
  'coverage',
  'coverageWindow',
  'softCoverage',
  'predicate',
  'alignment',
  'dense',
  'denseWindow',
  'denseRaw',
  'typeMatch',
  'metaMatch',
  'metaForContent',
  'subtitle',
  'phrase',
  'first',
  'length',
  'typeMatchWindow',
  'focus',
  'namesTogether',
  'continues',
  'defines',
  'coverageWithSubject',
  'articleCoverage',
  'articleBest',
  'articleNames',
  'reason',
] as const;

export type SentenceFeature = (typeof SENTENCE_FEATURES)[number];

/** Words that open a sentence about a subject named before it ("He said…", "The company…"). */
const SUBJECT_REFERENCES = new Set(['he', 'she', 'it', 'they', 'his', 'her', 'its', 'their', 'the', 'this', 'that', 'these', 'those']);
/** How far back in its paragraph a sentence looks for the subject it refers to. */
const SUBJECT_LOOKBACK = 3;

/** Words that open a sentence continuing the one before ("Those charges have since been dropped"). */
const ANAPHORS = new Set(['those', 'these', 'this', 'that', 'it', 'its', 'they', 'their', 'he', 'his', 'she', 'her', 'such', 'both']);

/** A question's content term, as every searched index sees it (see Vocabulary). */
export interface QueryTerm {
  term: string;
  /** The word as the question wrote it, lower case. */
  word: string;
  idf: number;
  /** Whether some searched index has the term. */
  known: boolean;
  /** Whether the term is written as a name where it is known. */
  name: boolean;
}

/** A question's content terms as one index sees them: with their term ids there (none for a term it lacks). */
export interface QueryTerms {
  /** In question order, each term once. */
  terms: (QueryTerm & { id: number | undefined })[];
}

export interface CandidateInputs {
  sentences: SentenceTable;
  lexical: LexicalIndex;
  query: QueryTerms;
  shape: QuestionShape;
  /** The candidates' sentence numbers. */
  candidates: number[];
  /** The first word of a sentence, lower case. */
  firstWord: (sentence: number) => string;
  /** The words of the question's last clause (see focusWords). */
  focus: Set<string>;
  /** The window (first..last sentence number, same paragraph) of each candidate. */
  windows: { first: number; last: number }[];
  /** The corpus's entity words (see entities.ts). */
  entities: EntityTable;
  /** Soft coverage (with word-vector matches above the noise) of each candidate, 0..1. */
  softCoverage: number[];
  /** Soft coverage of the question's words other than names (see SoftCoverage). */
  predicate: number[];
  /** Alignment: the IDF-weighted mean, over question words, of the best similarity to a word of the candidate, 0..1. */
  alignment: number[];
  /** The share of the question's IDF weight whose terms occur anywhere in each candidate's article, 0..1. */
  articleCoverage: number[];
  /** The same share over the question's names alone (1 when it names nothing). */
  articleNames: number[];
  /** Cosine similarity of the question to each candidate and to its window; empty without a model. */
  dense: number[];
  denseWindow: number[];
  sentenceText: (sentence: number) => string;
  /** Whether a sentence is the first of its article to hold a term. */
  firstMention: (sentence: number, termId: number) => boolean;
}

/** What follows a subject that a sentence defines: "X (…", "X, a …", "X is a …", "X — the …". */
const DEFINED_AFTER = /^['’]?s?\s*(?:\(|\)|,\s*(?:a|an|the|who|which)\b|\s+(?:is|was|are|were|refers\s+to|means|stands\s+for)\s+(?:a|an|the|one|when|where)\b|\s*[—–]\s*(?:a|an|the)\b)/i;
/** What precedes a subject that a sentence names: "called X", "known as X", "(X", "the group that owns her music, X". */
const DEFINED_BEFORE = /(?:called|known\s+as|named|dubbed|termed|\(|\p{L}{3,},)\s*$/iu;

/**
 * A sentence's term counts, with the names of the sentences just before it in its paragraph when
 * it refers back to them ("He said the company …" inherits "Kevin Mayer" and "Disney"): a
 * question naming the subject should find the sentence that says the rest.
 */
function withSubject(inputs: CandidateInputs, s: number, counts: Map<number, number>): Map<number, number> {
  if (!SUBJECT_REFERENCES.has(inputs.firstWord(s))) return counts;
  const inherited = new Map(counts);
  for (let back = 1; back <= SUBJECT_LOOKBACK && inputs.sentences.sameParagraph(s, s - back); back++) {
    for (const [id, count] of inputs.lexical.counts(s - back, s - back)) if (inputs.lexical.isName(id) && !inherited.has(id)) inherited.set(id, count);
  }
  return inherited;
}

/**
 * How plainly a sentence defines the subject of a definition question ("what is viper" →
 * "Volatiles Investigating Polar Exploration Rover (VIPER)"): 1 when it names the subject in a
 * defining pattern, 0.5 when it is the article's first mention of it, else 0.
 */
function defines(inputs: CandidateInputs, s: number, counts: Map<number, number>, subject: { ids: number[]; words: string[] }): number {
  if (subject.ids.length === 0) return 0;
  if (!subject.ids.every((id) => counts.has(id))) return 0;
  const text = inputs.sentenceText(s);
  const last = subject.words[subject.words.length - 1]!;
  const first = subject.words[0]!;
  for (const match of text.matchAll(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(last)}[\\p{L}]{0,2}(?![\\p{L}\\p{N}])`, 'giu'))) {
    if (DEFINED_AFTER.test(text.slice(match.index + match[0].length))) return 1;
  }
  for (const match of text.matchAll(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(first)}`, 'giu'))) {
    if (DEFINED_BEFORE.test(text.slice(0, match.index))) return 1;
  }
  return inputs.firstMention(s, subject.ids[0]!) ? 0.5 : 0;
}

/** The share of the terms' IDF weight held where `holds` says (a term the index lacks is held nowhere). */
export function heldShare(terms: QueryTerms['terms'], holds: (termId: number) => boolean): number {
  let held = 0;
  let total = 0;
  for (const { id, idf } of terms) {
    total += idf;
    if (id !== undefined && holds(id)) held += idf;
  }
  return total > 0 ? held / total : 0;
}

/** The share of the query's IDF weight whose terms occur in `counts`. */
function coverage(query: QueryTerms, counts: Map<number, number>): number {
  return heldShare(query.terms, (id) => counts.has(id));
}

/** The share of consecutive known question terms that also stand next to each other in the sentence's terms. */
function phraseShare(query: QueryTerms, sentenceTerms: number[]): number {
  const known = query.terms.filter((t) => t.id !== undefined).map((t) => t.id!);
  if (known.length < 2) return 0;
  const pairs = new Set<string>();
  for (let i = 0; i + 1 < sentenceTerms.length; i++) pairs.add(`${sentenceTerms[i]}:${sentenceTerms[i + 1]}`);
  let found = 0;
  for (let i = 0; i + 1 < known.length; i++) if (pairs.has(`${known[i]}:${known[i + 1]}`) || pairs.has(`${known[i + 1]}:${known[i]}`)) found++;
  return found / (known.length - 1);
}

/** Words that give a reason or a purpose: what a "why" question wants to find. */
const REASON = /\b(?:because|due\s+to|owing\s+to|thanks\s+to|as\s+a\s+result|in\s+order\s+to|so\s+that|so\s+as\s+to|since|reasons?|effort\s+to|aim(?:s|ed)?\s+to|intended\s+to|meant\s+to|caused|driven\s+by|amid|after|led\s+to|leading\s+to|partly|largely|mainly)\b/i;

/** Features relative to the best candidate: computed raw per index, then divided by their maximum over every candidate of the question. */
const RELATIVE_FEATURES = (['bm25', 'bm25Window', 'dense', 'denseWindow', 'articleBest'] as const).map((name) => SENTENCE_FEATURES.indexOf(name));

/** Divides each relative feature (see RELATIVE_FEATURES) by its maximum over all the rows, in place. */
export function normalizeRelativeFeatures(rows: number[][]): void {
  for (const column of RELATIVE_FEATURES) {
    let max = 0;
    for (const row of rows) max = Math.max(max, row[column]!);
    for (const row of rows) row[column] = max > 0 ? Math.max(0, row[column]!) / max : 0;
  }
}

/**
 * The feature vector (SENTENCE_FEATURES order) of each candidate sentence of one index, with the
 * relative features raw: normalizeRelativeFeatures divides them once every index's candidates are in.
 */
export function candidateFeatures(inputs: CandidateInputs, termsOf: (sentence: number) => number[]): number[][] {
  const { sentences, lexical, query, shape, candidates, windows } = inputs;
  const weighted: WeightedTerm[] = query.terms.filter((t) => t.id !== undefined).map((t) => ({ id: t.id!, idf: t.idf }));
  // Each candidate's and its window's term counts, read once for every feature that needs them.
  const counted = candidates.map((s, i) => ({ own: lexical.counts(s, s), around: lexical.counts(windows[i]!.first, windows[i]!.last) }));
  const bm25 = candidates.map((s, i) => lexical.scoreRange(weighted, s, s, counted[i]!.own));
  const bm25Window = windows.map(({ first, last }, i) => lexical.scoreRange(weighted, first, last, counted[i]!.around));
  const { dense, denseWindow } = inputs;
  const wanted = shape.answerType && shape.answerType !== 'reason' ? ANSWER_TYPE_BITS[shape.answerType] : null;
  const questionTerms = new Set(query.terms.filter((t) => t.id !== undefined).map((t) => t.id!));
  const focusQuery = { terms: query.terms.filter((t) => inputs.focus.has(t.word)) };
  const namesQuery = { terms: query.terms.filter((t) => t.name) };
  // A question about the headline or photo that asks nothing else ("who took the photo of Assange");
  // the more it also asks ("besides the photos, what else …"), the less the furniture answers it.
  const otherTerms = query.terms.filter((t) => !t.name).length;
  const defining = shape.defining ?? [];
  const subjectTerms = query.terms.filter((t) => defining.includes(t.word));
  const subject = { ids: subjectTerms.every((t) => t.id !== undefined) ? subjectTerms.map((t) => t.id!) : [], words: subjectTerms.map((t) => t.word) };
  return candidates.map((s, i) => {
    const { first, last } = windows[i]!;
    const role = sentences.role(s);
    const furniture = role === 'headline' || role === 'heading' || role === 'caption' || role === 'credit' || role === 'byline';
    const metaMatch =
      shape.meta === role || (shape.meta === 'photo' && (role === 'caption' || role === 'credit'));
    const typeMatch = wanted === null ? 0 : inputs.entities.namesOtherThan(s, wanted, questionTerms) ? 1 : -1;
    let typeMatchWindow = typeMatch;
    for (let n = first; n <= last && wanted !== null && typeMatchWindow < 1; n++) if (inputs.entities.namesOtherThan(n, wanted, questionTerms)) typeMatchWindow = 1;
    const { own, around } = counted[i]!;
    return [
      bm25[i]!,
      bm25Window[i]!,
      coverage(query, own),
      coverage(query, around),
      inputs.softCoverage[i] ?? 0,
      inputs.predicate[i] ?? 0,
      inputs.alignment[i] ?? 0,
      dense[i] ?? 0,
      denseWindow[i] ?? 0,
      inputs.dense[i] ?? 0,
      typeMatch,
      metaMatch ? 1 / (1 + otherTerms) : 0,
      furniture && shape.meta === null ? 1 : 0,
      role === 'subtitle' && shape.meta === null ? 1 : 0,
      phraseShare(query, termsOf(s)),
      sentences.position[s] === 0 ? 1 : 0,
      Math.log1p((sentences.end[s]! - sentences.start[s]!) / 100),
      typeMatchWindow,
      coverage(focusQuery, own),
      namesQuery.terms.length === 0 ? 1 : coverage(namesQuery, around),
      // A sentence that refers back to one matching the question: it may be the one that answers.
      first < s && ANAPHORS.has(inputs.firstWord(s)) ? coverage(query, lexical.counts(s - 1, s - 1)) : 0,
      defines(inputs, s, own, subject),
      coverage(query, withSubject(inputs, s, own)),
      // How much of the question the candidate's whole article holds; the same relative to the
      // article that holds most (normalised with the others); and of its names alone.
      inputs.articleCoverage[i]!,
      inputs.articleCoverage[i]!,
      inputs.articleNames[i]!,
      shape.answerType === 'reason' && REASON.test(inputs.sentenceText(s)) ? 1 : 0,
    ];
  });
}
