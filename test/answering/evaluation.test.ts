import { beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answering/answer.ts';
import type { Searcher } from '../../src/answering/engine.ts';
import { containsGold, EVAL_ARTICLES_DIR, FROZEN_SETS, loadQuestionSet, mergeReports, scoreAnswers, SEED_SETS, VISIBLE_SETS, type EvalQuestion } from '../../src/answering/tuning/evaluation.ts';
import { shippedModel } from '../../src/answering/ranking/model.ts';
import { SENTENCE_FEATURES } from '../../src/answering/ranking/features.ts';
import { buildExamples, crossValidate, fitModel, foldOf, leaveOneArticleOut, withoutFeatures, type Example } from '../../src/answering/tuning/training.ts';
import { evalCollection, openSearcher } from '../../src/app/open.ts';
import { loadCorpus } from '../../src/corpus/load.ts';
import { DEFAULT_ARTICLES_DIR, EMBEDDED_MODEL, EMBEDDED_MODELS_DIR } from '../../src/paths.ts';
import { fakeAnswer, fakeExtract } from '../discord/fakes.ts';
import { quiet, testEngineConfig } from '../helpers.ts';

const question = (overrides: Partial<EvalQuestion> = {}): EvalQuestion => ({ id: 'q', question: 'Who?', gold: ['moreno'], outOfScope: false, set: 'test', article: 'seed', ...overrides });
const extract = (text: string, highlight = text) => fakeExtract({ text, highlight: { start: text.indexOf(highlight), end: text.indexOf(highlight) + highlight.length } });

describe('scoreAnswers', () => {
  it.each<[string, EvalQuestion, Answer, Partial<ReturnType<typeof scoreAnswers>>]>([
    ['a hit in bold', question(), fakeAnswer({ extracts: [extract('Lenin Moreno said.')] }), { hitAt1: 1, hitAt3: 1, highlightAt1: 1, mrr: 1 }],
    ['a hit outside the bold sentence', question(), fakeAnswer({ extracts: [extract('Moreno spoke. Then he left.', 'Then he left.')] }), { hitAt1: 1, highlightAt1: 0 }],
    ['a hedged hit still counts', question(), fakeAnswer({ status: 'hedged', extracts: [extract('Moreno.')] }), { hitAt1: 1, wrongRefusals: 0 }],
    ['gold second', question(), fakeAnswer({ extracts: [extract('Correa.'), extract('Moreno.')] }), { hitAt1: 0, hitAt3: 1, mrr: 0.5 }],
    ['a refusal is a miss, whatever it quotes', question(), fakeAnswer({ status: 'not-covered', extracts: [extract('Moreno.')] }), { hitAt1: 0, hitAt3: 0, wrongRefusals: 1 }],
    ['out of scope, refused', question({ outOfScope: true, gold: [] }), fakeAnswer({ status: 'not-covered' }), { outOfScope: 1, refused: 1, inScope: 0, confidentlyAnswered: 0, misses: [] }],
    ['out of scope, hedged: answered', question({ outOfScope: true, gold: [] }), fakeAnswer({ status: 'hedged' }), { outOfScope: 1, refused: 0, confidentlyAnswered: 0, misses: [expect.objectContaining({ id: 'q', problem: expect.stringMatching(/^answered \(hedged\) with/) })] }],
    ['out of scope, answered without a hedge', question({ outOfScope: true, gold: [] }), fakeAnswer({ status: 'answered' }), { outOfScope: 1, refused: 0, confidentlyAnswered: 1, misses: [expect.objectContaining({ id: 'q', problem: expect.stringMatching(/^answered \(answered\) with/) })] }],
  ])('%s', (_name, q, answer, expected) => {
    expect(scoreAnswers([{ question: q, answer }])).toMatchObject(expected);
  });

  it('matches gold whatever the case and quote style', () => {
    expect(containsGold('Moreno said on Tuesday: “Assange has too often…”', ['"assange has too often'])).toBe(true);
    expect(containsGold('Ecuador’s embassy', ["ecuador's embassy"])).toBe(true);
    expect(containsGold('Correa', ['moreno'])).toBe(false);
  });

  it('merges reports, weighting MRR by questions', () => {
    const one = scoreAnswers([{ question: question(), answer: fakeAnswer({ extracts: [extract('Moreno.')] }) }]);
    const three = scoreAnswers(Array.from({ length: 3 }, () => ({ question: question(), answer: fakeAnswer({ extracts: [extract('x'), extract('Moreno.')] }) })));
    expect(mergeReports([one, three])).toMatchObject({ inScope: 4, hitAt1: 1, hitAt3: 4, mrr: (1 + 3 * 0.5) / 4 });
  });
});

describe('the question sets', () => {
  const sets = [...VISIBLE_SETS, ...FROZEN_SETS];
  // The articles as stored: the seed article, and the web articles `npm run add` stored in eval/articles.
  const texts = new Map([...loadCorpus(DEFAULT_ARTICLES_DIR).articles, ...loadCorpus(EVAL_ARTICLES_DIR).articles].map((article) => [article.id, article.text]));

  it.each(sets)('%s: every gold span is copied from its article as stored', (name) => {
    for (const q of loadQuestionSet(name)) {
      const text = texts.get(q.article);
      expect(text, `${q.id}: article ${q.article}`).toBeDefined();
      if (q.outOfScope) expect(q.gold, q.id).toEqual([]);
      else {
        expect(q.gold.length, q.id).toBeGreaterThan(0);
        for (const gold of q.gold) expect(containsGold(text!, [gold]), `${q.id}: ${gold}`).toBe(true);
      }
    }
  });

  it('holds 25 in-scope and 8 out-of-scope questions on each web article, each about that article', () => {
    for (const name of sets.filter((set) => !(SEED_SETS as readonly string[]).includes(set) && set !== 'frozen')) {
      const questions = loadQuestionSet(name);
      expect(questions.every((q) => q.article === name), name).toBe(true);
      expect([questions.filter((q) => !q.outOfScope).length, questions.filter((q) => q.outOfScope).length], name).toEqual([25, 8]);
    }
  });

  it('keeps the frozen sets apart: no question of them appears in a set tuning sees, and no frozen article is asked about there', () => {
    const visible = VISIBLE_SETS.flatMap((name) => loadQuestionSet(name));
    const asked = new Set(visible.map((q) => q.question.toLowerCase()));
    const visibleArticles = new Set(visible.map((q) => q.article));
    for (const name of FROZEN_SETS) {
      for (const q of loadQuestionSet(name)) expect(asked.has(q.question.toLowerCase()), q.question).toBe(false);
      if (name !== 'frozen') expect(visibleArticles.has(name), name).toBe(false);
    }
  });

  it('puts each question in a fixed fold, spread over all folds', () => {
    const questions = VISIBLE_SETS.flatMap((name) => loadQuestionSet(name));
    const folds = questions.map((q) => foldOf(q, 5));
    expect(folds).toEqual(questions.map((q) => foldOf(q, 5)));
    for (let fold = 0; fold < 5; fold++) expect(folds.filter((f) => f === fold).length).toBeGreaterThan(questions.length / 10);
  });
});

describe('the fitted model', () => {
  /** Over the seed article and the web articles of eval/articles, as npm run eval and npm run train answer. */
  let searcher: Searcher;
  let visible: Example[];
  /** Over the seed article alone, for the figures its own question sets have always been held to. */
  let seedAlone: Searcher;
  let seedVisible: Example[];
  beforeAll(async () => {
    const config = testEngineConfig({ model: EMBEDDED_MODEL, modelsDir: EMBEDDED_MODELS_DIR });
    searcher = await openSearcher(config, { log: quiet, also: [evalCollection(config)] });
    visible = await buildExamples(searcher, VISIBLE_SETS.flatMap((name) => loadQuestionSet(name)));
    seedAlone = await openSearcher(config, { log: quiet });
    seedVisible = await buildExamples(seedAlone, SEED_SETS.flatMap((name) => loadQuestionSet(name)));
  });

  it('ships as fitted on the visible sets by this code (npm run train is not forgotten)', () => {
    const fresh = fitModel(visible, 'test');
    const shipped = shippedModel();
    expect(shipped.ranker.features).toEqual(fresh.ranker.features);
    expect(shipped.verdict.features).toEqual(fresh.verdict.features);
    fresh.ranker.weights.forEach((weight, i) => expect(shipped.ranker.weights[i]!, shipped.ranker.features[i]).toBeCloseTo(weight, 3));
    fresh.verdict.weights.forEach((weight, i) => expect(shipped.verdict.weights[i]!, shipped.verdict.features[i]).toBeCloseTo(weight, 3));
    expect(shipped.refuseBelow).toBeCloseTo(fresh.refuseBelow, 3);
    expect(shipped.answerAbove).toBeCloseTo(fresh.answerAbove, 3);
  });

  // Quality floors, a little below the figures of the closing note (the scorer is deterministic):
  // a change that costs answers fails here, on questions the fitted weights did not see.
  it('keeps its figures on articles it was not fitted on: each article’s questions answered by a model fitted on the others’', () => {
    const answers = leaveOneArticleOut(searcher, visible);
    const report = scoreAnswers(visible.map((example, i) => ({ question: example.question, answer: answers[i]! })));
    expect([report.inScope, report.outOfScope]).toEqual([796, 266]);
    expect(report.hitAt1 / report.inScope).toBeGreaterThanOrEqual(0.68);
    expect(report.hitAt3 / report.inScope).toBeGreaterThanOrEqual(0.82);
    expect(report.highlightAt1 / report.inScope).toBeGreaterThanOrEqual(0.62);
    expect(report.wrongRefusals / report.inScope).toBeLessThanOrEqual(0.03);
    expect(report.confidentlyAnswered / report.outOfScope).toBeLessThanOrEqual(0.18);
    // 27 fits on about 770 questions each: some 20 s beside the other test files.
  }, 120_000);

  it('keeps its frozen articles’ figures, answered by the model fitted on all visible questions', async () => {
    const model = fitModel(visible, 'test');
    for (const [name, hitAt1, hitAt3] of [['sky-mourinho-spurs', 12, 16], ['politifact-border-drugs', 12, 14]] as const) {
      const frozen = await buildExamples(searcher, loadQuestionSet(name));
      const report = scoreAnswers(frozen.map((example) => ({ question: example.question, answer: searcher.decide(example.analysis, 3, model) })));
      expect([report.inScope, report.outOfScope], name).toEqual([25, 8]);
      expect(report.hitAt1, name).toBeGreaterThanOrEqual(hitAt1);
      expect(report.hitAt3, name).toBeGreaterThanOrEqual(hitAt3);
      expect(report.wrongRefusals, name).toBeLessThanOrEqual(1);
      expect(report.confidentlyAnswered, name).toBeLessThanOrEqual(2);
    }
  });

  it('keeps its cross-validated figures on the seed article’s questions, the seed article alone searched', () => {
    const answers = crossValidate(seedAlone, seedVisible, 5);
    expect(answers).toHaveLength(seedVisible.length);
    const report = scoreAnswers(seedVisible.map((example, i) => ({ question: example.question, answer: answers[i]! })));
    expect(report.inScope).toBe(196);
    expect(report.hitAt1 / report.inScope).toBeGreaterThanOrEqual(0.82);
    expect(report.hitAt3 / report.inScope).toBeGreaterThanOrEqual(0.94);
    expect(report.highlightAt1 / report.inScope).toBeGreaterThanOrEqual(0.79);
    expect(report.wrongRefusals / report.inScope).toBeLessThanOrEqual(0.04);
    expect(1 - report.refused / report.outOfScope).toBeLessThanOrEqual(0.55);
  });

  it('keeps its figures on the seed article’s frozen split, answered by the model fitted on its visible questions', async () => {
    const model = fitModel(seedVisible, 'test');
    const frozen = await buildExamples(seedAlone, loadQuestionSet('frozen'));
    const report = scoreAnswers(frozen.map((example) => ({ question: example.question, answer: seedAlone.decide(example.analysis, 3, model) })));
    expect([report.inScope, report.outOfScope]).toEqual([30, 14]);
    expect(report.hitAt1).toBeGreaterThanOrEqual(20);
    expect(report.hitAt3).toBeGreaterThanOrEqual(26);
    expect(report.wrongRefusals).toBeLessThanOrEqual(3);
    expect(report.outOfScope - report.refused).toBeLessThanOrEqual(10);
  });

  it('leaves features out for ablation as if the engine had not computed them', () => {
    const without = withoutFeatures(visible.slice(0, 3), ['bm25', 'continues']);
    const bm25 = SENTENCE_FEATURES.indexOf('bm25');
    const continues = SENTENCE_FEATURES.indexOf('continues');
    for (const example of without) for (const { features } of example.analysis.candidates) expect([features[bm25], features[continues]]).toEqual([0, 0]);
    // The original examples are untouched.
    expect(visible.slice(0, 3).some((example) => example.analysis.candidates.some(({ features }) => features[bm25]! > 0))).toBe(true);
  });
});
