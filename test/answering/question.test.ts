import { describe, expect, it } from 'vitest';
import { focusWords, questionShape } from '../../src/answering/analysis/question.ts';

describe('the shape of a question', () => {
  it.each([
    ['who is the president of ecuador', 'person'],
    ['whos the ista president', 'person'],
    ['when was assange arrested', 'date'],
    ['what year did he move in', 'date'],
    ['trump campaign year', 'date'],
    ['where does yersinia pestis live', 'place'],
    ['which city hosts the finals', 'place'],
    ['how many shows are on the tour', 'number'],
    ['how old is michael webb', 'number'],
    ['how big is titan', 'number'],
    ['how far is mars', 'number'],
    ['how likely is a relapse', 'number'],
    ['what percentage of the surface is plains', 'number'],
    ['what share of staff is getting laid off', 'number'],
    ['how long was the trial', 'duration'],
    ['how soon could astronauts hibernate', 'duration'],
    ['why is wework doing layoffs', 'reason'],
    ['so why are the new teachers leaving', 'reason'],
    ['what did the officers say over the radio', null],
    ['is he ok now', null],
  ] as const)('“%s” wants a %s', (question, answerType) => {
    expect(questionShape(question).answerType).toBe(answerType);
  });

  it.each([
    ['whats the headline', 'headline'],
    ['what is the subtitle', 'subtitle'],
    ['who took the photo', 'credit'],
    ['pic caption', 'caption'],
    ['what is in the picture', 'photo'],
    ['who is kevin mayer', null],
  ] as const)('“%s” asks about the %s', (question, meta) => {
    expect(questionShape(question).meta).toBe(meta);
  });

  it.each([
    ['what is viper', ['viper']],
    ['whos kevin mayer', ['kevin', 'mayer']],
    ['what does hp stand for', ['hp']],
    ['define tuft cells', ['tuft', 'cells']],
    ['what is the capital of the country', null],
    ['what does mayer think', null],
  ] as const)('“%s” asks to define %j', (question, defining) => {
    expect(questionShape(question).defining).toEqual(defining);
  });
});

describe('the words a question asks about last', () => {
  it.each([
    ['moreno called him a nuisance, how long till he leaves', ['how', 'long', 'till', 'he', 'leaves']],
    ['who leads ecuador', ['who', 'leads', 'ecuador']],
    ['he was arrested but why', ['why']],
  ])('“%s” → %j', (question, expected) => {
    expect([...focusWords(question)]).toEqual(expected);
  });
});
