import { AutoTokenizer, env } from '@xenova/transformers';
import { beforeAll, describe, expect, it } from 'vitest';
import { WordPieceTokenizer, type LibraryTokenizer } from '../../src/embedding/wordpiece.ts';
import { EMBEDDED_MODEL, EMBEDDED_MODELS_DIR } from '../../src/paths.ts';
import { SEED_TEXT } from '../helpers.ts';

type Tokenize = ((texts: string[], options: object) => { input_ids: { data: BigInt64Array } }) & { model_max_length: number };

describe('the fast WordPiece tokenizer', () => {
  let library: Tokenize;
  let fast: WordPieceTokenizer;
  beforeAll(async () => {
    env.localModelPath = EMBEDDED_MODELS_DIR;
    env.allowRemoteModels = false;
    library = (await AutoTokenizer.from_pretrained(EMBEDDED_MODEL)) as unknown as Tokenize;
    fast = WordPieceTokenizer.fromLibrary(library as unknown as LibraryTokenizer)!;
  });

  const libraryIds = (text: string) => [...library([text], { padding: true, truncation: true }).input_ids.data].map(Number);

  it('gives transformers.js’s ids for every line of the seed article', () => {
    for (const line of SEED_TEXT.split('\n').filter(Boolean)) expect(fast.encode(line), line).toEqual(libraryIds(line));
  });

  it.each([
    ['accents', 'Café Ñandú naïve résumé Łódź'],
    ['CJK ideographs', '東京 is in 日本, said 李'],
    ['emoji and symbols', '🙂 Assange 🔥 €5 ±3 ™'],
    ['control and invisible characters', 'a\u0000b\u200bc\u202Ed\uFFFDe\tf\ng'],
    ['punctuation runs', '“hours to days.” — (U.S.) [Hillary] ... !!?'],
    ['a word too long to split', `${'x'.repeat(150)} ok`],
    ['unknown pieces', 'qwrtzpf zzzzzzzzzz xyzzy plugh 1234567'],
    ['more tokens than the model takes', 'word '.repeat(700)],
    ['empty', ''],
    ['whitespace only', ' \n\t '],
  ])('matches on %s', (_name, text) => {
    expect(fast.encode(text)).toEqual(libraryIds(text));
  });

  it('leaves a text holding a special token to the library', () => {
    expect(fast.handles('what is [MASK]?')).toBe(false);
    expect(fast.handles('what is a mask?')).toBe(true);
  });

  it('refuses a tokenizer of another shape', () => {
    expect(WordPieceTokenizer.fromLibrary({ ...(library as unknown as LibraryTokenizer), model: { config: { type: 'BPE' } } })).toBeNull();
    expect(WordPieceTokenizer.fromLibrary({ ...(library as unknown as LibraryTokenizer), normalizer: { config: { type: 'NFC' } } })).toBeNull();
  });
});
