import { describe, expect, it } from 'vitest';
import { articleQuestion } from '../../src/answering/analysis/article-questions.ts';

describe('articleQuestion: questions about the article as a whole', () => {
  it.each([
    ['tldr', 'summary'],
    ['tl;dr?', 'summary'],
    ['TLDR pls', 'summary'],
    ['can you summarize the article', 'summary'],
    ['summarise this', 'summary'],
    ["what's this about", 'summary'],
    ['whats this article about', 'summary'],
    ['what is the story about?', 'summary'],
    ['gist?', 'summary'],
    ['main point of the article', 'summary'],
    ["what's the main takeaway", 'summary'],
    ['give me a quick summary', 'summary'],
    ['what is this article saying', 'summary'],
    ['what does the article say', 'summary'],
    ["What's the headline of this article?", 'headline'],
    ['whats the headline', 'headline'],
    ['title?', 'headline'],
    ['what is the title of this article', 'headline'],
    ["what's the subheading", 'subtitle'],
    ['whats the standfirst', 'subtitle'],
    ['what does the caption say', 'caption'],
    ['photo caption', 'caption'],
    ["what's in the picture", 'caption'],
    ['who took the photo', 'credit'],
    ['who took the pic?', 'credit'],
    ['photo credit', 'credit'],
    ["who's the photographer", 'credit'],
    ['who wrote this', 'byline'],
    ['who wrote this article?', 'byline'],
    ['who is the author', 'byline'],
    ['whos the author', 'byline'],
    ['author?', 'byline'],
    ['when was it published', 'published'],
    ['when was this article published?', 'published'],
    ['publication date?', 'published'],
    ['how old is this article', 'published'],
    ['when was this written', 'published'],
    ['which site is this from', 'site'],
    ['what newspaper published this', 'site'],
    ['where is this article from', 'site'],
    ['which paper ran this?', 'site'],
    ["what's the source", 'site'],
  ])('“%s” is a %s question', (question, kind) => {
    expect(articleQuestion(question)?.kind).toBe(kind);
  });

  it.each([
    ['what is the assange article about', 'summary', ['assange']],
    ['who wrote the spacex story', 'byline', ['spacex']],
    ['whats the headline of the ecuador piece', 'headline', ['ecuador']],
  ])('keeps the words naming an article: “%s”', (question, kind, rest) => {
    expect(articleQuestion(question)).toEqual({ kind, rest });
  });

  it.each([
    ['how many charges does assange face in the us'],
    ['what is viper'],
    ["who is spacex's coo"],
    ['who wrote the letter to moreno about the embassy rules'],
    ['who is the author of harry potter'],
    ['when was assange arrested'],
    ['where is the embassy'],
    ['what is the source of the leak about the embassy'],
    ['when was it that moreno changed the rules'],
    ['who took the decision to expel him'],
    ['what did the headline writers at the sun say about the trial'],
    ['Who is the president of Ecuador?'],
    ['what does moreno say about the cat'],
  ])('“%s” is about the story, not the article', (question) => {
    expect(articleQuestion(question)).toBeNull();
  });
});
