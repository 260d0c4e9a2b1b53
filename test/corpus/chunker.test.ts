import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/corpus/articles.ts';
import { chunkCorpus, type ChunkingOptions } from '../../src/corpus/chunker.ts';
import { segmentSentences, sentenceTable } from '../../src/corpus/sentences.ts';
import { SEED_TEXT } from '../helpers.ts';

const sentence = (n: number) => `Sentence number ${n} says something about the embassy.`; // 52 chars

interface Case {
  name: string;
  text: string;
  options: ChunkingOptions;
  /** Expected [paragraphStart, paragraphEnd, text] of every chunk. */
  chunks: [number, number, string][];
}

const cases: Case[] = [
  {
    name: 'an empty file gives no chunks',
    text: '',
    options: { targetChars: 100, overlapChars: 0 },
    chunks: [],
  },
  {
    name: 'a one-sentence article is its own title and only chunk',
    text: 'Assange was expelled.',
    options: { targetChars: 100, overlapChars: 0 },
    chunks: [[1, 1, 'Assange was expelled.']],
  },
  {
    name: 'short consecutive paragraphs (the headline, ¶ 0, too) share a chunk while they fit',
    text: 'Title\n\nFirst one.\n\nSecond one.\n\nThird paragraph is longer than the rest.',
    options: { targetChars: 30, overlapChars: 0 },
    chunks: [
      [0, 2, 'Title\n\nFirst one.\n\nSecond one.'],
      [3, 3, 'Third paragraph is longer than'],
      [3, 3, 'the rest.'],
    ],
  },
  {
    name: 'a paragraph longer than the target splits on sentences, with overlap',
    text: `Title\n\n${[1, 2, 3, 4].map(sentence).join(' ')}`,
    options: { targetChars: 110, overlapChars: 60 },
    chunks: [
      [0, 0, 'Title'],
      [1, 1, `${sentence(1)} ${sentence(2)}`],
      [1, 1, `${sentence(2)} ${sentence(3)}`],
      [1, 1, `${sentence(3)} ${sentence(4)}`],
    ],
  },
  {
    name: 'the same paragraph without overlap',
    text: `Title\n\n${[1, 2, 3, 4].map(sentence).join(' ')}`,
    options: { targetChars: 110, overlapChars: 0 },
    chunks: [
      [0, 0, 'Title'],
      [1, 1, `${sentence(1)} ${sentence(2)}`],
      [1, 1, `${sentence(3)} ${sentence(4)}`],
    ],
  },
  {
    name: 'Windows line endings are read as line feeds, offsets pointing into the article text',
    text: 'Title\r\n\r\nFirst paragraph.\r\n\r\nSecond paragraph.\r\n',
    options: { targetChars: 20, overlapChars: 0 },
    chunks: [
      [0, 0, 'Title'],
      [1, 1, 'First paragraph.'],
      [2, 2, 'Second paragraph.'],
    ],
  },
  {
    name: 'text with no sentence punctuation is cut at word boundaries',
    text: `Title\n\n${'word '.repeat(30).trim()}`,
    options: { targetChars: 52, overlapChars: 0 },
    chunks: [
      [0, 0, 'Title'],
      [1, 1, 'word '.repeat(10).trim()],
      [1, 1, 'word '.repeat(10).trim()],
      [1, 1, 'word '.repeat(10).trim()],
    ],
  },
  {
    name: 'a repeated line (a photo caption printed twice) is dropped and never inside a chunk',
    text: 'Title\n\nCaption here.\nCaption here.\n\nBody text.',
    options: { targetChars: 200, overlapChars: 0 },
    chunks: [
      [0, 1, 'Title\n\nCaption here.'],
      [2, 2, 'Body text.'],
    ],
  },
];

/** Chunks of one article, on the sentence table as ingest builds it. */
function chunkArticle(article: ReturnType<typeof parseArticle>, options: ChunkingOptions) {
  return chunkCorpus([article], sentenceTable([article], options.targetChars), options);
}

describe('chunkArticle', () => {
  it.each(cases)('$name', ({ text, options, chunks }) => {
    const article = parseArticle('a', 'a.txt', text);
    const result = chunkArticle(article, options);
    expect(result.map((chunk) => [chunk.paragraphStart, chunk.paragraphEnd, chunk.text])).toEqual(chunks);
    for (const chunk of result) {
      expect(chunk.text).toBe(article.text.slice(chunk.start, chunk.end));
      expect(chunk.id).toBe(`a#${chunk.index}`);
    }
  });

  it('keeps every chunk of the seed article within the target and byte-identical to the source', () => {
    const article = parseArticle('seed', 'seed.txt', SEED_TEXT);
    const chunks = chunkArticle(article, { targetChars: 500, overlapChars: 100 });
    expect(chunks.length).toBeGreaterThan(10);
    for (const chunk of chunks) {
      expect(chunk.text.length).toBeLessThanOrEqual(500);
      expect(SEED_TEXT.slice(chunk.start, chunk.end)).toBe(chunk.text);
    }
    // Curly quotes stay curly.
    expect(chunks.some((chunk) => chunk.text.includes('“hours to days.”'))).toBe(true);
  });
});

describe('segmentSentences', () => {
  it.each([
    ['two sentences', 'One here. Two here.', ['One here.', 'Two here.']],
    ['a hard-wrapped sentence stays whole', 'One sentence\nwrapped over lines. Next.', ['One sentence\nwrapped over lines.', 'Next.']],
    ['closing quotes stay with their sentence', 'He said “hours to days.” Then left.', ['He said “hours to days.”', 'Then left.']],
    ['a question and an exclamation', 'Why? Because!', ['Why?', 'Because!']],
  ])('%s', (_name, text, expected) => {
    expect(segmentSentences(text, 0, text.length).map((span) => text.slice(span.start, span.end))).toEqual(expected);
  });

  /** Deterministic text of tricky sentence shapes, each far shorter than the window. */
  function trickyText(count: number, seed: number): string {
    const pieces = [
      'U.S. officials said so.', 'Mr. Smith left at 3 p.m. on Tuesday.', 'He said “hours to days.” ', 'Why?! ', 'It rose 3.5 per cent...',
      'e.g. this one, etc. and more.', 'No. 5 was (quietly) dropped.) ', '1. 2. 3. ', '--- *** ', '“Quote.” “Another!” ', 'word\nwrapped line.',
      '中文句子。另一个句子。', 'Ecuador 🇪🇨 won. ', '  spaced   out.  ', 'i.e. lower case after.', 'A.B.C. D.E.F. ', '?? ', '\u2029', 'end',
    ];
    let state = seed;
    const next = () => (state = (state * 1_103_515_245 + 12_345) % 2_147_483_648);
    return Array.from({ length: count }, () => pieces[next() % pieces.length]).join(next() % 3 === 0 ? '' : ' ');
  }

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('finds in windows the sentences it finds in the whole paragraph (text %i)', (seed) => {
    const text = trickyText(400, seed);
    const whole = segmentSentences(text, 0, text.length, 500, Infinity);
    for (const window of [300, 512, 2048]) expect(segmentSentences(text, 0, text.length, 500, window)).toEqual(whole);
  });

  it('finds in windows the sentences of the seed article read as one paragraph', () => {
    const whole = segmentSentences(SEED_TEXT, 0, SEED_TEXT.length, 500, Infinity);
    for (const window of [700, 1024]) expect(segmentSentences(SEED_TEXT, 0, SEED_TEXT.length, 500, window)).toEqual(whole);
  });

  it('cuts a window with no sentence end as an over-long sentence, keeping every word', () => {
    const text = `${'word '.repeat(2000)}End here. Next one.`;
    const spans = segmentSentences(text, 0, text.length, 500, 512);
    expect(spans.map((span) => text.slice(span.start, span.end)).join(' ')).toBe(text.trim());
    for (const span of spans) expect(span.end - span.start).toBeLessThanOrEqual(500);
    expect(text.slice(spans.at(-1)!.start, spans.at(-1)!.end)).toBe('Next one.');
  });

  it('never cuts an emoji in half when it must cut hard', () => {
    const text = '😀'.repeat(10);
    const pieces = segmentSentences(text, 0, text.length, 5).map((span) => text.slice(span.start, span.end));
    expect(pieces.join('')).toBe(text);
    for (const piece of pieces) expect(piece).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
  });
});
