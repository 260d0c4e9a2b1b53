import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEngine, type Engine } from '../../src/answering/engine.ts';
import { evaluate, parseQuestions } from '../../src/answering/evaluation.ts';
import type { Logger } from '../../src/logger.ts';
import { EMBEDDED_MODEL, EMBEDDED_MODELS_DIR, PROJECT_ROOT } from '../../src/paths.ts';
import { SEED_TEXT, testEngineConfig } from '../helpers.ts';

const quiet: Logger = { info: () => {}, warn: () => {} };
const questions = (name: string) => {
  const file = join(PROJECT_ROOT, 'test', 'fixtures', name);
  return parseQuestions(readFileSync(file, 'utf8'), file);
};

describe('the answering engine with the embedded model', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await openEngine(testEngineConfig({ model: EMBEDDED_MODEL, modelsDir: EMBEDDED_MODELS_DIR }), { log: quiet });
  });

  it('runs hybrid retrieval', () => {
    expect(engine.mode).toBe('hybrid');
    expect(engine.summary()).toMatchObject({ model: EMBEDDED_MODEL, articles: [{ id: 'ecuador-assange', paragraphs: 14 }] });
  });

  it('quotes the sentence naming Lenin Moreno first, highlighted', async () => {
    const answer = await engine.answer('Who is the president of Ecuador?');
    expect(answer.status).toBe('answered');
    const [first] = answer.extracts;
    expect(first!.text.slice(first!.highlight.start, first!.highlight.end)).toContain('Ecuadorian President Lenin Moreno');
    expect(first!.paragraph).toBe(6);
  });

  it('quotes the article byte for byte, at the offsets it cites', async () => {
    for (const question of ['What did Moreno say on Tuesday?', 'What did the new protocols demand about his cat?', 'What is the capital of France?']) {
      const answer = await engine.answer(question, 5);
      expect(answer.extracts.length).toBeGreaterThan(0);
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

  it('says the article does not cover a question about its own people that it cannot answer', async () => {
    const answer = await engine.answer('How old is Julian Assange?');
    expect(answer.status).toBe('not-covered');
    expect(answer.extracts.length).toBeGreaterThan(0);
  });

  it.each([
    ['Asange', 'Assange', 'Where has Asange been residing since 2012?', 'residing since 2012'],
    ['Moreon', 'Moreno', 'What did Moreon say on Tuesday?', 'repeatedly violated the agreement'],
  ])('finds %s as %s and says so', async (word, suggestion, question, gold) => {
    const answer = await engine.answer(question);
    expect(answer.suggestions).toEqual([{ word, suggestion }]);
    expect(answer.status).toBe('answered');
    expect(answer.extracts[0]!.text).toContain(gold);
  });

  it.each([
    ['empty', '', 'empty'],
    ['whitespace', ' \n\t ', 'empty'],
    ['punctuation only', '?!?...', 'empty'],
    ['emoji only', '🙂🔥🙂', 'empty'],
    ['mentions only', '@everyone <@&123> <@456>', 'empty'],
    ['zero-width and right-to-left', '\u200B\u202EWho is the president of Ecuador?\u202C', 'answered'],
    ['markdown and mentions around a question', '@everyone **Who** is the `president` of <@&1> Ecuador?', 'answered'],
    ['10,000 characters', 'Moreno '.repeat(1500), 'answered'],
    ['another language', '¿Quién es el presidente de Ecuador?', 'not-covered'],
    ['stopwords only', 'What is it?', 'not-covered'],
  ])('handles %s', async (_name, question, status) => {
    const answer = await engine.answer(question);
    expect(answer.status).toBe(status);
    expect(() => JSON.parse(JSON.stringify(answer))).not.toThrow();
  });
});

describe('quality floors (npm run eval), so quality cannot silently regress', () => {
  let engine: Engine;
  let lexical: Engine;
  beforeAll(async () => {
    const config = testEngineConfig({ model: EMBEDDED_MODEL, modelsDir: EMBEDDED_MODELS_DIR });
    engine = await openEngine(config, { log: quiet });
    lexical = await openEngine(config, { log: quiet, lexicalOnly: true });
  });

  it('on the development set, hybrid', async () => {
    const report = await evaluate(engine, questions('questions.dev.jsonl'));
    expect(report).toMatchObject({ inScope: 18, outOfScope: 4, wrongAbstentions: 0, abstained: 4, hitAt3: 18 });
    expect(report.hitAt1).toBeGreaterThanOrEqual(17);
  });

  it('on the held-out set, hybrid', async () => {
    const report = await evaluate(engine, questions('questions.heldout.jsonl'));
    expect(report).toMatchObject({ inScope: 20, outOfScope: 6, wrongAbstentions: 0, hitAt3: 20 });
    expect(report.hitAt1).toBeGreaterThanOrEqual(18);
    expect(report.abstained).toBeGreaterThanOrEqual(5);
  });

  it('on the development set, lexical only (no model)', async () => {
    expect(lexical.mode).toBe('lexical');
    const report = await evaluate(lexical, questions('questions.dev.jsonl'));
    expect(report.hitAt1).toBeGreaterThanOrEqual(17);
    expect(report.hitAt3).toBe(18);
    expect(report.abstained).toBe(4);
  });
});
