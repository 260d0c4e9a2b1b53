import { pino } from 'pino';
import type { Answer, Extract } from '../../src/answering/answer.ts';
import { AnswerCache } from '../../src/discord/answer-cache.ts';
import { BoundedMap } from '../../src/discord/bounded-map.ts';
import type { ArticleLibrary, BotContext, PlaceSearcher } from '../../src/discord/context.ts';
import { FeedbackLog } from '../../src/discord/feedback.ts';
import { Cooldown, WorkQueue } from '../../src/discord/throttle.ts';
import { temporaryFolder } from '../helpers.ts';

let counter = 0;
/** A fresh id each call, so that builders never collide. */
export const nextId = (): string => String(700000000000000000n + BigInt(++counter));

/** An extract with overridable defaults. */
export function fakeExtract(overrides: Partial<Extract> = {}): Extract {
  const text = overrides.text ?? 'Moreno said on Tuesday.';
  return { articleId: 'article', articleKey: '0123456789abcdef', articleTitle: 'Title', paragraph: 1, start: 0, end: text.length, text, highlight: { start: 0, end: text.length }, score: 1, coverage: 1, ...overrides };
}

/** An answer with overridable defaults. */
export function fakeAnswer(overrides: Partial<Answer> = {}): Answer {
  const question = overrides.question ?? 'Who?';
  return {
    question,
    cleanedQuestion: question,
    status: 'answered',
    confidence: 0.9,
    extracts: [fakeExtract()],
    answering: 1,
    suggestions: [],
    mode: 'hybrid',
    timings: { embeddingMs: 0, searchMs: 0, extractionMs: 0 },
    ...overrides,
  };
}

/** A searcher that answers from a function (by default, the same answer for every question) and records what it was asked. */
export function fakeService(answerFor: (question: string) => Answer | Promise<Answer> = (question) => fakeAnswer({ question })): PlaceSearcher & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    answer: async (question) => {
      asked.push(question);
      return answerFor(question);
    },
    summary: () => ({ articles: [{ id: 'article', key: 'article', title: 'Title', paragraphs: 1, chunks: 1 }], chunks: 1, model: 'fake', indexedAt: null }),
    lookup: () => ({ found: false, closest: [] }),
    suggestTerms: () => [],
    paragraph: () => undefined,
    exampleQuestion: () => 'Who is Lenin Moreno?',
    summarize: () => fakeAnswer({ question: 'summary' }),
  };
}

/** A library that gives every place the same searcher and has no article to pick: what handlers that do not care about places need. */
export function fakeLibrary(service: PlaceSearcher = fakeService()): ArticleLibrary {
  return {
    searcher: () => service,
    articles: () => [],
    addFrom: () => Promise.reject(new Error('the fake library adds nothing: see the end-to-end tests')),
    remove: () => Promise.reject(new Error('the fake library removes nothing: see the end-to-end tests')),
  };
}

/** A bot context whose library gives every place `service`, every part overridable. */
export function fakeContext({ service, ...overrides }: Partial<BotContext> & { service?: PlaceSearcher } = {}): BotContext {
  return {
    library: fakeLibrary(service),
    config: { answerInThreads: false, allowedChannelIds: [] },
    log: pino({ level: 'silent' }),
    cooldown: new Cooldown(0),
    queue: new WorkQueue(),
    answers: new AnswerCache(),
    feedback: new FeedbackLog(`${temporaryFolder()}/feedback.jsonl`),
    followUps: new BoundedMap(100),
    ...overrides,
  };
}
