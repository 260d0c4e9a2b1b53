import { describe, expect, it } from 'vitest';
import { normalizeByMax, rank, reciprocalRankFusion, weightedSum, type Scores } from '../../src/answering/fusion.ts';

const scores = (entries: [number, number][]): Scores => new Map(entries);

describe('reciprocalRankFusion', () => {
  it.each([
    ['one list keeps its order', [scores([[1, 0.9], [2, 0.5]])], [1, 2]],
    ['agreement wins', [scores([[1, 0.9], [2, 0.8]]), scores([[2, 10], [1, 1]]), scores([[2, 3]])], [2, 1]],
    ['an item in both lists beats items in one', [scores([[1, 5], [3, 4]]), scores([[2, 5], [3, 4]])], [3, 1, 2]],
    ['no lists, nothing', [], []],
  ])('%s', (_name, lists, expected) => {
    expect(rank(reciprocalRankFusion(lists as Scores[]))).toEqual(expected);
  });

  it('scores 1/(k + rank)', () => {
    expect(reciprocalRankFusion([scores([[7, 1]])], 60).get(7)).toBeCloseTo(1 / 61);
  });
});

describe('normalizeByMax', () => {
  it.each([
    ['divides by the largest', [[1, 4], [2, 2]], [[1, 1], [2, 0.5]]],
    ['negatives count as zero', [[1, 2], [2, -1]], [[1, 1], [2, 0]]],
    ['all zero stays zero', [[1, 0]], [[1, 0]]],
    ['empty stays empty', [], []],
  ] as [string, [number, number][], [number, number][]][])('%s', (_name, input, expected) => {
    expect([...normalizeByMax(scores(input))]).toEqual(expected);
  });
});

describe('weightedSum', () => {
  it.each([
    ['adds weighted scores', [{ scores: scores([[1, 1], [2, 0.5]]), weight: 0.5 }, { scores: scores([[2, 1]]), weight: 0.5 }], [[1, 0.5], [2, 0.75]]],
    ['a missing item scores 0 in that list', [{ scores: scores([[1, 1]]), weight: 0.2 }, { scores: scores([[2, 1]]), weight: 0.8 }], [[1, 0.2], [2, 0.8]]],
  ] as [string, { scores: Scores; weight: number }[], [number, number][]][])('%s', (_name, lists, expected) => {
    expect([...weightedSum(lists)]).toEqual(expected);
  });
});

describe('rank', () => {
  it('breaks ties by id so results are deterministic', () => {
    expect(rank(scores([[3, 1], [1, 1], [2, 2]]))).toEqual([2, 1, 3]);
  });
});
