import { describe, expect, it } from 'vitest';
import { scorePage, shingleCounts, summarize, tokenize, type PageScore } from '../../src/sources/shingles.ts';

describe('tokenize', () => {
  it.each([
    ['Hello, world!', ['Hello', 'world']],
    ['snake_case and 42 numbers', ['snake_case', 'and', '42', 'numbers']],
    ['Ünïcödé — café’s naïve', ['Ünïcödé', 'café', 's', 'naïve']],
    ['Case Kept', ['Case', 'Kept']],
    ['日本語のテキスト。次の文', ['日本語のテキスト', '次の文']],
    ['', []],
    ['... — !!!', []],
  ])('%j → %j', (text, tokens) => {
    expect(tokenize(text)).toEqual(tokens);
  });
});

describe('shingleCounts', () => {
  it.each([
    [[], 0, 0],
    [['one'], 1, 1],
    [['one', 'two', 'three'], 1, 1],
    [['a', 'b', 'c', 'd'], 1, 1],
    [['a', 'b', 'c', 'd', 'e'], 2, 2],
    [['a', 'b', 'c', 'd', 'a', 'b', 'c', 'd'], 4, 5],
  ])('%j → %i distinct of %i shingles', (tokens, distinct, total) => {
    const counts = shingleCounts(tokens);
    expect(counts.size).toBe(distinct);
    expect([...counts.values()].reduce((sum, count) => sum + count, 0)).toBe(total);
  });

  it('keeps joined tokens apart ("a b" is not "ab")', () => {
    expect([...shingleCounts(['ab', 'c']).keys()]).not.toEqual([...shingleCounts(['a', 'bc']).keys()]);
  });
});

describe('scorePage', () => {
  const truth = 'one two three four five six';
  it.each<[string, string, string, Partial<PageScore>]>([
    ['identical', truth, truth, { precision: 1, recall: 1, exact: true, truePositive: 1, falsePositive: 0, falseNegative: 0 }],
    ['identical tokens, other punctuation and lines', truth, 'one, two;\nthree — four (five) six.', { precision: 1, recall: 1, exact: true }],
    ['case differs', truth, 'ONE two three four five six', { precision: 2 / 3, recall: 2 / 3, exact: false }],
    ['half extracted', truth, 'one two three four', { precision: 1, recall: 1 / 3, exact: false }],
    ['extra text', truth, `${truth} seven eight`, { precision: 3 / 5, recall: 1, exact: false }],
    ['nothing extracted', truth, '', { precision: 0, recall: 0, exact: false, truePositive: 0, falsePositive: 0, falseNegative: 1 }],
    ['both empty', '', '', { precision: 1, recall: 1, exact: true, truePositive: 0 }],
    ['short texts, same', 'two words', 'two words', { precision: 1, recall: 1, exact: true }],
    ['short texts, different', 'two words', 'two other', { precision: 0, recall: 0, exact: false }],
    ['a repeated shingle counts as often as it occurs', 'a b c d a b c d', 'a b c d', { precision: 1, recall: 1 / 5 }],
  ])('%s', (_name, truthText, extracted, expected) => {
    const score = scorePage(truthText, extracted);
    for (const [key, value] of Object.entries(expected)) {
      if (typeof value === 'number') expect(score[key as keyof PageScore], key).toBeCloseTo(value, 10);
      else expect(score[key as keyof PageScore], key).toBe(value);
    }
  });

  it('normalizes TP, FP and FN to shares of their sum', () => {
    const score = scorePage(truth, `${truth} seven eight`);
    expect(score.truePositive + score.falsePositive + score.falseNegative).toBeCloseTo(1, 12);
    expect(score.truePositive).toBeCloseTo(3 / 5, 12);
  });
});

describe('summarize', () => {
  const page = (precision: number, recall: number, exact = false): PageScore => ({ truePositive: 0, falsePositive: 0, falseNegative: 0, precision, recall, exact });
  it.each([
    [[page(1, 1, true)], { precision: 1, recall: 1, f1: 1, accuracy: 1 }],
    [[page(1, 0.5), page(0.5, 1)], { precision: 0.75, recall: 0.75, f1: 0.75, accuracy: 0 }],
    [[page(0.8, 1, true), page(1, 0.6)], { precision: 0.9, recall: 0.8, f1: (2 * 0.9 * 0.8) / 1.7, accuracy: 0.5 }],
    [[page(0, 0)], { precision: 0, recall: 0, f1: 0, accuracy: 0 }],
    [[], { precision: 0, recall: 0, f1: 0, accuracy: 0 }],
  ])('%#: means over pages, F1 of the means', (pages, expected) => {
    const summary = summarize(pages);
    expect(summary.pages).toBe(pages.length);
    for (const [key, value] of Object.entries(expected)) expect(summary[key as keyof typeof summary], key).toBeCloseTo(value, 12);
  });
});
