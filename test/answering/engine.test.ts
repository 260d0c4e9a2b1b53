import { beforeAll, describe, expect, it } from 'vitest';
import type { Searcher } from '../../src/answering/engine.ts';
import { openEngine, openSearcher } from '../../src/app/open.ts';
import { SENTENCE_FEATURES } from '../../src/answering/ranking/features.ts';
import { MODEL_DEPENDENT_FEATURES, PORTABLE_MODEL_FILE, shippedModel } from '../../src/answering/ranking/model.ts';
import { EMBEDDED_MODEL, EMBEDDED_MODELS_DIR } from '../../src/paths.ts';
import { folderWith, quiet, SEED_TEXT, TEST_MODEL, testEngineConfig, testModelsDir } from '../helpers.ts';

/** The seed article, indexed with the embedded model: every test here only reads it. */
let searcher: Searcher;
beforeAll(async () => {
  searcher = await openSearcher(testEngineConfig({ model: EMBEDDED_MODEL, modelsDir: EMBEDDED_MODELS_DIR }), { log: quiet });
});

describe('the answering engine with the embedded model', () => {
  it('runs hybrid retrieval', () => {
    expect(searcher.mode).toBe('hybrid');
    expect(searcher.summary()).toMatchObject({ model: EMBEDDED_MODEL, articles: [{ id: 'ecuador-assange', paragraphs: 14 }] });
  });

  const firstHighlight = async (question: string) => {
    const answer = await searcher.answer(question);
    const first = answer.extracts[0]!;
    return { answer, first, bold: first.text.slice(first.highlight.start, first.highlight.end) };
  };

  it.each([
    ['Who is the president of Ecuador?', 'Ecuadorian President Lenin Moreno', 6],
    ['Who leads Ecuador?', 'Ecuadorian President Lenin Moreno', 6],
    ['Who took the photo?', 'CREDIT: GETTY / RODRIGO BUENDIA', 2],
    ['whats the headline', 'Ecuador may have finally lost patience with Julian Assange', 0],
    ['photo caption', 'Are Julian Assange\'s days in Ecuador\'s embassy finally numbered?', 2],
  ])('answers “%s” with the sentence holding “%s” in bold', async (question, bold, paragraph) => {
    const { answer, first, bold: highlighted } = await firstHighlight(question);
    expect(['answered', 'hedged']).toContain(answer.status);
    expect(highlighted).toContain(bold);
    expect(first.paragraph).toBe(paragraph);
  });

  it('keeps the photo caption below body text for a question about the story', async () => {
    const { bold } = await firstHighlight('Why did Assange originally go into the embassy?');
    expect(bold).not.toContain('CREDIT');
    expect(bold).not.toContain('finally numbered');
  });

  it.each([
    ['What is the capital of France?'],
    ['Who is the prime minister of Japan?'],
    ['qwrtzpf'],
    ['zzzzzzzzzz'],
    ['xyzzy plugh'],
    ['1234567'],
  ])('says the article does not cover “%s”', async (question) => {
    const answer = await searcher.answer(question);
    expect(answer.status).toBe('not-covered');
  });

  it('never reads "minister" as "ministry", nor "president" as "residing"', async () => {
    const minister = await searcher.answer('Who is the prime minister of Japan?');
    expect(minister.suggestions).toEqual([]);
    const president = await searcher.answer('Since when is the president residing in London?');
    expect(president.suggestions).toEqual([]);
    const typo = await searcher.answer('What did the presdient of Ecuador say?');
    expect(typo.suggestions).toEqual([{ word: 'presdient', suggestion: 'President' }]);
  });

  it('quotes the article byte for byte, at the offsets it cites, without overlaps', async () => {
    for (const question of ['What did Moreno say on Tuesday?', 'What did the new protocols demand about his cat?', 'What is the capital of France?']) {
      const answer = await searcher.answer(question, 5);
      expect(answer.extracts.length).toBeGreaterThan(0);
      expect(answer.answering).toBeGreaterThanOrEqual(1);
      expect(answer.answering).toBeLessThanOrEqual(answer.extracts.length);
      for (const extract of answer.extracts) {
        expect(SEED_TEXT.slice(extract.start, extract.end)).toBe(extract.text);
        expect(extract.highlight.start).toBeGreaterThanOrEqual(0);
        expect(extract.highlight.end).toBeLessThanOrEqual(extract.text.length);
      }
      const spans = answer.extracts.map((e) => [e.start, e.end]);
      for (const [i, [start, end]] of spans.entries()) {
        for (const [otherStart, otherEnd] of spans.slice(i + 1)) expect(start! < otherEnd! && otherStart! < end!).toBe(false);
      }
    }
  });

  it.each([
    ['Asange', 'Assange', 'Where has Asange been residing since 2012?', 'residing since 2012'],
    ['Moreon', 'Moreno', 'What did Moreon say on Tuesday?', 'repeatedly violated the agreement'],
    ['equador', 'Ecuador', 'which city is the equador embassy in', 'embassy in London'],
    // Close enough across languages too: the question is understood, and the quote is English.
    ['presidente', 'President', '¿Quién es el presidente de Ecuador?', 'Ecuadorian President Lenin Moreno'],
  ])('finds %s as %s and says so', async (word, suggestion, question, gold) => {
    const answer = await searcher.answer(question);
    expect(answer.suggestions).toEqual([{ word, suggestion }]);
    expect(['answered', 'hedged']).toContain(answer.status);
    expect(answer.extracts[0]!.text).toContain(gold);
  });

  it('does not correct a real word towards another word ("founded" is not "funded")', async () => {
    const answer = await searcher.answer('when was wikileaks founded');
    expect(answer.suggestions).toEqual([]);
  });

  it.each([
    ['empty', '', 'empty'],
    ['whitespace', ' \n\t ', 'empty'],
    ['punctuation only', '?!?...', 'empty'],
    ['emoji only', '🙂🔥🙂', 'empty'],
    ['mentions only', '@everyone <@&123> <@456>', 'empty'],
    ['a greeting', 'hi', 'small-talk'],
    ['thanks', 'thanks bot', 'small-talk'],
    ['zero-width and right-to-left', '\u200B\u202EWho is the president of Ecuador?\u202C', 'answered'],
    ['markdown and mentions around a question', '@everyone **Who** is the `president` of <@&1> Ecuador?', 'answered'],
    ['stopwords only', 'What is it?', 'not-covered'],
  ])('handles %s', async (_name, question, status) => {
    const answer = await searcher.answer(question);
    expect(answer.status).toBe(status);
    if (status === 'empty' || status === 'small-talk') expect(answer.extracts).toEqual([]);
    else expect(answer.extracts.length).toBeGreaterThan(0);
  });

  it('answers a 10,000-character question as the words it is cut to', async () => {
    const long = await searcher.answer('Moreno '.repeat(1500));
    const short = await searcher.answer('Moreno');
    expect(long.cleanedQuestion.length).toBeLessThanOrEqual(300);
    expect(long.status).toBe(short.status);
    expect(long.extracts.map((extract) => extract.start)).toEqual(short.extracts.map((extract) => extract.start));
  });

  it('answers lexically, without a model, the same way', async () => {
    const lexical = await openSearcher(testEngineConfig({ model: EMBEDDED_MODEL, modelsDir: EMBEDDED_MODELS_DIR }), { log: quiet, lexicalOnly: true });
    expect(lexical.mode).toBe('lexical');
    const { extracts, status } = await lexical.answer('Who is the president of Ecuador?');
    expect(status).not.toBe('not-covered');
    expect(extracts[0]!.text).toContain('Ecuadorian President Lenin Moreno');
    expect((await lexical.answer('qwrtzpf')).status).toBe('not-covered');
  });
});

describe('which article holds what the question asks about', () => {
  it('tells each candidate how much of the question its whole article holds, and how many of its names', async () => {
    const articlesDir = folderWith({
      'quito.txt': 'Quito hosts the summit.\n\nThe president of Ecuador leads the talks on trade.\n',
      'moths.txt': 'A moth leads the swarm at dusk.\n\nMoths rest by day under the bark of trees.\n',
    });
    const twoArticles = await openSearcher(testEngineConfig({ model: EMBEDDED_MODEL, modelsDir: EMBEDDED_MODELS_DIR, articlesDir }), { log: quiet });
    const analysis = await twoArticles.analyze('who leads ecuador');
    const column = (name: (typeof SENTENCE_FEATURES)[number]) => SENTENCE_FEATURES.indexOf(name);
    const aboutMoths = ({ sentence }: { sentence: number }) => /moth/i.test(twoArticles.sentenceText(sentence));
    const quito = analysis.candidates.filter((candidate) => !aboutMoths(candidate));
    const moths = analysis.candidates.filter(aboutMoths);
    expect(quito.length).toBeGreaterThan(0);
    expect(moths.length).toBeGreaterThan(0);
    // "leads" is in both; "Ecuador", the question's name, only in the first.
    for (const { features } of quito) expect([features[column('articleCoverage')], features[column('articleBest')], features[column('articleNames')]]).toEqual([1, 1, 1]);
    for (const { features } of moths) {
      expect(features[column('articleCoverage')]).toBeGreaterThan(0);
      expect(features[column('articleCoverage')]).toBeLessThan(1);
      expect(features[column('articleBest')]).toBe(features[column('articleCoverage')]);
      expect(features[column('articleNames')]).toBe(0);
    }
  });
});

describe('questions about the article as a whole', () => {
  const TITLE = 'Ecuador may have finally lost patience with Julian Assange';

  it.each([['who wrote this'], ['when was it published'], ['which site is this from']])('says plainly that the article does not say: “%s”', async (question) => {
    const answer = await searcher.answer(question);
    expect(answer.status).toBe('not-covered');
    expect(answer.extracts).toEqual([]);
    expect(answer.about).toMatchObject({ title: TITLE, byline: null, published: null, siteName: null });
  });

  it.each([['tldr'], ['what is this article about'], ['can you summarize the article'], ['gist?']])('summarises from the headline, subtitle and lead, in the article’s words: “%s”', async (question) => {
    const answer = await searcher.answer(question);
    expect(answer.status).toBe('answered');
    expect(answer.about?.kind).toBe('summary');
    const texts = answer.extracts.map((extract) => extract.text);
    expect(texts[0]).toBe(TITLE);
    expect(texts[1]).toMatch(/^A series of tweets from Wikileaks/);
    expect(texts.length).toBeGreaterThanOrEqual(4);
    for (const extract of answer.extracts) expect(SEED_TEXT.slice(extract.start, extract.end)).toBe(extract.text);
  });

  it.each([
    ["What's the headline of this article?", TITLE],
    ['what does the caption say', 'Are Julian Assange'],
    ['who took the photo', 'CREDIT: GETTY / RODRIGO BUENDIA'],
  ])('quotes the furniture asked for: “%s”', async (question, expected) => {
    const answer = await searcher.answer(question);
    expect(answer.status).toBe('answered');
    expect(answer.extracts[0]!.text).toContain(expected);
  });

  it('leaves questions about the story to the search, even with a headline word in them', async () => {
    expect((await searcher.answer('How long was Barr’s summary of the Mueller report?')).about).toBeUndefined();
    expect((await searcher.answer('muellers title')).about).toBeUndefined();
  });
});

describe('another embedding model', () => {
  it('answers with the portable variant of the fitted model, saying so once, as the shipped one was fitted on other similarities', async () => {
    const warnings: string[] = [];
    const engine = await openEngine(testEngineConfig({ model: TEST_MODEL, modelsDir: testModelsDir() }), { log: { info: () => {}, warn: (message) => warnings.push(message) } });
    expect(engine.model).toBe(shippedModel(PORTABLE_MODEL_FILE));
    expect(engine.model).toBe(shippedModel(PORTABLE_MODEL_FILE));
    expect(warnings).toEqual([expect.stringMatching(/fitted on sif-glove-100d embeddings; with test-model it uses its portable variant .*npm run train/)]);
    const portable = shippedModel(PORTABLE_MODEL_FILE);
    for (const name of MODEL_DEPENDENT_FEATURES) expect(portable.ranker.weights[portable.ranker.features.indexOf(name)], name).toBe(0);
    expect(portable.embeddingModel).toBeNull();
  });

  it('answers with the shipped model on the embeddings it was fitted on', () => {
    expect(searcher.engine.model).toBe(shippedModel());
    expect(shippedModel().embeddingModel).toBe(EMBEDDED_MODEL);
  });
});
