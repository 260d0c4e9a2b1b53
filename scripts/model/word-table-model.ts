import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import onnxProto from 'onnx-proto';
import { sha256Hex } from '../../src/hash.ts';

const { onnx } = onnxProto;

/**
 * A word-table model: each token's vector is one row of a table, and transformers.js's own
 * feature-extraction pipeline (mean pooling + normalize) turns a text into the normalized sum of
 * its tokens' rows. With rows pre-scaled by a word weight this is a weighted bag of words (SIF).
 * The folder is a BERT look-alike that the real pipeline loads like any hub model:
 * config.json, tokenizer.json (WordPiece), tokenizer_config.json, onnx/model_quantized.onnx.
 */
export interface WordTable {
  /** Vocabulary in id order, without the special tokens (the writer adds those first). */
  tokens: string[];
  dimensions: number;
  /** tokens.length × dimensions, row-major; each row already carries its word's weight. */
  rows: Float32Array;
}

const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

/** Special tokens get a tiny constant row: an empty text must still give a finite unit vector. */
const SPECIAL_ROW_VALUE = 1e-4;

/** Writes the model folder (with a SHA256SUMS of its files) atomically: a temporary folder renamed into place at the end. */
export function writeWordTableModel(folder: string, table: WordTable, readme: string): void {
  const vocabulary = [...SPECIAL_TOKENS, ...table.tokens];
  if (new Set(vocabulary).size !== vocabulary.length) throw new Error('word table has duplicate tokens');
  if (table.rows.length !== table.tokens.length * table.dimensions) throw new Error('word table rows do not match its tokens');
  const temporary = `${folder}.tmp-${process.pid}`;
  rmSync(temporary, { recursive: true, force: true });
  mkdirSync(join(temporary, 'onnx'), { recursive: true });
  try {
    writeJson(join(temporary, 'config.json'), {
      architectures: ['BertModel'],
      model_type: 'bert',
      hidden_size: table.dimensions,
      vocab_size: vocabulary.length,
      max_position_embeddings: 512,
    });
    writeJson(join(temporary, 'tokenizer.json'), tokenizerJson(vocabulary));
    writeJson(join(temporary, 'tokenizer_config.json'), {
      tokenizer_class: 'BertTokenizer',
      do_lower_case: true,
      model_max_length: 512,
      cls_token: '[CLS]',
      sep_token: '[SEP]',
      pad_token: '[PAD]',
      unk_token: '[UNK]',
      mask_token: '[MASK]',
    });
    writeFileSync(join(temporary, 'onnx', 'model_quantized.onnx'), onnxModel(table));
    writeFileSync(join(temporary, 'README.md'), readme);
    writeFileSync(join(temporary, 'SHA256SUMS'), checksums(temporary, MODEL_FILES));
    mkdirSync(dirname(folder), { recursive: true });
    rmSync(folder, { recursive: true, force: true });
    renameSync(temporary, folder);
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    throw error;
  }
}

const MODEL_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx'];

/** Lines in `sha256sum` format, so `sha256sum -c SHA256SUMS` checks the folder. */
function checksums(folder: string, names: string[]): string {
  return names.map((name) => `${sha256Hex(readFileSync(join(folder, name)))}  ${name}\n`).join('');
}

function writeJson(file: string, value: unknown): void {
  writeFileSync(file, `${JSON.stringify(value)}\n`);
}

function tokenizerJson(vocabulary: readonly string[]): unknown {
  const idOf = (token: string) => vocabulary.indexOf(token);
  const special = (token: string) => ({ SpecialToken: { id: token, type_id: 0 } });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((content) => ({
      id: idOf(content),
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [special('[CLS]'), { Sequence: { id: 'A', type_id: 0 } }, special('[SEP]')],
      pair: [special('[CLS]'), { Sequence: { id: 'A', type_id: 0 } }, special('[SEP]'), { Sequence: { id: 'B', type_id: 1 } }, special('[SEP]')],
      special_tokens: Object.fromEntries(
        ['[CLS]', '[SEP]'].map((token) => [token, { id: token, ids: [idOf(token)], tokens: [token] }]),
      ),
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocabulary.map((token, id) => [token, id])),
    },
  };
}

/**
 * Gather(uint8 table, input_ids) → DequantizeLinear → × Gather(row scale, input_ids) × attention_mask.
 * Each row is quantized against its own largest value (kept in the row scale, together with the
 * word's weight), so frequent low-weight words keep their precision.
 */
function onnxModel(table: WordTable): Uint8Array {
  const { dimensions } = table;
  const rowCount = SPECIAL_TOKENS.length + table.tokens.length;
  const quantized = new Uint8Array(rowCount * dimensions);
  const rowScale = new Float32Array(rowCount);
  for (let row = 0; row < rowCount; row++) {
    const offset = row * dimensions;
    if (row < SPECIAL_TOKENS.length) {
      quantized.fill(128 + 127, offset, offset + dimensions);
      rowScale[row] = SPECIAL_ROW_VALUE;
      continue;
    }
    const source = table.rows.subarray((row - SPECIAL_TOKENS.length) * dimensions, (row - SPECIAL_TOKENS.length + 1) * dimensions);
    let largest = 0;
    for (const value of source) largest = Math.max(largest, Math.abs(value));
    rowScale[row] = largest;
    for (let d = 0; d < dimensions; d++) {
      quantized[offset + d] = largest === 0 ? 128 : 128 + Math.round((source[d]! / largest) * 127);
    }
  }
  const { DataType } = onnx.TensorProto;
  const tensor = (name: string, dataType: number, dims: number[], bytes: Uint8Array) =>
    onnx.TensorProto.create({ name, dataType, dims, rawData: bytes });
  const floats = (values: number[] | Float32Array) => new Uint8Array(Float32Array.from(values).buffer);
  const int64s = (values: number[]) => new Uint8Array(BigInt64Array.from(values.map(BigInt)).buffer);
  const input = (name: string) =>
    onnx.ValueInfoProto.create({
      name,
      type: { tensorType: { elemType: DataType.INT64, shape: { dim: [{ dimParam: 'batch' }, { dimParam: 'sequence' }] } } },
    });
  const node = (opType: string, inputs: string[], output: string) => onnx.NodeProto.create({ opType, input: inputs, output: [output], name: output });
  const graph = onnx.GraphProto.create({
    name: 'word_table',
    input: [input('input_ids'), input('attention_mask'), input('token_type_ids')],
    output: [
      onnx.ValueInfoProto.create({
        name: 'last_hidden_state',
        type: {
          tensorType: {
            elemType: DataType.FLOAT,
            shape: { dim: [{ dimParam: 'batch' }, { dimParam: 'sequence' }, { dimValue: dimensions }] },
          },
        },
      }),
    ],
    initializer: [
      tensor('table', DataType.UINT8, [rowCount, dimensions], quantized),
      tensor('table_scale', DataType.FLOAT, [], floats([1 / 127])),
      tensor('table_zero_point', DataType.UINT8, [], new Uint8Array([128])),
      tensor('row_scale', DataType.FLOAT, [rowCount], floats(rowScale)),
      tensor('last_axis', DataType.INT64, [1], int64s([-1])),
    ],
    node: [
      node('Gather', ['table', 'input_ids'], 'token_codes'),
      node('DequantizeLinear', ['token_codes', 'table_scale', 'table_zero_point'], 'token_unit_rows'),
      node('Gather', ['row_scale', 'input_ids'], 'token_scales'),
      onnx.NodeProto.create({ opType: 'Cast', input: ['attention_mask'], output: ['mask'], name: 'mask', attribute: [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: DataType.FLOAT }] }),
      node('Mul', ['token_scales', 'mask'], 'token_weights'),
      node('Unsqueeze', ['token_weights', 'last_axis'], 'token_weights_3d'),
      node('Mul', ['token_unit_rows', 'token_weights_3d'], 'last_hidden_state'),
    ],
  });
  const model = onnx.ModelProto.create({
    irVersion: 7,
    producerName: 'article-quote-bot',
    opsetImport: [{ domain: '', version: 13 }],
    graph,
  });
  return onnx.ModelProto.encode(model).finish();
}
