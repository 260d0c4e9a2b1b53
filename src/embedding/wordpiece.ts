/**
 * A fast path for BERT's WordPiece tokenizer (the embedded model's, and most sentence-embedding
 * models'): the same ids as transformers.js 2.x's tokenizer (a test compares them on the corpus
 * and on hostile text), at a fraction of its cost. transformers.js builds arrays of one-character
 * strings for every word of every text and takes most of ingest time; here each distinct word is
 * split once and remembered. Used only for a tokenizer of exactly this shape; any other goes
 * through transformers.js.
 */

/** transformers.js's punctuation class for BERT (Unicode P plus the ASCII symbols). */
const PUNCTUATION = '\\p{P}\\u0021-\\u002F\\u003A-\\u0040\\u005B-\\u0060\\u007B-\\u007E';
const PRE_TOKEN = new RegExp(`[^\\s${PUNCTUATION}]+|[${PUNCTUATION}]`, 'gu');
/** What transformers.js's BertNormalizer drops (its control-character test, as it is written there). */
const DROPPED = /^\p{Cc}|\p{Cf}|\p{Co}|\p{Cs}$/u;
const WHITESPACE = /^\s$/;
const ACCENTS = /[\u0300-\u036f]/g;

/** Words remembered per tokenizer; a corpus has far fewer distinct words than words. */
const MAX_CACHED_WORDS = 500_000;

/** The parts of a transformers.js 2.x tokenizer read here (its configuration, as loaded from tokenizer.json). */
export interface LibraryTokenizer {
  normalizer?: { config?: { type?: string; clean_text?: boolean; handle_chinese_chars?: boolean; strip_accents?: boolean | null; lowercase?: boolean } } | null;
  pre_tokenizer?: { constructor: { name: string } } | null;
  post_processor?: { config?: { type?: string; single?: unknown[] } } | null;
  added_tokens?: { content: string }[];
  model?: { config?: { type?: string; unk_token?: string; continuing_subword_prefix?: string; max_input_chars_per_word?: number }; tokens_to_ids?: Map<string, number> };
  model_max_length?: number;
}

function isChinese(cp: number): boolean {
  return (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0xf900 && cp <= 0xfaff);
}

export class WordPieceTokenizer {
  private readonly cache = new Map<string, number[]>();

  private constructor(
    private readonly vocab: Map<string, number>,
    private readonly unk: number,
    private readonly cls: number,
    private readonly sep: number,
    private readonly prefix: string,
    private readonly maxWordChars: number,
    private readonly maxLength: number,
    private readonly addedTokens: string[],
  ) {}

  /**
   * The fast path for a loaded tokenizer of BERT's shape (lower-casing, accents stripped), sharing
   * its vocabulary; null for any other.
   */
  static fromLibrary(tokenizer: LibraryTokenizer): WordPieceTokenizer | null {
    const normalizer = tokenizer.normalizer?.config;
    const post = tokenizer.post_processor?.config;
    const model = tokenizer.model?.config;
    const vocab = tokenizer.model?.tokens_to_ids;
    const bert =
      normalizer?.type === 'BertNormalizer' &&
      normalizer.clean_text === true &&
      normalizer.handle_chinese_chars === true &&
      normalizer.lowercase === true &&
      normalizer.strip_accents !== false &&
      tokenizer.pre_tokenizer?.constructor.name === 'BertPreTokenizer' &&
      model?.type === 'WordPiece' &&
      post?.type === 'TemplateProcessing' &&
      JSON.stringify(post.single) === JSON.stringify([{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }]);
    if (!bert || !vocab || !tokenizer.model_max_length) return null;
    const id = (token: string | undefined) => (token === undefined ? undefined : vocab.get(token));
    const [unk, cls, sep] = [id(model.unk_token), id('[CLS]'), id('[SEP]')];
    if (unk === undefined || cls === undefined || sep === undefined) return null;
    const added = (tokenizer.added_tokens ?? []).map((token) => token.content);
    return new WordPieceTokenizer(vocab, unk, cls, sep, model.continuing_subword_prefix ?? '##', model.max_input_chars_per_word ?? 100, tokenizer.model_max_length, added);
  }

  /** Whether this fast path gives the library's ids for the text: not when it holds a special token ("[MASK]"). */
  handles(text: string): boolean {
    return !this.addedTokens.some((token) => text.includes(token));
  }

  /** The token ids of a text: [CLS] … [SEP], cut to the model's maximum length as transformers.js cuts it. */
  encode(text: string): number[] {
    const ids = [this.cls];
    for (const word of this.normalize(text).trim().match(PRE_TOKEN) ?? []) {
      for (const id of this.wordIds(word)) ids.push(id);
    }
    ids.push(this.sep);
    if (ids.length > this.maxLength) ids.length = this.maxLength;
    return ids;
  }

  private normalize(text: string): string {
    let out = '';
    for (const char of text) {
      const cp = char.charCodeAt(0);
      if (cp === 0 || cp === 0xfffd || (char !== '\t' && char !== '\n' && char !== '\r' && DROPPED.test(char))) continue;
      out += WHITESPACE.test(char) ? ' ' : isChinese(cp) ? ` ${char} ` : char;
    }
    return out.toLowerCase().normalize('NFD').replace(ACCENTS, '');
  }

  /** Greedy longest-match-first WordPiece, remembered per word. */
  private wordIds(word: string): number[] {
    let ids = this.cache.get(word);
    if (ids) return ids;
    const chars = [...word];
    ids = [];
    if (chars.length > this.maxWordChars) ids = [this.unk];
    else {
      for (let start = 0; start < chars.length; ) {
        let end = chars.length;
        let found: number | undefined;
        while (start < end) {
          const piece = (start > 0 ? this.prefix : '') + chars.slice(start, end).join('');
          found = this.vocab.get(piece);
          if (found !== undefined) break;
          end--;
        }
        if (found === undefined) {
          ids = [this.unk];
          break;
        }
        ids.push(found);
        start = end;
      }
    }
    if (this.cache.size >= MAX_CACHED_WORDS) this.cache.clear();
    this.cache.set(word, ids);
    return ids;
  }
}
