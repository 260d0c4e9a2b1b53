import { describe, expect, it } from 'vitest';
import { applySuggestions } from '../../src/answering/lexical/spelling.ts';
import { Analyzer, cleanQuestion, editDistance, MAX_QUESTION_CHARS, words } from '../../src/answering/analysis/text.ts';

describe('cleanQuestion', () => {
  it.each([
    ['plain text stays', 'Who is the president of Ecuador?', 'Who is the president of Ecuador?'],
    ['@everyone and @here go', '@everyone who is Moreno? @here', 'who is Moreno?'],
    ['user, role and channel mentions go', '<@123> <@!456> <@&789> <#42> what about Correa', 'what about Correa'],
    ['custom emoji and timestamps go', '<:wave:123> <a:dance:456> <t:1700000000:R> hello', 'hello'],
    ['zero-width characters go', 'Mo\u200Bre\u200Dno\uFEFF?', 'Moreno?'],
    ['right-to-left overrides go', '\u202Eoneroм\u202C Moreno', 'oneroм Moreno'],
    ['markdown marks go', '**bold** _it_ ~~gone~~ `code` > quote', 'bold it gone code quote'],
    ['code fences go', '```js\nalert(1)\n```', 'js alert(1)'],
    ['spoilers go', '||who is Moreno||', 'who is Moreno'],
    ['links go', 'see https://example.com/x?y=1 about Assange', 'see about Assange'],
    ['whitespace collapses', '  many \n\t spaces  ', 'many spaces'],
    ['emoji only stays emoji', '🙂🙂', '🙂🙂'],
    ['nothing stays nothing', '   ', ''],
  ])('%s', (_name, input, expected) => {
    expect(cleanQuestion(input)).toBe(expected);
  });

  it('cuts a huge question on a word boundary', () => {
    const cleaned = cleanQuestion('word '.repeat(2000));
    expect(cleaned.length).toBeLessThanOrEqual(MAX_QUESTION_CHARS);
    expect(cleaned.endsWith('word')).toBe(true);
  });
});

describe('words and terms', () => {
  it.each([
    ['apostrophes split possessives', 'Assange’s cat', ['assange', 's', 'cat']],
    ['dotted abbreviations are one word', 'the U.S. election', ['the', 'us', 'election']],
    ['digits are words', 'since 2012', ['since', '2012']],
  ])('%s', (_name, text, expected) => {
    expect(words(text)).toEqual(expected);
  });

  it('drops stopwords and stems the rest', () => {
    expect(Analyzer.fromLexicon().termsOf('What did the new protocols demand?')).toEqual(['new', 'protocol', 'demand']);
  });
});

describe('editDistance', () => {
  it.each([
    ['moreno', 'moreno', 0],
    ['asange', 'assange', 1],
    ['moreon', 'moreno', 1],
    ['kitten', 'sitting', 3],
    ['abc', 'abcdef', 3],
  ])('%s → %s = %i', (a, b, distance) => {
    expect(editDistance(a, b, 5)).toBe(distance);
  });

  it('gives up past the maximum', () => {
    expect(editDistance('president', 'resident', 0)).toBe(1);
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
  });
});

describe('applySuggestions', () => {
  it.each([
    ['replaces whole words only', 'Moreon and Moreons', [{ word: 'Moreon', suggestion: 'Moreno' }], 'Moreno and Moreons'],
    ['replaces every occurrence', 'Asange, Asange!', [{ word: 'Asange', suggestion: 'Assange' }], 'Assange, Assange!'],
    ['no suggestions, no change', 'Who is Moreno?', [], 'Who is Moreno?'],
  ])('%s', (_name, question, suggestions, expected) => {
    expect(applySuggestions(question, suggestions)).toBe(expected);
  });
});
